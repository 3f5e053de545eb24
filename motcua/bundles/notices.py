"""What a bundle tells its applicant: one notice per bundle instead of one per component dossier.

The components are ordinary dossiers, so every action on them queues the applicant's notices in the outbox
(`dossiers.notifications.notify_enqueue`, an in-transaction subscriber of `dossiers.events`). For a component
dossier, `bundle_notice_fold` (subscribed right after it, `apps.BundlesConfig.ready`) withholds the component's own
notice and speaks for the bundle through the same outbox (`notifications.notice_enqueue`):

* application: one notice for the whole bundle (`render_bundle_submitted`, queued by `services.bundle_apply`);
  each agency's later reception of its part is withheld (the application notice already named every part's
  dossier code and the total appointment, which reception does not move);
* a supplement request from one agency, or one agency's part refused, rejected or stopped while others still work:
  one bundle notice naming the bundle, the agency and what it asks for (`render_bundle_update`) — the applicant
  must act, so it goes at once (ND 61/2018 art 17 and art 9: the applicant is told of a supplement or a refusal);
* a part's result while other parts still work: withheld; when the last part finishes, one result notice for the
  bundle listing every part's outcome (`render_bundle_result`), queued once (`Bundle.result_notified_at`, under the
  bundle's row lock, so two agencies finishing at the same moment cannot both miss it or both send it).

Other notices of a component (payment requests, extensions, delivery, moved due dates) stay the component's own.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import notifications
from motcua.dossiers.choices import Action, Channel, DossierStatus
from motcua.workdays.calendar import VN_TZ

from .models import Bundle, BundlePart

S = DossierStatus
UPDATE_TEMPLATE = "bundle_update"
RESULT_TEMPLATE = "bundle_result"
FINISHED = frozenset({S.RESULT_READY, S.DELIVERED, S.REFUSED, S.REJECTED, S.STOPPED})


def _folded(event) -> bool:
    """The component events the bundle speaks for: an agency's reception of its part, supplement requests and a
    part's first finishing transition."""
    if event.action in (Action.RECEIVE, Action.REQUEST_SUPPLEMENT):
        return True
    return event.to_status in FINISHED and event.from_status not in FINISHED


def bundle_notice_fold(*, dossier, event) -> None:
    """`dossiers.events` subscriber (in the event's transaction, after `dossiers.notifications`): see the module
    docstring. Costs nothing for other events and one query for a folded event of a dossier outside bundles."""
    if not _folded(event):
        return
    part = BundlePart.objects.filter(dossier_id=dossier.pk).only("bundle_id").first()
    if part is None:
        return
    bundle = Bundle.objects.select_for_update().get(pk=part.bundle_id)
    notifications.notices_withhold(dossier=dossier, event=event, reason=f"bundle {bundle.code}")
    if event.action == Action.RECEIVE:
        return  # the application notice already gave every part's dossier code and the one total appointment
    if event.action == Action.REQUEST_SUPPLEMENT:
        notifications.notice_enqueue(dossier=dossier, event=event, template=UPDATE_TEMPLATE)
        return
    statuses = list(BundlePart.objects.filter(bundle=bundle).values_list("dossier__status", flat=True))
    if all(status in FINISHED for status in statuses):
        if bundle.result_notified_at is None:
            bundle.result_notified_at = timezone.now()
            bundle.save(update_fields=["result_notified_at"])
            notifications.notice_enqueue(dossier=dossier, event=event, template=RESULT_TEMPLATE)
    elif event.to_status != S.RESULT_READY:
        notifications.notice_enqueue(dossier=dossier, event=event, template=UPDATE_TEMPLATE)


def _due(value) -> str:
    return value.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def render_bundle_submitted(row) -> tuple[str, str]:
    """Subject and text: the bundle code, each agency's part with its dossier code, the total due date."""
    bundle = row.dossier.bundle_part.bundle
    if bundle.channel == Channel.COUNTER:
        subject = _("Bundle %(code)s: received at the counter") % {"code": bundle.code}
    else:
        subject = _("Bundle %(code)s: submitted") % {"code": bundle.code}
    lines = [subject, bundle.definition.name]
    for part in bundle.parts.select_related("component", "unit", "dossier").order_by("component__order"):
        lines.append(
            _("- %(part)s: %(unit)s, dossier %(code)s")
            % {"part": part.component.title, "unit": part.unit.name, "code": part.dossier.code}
        )
    lines.append(_("Due: %(due)s") % {"due": _due(bundle.due_at)})
    return subject, "\n".join(lines)


def render_bundle_update(row) -> tuple[str, str]:
    """One agency's supplement request (or refusal, rejection, stop) in the bundle's name: the bundle code, the
    agency, the part, the reason and the items asked for, the component dossier's code."""
    part = row.dossier.bundle_part
    bundle, event = part.bundle, row.event
    values = {"code": bundle.code, "unit": part.unit.name, "part": part.component.title}
    if event.action == Action.REQUEST_SUPPLEMENT:
        subject = _("Bundle %(code)s: %(unit)s asks for a supplement to the part “%(part)s”") % values
    else:
        subject = _("Bundle %(code)s: the part “%(part)s” at %(unit)s: %(status)s") % (
            values | {"status": row.dossier.get_status_display()}
        )
    lines = [subject]
    if event.reason:
        lines.append(event.reason)
    lines.extend(f"- {item}" for item in event.data.get("items") or [])
    lines.append(_("Dossier of this part: %(code)s") % {"code": row.dossier.code})
    return subject, "\n".join(lines)


def render_bundle_result(row) -> tuple[str, str]:
    """The bundle's one result notice, when its last part finished: every part's outcome."""
    bundle = row.dossier.bundle_part.bundle
    parts = list(bundle.parts.select_related("component", "unit", "dossier").order_by("component__order"))
    if all(p.dossier.status in (S.RESULT_READY, S.DELIVERED) for p in parts):
        subject = _("Bundle %(code)s: all results are ready") % {"code": bundle.code}
    else:
        subject = _("Bundle %(code)s: every agency has finished") % {"code": bundle.code}
    lines = [subject, bundle.definition.name]
    for part in parts:
        lines.append(
            _("- %(part)s: %(status)s (%(unit)s, dossier %(code)s)")
            % {
                "part": part.component.title,
                "status": part.dossier.get_status_display(),
                "unit": part.unit.name,
                "code": part.dossier.code,
            }
        )
    return subject, "\n".join(lines)
