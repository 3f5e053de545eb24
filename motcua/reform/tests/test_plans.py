import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.reform import services
from motcua.reform.choices import DeadlineKind, FindingSeverity, FollowUpStatus, TaskStatus
from motcua.reform.models import TaskProgressEntry
from motcua.reform.selectors import plan_list_for_officer, task_is_overdue, task_list_for_plan
from motcua.workdays.calendar import VN_TZ

PDF = b"%PDF-1.4\n%test evidence\n"


def test_deadline_in_working_days_skips_weekends_and_holidays(world):
    plan = world.plan()
    # Thu 2026-04-23 + 5 working days: Fri 24, Mon 27, Tue 28, (Thu 30/4 and Fri 1/5 are holidays; Wed 29?)
    task = services.task_create(
        actor=world.manager,
        plan=plan,
        number="1",
        title="Công khai TTHC",
        lead_unit=world.commune_a,
        expected_output="Bảng niêm yết",
        start_date=dt.date(2026, 4, 23),
        working_days=5,
    )
    assert task.deadline_kind == DeadlineKind.WORKING_DAYS
    assert task.due_date == services.working_days_deadline(dt.date(2026, 4, 23), 5)
    assert task.due_date > dt.date(2026, 4, 30)


def test_deadline_in_working_days_over_a_plain_week(world):
    assert services.working_days_deadline(dt.date(2026, 3, 6), 3) == dt.date(2026, 3, 11)


def test_plan_overdue_tasks_show_up_by_vietnam_day(world):
    plan = world.plan()
    late = world.task(plan, due_date=dt.date(2026, 3, 9))
    world.task(plan, due_date=dt.date(2026, 3, 10))
    world.task(plan, due_date=dt.date(2026, 3, 1), status=TaskStatus.DONE, completed_on=dt.date(2026, 3, 1))

    # 00:30 on 10/3 in Vietnam is still 9/3 in Los Angeles (the test time zone)
    with time_machine.travel(dt.datetime(2026, 3, 10, 0, 30, tzinfo=VN_TZ), tick=False):
        overdue = list(task_list_for_plan(plan=plan, only_overdue=True))
        listed = plan_list_for_officer(officer=world.manager).get(pk=plan.pk)

    assert overdue == [late]
    assert listed.overdue_count == 1
    assert task_is_overdue(late, today=dt.date(2026, 3, 10))


def test_lead_unit_reports_progress_with_evidence_and_log_is_append_only(world):
    task = world.task(world.plan())
    upload = services.EvidenceUpload(file=SimpleUploadedFile("bien-ban.pdf", PDF), name="bien-ban.pdf")

    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN_TZ), tick=False):
        entry = services.task_report_progress(
            actor=world.officer_a, task=task, progress=40, status=TaskStatus.DONE, note="Đã xong", files=[upload]
        )

    task.refresh_from_db()
    assert (task.progress, task.completed_on) == (100, dt.date(2026, 3, 10))
    assert entry.files.get().sha256
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert TaskProgressEntry.objects.count() == 1


def test_other_unit_cannot_report_progress_on_a_task_it_does_not_lead(world):
    task = world.task(world.plan(), lead_unit=world.commune_a)
    with pytest.raises(PermissionDenied):
        services.task_report_progress(actor=world.officer_b, task=task, progress=50, status=TaskStatus.IN_PROGRESS)


def test_evidence_with_forged_extension_is_refused(world):
    task = world.task(world.plan())
    upload = services.EvidenceUpload(file=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary"), name="virus.pdf")
    with pytest.raises(ValidationError):
        services.task_report_progress(
            actor=world.officer_a, task=task, progress=10, status=TaskStatus.IN_PROGRESS, files=[upload]
        )
    assert TaskProgressEntry.objects.count() == 0


def test_only_managing_unit_creates_tasks(world):
    plan = world.plan()
    with pytest.raises(PermissionDenied):
        services.task_create(
            actor=world.leader_a,
            plan=plan,
            number="9",
            title="Tự giao",
            lead_unit=world.commune_a,
            expected_output="—",
            due_date=dt.date(2026, 12, 31),
        )


def test_commune_sees_plan_only_when_it_takes_part(world):
    plan = world.plan()
    world.task(plan, lead_unit=world.commune_a)

    assert list(plan_list_for_officer(officer=world.officer_a)) == [plan]
    assert list(plan_list_for_officer(officer=world.officer_b)) == []


def test_inspection_finding_follow_up_is_reported_by_inspected_unit(world):
    plan = world.plan()
    inspection = services.inspection_record(
        actor=world.manager,
        plan=plan,
        inspected_unit=world.commune_a,
        visit_date=dt.date(2026, 5, 5),
        findings=[
            services.FindingInput(
                "Chưa niêm yết đủ TTHC", FindingSeverity.MINOR, "Niêm yết bổ sung", dt.date(2026, 6, 1)
            )
        ],
    )
    finding = inspection.findings.get()
    with pytest.raises(PermissionDenied):
        services.finding_follow_up_report(actor=world.officer_b, finding=finding, note="x")

    services.finding_follow_up_report(actor=world.officer_a, finding=finding, note="Đã niêm yết")

    finding.refresh_from_db()
    assert finding.follow_up_status == FollowUpStatus.DONE
