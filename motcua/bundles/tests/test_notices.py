"""One notice per bundle after the application too: a supplement request or a refusal of one agency's part is one
bundle notice, the parts' results are one notice when the last part finishes (motcua.bundles.notices; ND 61/2018
art 17 and 19: the applicant is told, once, by the one-stop unit). Every test counts the outbox rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.accounts.choices import Role
from motcua.bundles import notices, services
from motcua.bundles.models import Bundle
from motcua.dossiers import events
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import DossierStatus, NotificationStatus
from motcua.dossiers.models import Notification
from motcua.dossiers.notifications import notifications_send_pending
from motcua.dossiers.tests.factories import DepartmentFactory, ProcedureFactory, officer_in, vn

S = DossierStatus
PENDING = NotificationStatus.PENDING


def apply(bw):
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        return services.bundle_apply(
            definition=bw.birth,
            receiving_unit=bw.centre,
            applicant_user=bw.citizen,
            applicant_name="Nguyễn Thị Mai",
            applicant_phone="0912345678",
            applicant_email="mai@example.com",
            subject_name="Trần Minh Khang",
            subject_date=dt.date(2026, 2, 20),
        )


def pending(bundle, template=None):
    rows = Notification.objects.filter(dossier__bundle_part__bundle=bundle, status=PENDING)
    return list(rows.filter(template=template) if template else rows)


def act(function, dossier, *, at, officer, **kwargs):
    dossier.refresh_from_db()
    with time_machine.travel(at, tick=False):
        return function(officer=officer, dossier=dossier, expected_version=dossier.version, **kwargs)


class Agency:
    """The officers of one part's agency: counter, and a department with a specialist and a leader."""

    def __init__(self, unit) -> None:
        self.counter = officer_in(unit, Role.COUNTER_OFFICER)
        self.department = DepartmentFactory(parent=unit)
        self.specialist = officer_in(self.department, Role.SPECIALIST)
        self.leader = officer_in(self.department, Role.UNIT_LEADER)

    def to_result(self, dossier, *, at):
        """Receive → forward → appraise → approve → sign, one hour apart, through the dossier services."""
        steps = [
            (dossier_services.dossier_receive, self.counter, {}),
            (dossier_services.dossier_forward, self.counter, {"to_units": [self.department]}),
            (dossier_services.dossier_appraise, self.specialist, {"opinion": "Đủ điều kiện"}),
            (dossier_services.dossier_approve, self.leader, {}),
            (dossier_services.dossier_sign, self.leader, {}),
        ]
        for n, (function, officer, kwargs) in enumerate(steps):
            dossier = act(function, dossier, at=at + dt.timedelta(minutes=10 * n), officer=officer, **kwargs)
        assert dossier.status == S.RESULT_READY
        return dossier


@pytest.fixture
def sent(bw, mailoutbox):
    """Send the application notice first, so each test counts only what its own actions queue and send."""
    bundle = apply(bw)
    assert len(pending(bundle, services.NOTICE_TEMPLATE)) == 2  # e-mail + SMS rows of the one application notice
    notifications_send_pending()
    assert pending(bundle) == [] and len(mailoutbox) == 1
    mailoutbox.clear()
    return bundle


def test_the_bundle_subscriber_runs_after_the_dossier_notices():
    names = events.subscribers(events.IN_TRANSACTION)
    assert names.index("bundles.notices") > names.index("dossiers.notifications")


def test_a_supplement_request_of_one_part_is_one_bundle_notice(bw, sent, mailoutbox):
    birth = sent.parts.get(component__order=1).dossier
    act(
        dossier_services.dossier_request_supplement,
        birth,
        at=vn(2026, 3, 2, 11, 0),
        officer=bw.centre_officer,
        items=["Giấy chứng sinh bản chính"],
    )
    rows = pending(sent)
    assert {r.template for r in rows} == {notices.UPDATE_TEMPLATE} and len(rows) == 2  # one notice, two channels
    own = Notification.objects.filter(dossier=birth, template="supplement_requested")
    assert own.count() == 2 and all(r.status == NotificationStatus.SKIPPED for r in own)  # kept as a record
    notifications_send_pending()
    (mail,) = mailoutbox
    assert mail.subject == (
        f"Hồ sơ liên thông {sent.code}: Trung tâm Phục vụ hành chính công xã Tân Lập yêu cầu bổ sung phần "
        "“Đăng ký khai sinh”"
    )
    assert "- Giấy chứng sinh bản chính" in mail.body and birth.code in mail.body


def test_results_are_one_notice_when_the_last_part_finishes(bw, sent, mailoutbox):
    agencies = {bw.centre.pk: Agency(bw.centre), bw.police.pk: Agency(bw.police), bw.insurance.pk: Agency(bw.insurance)}
    parts = list(sent.parts.select_related("dossier").order_by("component__order"))
    for n, part in enumerate(parts[:-1]):
        agencies[part.unit_id].to_result(part.dossier, at=vn(2026, 3, 2, 13, 0) + dt.timedelta(hours=n))
        assert pending(sent) == []  # a part's result alone tells the applicant nothing yet
    last = parts[-1]
    agencies[last.unit_id].to_result(last.dossier, at=vn(2026, 3, 3, 9, 0))
    rows = pending(sent)
    assert {r.template for r in rows} == {notices.RESULT_TEMPLATE} and len(rows) == 2
    withheld = Notification.objects.filter(
        dossier__bundle_part__bundle=sent, template="result_ready", status=NotificationStatus.SKIPPED
    )
    assert withheld.count() == 6  # the three parts' own result notices, e-mail and SMS
    notifications_send_pending()
    (mail,) = mailoutbox
    assert mail.subject == f"Hồ sơ liên thông {sent.code}: đã có đủ kết quả"
    assert all(p.dossier.code in mail.body for p in parts) and "Công an tỉnh" in mail.body
    assert Bundle.objects.get(pk=sent.pk).result_notified_at == vn(2026, 3, 3, 9, 40)

    # delivering a result afterwards is the part's own notice, and never a second bundle result
    police = agencies[bw.police.pk]
    police_dossier = sent.parts.get(unit=bw.police).dossier
    act(
        dossier_services.dossier_deliver,
        police_dossier,
        at=vn(2026, 3, 4, 9, 0),
        officer=police.counter,
        method="counter",
    )
    assert [r.template for r in pending(sent)] == ["delivered", "delivered"]


def test_a_refused_part_is_told_at_once_and_the_end_once(bw, sent, mailoutbox):
    police_counter = officer_in(bw.police, Role.COUNTER_OFFICER)
    residence = sent.parts.get(unit=bw.police).dossier
    act(
        dossier_services.dossier_refuse_reception,
        residence,
        at=vn(2026, 3, 2, 11, 0),
        officer=police_counter,
        reason="Địa chỉ thường trú không có trong cơ sở dữ liệu cư trú",
    )
    rows = pending(sent)
    assert {r.template for r in rows} == {notices.UPDATE_TEMPLATE} and len(rows) == 2
    notifications_send_pending()
    assert "Đăng ký thường trú" in mailoutbox[0].subject and "Công an tỉnh" in mailoutbox[0].subject
    assert "Địa chỉ thường trú không có" in mailoutbox[0].body

    for unit in (bw.centre, bw.insurance):
        part = sent.parts.get(unit=unit)
        Agency(unit).to_result(part.dossier, at=vn(2026, 3, 2, 13, 0))
    rows = pending(sent)
    assert {r.template for r in rows} == {notices.RESULT_TEMPLATE} and len(rows) == 2
    notifications_send_pending()
    assert mailoutbox[1].subject == f"Hồ sơ liên thông {sent.code}: các cơ quan đã giải quyết xong"
    assert "- Đăng ký thường trú: Từ chối tiếp nhận (Công an tỉnh" in mailoutbox[1].body
    assert "- Đăng ký khai sinh: Đã có kết quả" in mailoutbox[1].body


def test_a_dossier_outside_bundles_keeps_its_own_notices(bw):
    procedure = ProcedureFactory(setup=[])
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        dossier = dossier_services.dossier_submit(
            procedure=procedure, receiving_unit=bw.centre, applicant_name="Lê Văn Nam", applicant_phone="0901234567"
        )
    act(
        dossier_services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 2, 10, 0),
        officer=bw.centre_officer,
        items=["Tờ khai"],
    )
    rows = Notification.objects.filter(dossier=dossier, template="supplement_requested")
    assert [r.status for r in rows.order_by("channel")] == [NotificationStatus.SKIPPED, PENDING]  # no e-mail address
