"""What one API intake costs the database: statements and durable commits, counted (deterministic; no timing).

Issue 20 item 1: one durable commit per intake (the dossier, its event, its rollups, its sync and notification
outbox rows, the idempotency record), notifications leaving through the outbox worker, not as extra commits.
"""

import pytest
from django.db import connection

from .helpers import new_dossier, post

pytestmark = pytest.mark.django_db(transaction=True)

WRITES = ("INSERT", "UPDATE", "DELETE")


class Ledger:
    """Every statement of the default connection, and every commit: an explicit COMMIT of an outermost atomic
    block, or a write run in autocommit mode (outside any atomic block: it commits on its own)."""

    def __init__(self):
        self.statements: list[str] = []
        self.commits = 0

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        if not connection.in_atomic_block and sql.lstrip().upper().startswith(WRITES):
            self.commits += 1
        return execute(sql, params, many, context)


@pytest.fixture
def ledger(monkeypatch):
    ledger = Ledger()
    real_commit = connection.commit

    def commit():
        ledger.commits += 1
        return real_commit()

    monkeypatch.setattr(connection, "commit", commit)
    with connection.execute_wrapper(ledger):
        yield ledger


def test_one_intake_is_one_durable_commit(client, world, headers, ledger, settings):
    settings.DEBUG = False
    post(client, "/api/v1/dossiers", new_dossier(world), {**headers, "Idempotency-Key": "warm-up"})
    ledger.statements.clear()
    ledger.commits = 0

    response = post(client, "/api/v1/dossiers", new_dossier(world), {**headers, "Idempotency-Key": "k-1"})

    assert response.status_code == 201
    listing = "\n".join(sql[:120] for sql in ledger.statements)
    # before issue 20: 4 commits (3 notification writes after COMMIT) and 23 statements on SQLite
    assert ledger.commits == 1, listing
    # 21: + the service commitment look-up (deadlines.md §10) + the per-unit daily totals of the window read
    # (metrics.UnitDayRollup, issue 15 item 2). 16: the token, the client's unit, the procedure, its time limits
    # and the commitment come from the per-process memo (core.memo) — writes only, no SELECT
    assert len(ledger.statements) <= 16, listing
    assert not [sql for sql in ledger.statements if sql.lstrip().upper().startswith("SELECT")], listing
    # the rollups' five blind upserts and the dossier's metric state; on PostgreSQL in one round trip with the
    # notification and sync outbox rows (core.db.writes_batched / insert_blind: blind writes of the event's
    # subscribers): 10 round trips, BEGIN and COMMIT included
    rollups = [sql for sql in ledger.statements if '"metrics_' in sql]
    assert len(rollups) == (1 if connection.vendor == "postgresql" else 6), listing
    if connection.vendor == "postgresql":
        [batch] = rollups
        assert '"dossiers_notification"' in batch and '"sync_outboxmessage"' in batch, listing
        assert len(ledger.statements) <= 10, listing
    # notifications wait in the outbox, written in the intake's one transaction
    assert sum("dossiers_notification" in sql for sql in ledger.statements) == 1, listing
