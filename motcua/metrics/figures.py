"""The figures of the period report: ONE registry (issue 14 target 6).

Every figure of the period report (DESIGN.md §4, docs/domain/metrics.md) is one `Figure` row of `REGISTRY`, and
everything that lists figures is built from it:

* the rollup counters and their aggregates (`choices.COUNTERS`, `coarse.MONTHLY_COUNTERS`,
  `selectors.FLOW_AGGREGATES` / `MONTHLY_AGGREGATES`) from the rows with a `counter`;
* `selectors.PeriodFigures`: its stored numbers are filled from the rows (`selectors._figures`), its derived ones
  (`on_time_rate`, and any row with a `formula` whose `path` is not a stored field) computed from the rows;
* the drill-down's figures and the cell it must match (`drilldown.FIGURES`, `drilldown.figure_value`);
* the Excel columns (`xlsx.py`), the HTML table (`templates/reports/period_report.html`, `_row_cells.html`: a loop
  over `table_groups()`), and the API schema (`api.schemas.PeriodReportOut` from `api_fields()`);
* the plain-text report of `motcua report period` (`outline()`: the table's figures) and the dashboard's tiles
  (`tiles()`: the rows with a `tile` place, `templates/reports/dashboard.html`).

Adding a column derived from existing figures (a rate, a sum) is one row with a `formula` and a `path` outside
the stored fields, plus the Vietnamese of its labels in `locale/vi/LC_MESSAGES/django.po` (docs/recipes.md §2).
Row order is the order of the columns (table and sheet) and of the API fields.

The bundled procedures (liên thông) are not rows here: a bundle is not a dossier of one unit's row, so their
section (by bundle group and agency) has its own columns, read the same way by the page, the sheet, the API and
the text report (`bundle_figures.COLUMNS` / `AGENCY_COLUMNS`, counters in `bundle_rollup`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from .selectors import PeriodFigures

Value = int | float | None
Formula = Callable[[Mapping[str, Value]], Value]
Kind = Literal["flow", "stock"]

# The numbers `selectors.PeriodFigures` stores (its dataclass fields); a row whose path starts elsewhere is
# computed when read.
STORED_ROOTS = frozenset(
    {
        "carried_over",
        "received",
        "resolved",
        "in_progress",
        "waiting",
        "refused",
        "stopped",
        "withdrawn",
        "delivered",
        "supplement_requested",
        "extended",
        "committed_resolved",
        "committed_kept",
    }
)


@dataclass(frozen=True)
class Figure:
    """One figure of the period report.

    `key`: its id (drill-down `?figure=`, template `data-figure`, `figure_value`). `label`: its full name (the
    drill-down page title). `kind`: a flow of the period (events whose Vietnamese day falls in [start, end]) or
    the open stock at a moment. How to get it — exactly one of:
      `counter` (+ `channel`): the sum of that `DailyRollup` counter (only the rows of that channel); the
        `MonthlyRollup` column is `counter` or `counter_channel`;
      `stock`: the key of the open-stock aggregate (`selectors._stock_totals` / `_stocks`);
      `formula`: a function of the other figures by key (see `total`, `difference`, `share`).
    `path`: where the value lives in `PeriodFigures` / the API output (("received", "online"): a key of the
    `received` dict); None: nowhere (a sheet-only column). `share`: a rate 0–1 (shown as %, None without data).
    `group` / `column`: the table header (columns of one group are adjacent; no group: a column of its own headed
    by `column`). `table` / `sheet`: shown in the HTML table / the Excel sheet. `drillable`: the drill-down lists
    its dossiers (by replaying `rollup.apply`: `drilldown._matches_flow` for flows, `_matches_stock` for stock).
    `css`: extra class of the HTML cell (a tile with one is drawn as a bad sign). `number_format`: the Excel cell
    format. `tile`: the figure's place among the dashboard's tiles (0: not a tile), headed by `tile_label` (default
    `label`). `source`: the legal or published definition.
    """

    key: str
    label: StrOrPromise
    kind: Kind
    column: StrOrPromise = ""
    group: StrOrPromise | None = None
    counter: str | None = None
    channel: str | None = None
    stock: str | None = None
    formula: Formula | None = None
    path: tuple[str, ...] | None = None
    share: bool = False
    table: bool = True
    sheet: bool = True
    drillable: bool = True
    css: str = ""
    number_format: str = "General"
    tile: int = 0
    tile_label: StrOrPromise | None = None
    source: str = ""

    def __post_init__(self) -> None:
        sources = [self.counter is not None, self.stock is not None, self.formula is not None]
        if sources.count(True) != 1:
            raise ValueError(f"figure {self.key}: exactly one of counter, stock, formula")
        if self.share and self.drillable:
            raise ValueError(f"figure {self.key}: a rate has no list of dossiers")

    @property
    def stored(self) -> bool:
        return self.path is not None and self.path[0] in STORED_ROOTS

    @property
    def monthly_column(self) -> str | None:
        """The `MonthlyRollup` column summed for this figure (None unless it is a rollup counter)."""
        if self.counter is None:
            return None
        return f"{self.counter}_{self.channel}" if self.channel else self.counter

    @property
    def sheet_header(self) -> StrOrPromise:
        """The Excel header: a rate is written in percent there ("On-time rate (%)")."""
        return format_lazy("{} (%)", self.column) if self.share else self.column

    @property
    def tile_name(self) -> StrOrPromise:
        return self.label if self.tile_label is None else self.tile_label


# --- formulas ---------------------------------------------------------------------------------------------------


def total(*keys: str) -> Formula:
    """The sum of other figures."""
    return lambda v: sum(int(v[k] or 0) for k in keys)


def difference(minuend: str, subtrahend: str) -> Formula:
    return lambda v: int(v[minuend] or 0) - int(v[subtrahend] or 0)


def share(numerators: tuple[str, ...], denominator: str) -> Formula:
    """sum(numerators) / denominator rounded to 4 decimals; None when the denominator is 0 (no data — never a
    made-up 0 % or 100 %)."""

    def rate(v: Mapping[str, Value]) -> Value:
        whole = int(v[denominator] or 0)
        if not whole:
            return None
        return round(sum(int(v[k] or 0) for k in numerators) / whole, 4)

    return rate


# --- the registry -----------------------------------------------------------------------------------------------

RECEIVED = _("Dossiers received")
RESOLVED = _("Dossiers resolved")
IN_PROGRESS = _("In progress")

REGISTRY: tuple[Figure, ...] = (
    Figure(
        "received_and_carried_over",
        _("Carried over and received"),
        "flow",
        _("Total"),
        RECEIVED,
        formula=total("carried_over", "received"),
        table=False,
        drillable=False,
        source="TT 01/2018/TT-VPCP phụ lục (tổng số hồ sơ: kỳ trước chuyển qua + tiếp nhận mới)",
    ),
    Figure(
        "carried_over",
        _("Carried over from the previous period"),
        "stock",
        _("Carried over"),
        RECEIVED,
        stock="carried_over",
        path=("carried_over",),
    ),
    Figure(
        "received_online",
        _("Received online"),
        "flow",
        _("Online"),
        RECEIVED,
        counter="received",
        channel="online",
        path=("received", "online"),
    ),
    Figure(
        "received_counter",
        _("Received at the counter"),
        "flow",
        _("At the counter"),
        RECEIVED,
        counter="received",
        channel="counter",
        path=("received", "counter"),
    ),
    Figure(
        "received_post",
        _("Received by post"),
        "flow",
        _("By post"),
        RECEIVED,
        counter="received",
        channel="post",
        path=("received", "post"),
    ),
    Figure(
        "received",
        _("Received in the period"),
        "flow",
        formula=total("received_online", "received_counter", "received_post"),
        path=("received", "total"),
        table=False,
        sheet=False,
        tile=1,
        tile_label=_("Received"),
    ),
    Figure(
        "resolved",
        _("Resolved"),
        "flow",
        _("Total"),
        RESOLVED,
        formula=total("resolved_early", "resolved_on_time", "resolved_late"),
        path=("resolved", "total"),
        tile=2,
    ),
    Figure(
        "resolved_early",
        _("Resolved early"),
        "flow",
        _("Early"),
        RESOLVED,
        counter="resolved_early",
        path=("resolved", "early"),
    ),
    Figure(
        "resolved_on_time",
        _("Resolved on time"),
        "flow",
        _("On time"),
        RESOLVED,
        counter="resolved_on_time",
        path=("resolved", "on_time"),
    ),
    Figure(
        "resolved_late",
        _("Resolved late"),
        "flow",
        _("Late"),
        RESOLVED,
        counter="resolved_late",
        path=("resolved", "late"),
        css="rp-late",
        tile=4,
    ),
    Figure(
        "in_progress",
        _("In progress at the end of the period"),
        "stock",
        _("Total"),
        IN_PROGRESS,
        stock="in_progress_total",
        path=("in_progress", "total"),
    ),
    Figure(
        "in_progress_within_time",
        _("In progress within time"),
        "stock",
        _("Within time"),
        IN_PROGRESS,
        formula=difference("in_progress", "in_progress_overdue"),
        path=("in_progress", "within_time"),
    ),
    Figure(
        "in_progress_overdue",
        _("In progress overdue"),
        "stock",
        _("Overdue"),
        IN_PROGRESS,
        stock="overdue",
        path=("in_progress", "overdue"),
        css="rp-late",
        tile=5,
        tile_label=_("Overdue at the end"),
    ),
    Figure(
        "waiting",
        _("Waiting for the applicant"),
        "stock",
        _("Waiting for the applicant"),
        stock="waiting",
        path=("waiting",),
        tile=6,
    ),
    Figure("refused", _("Refused at reception"), "flow", _("Refused"), counter="refused", path=("refused",)),
    Figure("stopped", _("Stopped"), "flow", _("Stopped"), counter="stopped", path=("stopped",)),
    Figure("withdrawn", _("Withdrawn"), "flow", _("Withdrawn"), counter="withdrawn", path=("withdrawn",)),
    Figure(
        "delivered",
        _("Delivered"),
        "flow",
        counter="delivered",
        path=("delivered",),
        table=False,
        sheet=False,
        drillable=False,
    ),
    Figure(
        "supplement_requested",
        _("Supplement requested"),
        "flow",
        counter="supplement_requested",
        path=("supplement_requested",),
        table=False,
        sheet=False,
        drillable=False,
    ),
    Figure(
        "extended",
        _("Extended"),
        "flow",
        counter="extended",
        path=("extended",),
        table=False,
        sheet=False,
        drillable=False,
    ),
    Figure(
        "on_time_rate",
        _("On-time rate"),
        "flow",
        _("On-time rate"),
        formula=share(("resolved_early", "resolved_on_time"), "resolved"),
        path=("on_time_rate",),
        share=True,
        drillable=False,
        tile=3,
        source="QĐ 766/QĐ-TTg chỉ số 2.1; NĐ 61/2018/NĐ-CP Điều 30",
    ),
    Figure(
        "committed_resolved",
        _("Resolved under a service commitment"),
        "flow",
        counter="committed_resolved",
        path=("committed_resolved",),
        table=False,
        sheet=False,
        drillable=False,
        source="docs/domain/deadlines.md §10 (thời gian cam kết ngắn hơn thời hạn theo quy định)",
    ),
    Figure(
        "committed_kept",
        _("Service commitment kept"),
        "flow",
        counter="committed_kept",
        path=("committed_kept",),
        table=False,
        sheet=False,
        drillable=False,
        source="docs/domain/deadlines.md §10: finished at or before the committed due moment",
    ),
    Figure(
        "commitment_kept_rate",
        _("Commitment kept rate"),
        "flow",
        _("Commitment kept rate"),
        formula=share(("committed_kept",), "committed_resolved"),
        path=("commitment_kept_rate",),
        share=True,
        drillable=False,
        source="docs/domain/deadlines.md §10 (issue 21 part 1: the legal on-time rate and the commitment kept rate "
        "side by side; QĐ 766 keeps the legal rule)",
    ),
    Figure(
        "online_rate",
        _("Online filing rate"),
        "flow",
        _("Online filing rate"),
        formula=share(("received_online",), "received"),
        path=("online_rate",),
        share=True,
        drillable=False,
        source="QĐ 766/QĐ-TTg chỉ số 3.3; NĐ 42/2022/NĐ-CP Điều 11 (hồ sơ trực tuyến / hồ sơ tiếp nhận)",
    ),
)

BY_KEY: dict[str, Figure] = {figure.key: figure for figure in REGISTRY}


def _check(registry: tuple[Figure, ...]) -> None:
    keys = [figure.key for figure in registry]
    if len(keys) != len(set(keys)):
        raise ValueError("figure keys must be unique")
    paths = [figure.path for figure in registry if figure.path]
    if len(paths) != len(set(paths)):
        raise ValueError("figure paths must be unique")
    places = [figure.tile for figure in registry if figure.tile]
    if len(places) != len(set(places)):
        raise ValueError("tile places must be unique")


_check(REGISTRY)


# --- what the rest of the app reads -----------------------------------------------------------------------------


def rollup_counters() -> tuple[str, ...]:
    """The `DailyRollup` counters, in registry order (`choices.COUNTERS`)."""
    return tuple(dict.fromkeys(f.counter for f in REGISTRY if f.counter))


def counters_by_channel() -> dict[str, dict[str, str]]:
    """{counter: {channel: MonthlyRollup column}} for the counters split by channel in `MonthlyRollup`."""
    split: dict[str, dict[str, str]] = {}
    for figure in REGISTRY:
        if figure.counter and figure.channel and figure.monthly_column:
            split.setdefault(figure.counter, {})[figure.channel] = figure.monthly_column
    return split


def flow_sources() -> list[Figure]:
    """The figures summed from the rollup counters (`selectors.FLOW_AGGREGATES` / `MONTHLY_AGGREGATES`)."""
    return [figure for figure in REGISTRY if figure.counter]


def drillable(kind: Kind) -> dict[str, StrOrPromise]:
    """{key: label} of the figures the drill-down lists, of one kind, in registry order."""
    return {f.key: f.label for f in REGISTRY if f.drillable and f.kind == kind}


class _Values(Mapping[str, Value]):
    """Figure values by key: the sources given, the formulas computed on first read (any order)."""

    def __init__(self, sources: Mapping[str, Value]) -> None:
        self._values: dict[str, Value] = dict(sources)
        self._busy: set[str] = set()

    def __getitem__(self, key: str) -> Value:
        if key not in self._values:
            figure = BY_KEY[key]
            if figure.formula is None or key in self._busy:
                raise KeyError(key)
            self._busy.add(key)
            self._values[key] = figure.formula(self)
            self._busy.discard(key)
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(BY_KEY)

    def __len__(self) -> int:
        return len(BY_KEY)


def evaluate(sources: Mapping[str, Value]) -> Mapping[str, Value]:
    """Every figure from the values of the source figures (counters and stock) by key."""
    return _Values(sources)


def read_path(figures: PeriodFigures, path: tuple[str, ...]) -> Value:
    value: object = getattr(figures, path[0])
    for part in path[1:]:
        value = value[part]  # type: ignore[index]
    return value  # type: ignore[return-value]


def values_of(figures: PeriodFigures) -> Mapping[str, Value]:
    """Every figure of a computed `PeriodFigures`, by key."""
    return evaluate({f.key: read_path(figures, f.path) for f in REGISTRY if f.stored and f.path and f.formula is None})


def value_of(figures: PeriodFigures, key: str) -> Value:
    figure = BY_KEY[key]
    if figure.stored and figure.path:
        return read_path(figures, figure.path)
    return values_of(figures)[key]


def derived_output(figures: PeriodFigures) -> dict[str, Value]:
    """The figures computed when read (not stored in `PeriodFigures`) that the API returns, by top-level key."""
    values = values_of(figures)
    return {f.path[0]: values[f.key] for f in REGISTRY if f.path and not f.stored}


def api_fields() -> dict[str, type | object]:
    """The figure fields of the period report's API schema, in registry order: a nested figure makes its parent a
    dict of counts, a count an int, a rate a float or None (`api.schemas.PeriodReportOut`)."""
    fields: dict[str, type | object] = {}
    for figure in REGISTRY:
        if figure.path is None or figure.path[0] in fields:
            continue
        if len(figure.path) > 1:
            fields[figure.path[0]] = dict[str, int]
        else:
            fields[figure.path[0]] = float | None if figure.share else int
    return fields


@dataclass(frozen=True)
class Group:
    """Adjacent columns under one header (`label` None: one column headed by its own `column`)."""

    label: StrOrPromise | None
    figures: list[Figure] = field(default_factory=list)


def columns(target: Literal["table", "sheet"]) -> list[Figure]:
    return [f for f in REGISTRY if getattr(f, target)]


def groups(target: Literal["table", "sheet"]) -> list[Group]:
    """The header groups of the HTML table or the Excel sheet, in column order."""
    result: list[Group] = []
    for figure in columns(target):
        if figure.group is not None and result and result[-1].label is not None and result[-1].label == figure.group:
            result[-1].figures.append(figure)
        else:
            result.append(Group(figure.group, [figure]))
    return result


def tiles() -> list[Figure]:
    """The figures of the dashboard's tiles, in their `tile` order (`templates/reports/dashboard.html`)."""
    return sorted((f for f in REGISTRY if f.tile), key=lambda f: f.tile)


@dataclass(frozen=True)
class Line:
    """One line of the plain-text report: a figure and, for a nested one (`received`), its parts in brackets."""

    figure: Figure
    parts: list[Figure] = field(default_factory=list)


def outline() -> list[Line]:
    """The lines of the plain-text report (`motcua report period`): the figures of the HTML table in registry
    order, one line per top-level field of the API output; a nested field's line shows its `total` (shown even
    when the table has only its parts) with the other parts in brackets."""
    heads: dict[str, Figure | None] = {}
    parts: dict[str, list[Figure]] = {}
    for figure in REGISTRY:
        if figure.path is None:
            continue
        root = figure.path[0]
        heads.setdefault(root, None)
        parts.setdefault(root, [])
        if len(figure.path) == 1 or figure.path[1] == "total":
            heads[root] = figure
        elif figure.table:
            parts[root].append(figure)
    return [Line(head, parts[root]) for root, head in heads.items() if head is not None and (head.table or parts[root])]
