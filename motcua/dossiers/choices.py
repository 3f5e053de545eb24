"""Choices of the dossier domain (English msgids, Vietnamese in `locale/`).

The internal states are finer than the national `TrangThaiHoSo` list (1–10) used to synchronise with the
national public service portal (DVCQG); `NATIONAL_STATUS` maps each state to its national code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting reception")
    RECEIVED = "received", _("Received")
    REFUSED = "refused", _("Refused at reception")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting signature")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting supplement from the applicant")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment of fees")
    SUSPENDED = "suspended", _("Suspended at the applicant's request")
    WITHDRAW_REQUESTED = "withdraw_requested", _("Withdrawal requested by the applicant")
    STOPPED = "stopped", _("Processing stopped")
    REJECTED = "rejected", _("Refused after appraisal")
    RESULT_READY = "result_ready", _("Result ready")
    DELIVERED = "delivered", _("Result delivered")


class NationalStatus(models.IntegerChoices):
    """`TrangThaiHoSo` of the national public service portal (DVCQG) sync."""

    NEW = 1, _("Newly registered")
    RECEIVED = 2, _("Received")
    NOT_RECEIVED = 3, _("Not received")
    IN_PROGRESS = 4, _("In progress")
    SUPPLEMENT = 5, _("Supplement of documents requested")
    FINANCIAL = 6, _("Financial obligation requested")
    WITHDRAW_REQUESTED = 7, _("Citizen requested withdrawal")
    STOPPED = 8, _("Processing stopped")
    RESOLVED = 9, _("Processing finished")
    RETURNED = 10, _("Result returned")


S = DossierStatus
NATIONAL_STATUS: dict[str, int] = {
    S.SUBMITTED: NationalStatus.NEW,
    S.RECEIVED: NationalStatus.RECEIVED,
    S.REFUSED: NationalStatus.NOT_RECEIVED,
    S.IN_PROGRESS: NationalStatus.IN_PROGRESS,
    S.AWAITING_APPROVAL: NationalStatus.IN_PROGRESS,
    S.AWAITING_SIGNATURE: NationalStatus.IN_PROGRESS,
    # A pause at the applicant's request: still in the agency's hands, the clock is stopped.
    S.SUSPENDED: NationalStatus.IN_PROGRESS,
    S.AWAITING_SUPPLEMENT: NationalStatus.SUPPLEMENT,
    S.AWAITING_PAYMENT: NationalStatus.FINANCIAL,
    S.WITHDRAW_REQUESTED: NationalStatus.WITHDRAW_REQUESTED,
    S.STOPPED: NationalStatus.STOPPED,
    # ND 61/2018 art 19.6: a refusal after appraisal is entered as the result of the dossier.
    S.REJECTED: NationalStatus.RESOLVED,
    S.RESULT_READY: NationalStatus.RESOLVED,
    S.DELIVERED: NationalStatus.RETURNED,
}

# States in which the agency's clock runs (waiting for the applicant never counts against the agency).
CLOCK_RUNNING = frozenset({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE, S.WITHDRAW_REQUESTED})
# Closed for the 766 metrics: refused, stopped, finished, returned (withdrawn ends as stopped). Equal to
# `workflow.TERMINAL`, which reads it off the transition table (tests/test_state_sets.py keeps them equal).
CLOSED = frozenset({S.REFUSED, S.STOPPED, S.REJECTED, S.RESULT_READY, S.DELIVERED})
# Processing finished: the outcome (early / on time / late) is fixed when one of these is entered.
RESOLVED = frozenset({S.REJECTED, S.RESULT_READY})
# States in which the agency is processing (the dossier is past reception and not closed).
PROCESSING = frozenset({S.IN_PROGRESS, S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE})


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit online")
    PRESENT = "present", _("Presented at the counter, not received")
    RECEIVE = "receive", _("Receive")
    REFUSE_RECEPTION = "refuse_reception", _("Refuse at reception")
    REQUEST_SUPPLEMENT = "request_supplement", _("Request supplement")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Supplement received")
    FORWARD = "forward", _("Forward")
    FINISH_PART = "finish_part", _("Finish this unit's part")
    ASSIGN = "assign", _("Assign to a specialist")
    CONSULT = "consult", _("Consult another unit")
    CONSULT_REPLY = "consult_reply", _("Reply to a consultation")
    APPRAISE = "appraise", _("Appraise and submit for approval")
    RETURN_FOR_REWORK = "return_for_rework", _("Return for rework")
    APPROVE = "approve", _("Approve")
    SIGN = "sign", _("Sign the result")
    REQUEST_PAYMENT = "request_payment", _("Request payment of fees")
    RECORD_PAYMENT = "record_payment", _("Record payment")
    SUSPEND = "suspend", _("Suspend at the applicant's request")
    RESUME = "resume", _("Resume")
    EXTEND = "extend", _("Extend with an apology")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Applicant requests withdrawal")
    REQUEST_POSTAL_RESULT = "request_postal_result", _("Ask for the result by post")
    ATTACH_DOCUMENTS = "attach_documents", _("Add documents before reception")
    STOP = "stop", _("Stop processing")
    REJECT = "reject", _("Refuse after appraisal")
    NOTIFY_EARLY_RETURN = "notify_early_return", _("Notify early return")
    DELIVER = "deliver", _("Return the result")
    REPLAN = "replan", _("Due date moved by a calendar notice")


# History verbs the applicant records without changing the dossier's status (`dossiers.services.applicant`): they are
# not in the workflow's transition table.
# The calendar re-plan (`dossier_replan`) is the system's, after an official notice changes a day.
STATUSLESS_ACTIONS = frozenset({Action.REQUEST_POSTAL_RESULT, Action.REPLAN})


class Channel(models.TextChoices):
    """`KenhThucHien`: 1 counter, 2 online, 3 public postal service (ND 61/2018 art 16)."""

    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


NATIONAL_CHANNEL: dict[str, int] = {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POST: 3}


# The `submit` event of a dossier the one-stop unit itself sends on (a bundle received at the counter or by post: the
# other agencies' parts, ND 61/2018 art 19.5 — the one-stop unit transfers the electronic dossier to each agency) is
# not the applicant filing online: its label follows the channel stored in the event (`data["channel"]`), so rows
# already written read correctly too. Online filings keep the plain action label.
SENT_ON_LABELS: dict[str, object] = {
    Channel.COUNTER: _("Received at the one-stop counter, sent on to the agency (inter-agency)"),
    Channel.POST: _("Received by post at the one-stop unit, sent on to the agency (inter-agency)"),
}


def event_label(action: str, data: object) -> str:
    """The history label of an event: the action's label, except a `submit` stored with a counter or postal
    channel (see SENT_ON_LABELS; ND 61/2018 art 16 channels, art 19.5 inter-agency transfer)."""
    if action == Action.SUBMIT and isinstance(data, dict):
        label = SENT_ON_LABELS.get(str(data.get("channel", "")))
        if label is not None:
            return str(label)
    return str(Action(action).label) if action in Action.values else action


class Outcome(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class SupplementPhase(models.TextChoices):
    RECEPTION = "reception", _("At reception")
    APPRAISAL = "appraisal", _("During appraisal")


class StepKind(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    PROCESSING = "processing", _("Processing")
    CONSULTATION = "consultation", _("Consultation")


class StepOutcome(models.TextChoices):
    DONE = "done", _("Done")
    FORWARDED = "forwarded", _("Forwarded")
    REPLIED = "replied", _("Replied")
    CANCELLED = "cancelled", _("Cancelled")


class DocumentKind(models.TextChoices):
    COMPONENT = "component", _("Dossier component")
    SUPPLEMENT = "supplement", _("Supplementary document")
    RESULT = "result", _("Result")
    NOTICE = "notice", _("Notice or form")


class FeeStatus(models.TextChoices):
    NONE = "none", _("No fee")
    DUE = "due", _("Not paid yet")
    PAID = "paid", _("Paid")
    EXEMPT = "exempt", _("Exempt")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    ONLINE = "online", _("Online via the national portal")
    POSTAL = "postal", _("Through the postal operator")


class DeliveryMethod(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By post")
    ELECTRONIC = "electronic", _("Electronic")


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (no address)")


class OfficerTab(models.TextChoices):
    NEW = "new", _("New at the counter")
    TO_APPRAISE = "to_appraise", _("To appraise")
    TO_APPROVE = "to_approve", _("To approve")
    WAITING = "waiting", _("Waiting for the applicant")
    DUE_SOON = "due_soon", _("Due within 1 working day")
    OVERDUE = "overdue", _("Overdue")
    ALL = "all", _("All")
