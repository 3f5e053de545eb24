"""Choices of the measurement domain (English msgids, Vietnamese in `locale/`)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from .figures import counters_by_channel, rollup_counters

# Due day stored for open dossiers that cannot be overdue (waiting for the applicant, or not yet received):
# "overdue at the end of day E" is `due_day <= E`, which this sentinel never satisfies.
NO_DUE = dt.date(9999, 12, 31)


class Bucket(models.TextChoices):
    """Where an open dossier stands at a moment, for the period report (DESIGN.md §4)."""

    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the applicant")


class Ending(models.TextChoices):
    """How a dossier left the open stock; fixed once, by the first ending event."""

    RESOLVED = "resolved", _("Resolved")
    REFUSED = "refused", _("Refused at reception")
    STOPPED = "stopped", _("Stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Grouping(models.TextChoices):
    UNIT = "unit", _("Unit")
    FIELD = "field", _("Field")
    PROCEDURE = "procedure", _("Procedure")


# Counters of `DailyRollup`, each a count of events on one Vietnamese calendar day: the registry's rows with a
# `counter` (`figures.REGISTRY`), in its order (received, resolved early / on time / late, refused, stopped,
# withdrawn, delivered, supplement requested, extended, and the service-commitment counters: resolved under a
# commitment and commitment kept, docs/domain/deadlines.md §10).
COUNTERS: tuple[str, ...] = rollup_counters()

# Columns of the per-unit tables (`MonthlyRollup`, `UnitDayRollup`): the received split by channel.
RECEIVED_BY_CHANNEL: dict[str, str] = counters_by_channel()["received"]
# The flow columns of `UnitDayRollup`, derived from `COUNTERS` (the one declaration of the daily counters): a
# counter added there is added to the per-unit-day table by `makemigrations`, summed by the same rule.
UNIT_FLOWS: tuple[str, ...] = (*RECEIVED_BY_CHANNEL.values(), *(name for name in COUNTERS if name != "received"))
# The open-stock columns of `UnitDayRollup` (`coarse.unit_day_changes`).
STOCK_CHANGES: tuple[str, ...] = (
    "in_progress_delta",
    "waiting_delta",
    "due_before_delta",
    "due_on_delta",
    "falling_due_delta",
)
UNIT_DAY_COLUMNS: tuple[str, ...] = (*UNIT_FLOWS, *STOCK_CHANGES)


class EvaluationGrade(models.TextChoices):
    """Unit grade from the total of the nine indices (TT 01/2018/TT-VPCP art 15)."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    AVERAGE = "average", _("Average")
    WEAK = "weak", _("Weak")


class Cutoff(models.TextChoices):
    """How a named period (month, quarter, half, year) maps to days."""

    ND09 = "nd09", _("reporting window of Decree 09/2019")
    CALENDAR = "calendar", _("calendar period")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("year")
    HALF = "half", _("half-year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
