"""What changed between two versions of a procedure (issue 16: the procedure page and the admin show it).

A ministry republishes a procedure by a new decision (see `services`: a new version); a dossier keeps the version
it was received under (ND 61/2018 art. 19), so an officer and a citizen need to see what the new version changed.
Each section compares the rows as a citizen reads them: rows only in the old version are "removed", rows only in
the new one "added", in published order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .choices import Channel, LimitChannel, OnlineLevel, TimeUnit
from .models import Procedure


@dataclass
class Change:
    label: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def previous_version(procedure: Procedure) -> Procedure | None:
    """The version this one replaced (highest lower version number), or None for the first."""
    return (
        Procedure.objects.filter(code=procedure.code, version__lt=procedure.version)
        .order_by("-version")
        .prefetch_related("time_limits", "fees", "documents", "results", "legal_basis")
        .first()
    )


def procedure_changes(*, old: Procedure, new: Procedure) -> list[Change]:
    """The sections that differ between `old` and `new`, each with its removed and added rows."""
    changes = []
    for label, rows in _SECTIONS:
        before, after = rows(old), rows(new)
        removed = [row for row in before if row not in after]
        added = [row for row in after if row not in before]
        if removed or added:
            changes.append(Change(label=str(label), removed=removed, added=added))
    return changes


def _number(value) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def _money(amount) -> str:
    return f"{int(Decimal(amount)):,}".replace(",", ".") + " đ"


def _channel(code: str) -> str:
    return str(_("All channels")) if code == LimitChannel.ALL else str(Channel(code).label)


def _limits(proc: Procedure) -> list[str]:
    return [
        f"{_channel(t.channel)}: {_number(t.value)} {TimeUnit(t.unit).label if t.unit in TimeUnit.values else t.unit}"
        for t in proc.time_limits.all()
    ]


def _fees(proc: Procedure) -> list[str]:
    out = []
    for f in proc.fees.all():
        amount = _money(f.amount) if f.amount else (str(_("Free")) if f.amount == 0 else str(_("See note")))
        out.append(f"{_channel(f.channel)}: {amount}" + (f" ({f.text})" if f.text else ""))
    return out


def _documents(proc: Procedure) -> list[str]:
    out = []
    for d in proc.documents.all():
        counts = str(_("%(originals)s originals, %(copies)s copies") % {"originals": d.originals, "copies": d.copies})
        forms = f" — {'; '.join(d.forms)}" if d.form else ""
        out.append(f"{d.name} ({counts}){forms}")
    return out


_SECTIONS = (
    (_("Procedure name"), lambda p: [p.name]),
    (_("Publishing decision"), lambda p: [p.decision_number] if p.decision_number else []),
    (_("Time limit"), _limits),
    (_("Fees"), _fees),
    (_("Documents to prepare"), _documents),
    (_("Result"), lambda p: [f"{r.name} ({r.code})" if r.code else r.name for r in p.results.all()]),
    (_("Legal basis"), lambda p: [f"{b.number} {b.title}".strip() for b in p.legal_basis.all()]),
    (_("Ways to submit"), lambda p: [str(Channel(c).label) for c in p.channels]),
    (
        _("Online service"),
        lambda p: [str(OnlineLevel(p.online_level).label)] if p.online_level in OnlineLevel.values else [],
    ),
    (_("Implementing agency"), lambda p: [p.implementing_agency] if p.implementing_agency else []),
)
