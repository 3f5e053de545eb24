"""A logging filter that masks personal data before any handler formats a record.

ND 13/2023/NĐ-CP (personal data protection) art. 26–27 require controllers to prevent disclosure of personal
data; log files are read by operators who have no need for citizens' phone numbers, ID numbers or e-mail
addresses, so these are masked in the message, its arguments and every ``extra`` value.
"""

from __future__ import annotations

import logging
import re

# e-mail first (it may contain digits), then 12-digit citizen ID / 9-digit old ID, then phone numbers
# (0 or +84 followed by 9 digits, spaces/dots/dashes allowed between groups).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+84|0084|0)(?:[ .-]?\d){9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")

MASK_EMAIL = "[email]"
MASK_PHONE = "[phone]"
MASK_ID = "[id]"

# attributes every LogRecord has; anything else on a record came from ``extra=``
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def mask(text: str) -> str:
    """Return ``text`` with e-mail addresses, phone numbers and 9/12-digit ID numbers replaced."""
    text = _EMAIL.sub(MASK_EMAIL, text)
    text = _PHONE.sub(MASK_PHONE, text)
    return _ID_NUMBER.sub(MASK_ID, text)


def _mask_value(value):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, int) and not isinstance(value, bool):
        masked = mask(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {key: _mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_mask_value(item) for item in value)
    return value


class PersonalDataFilter(logging.Filter):
    """Mask personal data in ``record.msg``, ``record.args`` and ``extra`` values; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must still be logged, masked
            message = str(record.msg)
        record.msg = mask(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD:
                setattr(record, key, _mask_value(value))
        return True
