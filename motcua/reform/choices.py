"""Choices of the reform app: survey channels, task states, findings, contest stages (English msgids)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("survey", "Open")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


class ResponseChannel(models.TextChoices):
    """How a questionnaire reached us (1001/QĐ-BNV surveys use paper forms, online forms and interviews)."""

    PAPER = "paper", _("Paper form typed in")
    IMPORT = "import", _("Imported from a file")
    ONLINE = "online", _("Online form")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("task", "Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TASK_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


class DeadlineKind(models.TextChoices):
    """A task's deadline is either a calendar date or a number of working days from its start."""

    DATE = "date", _("Calendar date")
    WORKING_DAYS = "working_days", _("Working days from the start")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", pgettext_lazy("plan", "Closed")


class FindingSeverity(models.TextChoices):
    GOOD = "good", _("Good practice")
    MINOR = "minor", _("Minor shortcoming")
    MAJOR = "major", _("Serious shortcoming")


class FollowUpStatus(models.TextChoices):
    NONE = "none", _("No follow-up needed")
    OPEN = "open", _("Follow-up open")
    DONE = "done", _("Follow-up done")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for submissions")
    SCREENING = "screening", _("Screening")
    JUDGING = "judging", _("Judging")
    PUBLISHED = "published", _("Results published")


class InitiativeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted by the unit")
    REJECTED = "rejected", _("Not forwarded by the unit")
