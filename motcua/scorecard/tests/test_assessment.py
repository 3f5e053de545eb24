from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from motcua.scorecard import selectors, services
from motcua.scorecard.choices import AssessmentStatus, HistoryVerb
from motcua.scorecard.errors import ScorecardError
from motcua.scorecard.models import AssessmentEvent

from .factories import par_framework, self_assess_all

pytestmark = pytest.mark.django_db
D = Decimal


def crit(framework, code):
    return framework.nodes.get(code=code)


def survey_csv(framework, unit, share):
    rows = ["unit_code,criterion_code,points"]
    for node in framework.nodes.filter(children__isnull=True).exclude(method="self_appraised"):
        rows.append(f"{unit.code},{node.code},{(node.max_points * share).quantize(D('0.01'))}")
    return "\n".join(rows)


def appraised(framework, unit, officer, appraiser, *, share, survey_share):
    assessment = services.assessment_start(framework=framework, unit=unit)
    self_assess_all(assessment, officer, share=share)
    services.assessment_submit(assessment=assessment, actor=officer)
    report = services.survey_points_import(
        framework=framework, content=survey_csv(framework, unit, survey_share), actor=appraiser
    )
    assert report.errors == []
    return services.assessment_finish_appraisal(assessment=assessment, actor=appraiser)


def test_full_self_assessment_and_appraisal_gives_total_out_of_100(framework, world):
    a = appraised(
        framework, world.department, world.department_officer, world.appraiser, share=D(1), survey_share=D("0.8")
    )
    score = selectors.assessment_score(assessment=a)
    survey_max = sum(
        n.max_points for n in framework.nodes.filter(children__isnull=True).exclude(method="self_appraised")
    )
    assert score.achieved == D(100) - survey_max * D("0.2")
    assert score.percent == score.achieved
    assert a.status == AssessmentStatus.APPRAISED


def test_appraiser_adjustment_needs_a_reason_and_is_appended_to_history(framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(a, world.department_officer)
    services.assessment_submit(assessment=a, actor=world.department_officer)
    node = crit(framework, "1.3.1")
    with pytest.raises(ScorecardError, match="reason"), translation.override("en"):
        services.entry_appraise(assessment=a, criterion=node, points=D("0.5"), reason="", actor=world.appraiser)
    services.entry_appraise(
        assessment=a, criterion=node, points=D("0.5"), reason="Thiếu biên bản kiểm tra", actor=world.appraiser
    )
    services.entry_appraise(
        assessment=a, criterion=node, points=D("1.0"), reason="Đã bổ sung biên bản", actor=world.appraiser
    )
    events = list(
        AssessmentEvent.objects.filter(assessment=a, verb=HistoryVerb.APPRAISE).values_list("from_points", "to_points")
    )
    assert events == [(D("1.0"), D("0.5")), (D("0.5"), D("1.0"))]
    with pytest.raises(ValueError, match="append-only"):
        AssessmentEvent.objects.filter(assessment=a).first().save()


def test_points_above_the_maximum_are_refused(framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    with pytest.raises(ScorecardError, match=r"between 0 and 1\.00"), translation.override("en"):
        services.entry_self_assess(
            assessment=a, criterion=crit(framework, "1.3.1"), points=D(2), note="", actor=world.department_officer
        )


def test_submission_needs_every_self_assessed_sub_criterion(framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    with pytest.raises(ScorecardError, match=r"missing for: 1\.1\.1, 1\.1\.2"), translation.override("en"):
        services.assessment_submit(assessment=a, actor=world.department_officer)


def test_unit_cannot_edit_or_see_another_units_self_assessment_before_publication(framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    services.assessment_start(framework=framework, unit=world.commune)
    with pytest.raises(ScorecardError):
        services.entry_self_assess(
            assessment=a, criterion=crit(framework, "1.3.1"), points=D(1), note="", actor=world.commune_officer
        )
    assert selectors.assessment_for_actor(actor=world.commune_officer, pk=a.pk) is None
    assert [x.unit for x in selectors.assessment_list_for_actor(actor=world.commune_officer, framework=framework)] == [
        world.commune
    ]
    assert selectors.ranking_for_actor(actor=world.commune_officer, framework=framework) is None
    services.framework_publish(framework=framework, actor=world.appraiser)
    assert selectors.assessment_for_actor(actor=world.commune_officer, pk=a.pk) == a


def test_unit_officer_cannot_appraise_its_own_assessment(framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(a, world.department_officer)
    services.assessment_submit(assessment=a, actor=world.department_officer)
    with pytest.raises(ScorecardError, match="Only the Department"), translation.override("en"):
        services.assessment_finish_appraisal(assessment=a, actor=world.department_officer)


def test_submitted_assessment_is_locked_for_the_unit(framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(a, world.department_officer)
    services.assessment_submit(assessment=a, actor=world.department_officer)
    with pytest.raises(ScorecardError):
        services.entry_self_assess(
            assessment=a, criterion=crit(framework, "1.3.1"), points=D(1), note="", actor=world.department_officer
        )


def test_evidence_files_are_checked_by_content(framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    entry = a.entries.get(criterion__code="1.3.1")
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test evidence", content_type="application/pdf")
    evidence = services.evidence_attach(
        entry=entry, upload=pdf, filename="bien-ban.pdf", actor=world.department_officer
    )
    assert (evidence.content_type, evidence.size, len(evidence.sha256)) == ("application/pdf", 22, 64)
    fake = SimpleUploadedFile("anh.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ScorecardError) as info:
        services.evidence_attach(entry=entry, upload=fake, filename="anh.pdf", actor=world.department_officer)
    assert info.value.code == "bad_file"


def test_survey_import_reports_every_bad_line_and_stores_nothing(framework, world):
    content = f"unit_code,criterion_code,points\n{world.department.code},1.6.1,1\nNOPE,1.6.1,1\n{world.department.code},1.3.1,1\n{world.department.code},1.6.1,99\n"
    report = services.survey_points_import(framework=framework, content=content, actor=world.appraiser)
    assert len(report.errors) == 3
    assert report.imported == 0
    assert not framework.assessments.exists()


def test_ranking_year_on_year_and_lost_points(world):
    last_year, this_year = par_framework(2023), par_framework(2024)
    args = (world.department_officer, world.appraiser)
    appraised(last_year, world.department, *args, share=D("0.8"), survey_share=D("0.8"))
    appraised(this_year, world.department, *args, share=D("0.9"), survey_share=D("0.9"))
    appraised(this_year, world.commune, world.commune_officer, world.appraiser, share=D(1), survey_share=D("0.95"))
    rows = selectors.framework_ranking(framework=this_year)
    assert [(r.assessment.unit.name, r.rank, r.score.group) for r in rows] == [
        ("Xã Hòa Bình", 1, "A"),
        ("Sở Tư pháp", 2, "A"),
    ]
    assert rows[1].previous_percent == D("80.00")
    assert rows[1].change == D("10.00")
    lost = rows[0].score.lost_points()
    assert lost[0].node.code == "8.3.1"  # the largest survey item: 4 points × 5 %
    assert lost[0].lost == D("0.20")


def test_group_below_c_is_flagged_unverified(world):
    fw = par_framework(2024)
    a = appraised(
        fw, world.department, world.department_officer, world.appraiser, share=D("0.5"), survey_share=D("0.5")
    )
    score = selectors.assessment_score(assessment=a)
    assert (score.percent, score.group, score.group_unverified) == (D("50.00"), "D", True)
