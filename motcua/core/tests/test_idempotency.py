"""The one idempotency rule (`core.idempotency.run_once`), on the API's record model: claimed once, replayed with
the stored answer, a different request or owner is a conflict, a failed write does not keep the claim."""

from __future__ import annotations

import pytest

from motcua.core.idempotency import run_once
from motcua.dossiers.tests.factories import OneStopFactory
from motcua.integrations.models import IdempotencyRecord
from motcua.integrations.tests.factories import api_client

pytestmark = pytest.mark.django_db


class Conflict(Exception):
    pass


def call(client, *, request_hash="h1", answer=None, owned=None, fail=False):
    def run(record):
        if fail:
            raise ValueError("the write failed")
        record.response_body = answer or {"n": 1}
        record.save(update_fields=["response_body"])
        return record.response_body

    return run_once(
        model=IdempotencyRecord,
        identity={"client": client, "key": "k-1"},
        request_hash=request_hash,
        run=run,
        replay=lambda record: record.response_body,
        conflict=Conflict,
        owned=owned,
    )


def test_claimed_once_then_replayed():
    client = api_client(OneStopFactory())
    assert call(client) == ({"n": 1}, False)
    assert call(client, answer={"n": 2}) == ({"n": 1}, True)
    assert IdempotencyRecord.objects.count() == 1


def test_another_request_or_owner_is_a_conflict():
    client = api_client(OneStopFactory())
    call(client)
    with pytest.raises(Conflict):
        call(client, request_hash="h2")
    with pytest.raises(Conflict):
        call(client, owned=lambda record: False)


def test_a_failed_write_keeps_no_claim():
    client = api_client(OneStopFactory())
    with pytest.raises(ValueError):
        call(client, fail=True)
    assert not IdempotencyRecord.objects.exists()
    assert call(client) == ({"n": 1}, False)
