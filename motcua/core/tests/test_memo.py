"""core.memo: what another process changed is seen at the next request (the shared version), a change in an open
transaction bypasses the memo, and a rolled-back change leaves nothing behind."""

import pytest
from django.core.cache import cache
from django.db import transaction

from motcua.core.memo import VERSION_KEY, memo
from motcua.units.models import Unit
from motcua.units.tests.factories import ProvinceFactory


@pytest.fixture(autouse=True)
def _fresh():
    memo.clear()
    cache.delete(VERSION_KEY)
    yield
    memo.clear()


def name_of(pk):
    return memo.get(("unit-name", pk), lambda: Unit.objects.get(pk=pk).name)


@pytest.mark.django_db
def test_another_process_change_is_seen_at_the_next_request():
    unit = ProvinceFactory(name="Tỉnh Một")
    memo.clear()  # as between requests: nothing pending
    assert name_of(unit.pk) == "Tỉnh Một"
    Unit.objects.filter(pk=unit.pk).update(name="Tỉnh Hai")  # another process: no signal here
    memo.request_started()  # what request_started calls (not sent here: it also closes the test's connection)
    assert name_of(unit.pk) == "Tỉnh Một"  # same version: still memoised
    cache.set(VERSION_KEY, "moved-by-another-process")  # what that process publishes on commit
    assert name_of(unit.pk) == "Tỉnh Một"  # not re-read within the request
    memo.request_started()
    assert name_of(unit.pk) == "Tỉnh Hai"


@pytest.mark.django_db
def test_a_committed_change_publishes_a_new_version(django_capture_on_commit_callbacks):
    unit = ProvinceFactory(name="Tỉnh Một")
    memo.clear()
    before = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        unit.name = "Tỉnh Hai"
        unit.save()
    assert cache.get(VERSION_KEY) not in (None, before)


@pytest.mark.django_db(transaction=True)
def test_an_open_change_bypasses_the_memo_and_a_rollback_leaves_nothing():
    unit = ProvinceFactory(name="Tỉnh Một")  # committed at once: publishes a version
    published = cache.get(VERSION_KEY)
    assert name_of(unit.pk) == "Tỉnh Một"
    with pytest.raises(RuntimeError), transaction.atomic():
        unit.name = "Tỉnh Hai"
        unit.save()
        assert name_of(unit.pk) == "Tỉnh Hai"  # read from the open transaction, not memoised
        raise RuntimeError
    assert name_of(unit.pk) == "Tỉnh Một"
    assert cache.get(VERSION_KEY) == published  # nothing committed, nothing published
