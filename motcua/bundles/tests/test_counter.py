"""Counter intake of a bundle (ND 61/2018 art 17 and 19): the counter officer enters the applicant once, the part
the receiving unit decides is received there and then (complete or refused), the other agencies' parts are sent to
them through the same bundle service as the portal, one receipt carries the bundle code and the one total
appointment (15:00 cut-off), and every read and write is scoped to the officer's counters."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from motcua.accounts.choices import Role
from motcua.bundles import services
from motcua.bundles.forms import new_key
from motcua.bundles.models import Bundle
from motcua.bundles.services import BundleError
from motcua.dossiers.choices import Action, Channel, DossierStatus, NotificationStatus
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, Notification
from motcua.dossiers.notifications import notifications_send_pending
from motcua.dossiers.public import public_events
from motcua.dossiers.services import dossier_submit
from motcua.dossiers.tests.factories import officer_in, vn
from motcua.integrations.dvcqg.envelope import progress_row
from motcua.metrics.selectors import period_report

from .conftest import birth_papers

S = DossierStatus


@pytest.fixture
def documents(bw):
    return birth_papers(bw)


def receive(bw, *, at, officer=None, presented=None, **changes):
    values = {
        "definition": bw.birth,
        "receiving_unit": bw.centre,
        "officer": officer or bw.centre_officer,
        "applicant_name": "Nguyễn Thị Mai",
        "applicant_phone": "0912345678",
        "applicant_email": "mai@example.com",
        "subject_name": "Trần Minh Khang",
        "subject_date": dt.date(2026, 2, 20),
        "presented": presented or {},
    }
    values.update(changes)
    with time_machine.travel(at, tick=False):
        return services.bundle_apply(**values)


def test_the_counter_receives_its_part_and_sends_the_others(bw, documents, mailoutbox):
    bundle = receive(bw, at=vn(2026, 3, 2, 10, 0), presented={1: [d.pk for d in documents]})
    assert bundle.channel == Channel.COUNTER and bundle.filed_by == bw.centre_officer
    assert bundle.due_at == vn(2026, 3, 5, 10, 0)  # 3 working days from Monday 10:00
    birth, residence, insurance = (p.dossier for p in bundle.parts.order_by("component__order"))
    # the commune's own part is received at the counter: register number, clock, reception event by the officer
    assert birth.status == S.RECEIVED and birth.channel == Channel.COUNTER and birth.register_number
    first = birth.events.get(seq=1)
    assert first.action == Action.RECEIVE and first.actor == bw.centre_officer
    # the other agencies' parts are sent to them, filed by the officer, for their own reception
    for part, unit in ((residence, bw.police), (insurance, bw.insurance)):
        assert part.status == S.SUBMITTED and part.receiving_unit == unit
        assert part.events.get(seq=1).actor == bw.centre_officer
    # one notice for the whole bundle; the three components' own intake notices are withheld
    rows = Notification.objects.filter(dossier__bundle_part__bundle=bundle)
    assert rows.filter(status=NotificationStatus.PENDING).count() == 2
    assert rows.filter(status=NotificationStatus.SKIPPED, error=f"bundle {bundle.code}").count() == 6
    notifications_send_pending()
    (mail,) = mailoutbox
    assert mail.subject == f"Hồ sơ liên thông {bundle.code}: đã tiếp nhận tại quầy"
    assert "10:00 05/03/2026" in mail.body and birth.code in mail.body


def test_every_part_of_a_counter_bundle_stays_on_the_counter_channel(bw, documents):
    """`KenhThucHien` (ND 61/2018 art 16; 1 counter, 2 online): the parts the centre sends on electronically to the
    other agencies (art 19) were handed in at the counter, so the online-filing rate (received online / received,
    `metrics.figures`) does not count them; a bundle filed on the portal stays online in every part."""
    bundle = receive(bw, at=vn(2026, 3, 2, 10, 0), presented={1: [d.pk for d in documents]})
    birth, residence, insurance = (p.dossier for p in bundle.parts.order_by("component__order"))
    assert [d.channel for d in (birth, residence, insurance)] == [Channel.COUNTER] * 3
    assert residence.events.get(seq=1).data["channel"] == Channel.COUNTER
    # the period report counts the three parts as received at the counter, none online
    march = {"unit": bw.province, "start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
    received = period_report(**march, now=vn(2026, 3, 2, 12, 0)).received
    assert (received["counter"], received["online"]) == (3, 0)
    with time_machine.travel(vn(2026, 3, 2, 13, 0), tick=False):
        online = services.bundle_apply(
            definition=bw.birth,
            receiving_unit=bw.centre,
            applicant_user=bw.citizen,
            applicant_name="Nguyễn Thị Mai",
            applicant_phone="0912345678",
            subject_name="Trần Minh An",
            subject_date=dt.date(2026, 2, 21),
        )
    assert {p.dossier.channel for p in online.parts.all()} == {Channel.ONLINE}
    with pytest.raises(DossierError):  # the intake service takes only the channels of `KenhThucHien`
        dossier_submit(procedure=residence.procedure, receiving_unit=bw.police, applicant_name="A", channel="fax")


def test_a_part_sent_on_from_the_counter_reads_as_counter_reception_not_online_filing(bw, documents, client):
    """The history is the legal record (ND 61/2018 art 19.1: every step logged): the other agencies' parts of a
    counter bundle were received at the one-stop counter and sent on (art 19.5), so their first event does not say
    "Nộp trực tuyến". The label follows the channel stored in the event (`choices.event_label`), so the rows
    written before this fix read correctly too; a portal filing still reads as online. The period report counts by
    the dossier's channel, not by this label: three parts at the counter, none online."""
    bundle = receive(bw, at=vn(2026, 3, 2, 10, 0), presented={1: [d.pk for d in documents]})
    birth, residence, insurance = (p.dossier for p in bundle.parts.order_by("component__order"))
    sent_on = "Tiếp nhận tại Bộ phận Một cửa, chuyển liên thông"
    with translation.override("vi"):
        for part in (residence, insurance):
            first = part.events.get(seq=1)
            assert first.action == Action.SUBMIT and first.action_label == sent_on
            assert progress_row(first)["NoiDungXuLy"] == sent_on  # what the national portal is told
            assert public_events([first])[0].label == sent_on  # what the applicant's tracking page says
        assert birth.events.get(seq=1).action_label == "Tiếp nhận"
    client.force_login(bw.police_officer)
    with translation.override("vi"), time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        page = client.get(reverse("console:dossier", args=[residence.code]), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    history = page.content.decode().split('class="cs-timeline"')[1]
    assert sent_on in history and "Nộp trực tuyến" not in history
    march = {"unit": bw.province, "start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
    received = period_report(**march, now=vn(2026, 3, 2, 12, 0)).received
    assert (received["counter"], received["online"]) == (3, 0)
    with time_machine.travel(vn(2026, 3, 2, 13, 0), tick=False):
        online = services.bundle_apply(
            definition=bw.birth,
            receiving_unit=bw.centre,
            applicant_user=bw.citizen,
            applicant_name="Nguyễn Thị Mai",
            applicant_phone="0912345678",
            subject_name="Trần Minh An",
            subject_date=dt.date(2026, 2, 21),
        )
    with translation.override("vi"):
        assert {p.dossier.events.get(seq=1).action_label for p in online.parts.all()} == {"Nộp trực tuyến"}
        assert public_events([online.parts.first().dossier.events.get(seq=1)])[0].label == "Đã nộp trực tuyến"


def test_received_after_15_00_counts_from_the_next_working_day(bw, documents):
    """The cut-off of the bundle (ND 63/2024 as cited in rules.py) applies at the counter as online."""
    bundle = receive(bw, at=vn(2026, 3, 2, 15, 30), presented={1: [d.pk for d in documents]})
    assert bundle.clock_started_at == vn(2026, 3, 3, 7, 30)
    assert bundle.due_at == vn(2026, 3, 5, 17, 0)


def test_an_incomplete_part_refuses_the_whole_bundle(bw, documents):
    """ND 61/2018 art 17.1(b): an incomplete dossier is not received; the officer is told every missing item."""
    with pytest.raises(BundleError, match="Giấy chứng sinh") as refused:
        receive(bw, at=vn(2026, 3, 2, 10, 0), presented={1: [documents[0].pk]})
    assert refused.value.code == "incomplete" and refused.value.message.startswith("Đăng ký khai sinh: ")
    assert not Bundle.objects.exists() and not Dossier.objects.exists()


def test_only_the_officers_own_counter(bw, documents):
    with pytest.raises(BundleError, match="tại quầy của đơn vị mình"):
        receive(bw, at=vn(2026, 3, 2, 10, 0), officer=bw.other_officer, presented={1: [d.pk for d in documents]})
    # a police specialist holds no counter role at the commune centre either
    with pytest.raises(BundleError, match="tại quầy của đơn vị mình"):
        receive(bw, at=vn(2026, 3, 2, 10, 0), officer=bw.police_officer, presented={1: [d.pk for d in documents]})
    assert not Bundle.objects.exists() and not Dossier.objects.exists()


# --- the pages ---------------------------------------------------------------------------------------------------


def form_data(bw, documents, **changes):
    data = {
        "receiving_unit": bw.centre.pk,
        "applicant_name": "Nguyễn Thị Mai",
        "applicant_id_number": "001190012345",
        "applicant_phone": "0912345678",
        "applicant_email": "",
        "applicant_address": "Thôn 1, xã Tân Lập",
        "subject_name": "Trần Minh Khang",
        "subject_date": "20/02/2026",
        "co_1": [d.pk for d in documents],
        "intake_key": new_key(),
    }
    data.update(changes)
    return data


def test_counter_intake_page_receipt_and_scope(bw, documents, client):
    client.force_login(bw.centre_officer)
    assert "LT-KHAISINH" in client.get(reverse("bundles:counter_choose")).text
    url = reverse("bundles:counter_intake", args=["LT-KHAISINH"])
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        page = client.get(url)
        assert page.status_code == 200 and "Giấy tờ đã xuất trình cho: Đăng ký khai sinh" in page.text
        response = client.post(url, form_data(bw, documents))
    bundle = Bundle.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("bundles:receipt", args=[bundle.code])
    with time_machine.travel(vn(2026, 3, 2, 10, 5), tick=False):
        receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert (
        bundle.code in receipt.text and "Hẹn trả toàn bộ kết quả" in receipt.text and "10:00 05/03/2026" in receipt.text
    )
    assert all(p.dossier.code in receipt.text for p in bundle.parts.all())
    # another commune's officer sees neither the receipt nor the bundle
    client.force_login(bw.other_officer)
    assert client.get(response["Location"]).status_code == 404


def test_an_officer_without_a_counter_role_is_turned_away(bw, client):
    client.force_login(bw.police_officer)
    assert client.get(reverse("bundles:counter_choose")).status_code == 403
    assert client.get(reverse("bundles:counter_intake", args=["LT-KHAISINH"])).status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"applicant_name": ""}, "Trường này là bắt buộc."),
        ({"applicant_phone": "12345"}, "Nhập số điện thoại"),
        ({"subject_date": "31/02/2026"}, "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 07/03/2026."),
        ({"subject_date": "01/01/2019"}, "dưới 6 tuổi"),
        ({"co_1": []}, "Giấy chứng sinh"),
        ({"co_1": ["999999"]}, "Chọn giấy tờ trong danh sách."),
    ],
)
def test_bad_input_is_refused_in_vietnamese(bw, documents, client, changes, message):
    client.force_login(bw.centre_officer)
    url = reverse("bundles:counter_intake", args=["LT-KHAISINH"])
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        response = client.post(url, form_data(bw, documents, **changes))
    assert response.status_code == 400 and message in response.text
    assert not Bundle.objects.exists() and not Dossier.objects.exists()


def test_a_unit_outside_the_officers_counters_is_refused(bw, documents, client):
    """The counter list is the officer's own; a posted id of another unit is refused, not used."""
    officer_in(bw.other_committee, Role.COUNTER_OFFICER)
    client.force_login(bw.centre_officer)
    url = reverse("bundles:counter_intake", args=["LT-KHAISINH"])
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        response = client.post(url, form_data(bw, documents, receiving_unit=bw.other_committee.pk))
    assert response.status_code == 400 and "Hãy chọn một đơn vị trong danh sách." in response.text
    assert not Bundle.objects.exists()
