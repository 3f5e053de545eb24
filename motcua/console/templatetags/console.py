"""Vietnamese renderings for the console and the official forms: dates, times, amounts, due-date colours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template

from motcua.workdays.calendar import VN_TZ

register = template.Library()


def _local(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(VN_TZ)
    return value


@register.filter
def vn_datetime(value) -> str:
    """08:30 02/03/2026 (Vietnamese local time whatever the display zone)."""
    if not value:
        return ""
    local = _local(value)
    return f"{local:%H:%M} {local:%d/%m/%Y}"


@register.filter
def vn_date(value) -> str:
    if not value:
        return ""
    return f"{_local(value):%d/%m/%Y}"


@register.filter
def vn_long_date(value) -> str:
    """ "ngày 02 tháng 03 năm 2026", as written on official documents (ND 30/2020 appendix I)."""
    if not value:
        return "ngày … tháng … năm …"
    local = _local(value)
    return f"ngày {local:%d} tháng {local:%m} năm {local:%Y}"


@register.filter
def vn_time_long(value) -> str:
    """ "08 giờ 30 phút, ngày 02 tháng 03 năm 2026" (forms 01, 04, 06)."""
    if not value:
        return "… giờ … phút, ngày … tháng … năm …"
    local = _local(value)
    return f"{local:%H} giờ {local:%M} phút, {vn_long_date(local)}"


@register.filter
def vn_number(value) -> str:
    """1.234.567 or 1.234,5 — dot for thousands, comma for decimals (Vietnamese usage)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    whole, _sep, fraction = f"{number:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{fraction.rstrip('0')}"


@register.filter
def vn_abs_number(value) -> str:
    return vn_number(abs(value)) if value not in (None, "") else ""


@register.filter
def vn_money(value) -> str:
    text = vn_number(value)
    return f"{text} đồng" if text else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
