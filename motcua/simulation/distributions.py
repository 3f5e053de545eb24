"""The simulator's distributions: pure functions of a date, a moment or a random draw (no database).

Every figure here is documented with its source or its reasoning in `docs/simulation.md`; change them there and
here together. Draws always come from a `random.Random` passed in, so one seed gives one history.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from functools import cache

import holidays

# --- volume ------------------------------------------------------------------------------------------------

# Scale 1.0: a province-year of about 1.5 million dossiers (issue 5; order of magnitude of a mid-sized province).
DOSSIERS_PER_PROVINCE_YEAR = 1_500_000
# Share of that volume received by commune one-stop centres (the simulator does not model provincial traffic).
COMMUNE_SHARE = 0.7
# Communes per province after 1 July 2025: 3,321 communes / 34 provinces ≈ 98.
COMMUNES_PER_PROVINCE = 98
WORKING_DAYS_PER_YEAR = 248

# Monday … Sunday; weekends only receive online dossiers (WEEKEND_SHARE of a weekday's volume).
WEEKDAY_FACTOR = (1.18, 1.06, 1.0, 0.96, 0.88, 0.0, 0.0)
NON_WORKING_DAY_SHARE = 0.10
# Tết: the working days just before the holiday are a rush, the holiday itself nearly empty, the restart slow.
PRE_TET_WORKING_DAYS, PRE_TET_FACTOR = 10, 1.35
TET_FACTOR = 0.05
POST_TET_WORKING_DAYS, POST_TET_FACTOR = 5, 0.75


def base_daily_rate(scale: float) -> float:
    """Average dossiers per commune and working day at `scale`."""
    return scale * DOSSIERS_PER_PROVINCE_YEAR * COMMUNE_SHARE / COMMUNES_PER_PROVINCE / WORKING_DAYS_PER_YEAR


@cache
def tet_days(year: int) -> frozenset[dt.date]:
    """The Lunar New Year holiday days of `year` (official days off, from the `holidays` package)."""
    return frozenset(
        day for day, name in holidays.country_holidays("VN", years=year).items() if "Lunar New Year" in name
    )


def season_factor(day: dt.date, *, is_working_day) -> float:
    """Multiplier of the day's volume around Tết (pre-Tết peak, holiday dip, slow restart), else 1."""
    for year in (day.year, day.year + 1, day.year - 1):
        tet = tet_days(year)
        if not tet:
            continue
        first, last = min(tet), max(tet)
        if day in tet:
            return TET_FACTOR
        pre = first > day and (first - day).days <= 31
        if pre and _count_working(day, first, is_working_day) <= PRE_TET_WORKING_DAYS:
            return PRE_TET_FACTOR
        after = last < day and (day - last).days <= 21
        one = dt.timedelta(days=1)
        if after and _count_working(last + one, day + one, is_working_day) <= POST_TET_WORKING_DAYS:
            return POST_TET_FACTOR
    return 1.0


def _count_working(start: dt.date, end: dt.date, is_working_day) -> int:
    """Working days in [start, end)."""
    return sum(bool(is_working_day(start + dt.timedelta(days=n))) for n in range((end - start).days))


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth below 30, rounded normal above: exact enough for daily counts)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# --- time of day -------------------------------------------------------------------------------------------

# Counter arrivals over the working day in eight equal slices of working time (morning rush, lunch dip).
COUNTER_DAY_PROFILE = (0.17, 0.20, 0.17, 0.11, 0.10, 0.11, 0.09, 0.05)
# Online submissions by hour of the day (Vietnam time): office hours and the evening.
ONLINE_HOUR_PROFILE = (
    0.4, 0.2, 0.1, 0.1, 0.2, 0.5, 1.5, 3.0, 6.0, 7.5, 7.5, 6.0, 4.0, 4.5, 6.0, 6.5, 6.0, 5.0, 3.5, 4.0, 5.0, 5.0,
    3.0, 1.5,
)  # fmt: skip


def counter_day_fraction(rng: random.Random) -> float:
    """Where in the working day a counter arrival falls, as a fraction of the day's working time."""
    slot = rng.choices(range(len(COUNTER_DAY_PROFILE)), weights=COUNTER_DAY_PROFILE)[0]
    return (slot + rng.random()) / len(COUNTER_DAY_PROFILE)


def online_seconds_of_day(rng: random.Random) -> int:
    hour = rng.choices(range(24), weights=ONLINE_HOUR_PROFILE)[0]
    return hour * 3600 + rng.randrange(3600)


# --- channels ----------------------------------------------------------------------------------------------

# Online share of dossiers for procedures offered online, moving linearly between two anchor dates.
ONLINE_SHARE_ANCHORS = ((dt.date(2024, 1, 1), 0.30), (dt.date(2026, 6, 30), 0.65))
PARTIAL_ONLINE_FACTOR = 0.5  # "một phần" procedures still need a visit, fewer people file them online
POST_SHARE = 0.02


def online_share(day: dt.date) -> float:
    (d0, s0), (d1, s1) = ONLINE_SHARE_ANCHORS
    t = (day - d0).days / (d1 - d0).days
    return min(0.9, max(0.05, s0 + (s1 - s0) * t))


def draw_channel(rng: random.Random, *, day: dt.date, online: bool, partial: bool, post: bool) -> str:
    share = online_share(day) * (PARTIAL_ONLINE_FACTOR if partial else 1.0) if online else 0.0
    r = rng.random()
    if r < share:
        return "online"
    if post and r < share + POST_SHARE:
        return "post"
    return "counter"


# --- procedure popularity ----------------------------------------------------------------------------------

# Share of commune traffic per field (chứng thực and civil status dominate at commune level); any other 0.05.
FIELD_WEIGHTS = {
    "chứng thực": 0.40,
    "hộ tịch": 0.25,
    "đăng ký, quản lý cư trú": 0.12,
    "cấp, quản lý căn cước": 0.08,
    "thành lập và hoạt động của hộ kinh doanh": 0.04,
    "bảo trợ xã hội": 0.03,
    "cấp phép xây dựng": 0.02,
}
OTHER_FIELD_WEIGHT = 0.02
ZIPF_EXPONENT = 1.1


def procedure_weights(procedures: list[tuple[str, str]]) -> list[float]:
    """Zipf-like weights: a field's share split over its procedures by rank (1/rank^s, in code order).

    `procedures` is a list of (field name, code); the weights sum to 1."""
    by_field: dict[str, list[int]] = {}
    for index, (field, _code) in enumerate(procedures):
        by_field.setdefault(field.strip().lower(), []).append(index)
    weights = [0.0] * len(procedures)
    for field, indices in by_field.items():
        share = FIELD_WEIGHTS.get(field, OTHER_FIELD_WEIGHT)
        ranked = sorted(indices, key=lambda i: procedures[i][1])
        norm = sum(1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(ranked) + 1))
        for rank, i in enumerate(ranked, start=1):
            weights[i] = share / (rank**ZIPF_EXPONENT) / norm
    total = sum(weights) or 1.0
    return [w / total for w in weights]


# --- what happens to a dossier -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """Probabilities per dossier (see docs/simulation.md)."""

    refuse_reception_online: float = 0.01
    supplement_reception_online: float = 0.06
    supplement_appraisal: float = 0.03
    supplement_abandoned: float = 0.10
    suspend: float = 0.004
    withdraw: float = 0.006
    reject: float = 0.008
    transfer_late: float = 0.02
    extension_when_late: float = 0.45
    not_collected: float = 0.03
    # Late rate of a "typical" unit and of a struggling one; LATE_UNIT_SHARE of units struggle.
    late_typical: float = 0.003
    late_struggling: float = 0.06
    struggling_unit_share: float = 0.2


RATES = Rates()


def unit_profile(rng: random.Random) -> tuple[float, float]:
    """(size factor, late rate) of one commune: log-normal size, a fifth of units late far more often."""
    size = math.exp(rng.gauss(0, 0.35))
    late = RATES.late_struggling if rng.random() < RATES.struggling_unit_share else RATES.late_typical
    return size, late
