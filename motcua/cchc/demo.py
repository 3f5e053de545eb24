"""Demo province-internal assessment round on this year's PAR INDEX framework (docs/demo.md): two departments
and three communes self-assessed and submitted, survey points imported, the Department (`motcua.sonoivu`)
appraised three of them (two adjustments with reasons) and part of a fourth — so the ranking and the lost-points
view show data. The unit focal officer `motcua.daumoi` belongs to the five units. Idempotent: a unit that already
has an assessment is left alone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.accounts.services import membership_grant, user_create
from motcua.reform.demo import DEMO_PASSWORD, demo_reform_units, department_officer
from motcua.scorecard import services
from motcua.scorecard.choices import ScoringMethod
from motcua.scorecard.demo import current_par_framework
from motcua.scorecard.models import Assessment

FOCAL_USERNAME = "motcua.daumoi"
# share of the maximum each unit gives itself, and how much of it the Department keeps on two items
SHARES = (Decimal("0.96"), Decimal("0.86"), Decimal("0.91"), Decimal("0.78"), Decimal("0.83"))


def _points(maximum: Decimal, share: Decimal, position: int) -> Decimal:
    wobble = Decimal((position * 7) % 5 - 2) / Decimal(50)  # −0.04 … +0.04, deterministic
    value = maximum * min(Decimal(1), max(Decimal(0), share + wobble))
    return value.quantize(Decimal("0.25") if maximum >= 1 else Decimal("0.01"), rounding=ROUND_HALF_UP)


def focal_officer(units) -> User:
    user = User.objects.filter(username=FOCAL_USERNAME).first()
    if user is None:
        user = user_create(
            username=FOCAL_USERNAME, password=DEMO_PASSWORD, full_name="Đỗ Văn Đầu Mối", kind=UserKind.OFFICER
        )
    for unit in units:
        membership_grant(user=user, unit=unit, role=Role.SPECIALIST)
    return user


def load_assessment_demo() -> dict[str, int]:
    units = demo_reform_units()
    assessed = [*units["departments"][:2], *units["communes"][:3]]
    appraiser = department_officer(units["home_affairs"])
    focal = focal_officer(assessed)
    framework = current_par_framework()
    leaves = list(framework.nodes.filter(children__isnull=True).order_by("position"))
    created = 0
    survey_lines = ["unit_code,criterion_code,points"]
    fresh = []
    for number, unit in enumerate(assessed):
        if Assessment.objects.filter(framework=framework, unit=unit).exists():
            continue
        assessment = services.assessment_start(framework=framework, unit=unit)
        for position, leaf in enumerate(leaves):
            points = _points(leaf.max_points, SHARES[number], position)
            if leaf.method == ScoringMethod.SELF_APPRAISED:
                services.entry_self_assess(
                    assessment=assessment, criterion=leaf, points=points, note="Có văn bản minh chứng", actor=focal
                )
            else:
                survey_lines.append(f"{unit.code},{leaf.code},{points}")
        services.assessment_submit(assessment=assessment, actor=focal)
        fresh.append((number, assessment))
        created += 1
    if len(survey_lines) > 1:
        report = services.survey_points_import(framework=framework, content="\n".join(survey_lines), actor=appraiser)
        if report.errors:
            raise ValueError("; ".join(report.errors))
    self_leaves = [leaf for leaf in leaves if leaf.method == ScoringMethod.SELF_APPRAISED]
    for number, assessment in fresh:
        if number > 3:
            continue  # the last commune waits for appraisal
        for leaf in self_leaves[number : number + 2]:
            entry = assessment.entries.get(criterion=leaf)
            adjusted = (entry.self_points * Decimal("0.5")).quantize(Decimal("0.25"), rounding=ROUND_HALF_UP)
            services.entry_appraise(
                assessment=assessment,
                criterion=leaf,
                points=adjusted,
                reason="Minh chứng chưa đầy đủ (mẫu / demo)",
                actor=appraiser,
            )
        if number < 3:
            services.assessment_finish_appraisal(assessment=assessment, actor=appraiser)
    return {"assessments": created, "leaves": len(leaves)}
