"""Service indicators (issue 6): each with a definition citing its source, computed for a unit subtree and a
period. Figures of the flow (received, resolved, on time) come from the rollups through `period_report`; the
online full-process share from the daily rollups joined to the procedure; digitisation, e-results, online
payment and processing time are read from the dossiers resolved in the period (not rolled up yet: one
aggregate query). Reuse of digitised data, satisfaction and feedback have no data in the system yet (no reuse
flag, no ratings, no feedback model): their value is None with the reason, never a made-up number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.choices import RESOLVED, Channel, DocumentKind, DossierStatus, PaymentMethod
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants
from motcua.workdays.calendar import VN_TZ

from .models import DailyRollup
from .selectors import period_report


@dataclass(frozen=True)
class IndicatorDefinition:
    id: str
    name: str
    formula: str
    source: str
    inputs: tuple[str, ...]
    unit: str = "%"
    higher_is_better: bool = True

    def as_dict(self) -> dict:
        return {**asdict(self), "name": str(self.name), "formula": str(self.formula)}


@dataclass
class IndicatorValue:
    id: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    inputs: dict = field(default_factory=dict)
    no_data_reason: str = ""

    @property
    def sample(self) -> int:
        return int(self.denominator or 0)

    def as_dict(self) -> dict:
        return {**asdict(self), "no_data_reason": str(self.no_data_reason)}


NO_RATINGS = _("No citizen ratings are recorded yet (ratings are not part of the system yet).")
NO_FEEDBACK = _("No feedback (PAKN) is recorded yet (the feedback module is not part of the system yet).")
NO_REUSE = _("Dossiers do not record which components were taken from digitised data yet.")
NOTHING = _("No dossiers in the period for this figure.")

DEFINITIONS: tuple[IndicatorDefinition, ...] = (
    IndicatorDefinition(
        "on_time_rate",
        _("On-time rate"),
        _("(resolved early + resolved on time) / resolved in the period"),
        "QĐ 766/QĐ-TTg indicator 2.1; ND 61/2018/NĐ-CP art 30; TT 01/2018/TT-VPCP art 13 index 1",
        ("resolved_early", "resolved_on_time", "resolved"),
    ),
    IndicatorDefinition(
        "online_rate",
        _("Online filing rate"),
        _("dossiers received online / dossiers received in the period"),
        "QĐ 766/QĐ-TTg indicator 3.3; ND 42/2022/NĐ-CP art 11",
        ("received_online", "received"),
    ),
    IndicatorDefinition(
        "full_online_rate",
        _("Full-process online share"),
        _(
            "dossiers received online for procedures offered as full online services / dossiers received for those"
            " procedures"
        ),
        "QĐ 766/QĐ-TTg indicator 3.3 (portal: hồ sơ DVCTT toàn trình); ND 42/2022/NĐ-CP art 11",
        ("received_online_full", "received_full"),
    ),
    IndicatorDefinition(
        "digitisation_rate",
        _("Digitisation rate"),
        _("resolved dossiers with a digitised component and a result file / dossiers resolved in the period"),
        "QĐ 766/QĐ-TTg indicator 4.2; TT 01/2023/TT-VPCP; ND 107/2021/NĐ-CP",
        ("digitised", "resolved"),
    ),
    IndicatorDefinition(
        "e_result_rate",
        _("E-result rate"),
        _("resolved dossiers with an electronic result (result file with an e-result code) / dossiers resolved"),
        "QĐ 766/QĐ-TTg indicator 4.1; ND 45/2020/NĐ-CP",
        ("e_results", "resolved"),
    ),
    IndicatorDefinition(
        "reuse_rate",
        _("Reuse rate"),
        _("dossiers with a component taken from digitised data / dossiers received in the period"),
        "QĐ 766/QĐ-TTg indicator 4.3; TT 01/2023/TT-VPCP art 24",
        ("reused", "received"),
    ),
    IndicatorDefinition(
        "online_payment_rate",
        _("Online payment rate"),
        _("resolved dossiers with a fee paid online / resolved dossiers with a fee to pay"),
        "QĐ 766/QĐ-TTg indicator 3.6",
        ("paid_online", "with_fee"),
    ),
    IndicatorDefinition(
        "average_processing_days",
        _("Average processing time"),
        _("Σ (finished − received) in calendar days / dossiers resolved in the period"),
        "QĐ 766/QĐ-TTg indicator 2.2",
        ("processing_days", "resolved"),
        unit="days",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        "satisfaction_rate",
        _("Satisfaction rate"),
        _("100% − (late rate + share of dossiers with feedback or a dislike)"),
        "QĐ 766/QĐ-TTg indicator 5.4; ND 61/2018/NĐ-CP art 29–31",
        ("late", "resolved", "rated_unsatisfied"),
    ),
    IndicatorDefinition(
        "feedback_on_time_rate",
        _("Feedback handled on time"),
        _("feedback (PAKN) handled within its time limit / feedback due in the period"),
        "QĐ 766/QĐ-TTg indicator 5.2",
        ("feedback_on_time", "feedback"),
    ),
)
INDICATORS: dict[str, IndicatorDefinition] = {d.id: d for d in DEFINITIONS}


def indicator_definitions() -> list[IndicatorDefinition]:
    return list(DEFINITIONS)


def _rate(ident: str, numerator: float, denominator: float, inputs: dict) -> IndicatorValue:
    if not denominator:
        return IndicatorValue(ident, None, numerator, denominator, inputs, NOTHING)
    return IndicatorValue(ident, round(numerator / denominator, 4), numerator, denominator, inputs)


def _vn_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)


def resolved_dossier_facts(*, unit: Unit, start: dt.date, end: dt.date) -> dict[str, int | float]:
    """Facts of the dossiers received by the unit's subtree and resolved in the period (one query)."""
    units = unit_descendants(unit, include_self=True).values("pk")
    resolved = Dossier.objects.filter(
        receiving_unit_id__in=units,
        finished_at__gte=_vn_midnight(start),
        finished_at__lt=_vn_midnight(end + dt.timedelta(days=1)),
        status__in=[*RESOLVED, DossierStatus.DELIVERED],
    )
    docs = DossierDocument.objects.filter(dossier=OuterRef("pk"))
    facts = resolved.annotate(
        has_digitised=Exists(docs.filter(kind=DocumentKind.COMPONENT, digitised=True)),
        has_result_file=Exists(docs.filter(kind=DocumentKind.RESULT).exclude(file="")),
        has_e_result=Exists(docs.filter(kind=DocumentKind.RESULT).exclude(result_code="")),
    ).aggregate(
        resolved=Count("pk"),
        digitised=Count("pk", filter=Q(has_digitised=True, has_result_file=True)),
        e_results=Count("pk", filter=Q(has_e_result=True)),
        with_fee=Count("pk", filter=Q(fee_amount__gt=0)),
        paid_online=Count("pk", filter=Q(fee_amount__gt=0, payment_method=PaymentMethod.ONLINE)),
    )
    seconds, timed = 0.0, 0
    for received, finished in resolved.exclude(received_at=None).values_list("received_at", "finished_at"):
        seconds += (finished - received).total_seconds()
        timed += 1
    facts["processing_days"] = round(seconds / 86400, 2)
    facts["timed"] = timed
    return facts


def indicator_values(*, unit: Unit, start: dt.date, end: dt.date) -> dict[str, IndicatorValue]:
    """Every indicator of `DEFINITIONS` for `unit` (its whole subtree) over [start, end] (Vietnamese days)."""
    figures = period_report(unit=unit, start=start, end=end)
    received = figures.received["total"]
    resolved = figures.resolved["total"]
    on_time = figures.resolved["early"] + figures.resolved["on_time"]
    full = DailyRollup.objects.filter(
        unit_id__in=unit_descendants(unit, include_self=True).values("pk"),
        day__gte=start,
        day__lte=end,
        procedure__online_level=OnlineLevel.FULL,
    ).aggregate(
        total=Coalesce(Sum("received"), 0),
        online=Coalesce(Sum("received", filter=Q(channel=Channel.ONLINE)), 0),
    )
    facts = resolved_dossier_facts(unit=unit, start=start, end=end)
    values = {
        "on_time_rate": _rate(
            "on_time_rate",
            on_time,
            resolved,
            {
                "resolved_early": figures.resolved["early"],
                "resolved_on_time": figures.resolved["on_time"],
                "resolved": resolved,
            },
        ),
        "online_rate": _rate(
            "online_rate",
            figures.received["online"],
            received,
            {"received_online": figures.received["online"], "received": received},
        ),
        "full_online_rate": _rate(
            "full_online_rate",
            full["online"],
            full["total"],
            {"received_online_full": full["online"], "received_full": full["total"]},
        ),
        "digitisation_rate": _rate(
            "digitisation_rate",
            facts["digitised"],
            facts["resolved"],
            {"digitised": facts["digitised"], "resolved": facts["resolved"]},
        ),
        "e_result_rate": _rate(
            "e_result_rate",
            facts["e_results"],
            facts["resolved"],
            {"e_results": facts["e_results"], "resolved": facts["resolved"]},
        ),
        "reuse_rate": IndicatorValue("reuse_rate", None, None, received, {"received": received}, NO_REUSE),
        "online_payment_rate": _rate(
            "online_payment_rate",
            facts["paid_online"],
            facts["with_fee"],
            {"paid_online": facts["paid_online"], "with_fee": facts["with_fee"]},
        ),
        "satisfaction_rate": IndicatorValue("satisfaction_rate", None, None, None, {}, NO_RATINGS),
        "feedback_on_time_rate": IndicatorValue("feedback_on_time_rate", None, None, None, {}, NO_FEEDBACK),
    }
    if facts["timed"]:
        values["average_processing_days"] = IndicatorValue(
            "average_processing_days",
            round(facts["processing_days"] / facts["timed"], 2),
            facts["processing_days"],
            facts["timed"],
            {"processing_days": facts["processing_days"], "resolved": facts["timed"]},
        )
    else:
        values["average_processing_days"] = IndicatorValue("average_processing_days", None, 0, 0, {}, NOTHING)
    return values
