"""A real streaming replica on this machine (issue 20 part 4): a private primary and its `pg_basebackup` replica
on two loopback ports (`scripts/pg-replica-pair`), the project migrated on the primary, a dossier filed there and
read back through the router from the replica; the staleness guard with the replica's replay paused (a real lag)
and with the replica stopped (down).

Opt-in: it takes about a minute (two clusters started, every migration run), beyond the ~30 s a default-suite
test may take, so it runs with `MOTCUA_TEST_REPLICA=1` — `make bench` runs it (`make test-replica` alone). It
skips, with the reason, when the PostgreSQL server binaries are not installed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        os.environ.get("MOTCUA_TEST_REPLICA") != "1",
        reason="starts two PostgreSQL clusters and migrates (~1 min): MOTCUA_TEST_REPLICA=1 or make test-replica",
    ),
]


def test_reports_read_from_a_real_streaming_replica_and_fall_back_when_it_lags_or_is_down():
    from _replica_pair import FALLBACK_CHECK, ROUTER_CHECK, ReplicaPair, Unavailable, run_check

    try:
        pair = ReplicaPair().__enter__()
    except Unavailable as error:
        pytest.skip(f"no PostgreSQL server binaries: {error}")
    try:
        out = run_check(pair, ROUTER_CHECK, "--migrate")
        assert out["used_replica"] is True
        assert out["read_from"] == "replica"  # the dossier written on the primary, read on the replica
        assert out["lag"] is not None
        assert out["read_before_write"] == "replica"
        assert out["read_after_write"] == "default"  # read-your-write
        assert out["replica_read_only"] is True  # a hot standby, not a second writable copy

        # a real lag: replay paused on the replica while the primary commits; the guard then reads the primary
        pair.replica_sql("SELECT pg_wal_replay_pause()")
        try:
            run_check(pair, ROUTER_CHECK, "--no-wait")  # one more dossier on the primary, not replayed
            time.sleep(1.5)
            lagging = run_check(pair, FALLBACK_CHECK, MOTCUA_REPLICA_MAX_LAG_SECONDS="1")
            assert lagging["lag"] >= 1
            assert lagging["used_replica"] is False
            assert lagging["read_from"] == "default"
            within = run_check(pair, FALLBACK_CHECK, MOTCUA_REPLICA_MAX_LAG_SECONDS="600")
            assert within["used_replica"] is True
            assert within["notice"] >= 1  # "Số liệu trễ N giây"
        finally:
            pair.replica_sql("SELECT pg_wal_replay_resume()")

        pair.stop_replica()
        down = run_check(pair, FALLBACK_CHECK)
        assert down["used_replica"] is False
        assert down["lag"] is None
        assert down["read_from"] == "default"
    finally:
        pair.__exit__(None, None, None)
