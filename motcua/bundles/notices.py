"""The one notice a bundle sends its applicant (registered with `dossiers.notifications.register_renderer`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.workdays.calendar import VN_TZ


def render_bundle_submitted(row) -> tuple[str, str]:
    """Subject and text: the bundle code, each agency's part with its dossier code, the total due date."""
    bundle = row.dossier.bundle_part.bundle
    subject = _("Bundle %(code)s: submitted") % {"code": bundle.code}
    lines = [subject, bundle.definition.name]
    for part in bundle.parts.select_related("component", "unit", "dossier").order_by("component__order"):
        lines.append(
            _("- %(part)s: %(unit)s, dossier %(code)s")
            % {"part": part.component.title, "unit": part.unit.name, "code": part.dossier.code}
        )
    lines.append(_("Due: %(due)s") % {"due": bundle.due_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")})
    return subject, "\n".join(lines)
