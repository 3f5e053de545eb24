"""A bundle form sent twice files one bundle (issue 21 part 2; the project's one idempotency rule,
`core.idempotency.run_once`): the counter's and the portal's forms carry a one-time key made when the form is
shown, claimed in the same transaction as the bundle. A double click or a resubmitted form is shown the first
bundle; a racing twin waits on the key's unique index and then replays (PostgreSQL); a refused form may be
corrected and sent with the same key; the same key with other data, or from another account, is refused."""

from __future__ import annotations

import re
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.bundles.forms import new_key
from motcua.bundles.models import Bundle, BundleSubmission
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import officer_in, vn

from .conftest import BundleWorld, birth_papers
from .test_counter import form_data
from .test_views import form_data as portal_data

COUNTER = reverse("bundles:counter_intake", args=["LT-KHAISINH"])
PORTAL = reverse("bundles:apply", args=["LT-KHAISINH"])
AT = vn(2026, 3, 2, 10, 0)


@pytest.fixture
def documents(bw):
    return birth_papers(bw)


def post(client, url, data):
    with time_machine.travel(AT, tick=False):
        return client.post(url, data)


def shown_key(page) -> str:
    match = re.search(r'name="intake_key" value="([0-9a-f]{32})"', page.text)
    assert match, "the form carries its one-time key"
    return match.group(1)


def test_the_counter_form_sent_twice_files_one_bundle(bw, documents, client):
    client.force_login(bw.centre_officer)
    with time_machine.travel(AT, tick=False):
        key = shown_key(client.get(COUNTER))
    data = form_data(bw, documents, intake_key=key)
    first, second = post(client, COUNTER, data), post(client, COUNTER, data)
    bundle = Bundle.objects.get()
    receipt = reverse("bundles:receipt", args=[bundle.code])
    assert (first.status_code, first["Location"]) == (302, receipt)
    assert (second.status_code, second["Location"]) == (302, receipt)
    assert Dossier.objects.count() == 3 and BundleSubmission.objects.get().bundle == bundle
    page = client.get(receipt)
    assert f"Biểu mẫu này đã được gửi trước đó: hồ sơ liên thông {bundle.code} chỉ được lập một lần." in page.text
    # a new form (a new key) is another bundle
    again = post(client, COUNTER, form_data(bw, documents, intake_key=new_key()))
    assert again.status_code == 302 and Bundle.objects.count() == 2 and again["Location"] != receipt


def test_the_portal_form_sent_twice_files_one_bundle(bw, client):
    client.force_login(bw.citizen)
    with time_machine.travel(AT, tick=False):
        key = shown_key(client.get(PORTAL))
    data = portal_data(bw, intake_key=key)
    first, second = post(client, PORTAL, data), post(client, PORTAL, data)
    bundle = Bundle.objects.get()
    mine = reverse("bundles:my_detail", args=[bundle.code])
    assert first["Location"] == mine and second["Location"] == mine and Dossier.objects.count() == 3
    assert post(client, PORTAL, portal_data(bw, intake_key=new_key())).status_code == 302
    assert Bundle.objects.count() == 2


def test_a_refused_form_may_be_corrected_and_sent_with_the_same_key(bw, documents, client):
    """The claim rolls back with the refused bundle (ND 61/2018 art 17.1(b): an incomplete part is not
    received), so the corrected form keeps its key and files once."""
    client.force_login(bw.centre_officer)
    key = new_key()
    refused = post(client, COUNTER, form_data(bw, documents, co_1=[documents[0].pk], intake_key=key))
    assert refused.status_code == 400 and "Giấy chứng sinh" in refused.text and f'value="{key}"' in refused.text
    assert not BundleSubmission.objects.exists()
    assert post(client, COUNTER, form_data(bw, documents, intake_key=key)).status_code == 302
    assert Bundle.objects.count() == 1


def test_the_same_key_with_other_data_or_from_another_account_is_refused(bw, documents, client):
    client.force_login(bw.centre_officer)
    key = new_key()
    assert post(client, COUNTER, form_data(bw, documents, intake_key=key)).status_code == 302
    changed = post(client, COUNTER, form_data(bw, documents, subject_name="Trần Minh An", intake_key=key))
    assert changed.status_code == 400 and "Biểu mẫu này đã được gửi và hồ sơ liên thông đã được lập" in changed.text
    renewed = shown_key(changed)
    assert renewed != key  # the form shown again carries a fresh key: sending it files the other bundle
    colleague = officer_in(bw.centre, Role.COUNTER_OFFICER)
    client.force_login(colleague)
    other = post(client, COUNTER, form_data(bw, documents, intake_key=key))
    assert other.status_code == 400 and "Biểu mẫu này đã được gửi" in other.text
    assert Bundle.objects.count() == 1
    client.force_login(bw.centre_officer)
    again = post(client, COUNTER, form_data(bw, documents, subject_name="Trần Minh An", intake_key=renewed))
    assert again.status_code == 302 and Bundle.objects.count() == 2


@pytest.mark.parametrize("key", ["", "ngắn", "x" * 65, "a b c d e f g h i j"])
def test_a_form_without_a_usable_key_is_refused_in_vietnamese(bw, documents, client, key):
    client.force_login(bw.centre_officer)
    response = post(client, COUNTER, form_data(bw, documents, intake_key=key))
    assert response.status_code == 400 and "Biểu mẫu đã hết hiệu lực" in response.text
    assert re.fullmatch(r"[0-9a-f]{32}", shown_key(response))
    assert not Bundle.objects.exists() and not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_racing_twins_of_the_counter_form_file_one_bundle():
    bw = BundleWorld()
    data = form_data(bw, birth_papers(bw), intake_key=new_key())
    barrier = threading.Barrier(2)
    answers: list[tuple[int, str]] = []

    def send() -> None:
        try:
            client = Client()
            client.force_login(bw.centre_officer)
            barrier.wait()
            response = client.post(COUNTER, data)
            answers.append((response.status_code, response.get("Location", "")))
        finally:
            connections.close_all()

    with time_machine.travel(AT, tick=False):
        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    bundle = Bundle.objects.get()
    assert answers == [(302, reverse("bundles:receipt", args=[bundle.code]))] * 2
    assert Dossier.objects.count() == 3
