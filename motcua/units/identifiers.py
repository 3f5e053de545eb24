"""Import of agencies' electronic identifiers (mã định danh điện tử của cơ quan, tổ chức) from a province's CSV.

The structure checked is QĐ 20/2020/QĐ-TTg art. 4 (quoted in /work/shared/reference/onestop-rules.md):

- art. 4(1): a string of **at most 35 characters** from the dot, the digits 0–9 and the capital letters A–Z of the
  English alphabet, split into groups; each group identifies the agency at its level, groups **run left to right**
  and are **separated by dots**;
- art. 4(2): the first, left-most group is the level-1 code `MX1X2`: M a letter from **A to Y**, X1 and X2 digits
  (Appendix I lists the level-1 codes; provinces are H01…H99-style codes such as H22);
- art. 4(3): the following groups identify the level-2, level-3 … agencies, each one under the agency before it.

Not confirmed (the appendices and TT 04/2025/TT-VPCP's code tables were not obtained): the length of the groups
after level 1. The `MX1X2.Y1Y2Y3.Z1Z2` shape seen in one third-party dossier specification suggests 3 and 2
characters, but the decision's article does not state it, so any non-empty group of [0-9A-Z] is accepted there.
Identifiers in the older layout with the level-1 code last ("000.00.12.H22") stay valid on the model (such codes
are still seen) but are refused by this import, which checks the QĐ 20/2020 layout, with a message saying so.

A changed identifier does not rewrite dossier codes already issued (`<identifier>-YYMMDD-XXXX`, TT 01/2018
art. 19; ND 61/2018 art. 26): they stay valid as printed on the receipts. New codes use the new identifier; the
daily sequence is kept per unit and day (dossiers.DossierCodeCounter), so the numbers go on without a gap. An
identifier under which *another* unit already issued dossier codes is refused: reusing it could repeat a code.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.core.memo import changed as memo_changed
from motcua.core.text import fold

from .choices import AGENCY_KINDS
from .models import Unit
from .validators import E_IDENTIFIER_MAX_LENGTH

MAX_FILE_BYTES = 1_000_000  # a province publishes a few thousand agencies: well under 200 kB
MAX_ROWS = 20_000
LEVEL_ONE = re.compile(r"[A-Y][0-9]{2}")
GROUP = re.compile(r"[0-9A-Z]+")

# Header spellings seen in provincial lists, compared folded (no accents, lower case, "_"/"-" as spaces).
IDENTIFIER_HEADERS = {"ma dinh danh", "ma dinh danh dien tu", "ma dinh danh dien tu cua co quan", "e identifier"}
CODE_HEADERS = {"ma don vi", "ma co quan", "ma noi bo", "code", "unit code"}
NAME_HEADERS = {"ten co quan", "ten don vi", "ten co quan don vi", "ten co quan, don vi", "ten", "name", "unit name"}


class IdentifierImportError(Exception):
    """The file is refused as a whole; `errors` are (line, message) pairs, line 0 for the file itself."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{line}: {message}" for line, message in errors))


@dataclass
class Change:
    line: int
    code: str
    name: str
    old: str
    new: str
    issued_codes: int = 0


@dataclass
class Unknown:
    line: int
    key: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    unknown: list[Unknown] = field(default_factory=list)
    applied: bool = False

    @property
    def flagged(self) -> list[Change]:
        return [change for change in self.changes if change.issued_codes]

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "applied": self.applied,
            "unchanged": self.unchanged,
            "changes": [asdict(change) for change in self.changes],
            "unknown": [asdict(item) for item in self.unknown],
        }


def e_identifier_problem(value: str) -> str:
    """Why `value` breaks QĐ 20/2020/QĐ-TTg art. 4 (translated message), or "" when it follows it."""
    if not value:
        return _("the electronic identifier is empty")
    if len(value) > E_IDENTIFIER_MAX_LENGTH:
        return _("the electronic identifier has %(n)d characters; at most 35 are allowed (art. 4(1))") % {
            "n": len(value)
        }
    for char in value:
        if not (char == "." or (char.isascii() and (char.isdigit() or char.isupper()))):
            return _(
                "the character “%(char)s” is not allowed: only digits, capital letters A–Z and dots (art. 4(1))"
            ) % {"char": char}
    groups = value.split(".")
    if any(not GROUP.fullmatch(group) for group in groups):
        return _("a group between dots is empty (art. 4(1): groups are separated by single dots)")
    if not LEVEL_ONE.fullmatch(groups[0]):
        if len(groups) > 1 and LEVEL_ONE.fullmatch(groups[-1]):
            return _(
                "the level-1 code %(code)s is last: this is the older layout; Decision 20/2020 art. 4(2) puts "
                "the level-1 code first, e.g. %(example)s"
            ) % {"code": groups[-1], "example": ".".join([groups[-1], *reversed(groups[:-1])])}
        return _(
            "the first group “%(group)s” is not a level-1 code: a letter A–Y followed by two digits (art. 4(2))"
        ) % {"group": groups[0]}
    return ""


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", fold(text)).strip()


def _decode(content: bytes) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise IdentifierImportError(
            [
                (
                    0,
                    _("The file is %(size)d bytes; at most %(max)d are accepted.")
                    % {"size": len(content), "max": MAX_FILE_BYTES},
                )
            ]
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IdentifierImportError([(0, _("The file is in UTF-16; save it as CSV UTF-8."))])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise IdentifierImportError(
            [(line, _("Line %(line)d is not UTF-8 text; save the file as CSV UTF-8.") % {"line": line})]
        ) from None


def _rows(text: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """Header columns (identifier / code / name → index) and the data rows with their line numbers."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise IdentifierImportError([(0, _("The file is empty."))]) from None
    except csv.Error:
        raise IdentifierImportError([(1, _("Line %(line)d cannot be read: check the quotes.") % {"line": 1})]) from None
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        for role, names in (("identifier", IDENTIFIER_HEADERS), ("code", CODE_HEADERS), ("name", NAME_HEADERS)):
            if key in names and role not in columns:
                columns[role] = index
    if "identifier" not in columns or not ({"code", "name"} & columns.keys()):
        raise IdentifierImportError(
            [
                (
                    1,
                    _(
                        "Line 1 must name the columns: “Mã định danh” and “Mã đơn vị” or “Tên cơ quan” "
                        "(found: %(found)s)."
                    )
                    % {"found": ", ".join(title.strip() for title in header) or "—"},
                )
            ]
        )
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                raise IdentifierImportError(
                    [
                        (
                            reader.line_num,
                            _("Line %(line)d: more than %(n)d rows.") % {"line": reader.line_num, "n": MAX_ROWS},
                        )
                    ]
                )
    except csv.Error:
        line = reader.line_num
        raise IdentifierImportError(
            [(line, _("Line %(line)d cannot be read: check the quotes.") % {"line": line})]
        ) from None
    return columns, rows


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _scope(province_code: str | None) -> QuerySet[Unit]:
    agencies = Unit.objects.filter(kind__in=AGENCY_KINDS, valid_to__isnull=True)
    if province_code:
        agencies = agencies.filter(path__startswith=f"/{province_code.strip().upper()}/")
    return agencies


def _issued_codes(identifier: str, *, other_than: int | None = None) -> int:
    """Dossier codes issued under `identifier` (by units other than `other_than`), read by model name so that
    the unit layer does not import the dossiers app above it."""
    if not identifier or not apps.is_installed("motcua.dossiers"):
        return 0
    dossiers = apps.get_model("dossiers", "Dossier").objects.filter(code__startswith=f"{identifier}-")
    if other_than is not None:
        dossiers = dossiers.exclude(receiving_unit_id=other_than)
    return dossiers.count()


def unit_identifiers_import(*, content: bytes, confirm: bool = False, province_code: str | None = None) -> ImportReport:
    """Read a province's CSV of e-identifiers, check every row, and with `confirm` write them in one transaction.

    Columns (first line, any order, `;`, `,` or tab separated, UTF-8 with or without BOM): „Mã định danh" and
    „Mã đơn vị" (the unit code in motcua, e.g. P22-STP) or „Tên cơ quan" (matched, accents and case aside, to the
    name or short name of an agency in force, within `province_code` when given). The statistics code (mã ĐVHC)
    is not a key: it names an area, whose People's Committee and one-stop centre share it. Rows whose unit is
    unknown or ambiguous are listed and skipped; any malformed identifier, duplicate, or identifier held by a unit
    outside the file refuses the whole file (IdentifierImportError) and nothing is written. The check and the
    writes run in one transaction, with the rows locked, so a concurrent edit cannot slip in between.
    """
    with transaction.atomic():
        return _import(content=content, confirm=confirm, province_code=province_code)


def _import(*, content: bytes, confirm: bool, province_code: str | None) -> ImportReport:
    columns, rows = _rows(_decode(content))
    report = ImportReport(rows=len(rows))
    errors: list[tuple[int, str]] = []
    agencies = _scope(province_code)
    by_name: dict[str, list[Unit]] = {}
    by_code: dict[str, Unit] = {}
    if "code" in columns:
        by_code = {unit.code.upper(): unit for unit in agencies}
    else:
        for unit in agencies:
            for key in {fold(unit.name), fold(unit.short_name)} - {""}:
                by_name.setdefault(key, []).append(unit)
    planned: dict[int, tuple[int, Unit, str]] = {}  # unit id → (line, unit, new identifier)
    seen_identifier: dict[str, int] = {}
    for line, cells in rows:
        identifier = _cell(cells, columns["identifier"])
        code = _cell(cells, columns.get("code"))
        name = _cell(cells, columns.get("name"))
        problem = e_identifier_problem(identifier)
        if problem:
            errors.append((line, _("Line %(line)d: %(problem)s.") % {"line": line, "problem": problem}))
            continue
        if identifier in seen_identifier:
            errors.append(
                (
                    line,
                    _("Line %(line)d: the identifier %(id)s is already on line %(first)d.")
                    % {"line": line, "id": identifier, "first": seen_identifier[identifier]},
                )
            )
            continue
        seen_identifier[identifier] = line
        if code:
            found = by_code.get(code.upper())
            if found is None:
                reason = (
                    _("not an agency in force here")
                    if Unit.objects.filter(code__iexact=code).exists()
                    else _("no unit with this code")
                )
                report.unknown.append(Unknown(line, code, reason))
                continue
            unit = found
        elif name:
            matches = by_name.get(fold(name), [])
            if len(matches) != 1:
                reason = (
                    _("no agency with this name")
                    if not matches
                    else _("%(n)d agencies have this name") % {"n": len(matches)}
                )
                report.unknown.append(Unknown(line, name, reason))
                continue
            unit = matches[0]
        else:
            errors.append((line, _("Line %(line)d: neither a unit code nor a name.") % {"line": line}))
            continue
        if unit.pk in planned:
            errors.append(
                (
                    line,
                    _("Line %(line)d: %(unit)s is already on line %(first)d.")
                    % {"line": line, "unit": unit.code, "first": planned[unit.pk][0]},
                )
            )
            continue
        planned[unit.pk] = (line, unit, identifier)
    # An identifier may only move between units named in the file (a swap); any other holder refuses the row.
    locked = Unit.objects.select_for_update().filter(Q(pk__in=planned) | Q(e_identifier__in=seen_identifier))
    holders = {
        identifier: pk for pk, identifier in locked.values_list("pk", "e_identifier") if identifier in seen_identifier
    }
    final = {pk: new for pk, (_line, _unit, new) in planned.items()}
    for pk, (line, unit, new) in sorted(planned.items(), key=lambda item: item[1][0]):
        holder = holders.get(new)
        if holder is not None and holder != pk and final.get(holder, new) == new:
            other = Unit.objects.get(pk=holder)
            errors.append(
                (
                    line,
                    _("Line %(line)d: %(id)s already belongs to %(other)s (%(code)s).")
                    % {"line": line, "id": new, "other": other.name, "code": other.code},
                )
            )
            continue
        if new != unit.e_identifier and _issued_codes(new, other_than=pk):
            errors.append(
                (
                    line,
                    _(
                        "Line %(line)d: dossier codes of another unit already start with %(id)s; reusing it could repeat a code."
                    )
                    % {"line": line, "id": new},
                )
            )
            continue
        if new == unit.e_identifier:
            report.unchanged += 1
        else:
            report.changes.append(
                Change(line, unit.code, unit.name, unit.e_identifier, new, _issued_codes(unit.e_identifier))
            )
    if errors:
        raise IdentifierImportError(sorted(errors))
    if confirm and report.changes:
        _apply(report.changes)
        report.applied = True
    return report


def _apply(changes: list[Change]) -> None:
    """Write in two passes so that identifiers swapped between units never meet the unique constraint."""
    codes = [change.code for change in changes]
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    Unit.objects.filter(code__in=codes).update(e_identifier="")
    for change in changes:
        Unit.objects.filter(pk=units[change.code].pk).update(e_identifier=change.new)
    memo_changed()  # QuerySet.update sends no signal (core.memo)
