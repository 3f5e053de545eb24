"""Days typed by people (motcua.core.dates.parse_typed_day, motcua.core.forms.DayField): day/month/year as the
Vietnamese write it, year-month-day for saved links, and one clear Vietnamese error for anything else."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

from motcua.core.dates import format_typed_day, parse_typed_day
from motcua.core.forms import DayField

TTHC = settings.MOTCUA_SHARED_DATA / "tthc"
MARCH_7 = dt.date(2026, 3, 7)


@pytest.mark.parametrize(
    "text",
    ["07/03/2026", "7/3/2026", " 07/03/2026 ", "07-03-2026", "07.03.2026", "07032026", "2026-03-07", "07 / 03 / 2026"],
)
def test_a_day_typed_the_vietnamese_way_or_iso_is_read(text):
    assert parse_typed_day(text) == MARCH_7


@pytest.mark.parametrize(
    "text",
    ["", "31/02/2026", "07/13/2026", "7/3/26", "2026/03/07", "03-07", "hôm nay", "07/03/0226", "07/03/2150", "0703202"],
)
def test_what_names_no_day_is_refused(text):
    with pytest.raises(ValueError):
        parse_typed_day(text)


def test_day_month_order_is_never_guessed_as_month_day():
    """01/02/2026 is the 1st of February (the Vietnamese order), never 2 January (a browser in English)."""
    assert parse_typed_day("01/02/2026") == dt.date(2026, 2, 1)
    assert format_typed_day(dt.date(2026, 2, 1)) == "01/02/2026"


class _Form(forms.Form):
    day = DayField(label="Ngày")
    optional = DayField(label="Ngày khác", required=False)


def test_field_reads_shows_and_refuses_in_vietnamese():
    form = _Form(data={"day": "7/3/2026", "optional": ""})
    assert form.is_valid() and form.cleaned_data == {"day": MARCH_7, "optional": None}
    shown = str(_Form(initial={"day": MARCH_7})["day"])
    assert 'type="text"' in shown and 'value="07/03/2026"' in shown
    assert 'placeholder="dd/mm/yyyy"' in shown and 'inputmode="numeric"' in shown
    with translation.override("vi"):
        bad = _Form(data={"day": "31/02/2026"})
        assert not bad.is_valid()
        assert bad.errors["day"] == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 07/03/2026."]
        assert 'value="31/02/2026"' in str(bad["day"])  # what was typed stays, to be corrected


@pytest.mark.shared_data
@pytest.mark.skipif(not TTHC.is_dir(), reason="../shared/data/tthc is absent")
def test_every_day_the_national_catalogue_writes_is_read_the_same():
    """The national catalogue (../shared/data/tthc, read at test time) writes its days as dd/mm/yyyy: every such
    day that names a real date is read to that date, day first."""
    pattern = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
    seen = 0
    for path in sorted(TTHC.rglob("*.json"))[:400]:
        for day, month, year in pattern.findall(json.dumps(json.loads(path.read_text()), ensure_ascii=False)):
            try:
                expected = dt.date(int(year), int(month), int(day))
            except ValueError:
                continue
            if 1900 <= expected.year <= 2099:
                assert parse_typed_day(f"{day}/{month}/{year}") == expected
                seen += 1
    assert seen > 100
