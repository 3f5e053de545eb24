"""The dossiers behind an indicator (issue 15 item 4: "each indicator lists the dossiers behind it").

One rule, one place: every indicator whose figure is a count of dossiers is written here once as a population
(the denominator's dossiers, an annotated queryset) and a predicate (`Q`) for the numerator. `indicators.py`
counts them (`Count(filter=Q)` over the same population) and `dossier_ids` lists them with the same `Q`, so
`len(dossier_ids(..., part="numerator")) == IndicatorValue.numerator` by construction — and the tests check it.

Indicators that are not computed from dossier rows here list the dossiers from the rule that computes them:
* `on_time_rate` (the decree's 2.1) — the period report's rollup figures, listed by `drilldown.dossier_ids_behind`
  (resolved early + resolved on time / resolved);
* `portal_on_time_rate` (766 2.1, the portal's rule) — the per-dossier verdicts of `portal766.portal_on_time`.

Not drillable: 3.6 (`payment766`, a composite of procedures and dossiers), 1.3 (procedures, not dossiers), the
feedback (PAKN) indicators and the satisfaction rate (ratings), the average processing time (not a share).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.catalog.choices import OnlineLevel
from motcua.catalog.models import ProcedureResult
from motcua.datastore.selectors import reused_q
from motcua.dossiers.choices import RESOLVED, Channel, DocumentKind, DossierStatus, PaymentMethod
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.esign.models import SignedResult
from motcua.integrations.dancu.selectors import population_data_q
from motcua.sync.choices import DeliveryStatus, EndpointKind
from motcua.sync.models import Delivery
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants
from motcua.workdays.calendar import VN_TZ

NUMERATOR, DENOMINATOR = "numerator", "denominator"
PARTS = (NUMERATOR, DENOMINATOR)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)


def has_e_result() -> Exists:
    """An electronic result: a result document with a national e-result code (`MaKetQua`; ND 45/2020 art 25)."""
    return Exists(
        DossierDocument.objects.filter(dossier=OuterRef("pk"), kind=DocumentKind.RESULT).exclude(result_code="")
    )


def paper_result_required() -> Exists:
    """766 indicators 3.3 and 4.1 ("TTHC requiring a paper result", legal-details.md §3.3): a procedure whose
    catalogue result carries a national result code (a result the law issues as a document)."""
    return Exists(ProcedureResult.objects.filter(procedure_id=OuterRef("procedure_id")).exclude(code=""))


def resolved_dossiers(*, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Dossiers received by the unit's subtree and resolved (result ready, refused after appraisal, delivered) in
    [start, end] (Vietnamese days), with the facts the resolved-dossier indicators test."""
    docs = DossierDocument.objects.filter(dossier=OuterRef("pk"))
    return Dossier.objects.filter(
        receiving_unit_id__in=unit_descendants(unit, include_self=True).values("pk"),
        finished_at__gte=_midnight(start),
        finished_at__lt=_midnight(end + dt.timedelta(days=1)),
        status__in=[*RESOLVED, DossierStatus.DELIVERED],
    ).annotate(
        has_digitised=Exists(docs.filter(kind=DocumentKind.COMPONENT, digitised=True)),
        has_result_file=Exists(docs.filter(kind=DocumentKind.RESULT).exclude(file="")),
        has_e_result=has_e_result(),
        has_signed=Exists(SignedResult.objects.filter(dossier=OuterRef("pk"))),
        paper_result=paper_result_required(),
    )


def portal_synced() -> Q:
    """766 indicator 1.4: at least one delivery to a national-portal endpoint delivered and none dead."""
    portal = Delivery.objects.filter(dossier_id_copy=OuterRef("pk"), endpoint__kind=EndpointKind.NATIONAL_PORTAL)
    return Q(Exists(portal.filter(status=DeliveryStatus.DELIVERED))) & ~Q(
        Exists(portal.filter(status=DeliveryStatus.DEAD))
    )


def received_dossiers(*, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Dossiers received by the unit's subtree in [start, end] (Vietnamese days)."""
    return Dossier.objects.filter(
        receiving_unit_id__in=unit_descendants(unit, include_self=True).values("pk"),
        received_at__gte=_midnight(start),
        received_at__lt=_midnight(end + dt.timedelta(days=1)),
    )


# The portal's 3.3: an online dossier of a full-online procedure counts only with an e-result where the
# procedure requires a paper result (legal-details.md §3.3 row 3.3).
FULL_ONLINE_COUNTED = Q(procedure__online_level=OnlineLevel.FULL, channel=Channel.ONLINE) & (
    Q(paper_result=False) | Q(has_e_result=True)
)


@dataclass(frozen=True)
class DossierRule:
    """An indicator that is a share of dossiers: `population` gives the annotated dossiers, `denominator` and
    `numerator` the predicates over them."""

    population: str  # "resolved" or "received"
    numerator: Q
    denominator: Q = field(default_factory=Q)


def _received_annotated(*, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    return received_dossiers(unit=unit, start=start, end=end).annotate(
        has_e_result=has_e_result(), paper_result=paper_result_required()
    )


POPULATIONS = {"resolved": resolved_dossiers, "received": _received_annotated}

RULES: dict[str, DossierRule] = {
    "digitisation_rate": DossierRule("resolved", Q(has_digitised=True, has_result_file=True)),
    "e_result_rate": DossierRule("resolved", Q(has_e_result=True)),
    "e_result_paper_rate": DossierRule("resolved", Q(paper_result=True, has_e_result=True), Q(paper_result=True)),
    "online_payment_rate": DossierRule(
        "resolved", Q(fee_amount__gt=0, payment_method=PaymentMethod.ONLINE), Q(fee_amount__gt=0)
    ),
    "portal_sync_rate": DossierRule("received", portal_synced()),
    "full_online_portal_rate": DossierRule(
        "received", FULL_ONLINE_COUNTED, Q(procedure__online_level=OnlineLevel.FULL)
    ),
    "reuse_rate": DossierRule("received", reused_q()),
    "population_data_rate": DossierRule("received", population_data_q()),
}
# Drillable through another module's rule (see the module docstring).
OTHER_DRILLABLE = ("on_time_rate", "portal_on_time_rate")
DRILLABLE = frozenset({*RULES, *OTHER_DRILLABLE})


def population(ident: str, *, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    return POPULATIONS[RULES[ident].population](unit=unit, start=start, end=end)


def dossier_ids(
    ident: str, part: str, *, unit: Unit, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> list[int]:
    """Ids of the dossiers in the numerator or denominator of indicator `ident` for the unit's subtree and
    [start, end], produced by the rule that computes the figure."""
    if part not in PARTS:
        raise ValueError(part)
    if ident in RULES:
        rule = RULES[ident]
        condition = rule.numerator & rule.denominator if part == NUMERATOR else rule.denominator
        return sorted(population(ident, unit=unit, start=start, end=end).filter(condition).values_list("pk", flat=True))
    if ident == "on_time_rate":
        from .drilldown import dossier_ids_behind

        figures = ("resolved_early", "resolved_on_time") if part == NUMERATOR else ("resolved",)
        ids: set[int] = set()
        for figure in figures:
            ids.update(dossier_ids_behind(unit=unit, start=start, end=end, figure=figure, now=now))
        return sorted(ids)
    if ident == "portal_on_time_rate":
        from .portal766 import portal_on_time

        timings = portal_on_time(unit=unit, start=start, end=end, now=now).timings
        return sorted(t.dossier_id for t in timings if part == DENOMINATOR or t.on_time)
    raise KeyError(ident)
