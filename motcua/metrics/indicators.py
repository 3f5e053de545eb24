"""Service indicators (issue 6): each with a definition citing its source, computed for a unit subtree and a
period. Figures of the flow (received, resolved, on time) come from the rollups through `period_report`; the
online full-process share from the daily rollups joined to the procedure; digitisation, e-results, online
payment and processing time are read from the dossiers resolved in the period (not rolled up yet: one
aggregate query). Reuse comes from the personal data store (`datastore.selectors.reuse_rate`), ratings from
`feedback.selectors.satisfaction_rate`, PAKN from `feedback.selectors.pakn`, the national-portal sync from the
sync deliveries. A value is None with the reason when nothing is recorded or the denominator is 0, never a
made-up number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.catalog.choices import OnlineLevel
from motcua.certify import selectors as certify_selectors
from motcua.datastore import selectors as datastore_selectors
from motcua.dossiers.choices import Channel
from motcua.feedback import selectors as rating_selectors
from motcua.feedback.selectors import pakn
from motcua.integrations.dancu import selectors as dancu_selectors
from motcua.sync.choices import EndpointKind
from motcua.sync.models import SyncEndpoint
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants
from motcua.workdays.calendar import VN_TZ

from . import basis
from .models import DailyRollup
from .selectors import PeriodFigures, period_report

if TYPE_CHECKING:
    from motcua.feedback.selectors import Rate as RatingRate


class Rate(Protocol):
    """A `Rate(numerator, denominator)` of another app's selector (datastore, feedback, certify, dân cư)."""

    @property
    def numerator(self) -> int: ...

    @property
    def denominator(self) -> int: ...


@dataclass(frozen=True)
class IndicatorDefinition:
    id: str
    name: StrOrPromise  # translated lazily
    formula: StrOrPromise
    source: str
    inputs: tuple[str, ...]
    unit: str = "%"
    higher_is_better: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "name": str(self.name), "formula": str(self.formula)}


@dataclass
class IndicatorValue:
    id: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    inputs: Mapping[str, float | None] = field(default_factory=dict)
    no_data_reason: StrOrPromise = ""

    @property
    def sample(self) -> int:
        return int(self.denominator or 0)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "no_data_reason": str(self.no_data_reason)}


NO_RATINGS = _("No citizen ratings in the period.")
NO_FEEDBACK = _("No feedback (PAKN) received in the period.")
NO_PORTAL = _("No national public service portal endpoint is configured for synchronisation.")
NOTHING = _("No dossiers in the period for this figure.")
NO_COMMUNE = _("No commune in this unit for this figure.")
NO_CATALOGUE = _("No procedures of this level in the catalogue.")
ON_766_PAGE = _("Computed on the Decision 766 page and on this indicator's own page.")

DEFINITIONS: tuple[IndicatorDefinition, ...] = (
    IndicatorDefinition(
        "on_time_rate",
        _("On-time rate"),
        _("(resolved early + resolved on time) / resolved in the period"),
        "QĐ 766/QĐ-TTg chỉ số 2.1; NĐ 61/2018/NĐ-CP Điều 30; TT 01/2018/TT-VPCP Điều 13 chỉ số 1",
        ("resolved_early", "resolved_on_time", "resolved"),
    ),
    IndicatorDefinition(
        "public_content_full_rate",
        _("Procedures published with every component"),
        _(
            "procedures of the unit's level whose published content has name, steps, channels, dossier components,"
            " time limit, applicants and implementing agency / procedures published (catalogue on the last day)"
        ),
        "QĐ 766/QĐ-TTg chỉ số 1.3; NĐ 63/2010/NĐ-CP Điều 8 khoản 2",
        ("complete", "published"),
    ),
    IndicatorDefinition(
        "online_payment_portal_score",
        _("Online payment score as the national portal computes it"),
        _(
            "(6 × A + min(2, 2.5 × B) + 2.5 × C) / 10, A = dossiers paid online / resolved dossiers with a fee,"
            " B = fee-bearing procedures with a dossier paid online / fee-bearing procedures, C = fee-bearing"
            " procedures with a dossier received / fee-bearing procedures"
        ),
        "QĐ 766/QĐ-TTg chỉ số 3.6, cách chấm của Cổng Dịch vụ công quốc gia",
        ("paid_online", "with_fee", "procedures_paid_online", "procedures_with_dossiers", "fee_procedures"),
    ),
    IndicatorDefinition(
        "e_result_paper_rate",
        _("E-results of procedures with a paper result"),
        _(
            "resolved dossiers with an electronic result among those of procedures whose catalogue entry has a"
            " result with a national result code / resolved dossiers of those procedures"
        ),
        "QĐ 766/QĐ-TTg chỉ số 4.1, cách tính của Cổng Dịch vụ công quốc gia (mẫu số: hồ sơ của TTHC có kết quả giấy)",
        ("e_results_paper", "resolved_paper"),
    ),
    IndicatorDefinition(
        "portal_on_time_rate",
        _("On-time rate as the national portal computes it"),
        _(
            "dossiers closed on or before the appointment date (supplement waiting time subtracted, more than one"
            " supplement request = late) plus dossiers open and within time at the end of the period / dossiers"
            " closed in the period or open at its end"
        ),
        "QĐ 766/QĐ-TTg chỉ số 2.1, cách tính của Cổng Dịch vụ công quốc gia (Mô tả công thức tính chỉ số 766)",
        ("on_time", "dossiers", "late_supplements", "late_past_due", "differ_from_legal"),
    ),
    IndicatorDefinition(
        "online_rate",
        _("Online filing rate"),
        _("dossiers received online / dossiers received in the period"),
        "QĐ 766/QĐ-TTg chỉ số 3.3; NĐ 42/2022/NĐ-CP Điều 11",
        ("received_online", "received"),
    ),
    IndicatorDefinition(
        "full_online_rate",
        _("Full-process online share"),
        _(
            "dossiers received online for procedures offered as full online services / dossiers received for those"
            " procedures"
        ),
        "QĐ 766/QĐ-TTg chỉ số 3.3 (Cổng DVC quốc gia: hồ sơ DVCTT toàn trình); NĐ 42/2022/NĐ-CP Điều 11",
        ("received_online_full", "received_full"),
    ),
    IndicatorDefinition(
        "full_online_portal_rate",
        _("Full-process online share as the national portal computes it"),
        _(
            "(dossiers received online for full-online procedures, counted only with an electronic result where the"
            " procedure requires a paper result) / dossiers received for full-online procedures × the national"
            " portal sync rate"
        ),
        "QĐ 766/QĐ-TTg chỉ số 3.3, cách tính của Cổng Dịch vụ công quốc gia (nhân với tỷ lệ đồng bộ chỉ số 1.4)",
        ("full_online_counted", "received_full", "sync_rate"),
    ),
    IndicatorDefinition(
        "digitisation_rate",
        _("Digitisation rate"),
        _("resolved dossiers with a digitised component and a result file / dossiers resolved in the period"),
        "QĐ 766/QĐ-TTg chỉ số 4.2; TT 01/2023/TT-VPCP; NĐ 107/2021/NĐ-CP",
        ("digitised", "resolved"),
    ),
    IndicatorDefinition(
        "e_result_rate",
        _("E-result rate"),
        _(
            "resolved dossiers with an electronic result (result file with an e-result code, signed or uploaded) /"
            " dossiers resolved"
        ),
        "QĐ 766/QĐ-TTg chỉ số 4.1; NĐ 45/2020/NĐ-CP",
        ("e_results", "signed_e_results", "resolved"),
    ),
    IndicatorDefinition(
        "reuse_rate",
        _("Reuse rate"),
        _(
            "dossiers received in the period with a component taken from the personal data store / dossiers"
            " received in the period"
        ),
        "QĐ 766/QĐ-TTg chỉ số 4.3 và 4.4; TT 01/2023/TT-VPCP Điều 24",
        ("reused", "received"),
    ),
    IndicatorDefinition(
        "population_data_rate",
        _("Population data use rate"),
        _(
            "dossiers received in the period whose applicant was found in the population database or signed in with"
            " an assured national identity account / dossiers received in the period"
        ),
        "QĐ 766/QĐ-TTg chỉ số 4.5; NĐ 13/2023/NĐ-CP Điều 11 (sự đồng ý của chủ thể dữ liệu)",
        ("population_data", "received"),
    ),
    IndicatorDefinition(
        "certified_copy_rate",
        _("Electronic certified copy rate"),
        _("communes where an electronic copy was certified from the original in the period / communes"),
        "QĐ 766/QĐ-TTg chỉ số 4.6; NĐ 23/2015/NĐ-CP; NĐ 45/2020/NĐ-CP",
        ("communes_certifying", "communes"),
    ),
    IndicatorDefinition(
        "online_payment_rate",
        _("Online payment rate"),
        _("resolved dossiers with a fee paid online / resolved dossiers with a fee to pay"),
        "QĐ 766/QĐ-TTg chỉ số 3.6",
        ("paid_online", "with_fee"),
    ),
    IndicatorDefinition(
        "average_processing_days",
        _("Average processing time"),
        _("Σ (finished − received) in calendar days / dossiers resolved in the period"),
        "QĐ 766/QĐ-TTg chỉ số 2.2",
        ("processing_days", "resolved"),
        unit="days",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        "satisfaction_rate",
        _("Satisfaction rate"),
        _(
            "100% − (late rate + share of ratings not satisfied); late rate = resolved late / resolved, ratings of"
            " the period (satisfied = the two top answers overall)"
        ),
        "QĐ 766/QĐ-TTg chỉ số 5.4; NĐ 61/2018/NĐ-CP Điều 29–31",
        ("late", "resolved", "ratings", "ratings_satisfied"),
    ),
    IndicatorDefinition(
        "feedback_classified_rate",
        _("Feedback classified"),
        _("feedback (PAKN) received in the period and classified / feedback received in the period"),
        "QĐ 766/QĐ-TTg chỉ số 5.1",
        ("feedback_classified", "feedback"),
    ),
    IndicatorDefinition(
        "feedback_on_time_rate",
        _("Feedback handled on time"),
        _(
            "feedback (PAKN) received in the period and handled within every time limit (open ones judged at the"
            " end of the period) / feedback received in the period"
        ),
        "QĐ 766/QĐ-TTg chỉ số 5.2",
        ("feedback_on_time", "feedback"),
    ),
    IndicatorDefinition(
        "feedback_satisfaction_rate",
        _("Satisfaction with feedback handling"),
        _(
            "(feedback − more dislikes than likes − handled late − followed up by the sender) / feedback first"
            " received in the period"
        ),
        "QĐ 766/QĐ-TTg chỉ số 5.3",
        ("feedback_satisfied", "feedback"),
    ),
    IndicatorDefinition(
        "portal_sync_rate",
        _("Dossiers synchronised with the national portal"),
        _(
            "dossiers received in the period with their status delivered to the national public service portal"
            " (no dead letter) / dossiers received in the period"
        ),
        "QĐ 766/QĐ-TTg chỉ số 1.4",
        ("synced", "received"),
    ),
)
INDICATORS: dict[str, IndicatorDefinition] = {d.id: d for d in DEFINITIONS}

# What each input of a formula is called on a page (the keys stay the code's names).
INPUT_LABELS = {
    "resolved": _("resolved"),
    "resolved_early": _("resolved early"),
    "resolved_on_time": _("resolved on time"),
    "late": _("resolved late"),
    "received": _("received"),
    "received_online": _("received online"),
    "received_full": _("received for full-online procedures"),
    "received_online_full": _("received online for full-online procedures"),
    "digitised": _("digitised"),
    "e_results": _("e-results"),
    "signed_e_results": _("signed e-results"),
    "reused": _("with reused documents"),
    "paid_online": _("paid online"),
    "with_fee": _("with a fee"),
    "processing_days": _("processing days"),
    "ratings": _("ratings"),
    "ratings_satisfied": _("satisfied ratings"),
    "feedback": _("feedback received"),
    "feedback_classified": _("feedback classified"),
    "feedback_on_time": _("feedback handled on time"),
    "feedback_satisfied": _("feedback satisfactorily handled"),
    "synced": _("synchronised"),
    "complete": _("procedures with complete public content"),
    "published": _("procedures published"),
    "procedures_paid_online": _("fee-bearing procedures with a dossier paid online"),
    "procedures_with_dossiers": _("fee-bearing procedures with a dossier received"),
    "fee_procedures": _("fee-bearing procedures"),
    "e_results_paper": _("e-results of procedures with a paper result"),
    "resolved_paper": _("resolved dossiers of procedures with a paper result"),
    "on_time": _("on time by the portal's rule"),
    "dossiers": _("dossiers counted"),
    "late_supplements": _("late: more than one supplement request"),
    "late_past_due": _("late: open past the due date at the end of the period"),
    "differ_from_legal": _("dossiers judged differently from the decree's rule"),
    "population_data": _("using population data"),
    "full_online_counted": _("online dossiers of full-online procedures counted by the portal"),
    "sync_rate": _("national portal sync rate"),
    "communes_certifying": _("communes certifying electronic copies"),
    "communes": _("communes"),
}


def indicator_definitions() -> list[IndicatorDefinition]:
    return list(DEFINITIONS)


def _rate(ident: str, numerator: float, denominator: float, inputs: Mapping[str, float | None]) -> IndicatorValue:
    if not denominator:
        return IndicatorValue(ident, None, numerator, denominator, inputs, NOTHING)
    return IndicatorValue(ident, round(numerator / denominator, 4), numerator, denominator, inputs)


def _vn_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)


def _from_rate(ident: str, rate: Rate, names: tuple[str, str], reason: StrOrPromise) -> IndicatorValue:
    """An indicator from another app's `Rate(numerator, denominator)` selector."""
    inputs = dict(zip(names, (rate.numerator, rate.denominator), strict=True))
    if not rate.denominator:
        return IndicatorValue(ident, None, rate.numerator, rate.denominator, inputs, reason)
    return _rate(ident, rate.numerator, rate.denominator, inputs)


def _satisfaction(figures: PeriodFigures, ratings: RatingRate) -> IndicatorValue:
    """766 indicator 5.4: 100 % − (late rate + share of ratings not satisfied), never below 0. The portal's
    "dossiers with feedback or a dislike" is read as the ratings not answering satisfied (the two top answers
    overall; `feedback.selectors.satisfaction_rate`); a period with nothing resolved has no late rate (0)."""
    resolved, late = figures.resolved["total"], figures.resolved["late"]
    inputs = {
        "late": late,
        "resolved": resolved,
        "ratings": ratings.denominator,
        "ratings_satisfied": ratings.numerator,
    }
    if not ratings.denominator:
        return IndicatorValue("satisfaction_rate", None, None, 0, inputs, NO_RATINGS)
    late_rate = late / resolved if resolved else 0.0
    unsatisfied = (ratings.denominator - ratings.numerator) / ratings.denominator
    value = round(max(0.0, 1 - late_rate - unsatisfied), 4)
    return IndicatorValue("satisfaction_rate", value, value * ratings.denominator, ratings.denominator, inputs)


def portal_sync_rate(*, unit: Unit, start: dt.date, end: dt.date) -> IndicatorValue:
    """766 indicator 1.4: dossiers received in [start, end] (Vietnamese days) with at least one delivery to a
    national-portal endpoint delivered and none dead / dossiers received (`basis.RULES`). No value without such
    an endpoint."""
    inputs = {"synced": 0, "received": 0}
    if not SyncEndpoint.objects.filter(kind=EndpointKind.NATIONAL_PORTAL).exists():
        return IndicatorValue("portal_sync_rate", None, None, None, inputs, NO_PORTAL)
    synced, received = _rule_counts("portal_sync_rate", unit=unit, start=start, end=end)
    return _rate("portal_sync_rate", synced, received, {"synced": synced, "received": received})


def _rule_counts(ident: str, *, unit: Unit, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(numerator, denominator) of a dossier-share indicator, counted with the predicates that list its dossiers
    (`basis.dossier_ids`)."""
    rule = basis.RULES[ident]
    row = basis.population(ident, unit=unit, start=start, end=end).aggregate(
        numerator=Count("pk", filter=rule.numerator & rule.denominator),
        denominator=Count("pk", filter=rule.denominator),
    )
    return row["numerator"], row["denominator"]


def full_online_portal_rate(*, unit: Unit, start: dt.date, end: dt.date, sync: IndicatorValue) -> IndicatorValue:
    """766 indicator 3.3 as the national portal computes it (legal-details.md §3.3 row 3.3; onestop-rules.md §10):
    (online dossiers of full-online procedures, counted only with an e-result where the procedure requires a paper
    result) / dossiers received for full-online procedures, × the sync rate (indicator 1.4: the portal counts only
    the dossiers it received). Full points at ≥ 50 % (`index766.yaml`). Reading: a dossier of a paper-result
    procedure still being processed has no e-result yet, so it counts once its e-result is issued; without a
    national-portal endpoint there is no sync rate and so no value."""
    counted, eligible = _rule_counts("full_online_portal_rate", unit=unit, start=start, end=end)
    inputs: dict[str, float] = {"full_online_counted": counted, "received_full": eligible}
    if sync.value is None:  # no sync rate: the reason says why (no national-portal endpoint, nothing received)
        return IndicatorValue(
            "full_online_portal_rate", None, counted, eligible, inputs, sync.no_data_reason or NOTHING
        )
    inputs["sync_rate"] = sync.value
    if not eligible:
        return IndicatorValue("full_online_portal_rate", None, counted, eligible, inputs, NOTHING)
    return IndicatorValue(
        "full_online_portal_rate", round(counted / eligible * sync.value, 4), counted, eligible, inputs
    )


def resolved_dossier_facts(*, unit: Unit, start: dt.date, end: dt.date) -> dict[str, int | float]:
    """Facts of the dossiers received by the unit's subtree and resolved in the period (one query), counted with
    the predicates of `basis.RULES` (the same that list the dossiers behind each figure)."""
    resolved = basis.resolved_dossiers(unit=unit, start=start, end=end)
    rules = basis.RULES
    facts = resolved.aggregate(
        resolved=Count("pk"),
        digitised=Count("pk", filter=rules["digitisation_rate"].numerator),
        e_results=Count("pk", filter=rules["e_result_rate"].numerator),
        resolved_paper=Count("pk", filter=rules["e_result_paper_rate"].denominator),
        e_results_paper=Count("pk", filter=rules["e_result_paper_rate"].numerator),
        signed_e_results=Count("pk", filter=Q(has_signed=True)),
        with_fee=Count("pk", filter=rules["online_payment_rate"].denominator),
        paid_online=Count("pk", filter=rules["online_payment_rate"].numerator),
    )
    seconds, timed = 0.0, 0
    for received, finished in resolved.exclude(received_at=None).values_list("received_at", "finished_at"):
        assert received is not None and finished is not None  # received (filtered above) and resolved
        seconds += (finished - received).total_seconds()
        timed += 1
    facts["processing_days"] = round(seconds / 86400, 2)
    facts["timed"] = timed
    return facts


def _public_content_full(*, unit: Unit, end: dt.date) -> IndicatorValue:
    from .transparency import public_content_full

    day = min(end, dt.datetime.now(tz=VN_TZ).date())
    complete, published, lacking = public_content_full(unit=unit, day=day)
    inputs = {"complete": complete, "published": published, **{f"missing_{k}": n for k, n in lacking.items()}}
    if not published:
        return IndicatorValue("public_content_full_rate", None, 0, 0, inputs, NO_CATALOGUE)
    return _rate("public_content_full_rate", complete, published, inputs)


def _online_payment_portal(*, unit: Unit, start: dt.date, end: dt.date) -> IndicatorValue:
    from .payment766 import online_payment_score

    score = online_payment_score(unit=unit, start=start, end=end)
    inputs = {
        "paid_online": score.paid_online,
        "with_fee": score.with_fee,
        "procedures_paid_online": score.procedures_paid_online,
        "procedures_with_dossiers": score.procedures_with_dossiers,
        "fee_procedures": score.fee_procedures,
    }
    reason = "" if score.value is not None else NOTHING
    return IndicatorValue("online_payment_portal_score", score.value, score.points, 10, inputs, reason)


def _portal_on_time(*, unit: Unit, start: dt.date, end: dt.date) -> IndicatorValue:
    from .portal766 import portal_on_time

    result = portal_on_time(unit=unit, start=start, end=end, detail=False)
    inputs = {
        "on_time": result.on_time,
        "dossiers": result.dossiers,
        "late_supplements": result.late_supplements,
        "late_past_due": result.late_past_due,
        "differ_from_legal": result.difference_count,
    }
    if not result.dossiers:
        return IndicatorValue("portal_on_time_rate", None, 0, 0, inputs, NOTHING)
    return IndicatorValue("portal_on_time_rate", result.value, result.on_time, result.dossiers, inputs)


def indicator_values(*, unit: Unit, start: dt.date, end: dt.date, replay: bool = False) -> dict[str, IndicatorValue]:
    """Every indicator of `DEFINITIONS` for `unit` (its whole subtree) over [start, end] (Vietnamese days).
    `portal_on_time_rate` replays each dossier's history (`portal766`), so it is computed only with `replay=True`
    (the 766 index, its own page, a ranking by it); otherwise it has no value and says where to find it."""
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
    scope: dict[str, Any] = {  # the keyword arguments every source selector takes
        "start": start,
        "end": end,
        "unit_ids": unit_descendants(unit, include_self=True).values_list("pk", flat=True),
    }
    sync = portal_sync_rate(unit=unit, start=start, end=end)
    values = {
        "full_online_portal_rate": full_online_portal_rate(unit=unit, start=start, end=end, sync=sync),
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
            {
                "e_results": facts["e_results"],
                "signed_e_results": facts["signed_e_results"],
                "resolved": facts["resolved"],
            },
        ),
        "reuse_rate": _from_rate(
            "reuse_rate",
            datastore_selectors.reuse_rate(**scope),
            ("reused", "received"),
            NOTHING,
        ),
        "population_data_rate": _from_rate(
            "population_data_rate",
            dancu_selectors.population_data_rate(**scope),
            ("population_data", "received"),
            NOTHING,
        ),
        "certified_copy_rate": _from_rate(
            "certified_copy_rate",
            certify_selectors.certified_copy_rate(**scope),
            ("communes_certifying", "communes"),
            NO_COMMUNE,
        ),
        "online_payment_rate": _rate(
            "online_payment_rate",
            facts["paid_online"],
            facts["with_fee"],
            {"paid_online": facts["paid_online"], "with_fee": facts["with_fee"]},
        ),
        "satisfaction_rate": _satisfaction(figures, rating_selectors.satisfaction_rate(**scope)),
        "feedback_classified_rate": _from_rate(
            "feedback_classified_rate",
            pakn.classified_rate(**scope),
            ("feedback_classified", "feedback"),
            NO_FEEDBACK,
        ),
        "feedback_on_time_rate": _from_rate(
            "feedback_on_time_rate",
            pakn.on_time_rate(**scope),
            ("feedback_on_time", "feedback"),
            NO_FEEDBACK,
        ),
        "feedback_satisfaction_rate": _from_rate(
            "feedback_satisfaction_rate",
            pakn.satisfaction_rate(**scope),
            ("feedback_satisfied", "feedback"),
            NO_FEEDBACK,
        ),
        "portal_sync_rate": sync,
        "portal_on_time_rate": (
            _portal_on_time(unit=unit, start=start, end=end)
            if replay
            else IndicatorValue("portal_on_time_rate", None, no_data_reason=ON_766_PAGE)
        ),
        "public_content_full_rate": _public_content_full(unit=unit, end=end),
        "e_result_paper_rate": _rate(
            "e_result_paper_rate",
            facts["e_results_paper"],
            facts["resolved_paper"],
            {"e_results_paper": facts["e_results_paper"], "resolved_paper": facts["resolved_paper"]},
        ),
        "online_payment_portal_score": _online_payment_portal(unit=unit, start=start, end=end),
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
