"""The administrative-unit tree: provinces, communes, legacy units (before 1 July 2025) and agencies.

One effective-dated tree (`Unit`) plus a lineage table (`UnitLineage`). From 1 July 2025 Vietnam has two tiers of
local government — 34 provinces and 3,321 communes (Resolution 202/2025/QH15 merged 63 provinces into 34; the
district tier was abolished). Dossiers received before that date still point at the old units, which keep their
rows with `valid_to = 2025-06-30`; lineage rows let a report walk from a new province to its predecessors.

`path` is a materialised path of unit codes ("/P22/W06660/…/") so that every descendant of a unit is one indexed
prefix query (`unit_descendants`), whatever the depth: report roll-ups read it instead of recursing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold, normalize

from .choices import AGENCY_KINDS, DivisionType, LineageKind, UnitKind
from .validators import E_IDENTIFIER_MAX_LENGTH, validate_e_identifier

PATH_SEPARATOR = "/"


def build_path(parent_path: str | None, code: str) -> str:
    """The materialised path of a unit whose parent has `parent_path` (None for a root)."""
    return f"{parent_path or PATH_SEPARATOR}{code}{PATH_SEPARATOR}"


class Unit(models.Model):
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable internal code, e.g. P22 (province), W06660 (commune), LP24 (province before 2025)."),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices, db_index=True)
    division_type = models.CharField(_("division type"), max_length=32, choices=DivisionType.choices, blank=True)
    admin_code = models.CharField(
        _("statistics code"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("Code of the administrative unit in the national list (GSO), e.g. 22 or 06660."),
    )
    e_identifier = models.CharField(
        _("electronic identifier"),
        max_length=E_IDENTIFIER_MAX_LENGTH,
        blank=True,
        validators=[validate_e_identifier],
        help_text=_("Agency electronic identifier (Decision 20/2020/QĐ-TTg); the prefix of dossier codes."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_name = models.CharField(_("search name"), max_length=512, editable=False, db_index=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="units_unit_valid_to_after_valid_from",
            ),
            models.UniqueConstraint(
                fields=["e_identifier"],
                condition=~Q(e_identifier=""),
                name="units_unit_unique_e_identifier",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="units_unit_not_own_parent"),
        ]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%' whatever the collation;
            # other databases ignore opclasses and get a plain index.
            models.Index(fields=["path"], name="units_unit_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "valid_from", "valid_to"], name="units_unit_kind_dates_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        parent = self.parent if self.parent_id else None
        if self.pk and parent is not None and parent.path.startswith(self.path or build_path(None, self.code)):
            raise ValidationError({"parent": _("A unit cannot be placed under itself or under one of its own units.")})

    def refresh_derived_fields(self) -> None:
        """Derive `search_name`, `path` and `depth` from the row and its parent (bulk loaders call this too)."""
        self.name = normalize(self.name)
        self.short_name = normalize(self.short_name)
        self.search_name = fold(" ".join(part for part in (self.name, self.short_name, self.code) if part))
        parent = self.parent if self.parent_id else None
        parent_path = parent.path if parent is not None else None
        self.path = build_path(parent_path, self.code)
        self.depth = self.path.count(PATH_SEPARATOR) - 2

    def is_active_on(self, day: datetime.date) -> bool:
        """Whether the unit existed on `day` (both ends inclusive; an empty end is open)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_agency(self) -> bool:
        return self.kind in AGENCY_KINDS

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to the parent, read from the materialised path."""
        return [code for code in self.path.split(PATH_SEPARATOR) if code][:-1]


class UnitLineage(models.Model):
    """`successor` took over (part of) `predecessor` on `effective_date` under `source_document`."""

    successor = models.ForeignKey(
        Unit, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="predecessor_links"
    )
    predecessor = models.ForeignKey(
        Unit, verbose_name=_("predecessor"), on_delete=models.CASCADE, related_name="successor_links"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LineageKind.choices)
    effective_date = models.DateField(_("effective date"))
    source_document = models.CharField(_("source document"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["successor__path", "predecessor__path"]
        constraints = [
            models.UniqueConstraint(fields=["successor", "predecessor"], name="units_lineage_unique_pair"),
            models.CheckConstraint(condition=~Q(successor=F("predecessor")), name="units_lineage_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"
