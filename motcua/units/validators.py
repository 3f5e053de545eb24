"""Validation of agency electronic identifiers (mã định danh điện tử của cơ quan, tổ chức)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

E_IDENTIFIER_MAX_LENGTH = 35
_E_IDENTIFIER = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")


def is_valid_e_identifier(value: str) -> bool:
    """QĐ 20/2020/QĐ-TTg art. 4: at most 35 characters from [0-9A-Z.], groups of a level separated by dots."""
    return len(value) <= E_IDENTIFIER_MAX_LENGTH and _E_IDENTIFIER.fullmatch(value) is not None


def validate_e_identifier(value: str) -> None:
    """Django validator; the empty string means "no identifier issued" and is allowed by the field itself."""
    if value and not is_valid_e_identifier(value):
        raise ValidationError(
            _(
                "An agency electronic identifier has at most 35 characters: digits, capital letters A–Z and dots "
                "between groups (Decision 20/2020/QĐ-TTg, art. 4)."
            ),
            code="invalid_e_identifier",
            params={"value": value},
        )
