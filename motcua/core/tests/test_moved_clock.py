"""The moved-clock passes of `make test` (docs/testing.md) really run at the moved moment: Django's "now", the
Vietnamese day the deadlines use and Python's own clock all read the moment given with `--clock-at`."""

import datetime as dt
import time

import pytest
from django.utils import timezone


def test_every_clock_the_code_reads_is_at_the_moved_moment(request):
    moment = request.config.getoption("--clock-at")
    if not moment:
        pytest.skip("only in the moved-clock passes (make pytest-moved-clock)")
    when = dt.datetime.fromisoformat(moment)
    for now in (timezone.now(), dt.datetime.now(dt.UTC), dt.datetime.fromtimestamp(time.time(), dt.UTC)):
        assert dt.timedelta(0) <= now - when < dt.timedelta(hours=2)
