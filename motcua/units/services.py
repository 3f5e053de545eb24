"""Writes to the unit tree: loading the reference data, the demo province's agencies, single units.

Loaders are idempotent upserts keyed on `Unit.code`: one SELECT per batch, `bulk_create` for new rows and
`bulk_update` for rows whose data changed, so loading twice changes nothing and costs a few queries.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from motcua.core.memo import changed as memo_changed

from . import sources
from .choices import LineageKind, UnitKind
from .models import Unit, UnitLineage
from .validators import is_valid_e_identifier

logger = logging.getLogger(__name__)

# Resolution 202/2025/QH15 and the Law on Local Government Organisation 2025: two tiers from 1 July 2025.
TWO_TIER_START = datetime.date(2025, 7, 1)
LEGACY_END = datetime.date(2025, 6, 30)
PROVINCE_MERGER_SOURCE = "Nghị quyết 202/2025/QH15"
DEFAULT_DEMO_PROVINCE = "22"  # Quảng Ninh: one province of the 34, unchanged territory, 54 communes

_BATCH = 500
_UPSERT_FIELDS = (
    "name",
    "short_name",
    "kind",
    "division_type",
    "admin_code",
    "e_identifier",
    "parent",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "search_name",
)


class UnitSetupError(ValueError):
    """A demo or load request that cannot be satisfied (e.g. an unknown province code)."""


def province_code(admin_code: str) -> str:
    return f"P{admin_code}"


def commune_code(admin_code: str) -> str:
    return f"W{admin_code}"


def legacy_province_code(admin_code: str) -> str:
    return f"LP{admin_code}"


def legacy_district_code(admin_code: str) -> str:
    return f"LD{admin_code}"


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    units: dict[str, Unit] = field(default_factory=dict)


def _upsert_units(units: list[Unit]) -> UpsertResult:
    """Insert new units and update changed ones by `code`; parents must be saved units (or None)."""
    result = UpsertResult()
    if not units:
        return result
    existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[unit.code for unit in units])}
    new, changed = [], []
    for unit in units:
        unit.refresh_derived_fields()
        current = existing.get(unit.code)
        if current is None:
            new.append(unit)
            continue
        dirty = False
        for name in _UPSERT_FIELDS:
            attname = "parent_id" if name == "parent" else name
            value = getattr(unit, attname)
            if getattr(current, attname) != value:
                setattr(current, attname, value)
                dirty = True
        if dirty:
            changed.append(current)
        result.units[unit.code] = current
    Unit.objects.bulk_create(new, batch_size=_BATCH)
    Unit.objects.bulk_update(changed, _UPSERT_FIELDS, batch_size=_BATCH)
    memo_changed()  # bulk writes send no signals (core.memo)
    if any(unit.pk is None for unit in new):  # databases that do not return ids from bulk inserts
        ids = dict(Unit.objects.filter(code__in=[unit.code for unit in new]).values_list("code", "id"))
        for unit in new:
            unit.pk = ids[unit.code]
    result.units.update({unit.code: unit for unit in new})
    result.created, result.updated = len(new), len(changed)
    return result


def _rows_to_units(
    rows: Iterable[sources.UnitRow],
    *,
    kind: UnitKind,
    code_of: Callable[[str], str],
    parents: dict[str, Unit] | None = None,
    parent_code_of: Callable[[str], str] | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> list[Unit]:
    units = []
    for row in rows:
        parent = None
        if parents is not None:
            assert parent_code_of is not None, "parents are looked up by parent_code_of"
            parent = parents.get(parent_code_of(row.parent_admin_code))
            if parent is None:
                raise sources.SourceError(f"unit {row.admin_code} refers to unknown parent {row.parent_admin_code}")
        units.append(
            Unit(
                code=code_of(row.admin_code),
                name=row.name,
                short_name=row.short_name,
                kind=kind,
                division_type=row.division_type,
                admin_code=row.admin_code,
                parent=parent,
                valid_from=valid_from,
                valid_to=valid_to,
            )
        )
    return units


@dataclass
class LoadSummary:
    provinces: int = 0
    communes: int = 0
    legacy_provinces: int = 0
    legacy_districts: int = 0
    lineage: int = 0
    created: int = 0
    updated: int = 0

    def add(self, result: UpsertResult) -> None:
        self.created += result.created
        self.updated += result.updated

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@transaction.atomic
def units_load_current() -> LoadSummary:
    """The 34 provinces and 3,321 communes in force from 1 July 2025 (package `vietnam-provinces`)."""
    summary = LoadSummary()
    provinces = _upsert_units(
        _rows_to_units(
            sources.current_provinces(), kind=UnitKind.PROVINCE, code_of=province_code, valid_from=TWO_TIER_START
        )
    )
    summary.add(provinces)
    communes = _upsert_units(
        _rows_to_units(
            sources.current_communes(),
            kind=UnitKind.COMMUNE,
            code_of=commune_code,
            parents=provinces.units,
            parent_code_of=province_code,
            valid_from=TWO_TIER_START,
        )
    )
    summary.add(communes)
    summary.provinces, summary.communes = len(provinces.units), len(communes.units)
    return summary


@transaction.atomic
def units_load_legacy(*, legacy_db: Path | None = None, converter: Path | None = None) -> LoadSummary:
    """The 63 provinces and their districts until 30 June 2025, and the province lineage of NQ 202/2025/QH15.

    Requires the current provinces (`units_load_current`) for the lineage.
    """
    summary = LoadSummary()
    province_rows, district_rows = sources.legacy_units(legacy_db)
    provinces = _upsert_units(
        _rows_to_units(province_rows, kind=UnitKind.LEGACY_PROVINCE, code_of=legacy_province_code, valid_to=LEGACY_END)
    )
    summary.add(provinces)
    districts = _upsert_units(
        _rows_to_units(
            district_rows,
            kind=UnitKind.LEGACY_DISTRICT,
            code_of=legacy_district_code,
            parents=provinces.units,
            parent_code_of=legacy_province_code,
            valid_to=LEGACY_END,
        )
    )
    summary.add(districts)
    summary.legacy_provinces, summary.legacy_districts = len(provinces.units), len(districts.units)
    old_by_key = {row.key: provinces.units[legacy_province_code(row.admin_code)] for row in province_rows}
    summary.lineage = _load_province_lineage(
        old_by_key=old_by_key,
        new_code_by_key=sources.current_province_keys(legacy_db),
        conversion=sources.province_conversion(converter),
    )
    return summary


def _load_province_lineage(
    *, old_by_key: dict[str, Unit], new_code_by_key: dict[str, str], conversion: dict[str, list[str]]
) -> int:
    new_by_code = {unit.admin_code: unit for unit in Unit.objects.filter(kind=UnitKind.PROVINCE)}
    wanted: dict[tuple[int, int], LineageKind] = {}
    for new_key, old_keys in conversion.items():
        successor = new_by_code.get(new_code_by_key.get(new_key, ""))
        if successor is None:
            raise sources.SourceError(f"province lineage: unknown new province {new_key!r} (load current units first)")
        kind = LineageKind.CONTINUED if len(old_keys) == 1 else LineageKind.MERGED
        for old_key in old_keys:
            if old_key not in old_by_key:
                raise sources.SourceError(f"province lineage: unknown old province {old_key!r}")
            wanted[(successor.pk, old_by_key[old_key].pk)] = kind
    existing = {
        (link.successor_id, link.predecessor_id): link
        for link in UnitLineage.objects.filter(
            successor__kind=UnitKind.PROVINCE, predecessor__kind=UnitKind.LEGACY_PROVINCE
        )
    }
    new, changed = [], []
    for (successor_id, predecessor_id), kind in wanted.items():
        link = existing.get((successor_id, predecessor_id))
        values = {"kind": kind, "effective_date": TWO_TIER_START, "source_document": PROVINCE_MERGER_SOURCE}
        if link is None:
            new.append(UnitLineage(successor_id=successor_id, predecessor_id=predecessor_id, **values))
        elif any(getattr(link, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(link, name, value)
            changed.append(link)
    UnitLineage.objects.bulk_create(new, batch_size=_BATCH)
    UnitLineage.objects.bulk_update(changed, ["kind", "effective_date", "source_document"], batch_size=_BATCH)
    return len(wanted)


@transaction.atomic
def units_load(*, current_only: bool = False, legacy_db: Path | None = None) -> LoadSummary:
    """Load (or refresh) every unit the packages provide; safe to run again."""
    summary = units_load_current()
    if not current_only:
        legacy = units_load_legacy(legacy_db=legacy_db)
        summary.legacy_provinces, summary.legacy_districts = legacy.legacy_provinces, legacy.legacy_districts
        summary.lineage = legacy.lineage
        summary.created += legacy.created
        summary.updated += legacy.updated
    logger.info("units.loaded", extra={f"units_{name}": value for name, value in summary.as_dict().items()})
    return summary


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: UnitKind | str,
    parent: Unit | None = None,
    short_name: str = "",
    division_type: str = "",
    admin_code: str = "",
    e_identifier: str = "",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    """Create one unit (e.g. a vertical agency) after full validation, including the e-identifier format."""
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        division_type=division_type,
        admin_code=admin_code,
        e_identifier=e_identifier,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    unit.refresh_derived_fields()
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_subtree_refresh(*, unit: Unit, old_path: str) -> int:
    """After `unit` changed its code or parent (already saved), rewrite the materialised paths below it."""
    if old_path == unit.path:
        return 0
    below = list(Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk))
    for descendant in below:
        descendant.path = unit.path + descendant.path[len(old_path) :]
        descendant.depth = descendant.path.count("/") - 2
    Unit.objects.bulk_update(below, ["path", "depth"], batch_size=_BATCH)
    memo_changed()  # bulk writes send no signals (core.memo)
    return len(below)


@transaction.atomic
def unit_move(*, unit: Unit, parent: Unit | None) -> Unit:
    """Attach `unit` (and its subtree) under `parent`; refuses to make a unit its own ancestor."""
    if parent is not None and parent.path.startswith(unit.path):
        raise UnitSetupError(f"{parent.code} is inside {unit.code}: a unit cannot move under itself")
    old_path = unit.path
    unit.parent = parent
    unit.save()
    unit_subtree_refresh(unit=unit, old_path=old_path)
    return unit


# --- demo province ---------------------------------------------------------------------------------------------

# Departments after the 2025 reorganisation (ND 45/2025/NĐ-CP): (code suffix, name, level-2 identifier group).
DEMO_DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("SNV", "Sở Nội vụ", "01"),
    ("STP", "Sở Tư pháp", "02"),
    ("STC", "Sở Tài chính", "03"),
    ("SXD", "Sở Xây dựng", "04"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "05"),
    ("SYT", "Sở Y tế", "06"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "07"),
    ("SCT", "Sở Công Thương", "08"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "09"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "10"),
)
PROVINCIAL_CENTRE_GROUP = "30"
VERTICAL_AGENCIES: tuple[tuple[str, str], ...] = (("CA", "Công an"), ("THUE", "Thuế"))
ONE_STOP_NAME = "Trung tâm Phục vụ hành chính công"
PEOPLES_COMMITTEE_NAME = "Ủy ban nhân dân"


def demo_province_code() -> str:
    return str(getattr(settings, "MOTCUA_DEMO_PROVINCE", DEFAULT_DEMO_PROVINCE))


def _lower_first(name: str) -> str:
    """ "Tỉnh Quảng Ninh" → "tỉnh Quảng Ninh", as it reads after an agency name."""
    return name[:1].lower() + name[1:]


def demo_e_identifier(province_admin_code: str, *groups: str) -> str:
    """Demo electronic identifier, QĐ 20/2020/QĐ-TTg art. 4 layout: level groups left to right, dot-separated.

    Level 1 is `H<GSO province code>` (the `MX1X2` shape); real identifiers are issued by each province (e.g.
    Hanoi QĐ 4078/QĐ-UBND of 1 August 2025) and replace these values in production.
    """
    value = ".".join((f"H{province_admin_code}", *groups))
    if not is_valid_e_identifier(value):
        raise UnitSetupError(f"invalid e-identifier {value!r}")
    return value


@transaction.atomic
def demo_province_setup(*, province_code: str | None = None) -> dict[str, int]:
    """Create the agencies of one real province for the demo: its People's Committee, ten departments, two
    vertical agencies, the provincial one-stop centre, and for every commune its People's Committee and its
    commune one-stop centre (ND 118/2025/NĐ-CP: Trung tâm Phục vụ hành chính công at province and commune level).

    Idempotent. `province_code` is the GSO code ("22"); the default is setting MOTCUA_DEMO_PROVINCE.
    """
    admin_code = (province_code or demo_province_code()).strip()
    admin_code = admin_code.zfill(2) if admin_code.isdigit() else admin_code
    try:
        province = Unit.objects.get(kind=UnitKind.PROVINCE, admin_code=admin_code)
    except Unit.DoesNotExist:
        raise UnitSetupError(f"no province with code {admin_code!r} (load units first)") from None
    of_province = _lower_first(province.name)
    committee = Unit(
        code=f"{province.code}-UBND",
        name=f"{PEOPLES_COMMITTEE_NAME} {of_province}",
        short_name=f"UBND {of_province}",
        kind=UnitKind.PEOPLES_COMMITTEE,
        parent=province,
        e_identifier=demo_e_identifier(admin_code),
        valid_from=province.valid_from,
    )
    committee_result = _upsert_units([committee])
    committee = committee_result.units[committee.code]
    provincial = [
        Unit(
            code=f"{province.code}-{suffix}",
            name=f"{name} {of_province}",
            short_name=name,
            kind=UnitKind.DEPARTMENT,
            parent=committee,
            e_identifier=demo_e_identifier(admin_code, group),
            valid_from=province.valid_from,
        )
        for suffix, name, group in DEMO_DEPARTMENTS
    ]
    provincial.append(
        Unit(
            code=f"{province.code}-TTPVHCC",
            name=f"{ONE_STOP_NAME} {of_province}",
            short_name=ONE_STOP_NAME,
            kind=UnitKind.ONE_STOP,
            parent=committee,
            e_identifier=demo_e_identifier(admin_code, PROVINCIAL_CENTRE_GROUP),
            valid_from=province.valid_from,
        )
    )
    # Vertical agencies answer to their ministry, not to the People's Committee; their identifiers are issued by
    # the ministry, so the demo leaves them empty.
    provincial += [
        Unit(
            code=f"{province.code}-{suffix}",
            name=f"{name} {of_province}",
            short_name=name,
            kind=UnitKind.VERTICAL_AGENCY,
            parent=province,
            valid_from=province.valid_from,
        )
        for suffix, name in VERTICAL_AGENCIES
    ]
    result = _upsert_units(provincial)
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE, parent=province).order_by("admin_code"))
    commune_committees = [
        Unit(
            code=f"{commune.code}-UBND",
            name=f"{PEOPLES_COMMITTEE_NAME} {_lower_first(commune.name)}",
            short_name=f"UBND {_lower_first(commune.name)}",
            kind=UnitKind.PEOPLES_COMMITTEE,
            parent=commune,
            e_identifier=demo_e_identifier(admin_code, commune.admin_code),
            valid_from=commune.valid_from,
        )
        for commune in communes
    ]
    committees = _upsert_units(commune_committees)
    centres = _upsert_units(
        [
            Unit(
                code=f"{commune.code}-TTPVHCC",
                name=f"{ONE_STOP_NAME} {_lower_first(commune.name)}",
                short_name=ONE_STOP_NAME,
                kind=UnitKind.ONE_STOP,
                parent=committees.units[f"{commune.code}-UBND"],
                e_identifier=demo_e_identifier(admin_code, commune.admin_code, "01"),
                valid_from=commune.valid_from,
            )
            for commune in communes
        ]
    )
    return {
        "agencies": 1 + len(result.units) + len(committees.units) + len(centres.units),
        "communes": len(communes),
        "created": sum(r.created for r in (committee_result, result, committees, centres)),
    }
