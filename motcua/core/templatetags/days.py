"""`{% day_input name value id="…" %}`: the site's one day field (motcua.core.forms.DayInput) for the filter forms
that are written by hand (reports, outreach report), so they show and take 07/03/2026 like every form."""

from __future__ import annotations

from django import template

from motcua.core.forms import DayInput

register = template.Library()


@register.simple_tag
def day_input(name: str, value=None, **attrs):
    """`value` is a date, or the text the person typed (shown back as typed when it was not a day)."""
    return DayInput(attrs=attrs).render(name, value or None)
