"""Dossier and e-result code formats (pure).

TT 01/2018/TT-VPCP art 19: `<agency identifier>-YYMMDD-XXXX` — the receiving agency's e-identifier
(QĐ 20/2020/QĐ-TTg: ≤35 chars of [0-9A-Z.]), the receipt date and the sequence within that day (4 digits;
TT 04/2025 allows more when a day needs them). ND 45/2020 art 14(3): e-result codes `<dossier code>-KQ<n>`.
"""

from __future__ import annotations

import datetime as dt
import re

from motcua.core.dates import strptime_day

IDENTIFIER_RE = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)*$")
CODE_RE = re.compile(r"^(?P<unit>[0-9A-Z.]{1,35})-(?P<day>\d{6})-(?P<seq>\d{4,})$")


def dossier_code(*, identifier: str, day: dt.date, sequence: int) -> str:
    if not IDENTIFIER_RE.match(identifier) or len(identifier) > 35:
        raise ValueError(f"invalid agency e-identifier: {identifier!r}")
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{identifier}-{day:%y%m%d}-{sequence:04d}"


def parse_dossier_code(code: str) -> tuple[str, dt.date, int] | None:
    match = CODE_RE.match(code.strip().upper())
    if not match:
        return None
    try:
        day = strptime_day(match["day"], "%y%m%d")
    except ValueError:
        return None
    return match["unit"], day, int(match["seq"])


def result_code(*, code: str, number: int) -> str:
    return f"{code}-KQ{number}"
