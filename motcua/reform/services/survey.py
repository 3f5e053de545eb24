"""Writes of the satisfaction survey: surveyed units and their links, paper entry, CSV import, online answers.

Decision 1001/QĐ-BNV collects answers on paper (typed in), online and by interview; we store one anonymous
response per questionnaire with one answer per question on the survey's scale (`Survey.scale_max` points).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import can_manage_survey
from ..choices import ResponseChannel, SurveyStatus
from ..models import Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse, SurveyTarget

logger = logging.getLogger(__name__)
MAX_IMPORT_ROWS = 50_000


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def survey_target_add(*, survey: Survey, unit, open_link: bool = False) -> SurveyTarget:
    """Add `unit` to the surveyed units (idempotent); `open_link` turns on its shareable link."""
    target, created = SurveyTarget.objects.get_or_create(
        survey=survey,
        unit=unit,
        defaults={"open_token": secrets.token_urlsafe(32), "open_link_enabled": open_link},
    )
    if not created and target.open_link_enabled != open_link:
        target.open_link_enabled = open_link
        target.save(update_fields=["open_link_enabled"])
    return target


@transaction.atomic
def survey_invitations_create(*, actor, target: SurveyTarget, count: int) -> list[str]:
    """Create `count` one-time links; the tokens are returned once and only their hashes are kept."""
    if not can_manage_survey(actor, target.survey):
        raise PermissionDenied
    if not 1 <= count <= 5000:
        raise ValidationError(_("Between 1 and 5,000 links at a time."))
    tokens = [secrets.token_urlsafe(24) for _i in range(count)]
    SurveyInvitation.objects.bulk_create([SurveyInvitation(target=target, token_hash=_hash_token(t)) for t in tokens])
    return tokens


def _question_ids(survey: Survey) -> set[int]:
    return set(SurveyQuestion.objects.filter(element__survey=survey).values_list("pk", flat=True))


def _clean_answers(
    survey: Survey, answers: Mapping[int, int | None], question_ids: set[int] | None = None
) -> dict[int, int]:
    question_ids = _question_ids(survey) if question_ids is None else question_ids
    cleaned: dict[int, int] = {}
    for question_id, value in answers.items():
        if value in (None, ""):
            continue  # "không trả lời": not a valid answer, left out of the rates
        if question_id not in question_ids:
            raise ValidationError(_("Question %(id)s is not part of this survey.") % {"id": question_id})
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(_("“%(value)s” is not a point of the scale.") % {"value": value}) from None
        if not 1 <= number <= survey.scale_max:
            raise ValidationError(
                _("Answers must be between 1 and %(max)s (got %(value)s).") % {"max": survey.scale_max, "value": number}
            )
        cleaned[question_id] = number
    if not cleaned:
        raise ValidationError(_("The questionnaire has no answer."))
    return cleaned


def _save_response(
    *, survey, unit, answers: dict[int, int], channel, entered_by=None, form_number=""
) -> SurveyResponse:
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, unit=unit, channel=channel, entered_by=entered_by, form_number=form_number.strip()
            )
    except IntegrityError:
        raise ValidationError(_("Form number %(number)s has already been entered.") % {"number": form_number}) from None
    SurveyAnswer.objects.bulk_create(
        [SurveyAnswer(response=response, question_id=qid, value=value) for qid, value in answers.items()]
    )
    return response


@transaction.atomic
def survey_response_enter(
    *, actor, survey: Survey, unit, answers: Mapping[int, int | None], form_number: str = ""
) -> SurveyResponse:
    """Type in one paper questionnaire (the organising unit's officers only)."""
    if not can_manage_survey(actor, survey):
        raise PermissionDenied
    if survey.status == SurveyStatus.DRAFT:
        raise ValidationError(_("The survey has not been opened yet."))
    if not survey.targets.filter(unit=unit).exists():
        raise ValidationError(_("This unit is not among the surveyed units."))
    cleaned = _clean_answers(survey, answers)
    return _save_response(
        survey=survey,
        unit=unit,
        answers=cleaned,
        channel=ResponseChannel.PAPER,
        entered_by=actor,
        form_number=form_number,
    )


@dataclass(frozen=True)
class LinkTarget:
    target: SurveyTarget
    invitation: SurveyInvitation | None


def survey_link_resolve(token: str) -> LinkTarget | None:
    """The surveyed unit behind a public link (open link or unused one-time link), or None."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    target = (
        SurveyTarget.objects.select_related("survey", "unit").filter(open_token=token, open_link_enabled=True).first()
    )
    if target is not None:
        return LinkTarget(target=target, invitation=None)
    invitation = (
        SurveyInvitation.objects.select_related("target__survey", "target__unit")
        .filter(token_hash=_hash_token(token), used_at__isnull=True)
        .first()
    )
    if invitation is None:
        return None
    return LinkTarget(target=invitation.target, invitation=invitation)


@transaction.atomic
def survey_response_submit_online(*, token: str, answers: Mapping[int, int | None]) -> SurveyResponse:
    """An anonymous online answer through a link; a one-time link is spent in the same transaction."""
    link = survey_link_resolve(token)
    if link is None:
        raise ValidationError(_("This survey link is not valid or has already been used."))
    survey = link.target.survey
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("The survey is not open."))
    cleaned = _clean_answers(survey, answers)
    if link.invitation is not None:
        spent = SurveyInvitation.objects.filter(pk=link.invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if spent != 1:
            raise ValidationError(_("This survey link is not valid or has already been used."))
    response = _save_response(survey=survey, unit=link.target.unit, answers=cleaned, channel=ResponseChannel.ONLINE)
    logger.info("reform.survey.online_response", extra={"survey": survey.pk, "unit": link.target.unit_id})
    return response


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def survey_responses_import(*, actor, survey: Survey, data: bytes | str, dry_run: bool = False) -> ImportReport:
    """Import paper questionnaires from CSV: columns `unit` (unit code), optional `form`, one per question code.

    All or nothing: every row is checked first and the report lists each faulty row (line number, reason); when
    any row is wrong or `dry_run` is set, nothing is saved.
    """
    if not can_manage_survey(actor, survey):
        raise PermissionDenied
    if survey.status == SurveyStatus.DRAFT:
        raise ValidationError(_("The survey has not been opened yet."))
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file must be CSV encoded in UTF-8.")) from None
    reader = csv.DictReader(io.StringIO(data))
    header = [name.strip() for name in (reader.fieldnames or [])]
    questions = {q.code: q.pk for q in SurveyQuestion.objects.filter(element__survey=survey)}
    report = ImportReport()
    if "unit" not in header:
        report.errors.append((1, _("The header has no “unit” column.")))
        return report
    unknown = [name for name in header if name not in questions and name not in ("unit", "form")]
    if unknown:
        report.errors.append((1, _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}))
        return report
    units = {t.unit.code: t.unit for t in survey.targets.select_related("unit")}
    seen_forms = set(survey.responses.exclude(form_number="").values_list("form_number", flat=True))
    question_set = set(questions.values())
    pending = []
    for line, row in enumerate(reader, start=2):
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            report.errors.append((line, _("Too many rows (at most %(max)s).") % {"max": MAX_IMPORT_ROWS}))
            break
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        unit = units.get(row.get("unit", "").upper())
        if unit is None:
            report.errors.append((line, _("Unit “%(code)s” is not surveyed.") % {"code": row.get("unit", "")}))
            continue
        form_number = row.get("form", "")
        if form_number and form_number in seen_forms:
            report.errors.append((line, _("Form number %(number)s appears twice.") % {"number": form_number}))
            continue
        try:
            answers = _clean_answers(survey, {questions[c]: row.get(c) for c in questions if c in row}, question_set)
        except ValidationError as error:
            report.errors.append((line, " ".join(error.messages)))
            continue
        if form_number:
            seen_forms.add(form_number)
        pending.append((unit, form_number, answers))
    if report.errors or dry_run:
        return report
    for unit, form_number, answers in pending:
        _save_response(
            survey=survey,
            unit=unit,
            answers=answers,
            channel=ResponseChannel.IMPORT,
            entered_by=actor,
            form_number=form_number,
        )
        report.imported += 1
    return report
