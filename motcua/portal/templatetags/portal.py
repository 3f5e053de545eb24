"""Display helpers for the public catalogue pages (numbers, money, fee summaries, labels).

They only read what the selectors prefetched (`procedure.fees.all()` and friends), so list pages stay at a
fixed number of queries.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from motcua.catalog.choices import Channel, Level, LimitChannel, OnlineLevel, TimeUnit

register = template.Library()


@register.filter
def num(value) -> str:
    """1.00 → "1", 0.50 → "0,5" (Vietnamese decimal comma)."""
    if value in (None, ""):
        return ""
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


@register.filter
def money(amount) -> str:
    """50000 → "50.000 đ" (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    whole = int(Decimal(amount))
    return f"{whole:,}".replace(",", ".") + " đ"


@register.filter
def unit_label(unit: str) -> str:
    return TimeUnit(unit).label if unit in TimeUnit.values else unit


@register.filter
def channel_label(channel: str) -> str:
    if channel == LimitChannel.ALL:
        return _("All channels")
    return Channel(channel).label if channel in Channel.values else channel


@register.filter
def level_labels(procedure) -> str:
    return ", ".join(str(Level(code).label) for code in procedure.levels)


@register.filter
def online_label(online_level: str) -> str:
    return OnlineLevel(online_level).label if online_level in OnlineLevel.values else online_level


@register.filter
def fee_summary(procedure) -> str:
    """One short line for a list: free, a single amount, "from X", or set by the province."""
    fees = list(procedure.fees.all())
    if not fees:
        return _("Not published")
    amounts = [fee.amount for fee in fees if fee.amount is not None]
    positive = sorted(a for a in amounts if a > 0)
    if not positive:
        if len(amounts) == len(fees):
            return _("Free")
        return _("Set by the province")
    if len(positive) == 1 and len(amounts) == len(fees) and len(fees) == 1:
        return money(positive[0])
    return _("From %(amount)s") % {"amount": money(positive[0])}


@register.filter
def document_groups(procedure) -> list[tuple[str, list]]:
    """Documents everyone submits first, then one group per special case, keeping the published order."""
    groups: dict[str, list] = {}
    for document in procedure.documents.all():
        groups.setdefault(document.group, []).append(document)
    common = groups.pop("", [])
    return ([("", common)] if common else []) + list(groups.items())
