"""A certified electronic copy is labelled as such in its owner's data store ("Bản sao chứng thực điện tử", ND
45/2020 and ND 23/2015 as amended), not as a dossier's electronic result; copies stored before the kind existed are
relabelled by datastore migration 0002, reversibly."""

from __future__ import annotations

from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from django.urls import reverse

from motcua.datastore.choices import StoredKind
from motcua.datastore.models import StoredDocument
from motcua.datastore.tests.factories import StoredDocumentFactory

from .test_certify import NOW, issue

pytestmark = pytest.mark.django_db
M0002 = import_module("motcua.datastore.migrations.0002_certified_copy_kind")


def test_a_certified_copy_is_stored_and_shown_as_a_certified_copy(cw, client):
    issue(cw)
    assert StoredDocument.objects.get(owner=cw.citizen).kind == StoredKind.CERTIFIED_COPY
    client.force_login(cw.citizen)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("citizen:data_store")).content.decode()
    assert '<p class="eyebrow">Bản sao chứng thực điện tử · <span class="code">1/2026/SCT-BSĐT</span>' in page


def test_migration_relabels_only_the_stored_certified_copies_and_back(cw):
    copy = issue(cw)
    stored = StoredDocument.objects.get(owner=cw.citizen)
    StoredDocument.objects.filter(pk=stored.pk).update(kind=StoredKind.RESULT)  # as stored before the kind existed
    result = StoredDocumentFactory(owner=cw.citizen)  # an e-result of a dossier
    same_hash_elsewhere = StoredDocumentFactory(owner=cw.officer, sha256=copy.sha256, file=copy.file.name)

    M0002.relabel_certified_copies(django_apps, None)

    kinds = dict(StoredDocument.objects.values_list("pk", "kind"))
    assert kinds == {
        stored.pk: StoredKind.CERTIFIED_COPY,
        result.pk: StoredKind.RESULT,
        same_hash_elsewhere.pk: StoredKind.RESULT,  # not the copy's owner: not the book's copy in their store
    }
    M0002.back_to_result(django_apps, None)
    assert set(StoredDocument.objects.values_list("kind", flat=True)) == {StoredKind.RESULT}
