"""Vietnamese text helpers shared by every app (no models here).

Accent-insensitive search folds a string to lowercase ASCII: "Đăng ký khai sinh" → "dang ky khai sinh".
The fold is stored beside the original (e.g. `Procedure.search_text`) so a plain `icontains` on every
database finds it; SQLite and PostgreSQL both lack a portable unaccent otherwise.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


class _NonspacingMarks(dict[int, int | None]):
    """`str.translate` table deleting the nonspacing marks (category Mn), filled as characters are met: each code
    point's category is looked up once per process, then the table does the work in C."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_MARKS = _NonspacingMarks()


def fold(text: str | None) -> str:
    """Lowercase, strip Vietnamese diacritics (đ → d) and collapse whitespace."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = unicodedata.normalize("NFD", text).translate(_MARKS)
    return _SPACES.sub(" ", stripped).strip().lower()


def normalize(text: str | None) -> str:
    """NFC-normalise and collapse whitespace, keeping diacritics (for storing names as published)."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
