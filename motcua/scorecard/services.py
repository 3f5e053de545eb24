"""Writes of the scorecard: self-assessment, submission, appraisal, survey import, publication.

876/QĐ-BNV: the unit scores itself per sub-criterion with evidence; the appraising body accepts or adjusts each
score ("công nhận hoặc điều chỉnh") and only appraised points count; survey items are scored from the survey only.
Every change of points appends an `AssessmentEvent` in the same transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.errors import DocumentRejected
from motcua.dossiers.services import check_upload
from motcua.units.models import Unit

from . import access
from .choices import AssessmentStatus, HistoryVerb, ScoringMethod
from .errors import ScorecardError
from .models import Assessment, AssessmentEvent, Criterion, Entry, Evidence, Framework

S = AssessmentStatus


def _leaves(framework: Framework) -> list[Criterion]:
    return list(framework.nodes.filter(children__isnull=True).order_by("position"))


def _event(assessment, verb, actor, *, criterion=None, from_points=None, to_points=None, reason=""):
    AssessmentEvent.objects.create(
        assessment=assessment,
        criterion=criterion,
        verb=verb,
        actor=actor,
        from_points=from_points,
        to_points=to_points,
        reason=reason,
    )


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)


def _check_points(points: Decimal, criterion: Criterion) -> Decimal:
    points = Decimal(points)
    if points < 0 or points > criterion.max_points:
        raise ScorecardError(
            _("Points for %(code)s must be between 0 and %(max)s.")
            % {"code": criterion.code, "max": criterion.max_points},
            code="out_of_range",
        )
    return points


@transaction.atomic
def assessment_start(*, framework: Framework, unit: Unit) -> Assessment:
    """Open (or return) the unit's score sheet for the framework, with one entry per leaf node."""
    assessment, _created = Assessment.objects.get_or_create(framework=framework, unit=unit)
    existing = set(assessment.entries.values_list("criterion_id", flat=True))
    Entry.objects.bulk_create(
        [Entry(assessment=assessment, criterion=leaf) for leaf in _leaves(framework) if leaf.id not in existing]
    )
    return assessment


def _entry(assessment: Assessment, criterion: Criterion) -> Entry:
    try:
        return Entry.objects.select_for_update().get(assessment=assessment, criterion=criterion)
    except Entry.DoesNotExist:
        raise ScorecardError(_("This criterion is not scored on its own."), code="not_leaf") from None


@transaction.atomic
def entry_self_assess(
    *, assessment: Assessment, criterion: Criterion, points: Decimal | None, note: str, actor
) -> Entry:
    """A unit officer enters the unit's own points and note for one sub-criterion (draft only)."""
    assessment = _locked(assessment)
    if not access.can_self_assess(actor, assessment):
        raise ScorecardError(_("Only the unit's own officers may fill in a draft self-assessment."), code="forbidden")
    if criterion.method != ScoringMethod.SELF_APPRAISED:
        raise ScorecardError(_("This criterion is scored from the sociological survey."), code="not_self_assessed")
    entry = _entry(assessment, criterion)
    new_points = None if points is None else _check_points(points, criterion)
    if new_points != entry.self_points:
        _event(
            assessment,
            HistoryVerb.SELF_SCORE,
            actor,
            criterion=criterion,
            from_points=entry.self_points,
            to_points=new_points,
        )
    entry.self_points = new_points
    entry.note = note.strip()
    entry.save(update_fields=["self_points", "note", "updated_at"])
    return entry


@transaction.atomic
def evidence_attach(*, entry: Entry, upload: File, filename: str, actor) -> Evidence:
    """Attach an evidence file (PDF, JPEG or PNG, checked by content and size) to a draft entry."""
    assessment = _locked(entry.assessment)
    if not access.can_self_assess(actor, assessment):
        raise ScorecardError(_("Only the unit's own officers may fill in a draft self-assessment."), code="forbidden")
    try:
        checked = check_upload(upload, filename=filename)
    except DocumentRejected as exc:
        raise ScorecardError(" ".join(exc.messages), code="bad_file") from exc
    evidence = Evidence(
        entry=entry,
        original_name=filename[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    evidence.file.save(filename, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor) -> Assessment:
    """Draft → submitted: every self-assessed sub-criterion needs points."""
    assessment = _locked(assessment)
    if not access.can_self_assess(actor, assessment):
        raise ScorecardError(_("Only the unit's own officers may submit a draft self-assessment."), code="forbidden")
    missing = assessment.entries.filter(criterion__method=ScoringMethod.SELF_APPRAISED, self_points__isnull=True)
    if missing.exists():
        codes = ", ".join(missing.order_by("criterion__position").values_list("criterion__code", flat=True)[:10])
        raise ScorecardError(_("Points are missing for: %(codes)s.") % {"codes": codes}, code="incomplete")
    assessment.status = S.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    _event(assessment, HistoryVerb.SUBMIT, actor)
    return assessment


@transaction.atomic
def entry_appraise(
    *, assessment: Assessment, criterion: Criterion, points: Decimal | None, reason: str, actor
) -> Entry:
    """The Department accepts the self-assessed points (`points` None or equal) or adjusts them with a reason."""
    assessment = _locked(assessment)
    if not access.can_appraise(actor, assessment):
        raise ScorecardError(_("Only the Department may appraise a submitted assessment."), code="forbidden")
    if criterion.method != ScoringMethod.SELF_APPRAISED:
        raise ScorecardError(_("This criterion is scored from the sociological survey."), code="not_self_assessed")
    entry = _entry(assessment, criterion)
    new_points = entry.self_points if points is None else _check_points(points, criterion)
    reason = reason.strip()
    if new_points != entry.self_points and not reason:
        raise ScorecardError(
            _("Give the reason for adjusting the points of %(code)s.") % {"code": criterion.code}, code="reason"
        )
    if new_points != entry.appraised_points or reason != entry.appraisal_reason:
        _event(
            assessment,
            HistoryVerb.APPRAISE,
            actor,
            criterion=criterion,
            from_points=entry.appraised_points if entry.appraised_points is not None else entry.self_points,
            to_points=new_points,
            reason=reason,
        )
    entry.appraised_points = new_points
    entry.appraisal_reason = reason
    entry.save(update_fields=["appraised_points", "appraisal_reason", "updated_at"])
    return entry


@transaction.atomic
def assessment_return(*, assessment: Assessment, reason: str, actor) -> Assessment:
    """Submitted → draft, so the unit completes its evidence (the reason is kept in the history)."""
    assessment = _locked(assessment)
    if not access.can_appraise(actor, assessment):
        raise ScorecardError(_("Only the Department may appraise a submitted assessment."), code="forbidden")
    if not reason.strip():
        raise ScorecardError(_("Give the reason for returning the assessment."), code="reason")
    assessment.status = S.DRAFT
    assessment.save(update_fields=["status"])
    _event(assessment, HistoryVerb.RETURN, actor, reason=reason.strip())
    return assessment


@transaction.atomic
def assessment_finish_appraisal(*, assessment: Assessment, actor) -> Assessment:
    """Submitted → appraised. Sub-criteria not touched by the appraiser are accepted as self-assessed."""
    assessment = _locked(assessment)
    if not access.can_appraise(actor, assessment):
        raise ScorecardError(_("Only the Department may appraise a submitted assessment."), code="forbidden")
    pending = assessment.entries.filter(criterion__method=ScoringMethod.SELF_APPRAISED, appraised_points__isnull=True)
    for entry in pending.select_related("criterion"):
        entry_appraise(assessment=assessment, criterion=entry.criterion, points=None, reason="", actor=actor)
    assessment.status = S.APPRAISED
    assessment.appraised_at = timezone.now()
    assessment.save(update_fields=["status", "appraised_at"])
    _event(assessment, HistoryVerb.FINISH, actor)
    return assessment


@transaction.atomic
def framework_publish(*, framework: Framework, actor) -> Framework:
    if not access.is_appraiser(actor):
        raise ScorecardError(_("Only the Department may publish results."), code="forbidden")
    framework.published_at = timezone.now()
    framework.save(update_fields=["published_at"])
    return framework


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _read_csv(content: bytes | str) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader]


def _number(text: str) -> Decimal:
    value = Decimal(text.replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


@transaction.atomic
def survey_points_import(*, framework: Framework, content: bytes | str, actor) -> ImportReport:
    """Import sociological-survey points: CSV columns `unit_code, criterion_code, points`.
    All rows are checked first; nothing is stored when any row is wrong."""
    if not access.is_appraiser(actor):
        raise ScorecardError(_("Only the Department may import survey results."), code="forbidden")
    report = ImportReport()
    try:
        rows = _read_csv(content)
    except (UnicodeDecodeError, csv.Error):
        raise ScorecardError(_("The file is not a UTF-8 CSV file."), code="bad_csv") from None
    nodes = {n.code: n for n in framework.nodes.filter(children__isnull=True)}
    units = {u.code: u for u in Unit.objects.filter(code__in={r.get("unit_code", "") for r in rows})}
    planned = []
    for line, row in enumerate(rows, 2):
        node, unit = nodes.get(row.get("criterion_code", "")), units.get(row.get("unit_code", ""))
        if unit is None:
            report.errors.append(
                _("Line %(line)s: unknown unit code “%(code)s”.") % {"line": line, "code": row.get("unit_code", "")}
            )
            continue
        if node is None:
            report.errors.append(
                _("Line %(line)s: unknown sub-criterion “%(code)s”.")
                % {"line": line, "code": row.get("criterion_code", "")}
            )
            continue
        if node.method == ScoringMethod.SELF_APPRAISED:
            report.errors.append(
                _("Line %(line)s: %(code)s is self-assessed, not scored by survey.") % {"line": line, "code": node.code}
            )
            continue
        try:
            points = _number(row.get("points", ""))
        except InvalidOperation:
            report.errors.append(_("Line %(line)s: points are not a number.") % {"line": line})
            continue
        if not 0 <= points <= node.max_points:
            report.errors.append(
                _("Line %(line)s: points must be between 0 and %(max)s.") % {"line": line, "max": node.max_points}
            )
            continue
        planned.append((unit, node, points))
    if report.errors:
        return report
    for unit, node, points in planned:
        assessment = assessment_start(framework=framework, unit=unit)
        entry = Entry.objects.select_for_update().get(assessment=assessment, criterion=node)
        if entry.imported_points != points:
            _event(
                assessment,
                HistoryVerb.IMPORT,
                actor,
                criterion=node,
                from_points=entry.imported_points,
                to_points=points,
            )
        entry.imported_points = points
        entry.save(update_fields=["imported_points", "updated_at"])
        report.imported += 1
    return report
