"""Request and response schemas of API v1: input and output are separate classes (DESIGN.md §6.3)."""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, TypeVar

from ninja import Field, Schema
from pydantic import create_model, field_validator

from motcua.metrics.figures import api_fields

T = TypeVar("T")

# Pagination bounds: an unbounded offset overflows SQLite's 64-bit INTEGER (a 500); no real client pages
# past ten million rows.
MAX_LIMIT = 100
MAX_OFFSET = 10_000_000


class ErrorOut(Schema):
    detail: str
    code: str | None = None
    fields: list[str] | None = None


class Page(Schema, Generic[T]):
    count: int
    limit: int
    offset: int
    items: list[T]


# --- catalogue --------------------------------------------------------------------------------------------


class TimeLimitOut(Schema):
    value: float | int | None
    unit: str


class ChannelTimeLimitOut(TimeLimitOut):
    channel: str
    note: str = ""


class FeeOut(Schema):
    channel: str
    name: str
    amount: float | int | None
    currency: str
    text: str


class RequiredDocumentOut(Schema):
    name: str
    form: str
    originals: int
    copies: int
    required: bool
    group: str
    note: str


class ProcedureOut(Schema):
    code: str
    version: int
    name: str
    field: str
    levels: list[str]
    online_level: str
    channels: list[str]
    time_limit: TimeLimitOut | None


class CommitmentOut(Schema):
    """A service commitment: a time shorter than the legal limit that a province or unit committed to."""

    scope_code: str
    scope_name: str
    channel: str
    value: float | int
    unit: str
    decision_number: str
    decision_date: dt.date
    decision_issuer: str
    valid_from: dt.date
    valid_to: dt.date | None


class ProcedureDetailOut(ProcedureOut):
    valid_from: dt.date
    valid_to: dt.date | None
    procedure_type: str
    decision_number: str
    boundary_free: bool
    time_limits: list[ChannelTimeLimitOut] = Field(..., description="Legal time limits as published, per channel.")
    commitments: list[CommitmentOut] = Field(
        default_factory=list, description="Service commitments in force today (shorter than the legal limit)."
    )
    fees: list[FeeOut]
    documents: list[RequiredDocumentOut]
    results: list[dict]
    legal_basis: list[dict]
    process: list[dict]
    life_events: list[str]
    implementing_agency: str
    competent_agency: str
    applicants: str


class CatalogFilters(Schema):
    q: str | None = Field(None, max_length=200, description="words of the name or the code (accents optional)")
    field: str | None = Field(None, max_length=200, description="field id or name")
    level: str | None = Field(None, description="ministry, province, commune or other")
    online_level: str | None = Field(None, description="full, partial or none")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


# --- dossiers ---------------------------------------------------------------------------------------------


class DossierIn(Schema):
    """A dossier filed on the client's system (status 1, awaiting reception by the one-stop unit)."""

    procedure_code: str = Field(..., min_length=1, max_length=40)
    receiving_unit: str = Field(..., min_length=1, max_length=64, description="unit code or e-identifier")
    external_code: str = Field("", max_length=64, description="the dossier's code on the client's system")
    applicant_name: str = Field(..., min_length=1, max_length=255)
    applicant_phone: str = Field("", max_length=20)
    applicant_email: str = Field("", max_length=254)
    applicant_address: str = Field("", max_length=500)
    applicant_id_number: str = Field("", max_length=20)
    subject: str = Field("", max_length=5000)
    submitter_name: str = Field(
        "", max_length=255, description="who files on the applicant's behalf (authorised person), if not the applicant"
    )
    submitter_id_number: str = Field("", max_length=20)
    submitter_phone: str = Field("", max_length=20)
    submitter_authorisation: str = Field("", max_length=255, description="reference of the authorisation paper")

    @field_validator("applicant_name", "procedure_code", "receiving_unit")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


class UnitRefOut(Schema):
    code: str
    name: str


class DossierOut(Schema):
    code: str
    external_system: str
    external_code: str
    procedure_code: str
    procedure_name: str
    receiving_unit: UnitRefOut
    current_unit: UnitRefOut
    channel: str
    status: str
    status_label: str
    national_status: int
    version: int
    applicant_name: str
    subject: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None = Field(
        ..., description="Legal due date (moved by pauses, restarts and an extension); the QĐ 766 figures use it."
    )
    committed_due_at: dt.datetime | None = Field(
        None,
        description="Committed due date under a service commitment shorter than the legal limit; null without one.",
    )
    finished_at: dt.datetime | None
    outcome: str
    delivered_at: dt.datetime | None


class DossierFilters(Schema):
    status: str | None = Field(None, max_length=24)
    updated_since: dt.datetime | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


ApiAction = Literal[
    "receive",
    "refuse_reception",
    "request_supplement",
    "supplement_received",
    "request_withdrawal",
    "stop",
    "record_payment",
]


class ActionIn(Schema):
    """One workflow action the client may take (the counter side of the one-stop mechanism)."""

    action: ApiAction
    expected_version: int = Field(..., ge=0, description="the dossier `version` the client last saw")
    reason: str = Field("", max_length=5000)
    items: list[str] = Field(default_factory=list, max_length=100, description="request_supplement: what is missing")
    presented_document_ids: list[int] = Field(default_factory=list, max_length=100)
    payment_method: str = Field(
        "", max_length=16, description="record_payment: cash, transfer or postal (online: only the platform's IPN)"
    )
    exempt: bool = False


class EventOut(Schema):
    seq: int
    action: str
    from_status: str
    to_status: str
    unit: str | None
    reason: str
    created_at: dt.datetime


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    result_code: str
    created_at: dt.datetime


# --- status, metrics --------------------------------------------------------------------------------------


class StatusLookupIn(Schema):
    code: str = Field(..., min_length=1, max_length=64)
    phone_last4: str = Field(..., pattern=r"^\d{4}$")


class StatusOut(Schema):
    code: str
    procedure_name: str
    status: str
    status_label: str
    national_status: int
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    delivered_at: dt.datetime | None


class MetricsFilters(Schema):
    unit: str = Field(..., min_length=1, max_length=64, description="unit code or e-identifier")
    period: str = Field(..., max_length=20, description="2026, 2026-Q1 or 2026-03")
    procedure: str | None = Field(None, max_length=40, description="procedure code (all versions)")


class _PeriodReportHead(Schema):
    unit: UnitRefOut
    start: dt.date
    end: dt.date


class BundleTotalOut(Schema):
    """Bundles (liên thông) received by the unit and the units below it: received and finished in the period,
    finished within the total limit (QĐ 296/QĐ-VPCP of 12/6/2024) and its rate, open and overdue at the end."""

    received: int
    finished: int
    finished_on_time: int
    on_time_rate: float | None
    open: int
    overdue: int


class BundleGroupOut(BundleTotalOut):
    code: str
    name: str


class BundleUnitOut(BundleTotalOut):
    """The same by child unit of the report's unit (each its whole subtree; the unit's own bundles their row)."""

    unit: int
    name: str


class BundleAgencyOut(Schema):
    """The working time attributed to one agency over the bundles finished in the period (average, hours)."""

    role: str
    role_label: str
    agency: str
    parts: int
    average_hours: float | None
    average_budget_hours: float | None
    over_budget: int


class BundleReportOut(Schema):
    groups: list[BundleGroupOut]
    units: list[BundleUnitOut]
    total: BundleTotalOut
    agencies: list[BundleAgencyOut]


# The figures are the registry's (metrics.figures.api_fields, in its order): a new figure there is a new field here.
# `bundles` (metrics.bundle_figures): null under a procedure filter (a bundle is not one procedure).
PeriodReportOut = create_model(
    "PeriodReportOut",
    __base__=_PeriodReportHead,
    **{name: (annotation, ...) for name, annotation in api_fields().items()},
    bundles=(BundleReportOut | None, None),
)


# --- documents, results, verification -----------------------------------------------------------------------


class ResultOut(Schema):
    """A result file of the dossier; `signed` when it is an e-result signed by the system (motcua.esign)."""

    id: int
    name: str
    result_code: str
    content_type: str
    size: int
    sha256: str
    created_at: dt.datetime
    signed: bool
    signer: str
    signed_at: dt.datetime | None
    download_path: str


class VerificationOut(Schema):
    """The answer of the e-result check (ND 45/2020 art 14(4)): the signature's verdict, and the registered
    e-result when the file (or the code) is one the system issued."""

    verdict: Literal["valid", "untrusted", "modified", "invalid", "unsigned", "unreadable"]
    verdict_label: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool
    covers_whole_file: bool
    registered: bool
    result_code: str
    dossier_code: str
    procedure_name: str


# --- feedback (PAKN) ----------------------------------------------------------------------------------------


class FeedbackIn(Schema):
    """A PAKN received on the client's system for one of its units, sent on behalf of a citizen."""

    kind: Literal["complaint", "suggestion", "question"]
    subject: Literal["procedure", "officer", "general"] = Field(
        ..., description="feedback about one dossier is sent by its applicant on the portal of the province"
    )
    unit: str = Field(..., min_length=1, max_length=64, description="unit code or e-identifier")
    procedure_code: str = Field("", max_length=40, description="subject `procedure`: the procedure's code")
    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1, max_length=5000)
    contact_name: str = Field("", max_length=120)
    contact: str = Field("", max_length=120, description="e-mail or phone of the sender, never published")
    publish_allowed: bool = True


class FeedbackOut(Schema):
    """Where a PAKN stands; the answer once given (Decision 766 deadlines in `answer_due_at`)."""

    code: str
    kind: str
    subject: str
    unit: UnitRefOut
    procedure_code: str | None
    title: str
    status: str
    status_label: str
    received_at: dt.datetime
    answer_due_at: dt.datetime
    reject_reason: str
    info_request: str
    answer: str
    answered_at: dt.datetime | None
    published_at: dt.datetime | None


# --- ratings ---------------------------------------------------------------------------------------------

CriterionKey = Literal["time", "contacts", "one_place", "attitude", "information", "overall"]


class RatingIn(Schema):
    """A rating the applicant gave on the client's system for a returned dossier of one of the client's units."""

    dossier_code: str = Field(..., min_length=1, max_length=40)
    answers: dict[CriterionKey, int] = Field(
        ...,
        description="question → level 1 (very dissatisfied) … 5 (very satisfied); `overall` is required, the "
        "others optional (GET /ratings/questions)",
    )
    comment: str = Field("", max_length=2000)


class RatingOut(Schema):
    """The stored rating; who rated is never kept (ND 61/2018 art 27)."""

    dossier_code: str
    unit: UnitRefOut
    channel: str
    overall: int
    answers: dict[str, int]
    comment: str
    rated_at: dt.datetime


class RatingQuestionOut(Schema):
    criterion: str
    question: str
    required: bool


class RatingLevelOut(Schema):
    value: int
    label: str


class RatingQuestionsOut(Schema):
    """The questions of the province's rating form (TT 01/2018 art 13 indices, ND 61/2018 art 31 items) and
    the 5-level scale, in the active language."""

    questions: list[RatingQuestionOut]
    levels: list[RatingLevelOut]
