"""External indices (PAR INDEX, SIPAS, PAPI, PCI, DDCI): import published results from CSV, rank, trend and
distance to the province's target.

CSV columns: `index, year, province, value, rank, source` (rank optional; value — even the column — optional when
the published table gives only the rank), optional `group` (the published grading group); any further numeric
column is a component. The components are checked against the published value (within ±0.02):

- PCI: the 10 sub-indices by their framework code; when a framework with the index's code exists for the year
  (code `pci`), total = 10 × Σ wᵢ·sᵢ (reference/indices.md §4).
- PAR INDEX (Decision 876/QĐ-BNV): the published components are additive points on the 100-point scale — either
  the two methods, `tham_dinh` (self-assessment as appraised by MoHA, "score_moha") and `dieu_tra` (sociological
  survey, "score_survey"), or the points of the fields by their code. PAR INDEX = appraised + survey points
  (indices.md §1.2 item 4, checked on 19/19 published rows of 2012). The grading group follows from the value:
  A ≥ 90 %, B 80 % to < 90 %, C 70 % to < 80 % (indices.md §1.3, legal-details.md §1.4; below C → "D", which no
  public text confirms); a published `group` that differs is reported.

Ranks (issue 15): motcua computes each year's rank from the values — higher is better for every one of these
indices; ties share a rank and the next rank skips ("1, 2, 2, 4", the way the published tables rank) — among the
provinces with a value that year, and says among how many ("xếp hạng trong N đơn vị có số liệu"); the published
rank, when imported, is kept beside it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from .choices import ExternalIndex
from .errors import ScorecardError
from .models import DEFAULT_GROUPS, ExternalIndexResult, Framework, IndexTarget, province_key
from .scoring import group_for, score_tree
from .services import ImportReport, _number, _read_csv

BASE_COLUMNS = {"index", "year", "province", "value", "rank", "source", "group"}
CHECK_TOLERANCE = Decimal("0.02")
# PAR INDEX components by scoring method of 876/QĐ-BNV, with the column names of published compilations.
PAR_METHOD_COLUMNS = {
    "tham_dinh": "tham_dinh",
    "score_moha": "tham_dinh",
    "dieu_tra": "dieu_tra",
    "score_survey": "dieu_tra",
}


def par_group(value: Decimal | None) -> str | None:
    """The PAR INDEX grading group of a published value (A ≥ 90, B 80–<90, C 70–<80; indices.md §1.3)."""
    return None if value is None else group_for(value, DEFAULT_GROUPS)[0]


def par_total(components: dict[str, Decimal]) -> Decimal:
    """PAR INDEX from its published components: appraised + survey points, or the sum of the fields' points."""
    by_method = {PAR_METHOD_COLUMNS[k]: v for k, v in components.items() if k in PAR_METHOD_COLUMNS}
    parts = by_method.values() if by_method else components.values()
    return sum(parts, Decimal(0))


def published_total(*, index: str, framework: Framework | None, components: dict[str, Decimal]) -> Decimal | None:
    """What the published components add up to, by the index's rule (None when there is no rule to apply)."""
    if index == ExternalIndex.PAR:
        return par_total(components)
    if framework is not None:
        return total_from_components(framework=framework, components=components)
    return None


def total_from_components(*, framework: Framework, components: dict[str, Decimal]) -> Decimal:
    """The total an index framework gives for published component values (keys = node codes)."""
    nodes = list(framework.nodes.all())
    values = {node.id: components.get(node.code) for node in nodes}
    return score_tree(framework=framework, nodes=nodes, values=values).achieved


@transaction.atomic
def external_results_import(*, content: bytes | str, default_source: str = "") -> ImportReport:
    """Import published results; all rows are validated first and nothing is stored if one is wrong."""
    report = ImportReport()
    try:
        rows = _read_csv(content)
    except (UnicodeDecodeError, csv.Error):
        raise ScorecardError(_("The file is not a UTF-8 CSV file."), code="bad_csv") from None
    if not rows:
        raise ScorecardError(_("The file has no rows."), code="empty")
    missing = {"index", "year", "province"} - set(rows[0])
    if not {"value", "rank"} & set(rows[0]):
        missing.add("value")
    if missing:
        raise ScorecardError(_("Missing columns: %(cols)s.") % {"cols": ", ".join(sorted(missing))}, code="columns")
    frameworks: dict[tuple[str, int], Framework | None] = {}
    planned = []
    for line, row in enumerate(rows, 2):
        index = row["index"].lower()
        if index not in ExternalIndex.values:
            report.errors.append(_("Line %(line)s: unknown index “%(index)s”.") % {"line": line, "index": row["index"]})
            continue
        try:
            year = int(row["year"])
            value = _number(row["value"]) if row.get("value") else None
            rank = int(row["rank"]) if row.get("rank") else None
            components = {k: _number(v) for k, v in row.items() if k not in BASE_COLUMNS and v}
        except (ValueError, InvalidOperation):
            report.errors.append(_("Line %(line)s: year, value, rank and components must be numbers.") % {"line": line})
            continue
        if not row["province"]:
            report.errors.append(_("Line %(line)s: the province is empty.") % {"line": line})
            continue
        if value is None and rank is None and not (index == ExternalIndex.PAR and components):
            report.errors.append(_("Line %(line)s: give the value, the rank or both.") % {"line": line})
            continue
        source = row.get("source") or default_source
        if not source:
            report.errors.append(_("Line %(line)s: the source is empty.") % {"line": line})
            continue
        key = (index, year)
        if key not in frameworks:
            frameworks[key] = Framework.objects.filter(code=index, year=year).first()
        framework = frameworks[key]
        total = published_total(index=index, framework=framework, components=components) if components else None
        if total is not None and value is not None and abs(total - value) > CHECK_TOLERANCE:
            report.warnings.append(
                _("Line %(line)s: the components give %(total)s, the published value is %(value)s.")
                % {"line": line, "total": total, "value": value}
            )
        if value is None and total is not None and index == ExternalIndex.PAR:
            value = total  # a table that publishes only the components: the index is their sum (876/QĐ-BNV)
        published_group = (row.get("group") or "").strip().upper()
        if index == ExternalIndex.PAR and published_group and value is not None:
            computed = par_group(value)
            if computed != published_group:
                report.warnings.append(
                    _("Line %(line)s: %(value)s falls in group %(computed)s, the table says %(group)s.")
                    % {"line": line, "value": value, "computed": computed, "group": published_group}
                )
        planned.append((index, year, row["province"], value, rank, components, source))
    if report.errors:
        return report
    for index, year, province, value, rank, components, source in planned:
        ExternalIndexResult.objects.update_or_create(
            index=index,
            year=year,
            province_key=province_key(province),
            defaults={
                "province": province,
                "value": value,
                "rank": rank,
                "components": {k: str(v) for k, v in components.items()},
                "source": source[:500],
            },
        )
        report.imported += 1
    return report


@dataclass
class YearCell:
    year: int
    value: Decimal | None
    rank: int | None  # computed from the values of the year
    published_rank: int | None  # as imported
    published: bool = True  # a result was imported for this year (False: the province is not in that table)
    group: str | None = None  # PAR INDEX grading group of the value (A ≥ 90, B 80–<90, C 70–<80)


@dataclass
class ExternalRow:
    province: str
    cells: list[YearCell]
    latest: Decimal | None
    change: Decimal | None
    target: Decimal | None

    @property
    def values(self) -> dict[int, Decimal | None]:
        return {c.year: c.value for c in self.cells}

    @property
    def ranks(self) -> dict[int, int | None]:
        return {c.year: c.rank for c in self.cells}

    @property
    def distance_to_target(self) -> Decimal | None:
        return None if self.target is None or self.latest is None else self.target - self.latest


@dataclass
class ExternalTable:
    index: str
    years: list[int]
    rows: list[ExternalRow]
    ranked: dict[int, int]  # year → provinces with a value (the N of "xếp hạng trong N đơn vị có số liệu")


def competition_ranks(values: dict[str, Decimal]) -> dict[str, int]:
    """Rank = 1 + the number of strictly higher values: ties share a rank, the next one skips (1, 2, 2, 4)."""
    ordered = sorted(values.values(), reverse=True)
    first_position = {}
    for position, value in enumerate(ordered, 1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in values.items()}


def external_index_table(*, index: str, province: str | None = None) -> ExternalTable:
    """Every province's values and ranks by year (latest year first, rows in the latest year's rank order),
    change on the previous year and the distance to the province's target for the latest year. Ranks are
    computed among all provinces with a value that year, also when the table is filtered to one province."""
    results = list(ExternalIndexResult.objects.filter(index=index))
    years = sorted({r.year for r in results}, reverse=True)
    ranks: dict[int, dict[str, int]] = {}
    for year in years:
        ranks[year] = competition_ranks(
            {r.province_key: r.value for r in results if r.year == year and r.value is not None}
        )
    wanted = province_key(province) if province else None
    by_province: dict[str, dict] = {}
    for result in results:
        if wanted and result.province_key != wanted:
            continue
        row = by_province.setdefault(result.province_key, {"name": result.province, "results": {}})
        row["results"][result.year] = result
    latest_year = years[0] if years else None
    targets = (
        {t.province_key: t.value for t in IndexTarget.objects.filter(index=index, year=latest_year)}
        if latest_year
        else {}
    )
    rows = []
    for key, data in by_province.items():
        cells = []
        for year in years:
            result = data["results"].get(year)
            cells.append(
                YearCell(
                    year,
                    result.value if result else None,
                    ranks[year].get(key),
                    result.rank if result else None,
                    result is not None,
                    par_group(result.value) if result and index == ExternalIndex.PAR else None,
                )
            )
        latest = cells[0].value if cells else None
        previous = next((c.value for c in cells if c.year == latest_year - 1), None) if latest_year else None
        change = latest - previous if latest is not None and previous is not None else None
        rows.append(ExternalRow(data["name"], cells, latest, change, targets.get(key)))

    def order(row: ExternalRow):
        cell = row.cells[0] if row.cells else None
        rank = (cell.rank or cell.published_rank) if cell else None
        return (rank is None, rank or 0, row.province)

    rows.sort(key=order)
    return ExternalTable(index=index, years=years, rows=rows, ranked={y: len(ranks[y]) for y in years})
