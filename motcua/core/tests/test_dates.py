import datetime as dt

import pytest

from motcua.core.dates import strptime_day


@pytest.mark.parametrize(
    ("text", "pattern", "day"),
    [
        ("2025-01-24", "%Y-%m-%d", dt.date(2025, 1, 24)),
        ("24/01/2025", "%d/%m/%Y", dt.date(2025, 1, 24)),
        ("250124", "%y%m%d", dt.date(2025, 1, 24)),
        ("29/02/2024", "%d/%m/%Y", dt.date(2024, 2, 29)),
    ],
)
def test_a_day_is_read_field_by_field(text, pattern, day):
    assert strptime_day(text, pattern) == day


@pytest.mark.parametrize(("text", "pattern"), [("29/02/2025", "%d/%m/%Y"), ("2025-13-01", "%Y-%m-%d"), ("x", "%y%m%d")])
def test_an_impossible_day_is_a_value_error_like_strptime(text, pattern):
    with pytest.raises(ValueError):
        strptime_day(text, pattern)
