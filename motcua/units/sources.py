"""Readers of the bundled reference data (no database writes here).

* `vietnam-provinces`: the 34 provinces and 3,321 communes in force from 1 July 2025 (GSO codes).
* `vietnamadminunits`: the 63 provinces and 696 districts before 1 July 2025 (SQLite `dataset.db`, read-only)
  and the province conversion table of Resolution 202/2025/QH15 (`converter_2025.json`, key `DICT_PROVINCE`).

Every reader returns plain dataclasses so loaders and tests do not depend on the packages' own types.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .choices import DivisionType


class SourceError(Exception):
    """The reference data cannot be read (missing package, unreadable or unexpected file)."""


@dataclass(frozen=True)
class UnitRow:
    admin_code: str
    name: str
    short_name: str
    division_type: str
    parent_admin_code: str = ""
    key: str = ""  # vietnamadminunits' folded key, e.g. "tinhquangnam"


# vietnam-provinces' VietNamDivisionType values → ours.
_CURRENT_TYPES = {
    "tỉnh": DivisionType.TINH,
    "thành phố trung ương": DivisionType.THANH_PHO_TRUNG_UONG,
    "xã": DivisionType.XA,
    "phường": DivisionType.PHUONG,
    "đặc khu": DivisionType.DAC_KHU,
}
# vietnamadminunits' districtType values → ours.
_DISTRICT_TYPES = {
    "Quận": DivisionType.QUAN,
    "Huyện": DivisionType.HUYEN,
    "Thị xã": DivisionType.THI_XA,
    "Thành phố": DivisionType.THANH_PHO,
}
_PROVINCE_PREFIXES = (("Thành phố ", DivisionType.THANH_PHO_TRUNG_UONG), ("Tỉnh ", DivisionType.TINH))


def _strip_prefix(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def current_provinces() -> Iterator[UnitRow]:
    """The 34 provinces from 1 July 2025 (NQ 202/2025/QH15)."""
    from vietnam_provinces import Province

    for province in Province.iter_all():
        division = _CURRENT_TYPES[str(province.division_type.value)]
        yield UnitRow(
            admin_code=f"{int(province.code):02d}",
            name=province.name if province.name.startswith("Thành phố") else f"Tỉnh {province.name}",
            short_name=_strip_prefix(province.name, ("Thành phố ",)),
            division_type=division,
        )


def current_communes() -> Iterator[UnitRow]:
    """The 3,321 communes, wards and special zones from 1 July 2025."""
    from vietnam_provinces import Ward

    for ward in Ward.iter_all():
        yield UnitRow(
            admin_code=f"{int(ward.code):05d}",
            name=ward.name,
            short_name=_strip_prefix(ward.name, ("Xã ", "Phường ", "Đặc khu ")),
            division_type=_CURRENT_TYPES[str(ward.division_type.value)],
            parent_admin_code=f"{int(ward.province_code):02d}",
        )


def _package_file(name: str) -> Path:
    try:
        path = Path(str(resources.files("vietnamadminunits") / "data" / name))
    except ModuleNotFoundError as exc:
        raise SourceError("package vietnamadminunits is not installed") from exc
    return path


def default_legacy_db() -> Path:
    return _package_file("dataset.db")


def default_converter() -> Path:
    return _package_file("converter_2025.json")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise SourceError(f"file not found: {path}")
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SourceError(f"cannot open {path}: {exc}") from exc


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = _connect_read_only(path)
    try:
        return connection.execute(sql).fetchall()
    except sqlite3.Error as exc:  # not a database, or not the expected table
        raise SourceError(f"{path.name}: {exc}") from exc
    finally:
        connection.close()


def legacy_units(path: Path | None = None) -> tuple[list[UnitRow], list[UnitRow]]:
    """The 63 provinces and their districts in force until 30 June 2025, from `admin_units_legacy`.

    The table has one row per legacy ward; provinces and districts are its distinct values. Legacy wards are not
    read (see docs/domain/units.md).
    """
    path = path or default_legacy_db()
    provinces = [
        UnitRow(
            admin_code=code,
            name=name,
            short_name=short,
            division_type=next(kind for prefix, kind in _PROVINCE_PREFIXES if name.startswith(prefix)),
            key=key,
        )
        for code, name, short, key in _query(
            path,
            "SELECT DISTINCT provinceCode, province, provinceShort, provinceKey FROM admin_units_legacy "
            "ORDER BY provinceCode",
        )
    ]
    districts = []
    for province_code, code, name, short, district_type in _query(
        path,
        "SELECT DISTINCT provinceCode, districtCode, district, districtShort, districtType FROM admin_units_legacy "
        "WHERE districtCode IS NOT NULL ORDER BY districtCode",
    ):
        if district_type not in _DISTRICT_TYPES:
            raise SourceError(f"{path.name}: unknown district type {district_type!r} for {code}")
        districts.append(
            UnitRow(
                admin_code=code,
                name=name,
                short_name=short,
                division_type=_DISTRICT_TYPES[district_type],
                parent_admin_code=province_code,
            )
        )
    if not provinces:
        raise SourceError(f"{path.name}: no legacy provinces in admin_units_legacy")
    return provinces, districts


def current_province_keys(path: Path | None = None) -> dict[str, str]:
    """vietnamadminunits' key of each current province ("tinhquangninh") → GSO code ("22")."""
    rows = _query(path or default_legacy_db(), "SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    return dict(rows)


def province_conversion(path: Path | None = None) -> dict[str, list[str]]:
    """New province key → keys of the old provinces it was formed from (NQ 202/2025/QH15)."""
    path = path or default_converter()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        table = data["DICT_PROVINCE"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"{path.name}: cannot read DICT_PROVINCE ({exc})") from exc
    return {str(new): [str(old) for old in olds] for new, olds in table.items()}
