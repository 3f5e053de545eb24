"""Survey computation: question rates → element indices → indices → overall index, by unit and by province.

Default formula (configurable per survey, see `models.survey` and docs/domain/sipas.md): a question's rate is
satisfied answers / valid answers × 100; the element index is the weighted mean of its questions' rates; an
index is the weighted mean of its elements; the overall index is the weighted mean of the indices. A group is
pooled (answers of all its units counted together), so a province's figure is not a mean of unit means.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from motcua.units.selectors import unit_province

from ..access import can_manage_survey
from ..choices import SurveyStatus
from ..models import Survey, SurveyAnswer, SurveyElement, SurveyIndex, SurveyResponse

TWO = Decimal("0.01")


def survey_list_for_officer(*, officer) -> QuerySet[Survey]:
    surveys = Survey.objects.select_related("organizer")
    if officer.is_superuser:
        return surveys
    from motcua.accounts.selectors import officer_unit_ids

    return surveys.filter(organizer_id__in=officer_unit_ids(officer=officer))


def survey_get_for_officer(*, officer, pk: int) -> Survey:
    survey = Survey.objects.select_related("organizer").get(pk=pk)
    if not can_manage_survey(officer, survey):
        raise Survey.DoesNotExist
    return survey


def survey_structure(survey: Survey) -> list[tuple[SurveyElement, list]]:
    """Elements with their questions, in questionnaire order (two queries)."""
    elements = list(survey.elements.select_related("index").prefetch_related("questions"))
    return [(element, list(element.questions.all())) for element in elements]


def _weighted_mean(pairs) -> Decimal | None:
    pairs = [(value, weight) for value, weight in pairs if value is not None and weight > 0]
    total = sum((weight for _v, weight in pairs), Decimal(0))
    if not pairs or total == 0:
        return None
    return sum((value * weight for value, weight in pairs), Decimal(0)) / total


@dataclass
class ResultRow:
    label: str
    unit_id: int | None
    responses: int
    elements: dict[int, Decimal | None] = field(default_factory=dict)
    indices: dict[int, Decimal | None] = field(default_factory=dict)
    overall: Decimal | None = None
    ranked: bool = False
    rank: int | None = None


@dataclass
class SurveyResults:
    survey: Survey
    indices: list[SurveyIndex]
    elements: list[SurveyElement]
    units: list[ResultRow]
    provinces: list[ResultRow]
    total: ResultRow


def _compute(survey, label, unit_id, responses, counts, questions_by_element, elements, indices) -> ResultRow:
    """`counts[question_id] = (valid, satisfied)` pooled over the group."""
    row = ResultRow(label=label, unit_id=unit_id, responses=responses)
    for element in elements:
        rates = []
        for question in questions_by_element[element.pk]:
            valid, satisfied = counts.get(question.pk, (0, 0))
            rates.append((Decimal(satisfied) * 100 / valid if valid else None, question.weight))
        row.elements[element.pk] = _weighted_mean(rates)
    for index in indices:
        members = [(row.elements[e.pk], e.weight) for e in elements if e.index_id == index.pk]
        row.indices[index.pk] = _weighted_mean(members)
    row.overall = _weighted_mean([(row.indices[i.pk], i.weight) for i in indices])
    row.elements = {k: _round(v) for k, v in row.elements.items()}
    row.indices = {k: _round(v) for k, v in row.indices.items()}
    row.overall = _round(row.overall)
    row.ranked = responses >= survey.min_sample and row.overall is not None
    return row


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO, rounding=ROUND_HALF_UP)


def _rank(rows: list[ResultRow]) -> list[ResultRow]:
    """Rank rows with enough responses (sample-size guard), best first; the others follow, unranked."""
    ranked = sorted((r for r in rows if r.ranked), key=lambda r: (-r.overall, r.label))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked + sorted((r for r in rows if not r.ranked), key=lambda r: r.label)


def survey_results(*, survey: Survey) -> SurveyResults:
    """Element indices, indices and the overall index for every surveyed unit, each province and in total,
    with sample sizes; three aggregate queries whatever the number of responses."""
    indices = list(survey.indices.all())
    structure = survey_structure(survey)
    elements = [element for element, _q in structure]
    questions_by_element = {element.pk: questions for element, questions in structure}
    per_unit: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    rows = (
        SurveyAnswer.objects.filter(response__survey=survey)
        .values("response__unit_id", "question_id")
        .annotate(valid=Count("pk"), satisfied=Count("pk", filter=Q(value__gte=survey.satisfied_from)))
    )
    for item in rows:
        per_unit[item["response__unit_id"]][item["question_id"]] = (item["valid"], item["satisfied"])
    responses = dict(
        SurveyResponse.objects.filter(survey=survey)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    targets = list(survey.targets.select_related("unit"))
    unit_rows = []
    groups: dict[int | None, list[int]] = defaultdict(list)
    province_names: dict[int | None, str] = {}
    for target in targets:
        unit = target.unit
        unit_rows.append(
            _compute(
                survey,
                unit.name,
                unit.pk,
                responses.get(unit.pk, 0),
                per_unit.get(unit.pk, {}),
                questions_by_element,
                elements,
                indices,
            )
        )
        province = unit_province(unit)
        key = province.pk if province else None
        province_names[key] = province.name if province else "—"
        groups[key].append(unit.pk)

    def pooled(unit_ids):
        counts: dict[int, tuple[int, int]] = {}
        for unit_id in unit_ids:
            for question_id, (valid, satisfied) in per_unit.get(unit_id, {}).items():
                old = counts.get(question_id, (0, 0))
                counts[question_id] = (old[0] + valid, old[1] + satisfied)
        return counts, sum(responses.get(u, 0) for u in unit_ids)

    province_rows = []
    for key, unit_ids in groups.items():
        counts, n = pooled(unit_ids)
        province_rows.append(
            _compute(survey, province_names[key], key, n, counts, questions_by_element, elements, indices)
        )
    counts, n = pooled([t.unit_id for t in targets])
    total = _compute(survey, str(survey), None, n, counts, questions_by_element, elements, indices)
    return SurveyResults(
        survey=survey,
        indices=indices,
        elements=elements,
        units=_rank(unit_rows),
        provinces=_rank(province_rows),
        total=total,
    )


def survey_public_get(*, code: str) -> Survey:
    return Survey.objects.exclude(status=SurveyStatus.DRAFT).get(code=code)
