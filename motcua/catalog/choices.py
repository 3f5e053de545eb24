"""Choices of the procedure catalogue (labels are English msgids, translated to Vietnamese in `locale/`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Cấp thực hiện — the administrative level that performs a procedure (two-level local government, 2025)."""

    MINISTRY = "ministry", _("Ministry level")
    PROVINCE = "province", _("Province level")
    COMMUNE = "commune", _("Commune level")
    OTHER = "other", _("Other agency")


class Channel(models.TextChoices):
    """How a dossier can be submitted (ND 61/2018 art. 9: counter, public postal service, online)."""

    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class LimitChannel(models.TextChoices):
    """Channel a time limit or fee applies to; `all` when the same for every channel."""

    ALL = "all", _("All channels")
    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    # "N Giờ" without "làm việc" on the national portal: clock hours (Civil Code 2015 art. 147.1)
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class BudgetUnit(models.TextChoices):
    """Unit of a process step's time budget (due dates are computed on the working calendar)."""

    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")


class OnlineLevel(models.TextChoices):
    """Online public service level (ND 42/2022 art. 11): full (toàn trình) or partial (một phần)."""

    FULL = "full", _("Full online service")
    PARTIAL = "partial", _("Partial online service")
    NONE = "none", _("Not online")


class StepRole(models.TextChoices):
    """Who performs a process step (ND 61/2018 art. 18–20; TT 01/2018 process control sheet)."""

    COUNTER_OFFICER = "counter_officer", _("Counter officer")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    COORDINATING_AGENCY = "coordinating_agency", _("Coordinating agency")


class UnitKind(models.TextChoices):
    """Kind of unit a process step runs in (matched against the units app's unit kinds by code)."""

    ONE_STOP = "one_stop", _("One-stop centre")
    SPECIALIST_UNIT = "specialist_unit", _("Specialist unit")
    LEADERSHIP = "leadership", _("Agency leadership")
    OTHER = "other", _("Other unit")
