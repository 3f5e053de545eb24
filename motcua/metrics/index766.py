"""Decision 766/QĐ-TTg index (DESIGN.md §4; reference onestop-rules.md §10, legal-details.md §3): five groups of
18/20/22/22/18 points, each indicator with its formula, inputs, value and points. Group maxima are the
decision's; per-indicator points, thresholds, the no-data rule and grade bands are the versioned configuration
`index766.yaml` (documented defaults, docs/domain/index766.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext

from motcua.units.models import Unit

from .indicators import INDICATORS, IndicatorDefinition, indicator_values

DEFAULT_CONFIG = Path(__file__).with_name("index766.yaml")
GROUP_MAXIMA = (18, 20, 22, 22, 18)


# The parsed YAML (`index766.yaml`: groups of indicators, grades), checked by `validate_config`, and one indicator
# entry of it (code, name, max_points, rule, indicator, …).
Config = dict[str, Any]
Item = dict[str, Any]


class BadConfig(ValueError):
    pass


@cache
def _load(path: str) -> Config:
    with open(path, encoding="utf-8") as handle:
        config: Config = yaml.safe_load(handle)
    validate_config(config)
    return config


def load_config(path: str | Path | None = None) -> Config:
    return _load(str(path or DEFAULT_CONFIG))


def validate_config(config: Config) -> None:
    """Group maxima must be the decision's, indicator points must add up to their group, ids must exist."""
    groups = config.get("groups") or []
    if tuple(g["max_points"] for g in groups) != GROUP_MAXIMA:
        raise BadConfig("group maxima must be 18/20/22/22/18 (QĐ 766/QĐ-TTg)")
    for group in groups:
        if sum(i["max_points"] for i in group["indicators"]) != group["max_points"]:
            raise BadConfig(f"indicator points of group {group['code']} do not add up to {group['max_points']}")
        for item in group["indicators"]:
            for key in ("indicator", "legal_indicator"):
                if item.get(key) and item[key] not in INDICATORS:
                    raise BadConfig(f"unknown indicator {item[key]} in {item['code']}")
            if item["rule"] not in ("proportional", "threshold", "not_scored"):
                raise BadConfig(f"unknown rule {item['rule']} in {item['code']}")


@dataclass
class IndicatorScore:
    code: str
    name: str
    formula: str
    inputs: Mapping[str, float | None]
    value: float | None
    points: float
    max_points: float
    status: str  # "scored", "no_data" or "not_scored"
    note: str = ""
    # Where the 766 figure follows the portal's rule and the law another (2.1): the legal value beside it.
    legal_value: float | None = None
    legal_formula: str = ""
    indicator: str = ""  # the id of its definition (its own page lists the dossiers behind it)

    @property
    def differs(self) -> bool:
        return self.legal_formula != "" and self.legal_value != self.value


@dataclass
class GroupScore:
    code: str
    name: str
    max_points: float
    points: float
    indicators: list[IndicatorScore] = field(default_factory=list)


@dataclass
class Index766:
    unit: str
    start: dt.date
    end: dt.date
    total: float
    max_points: float
    grade: str
    config_version: str
    groups: list[GroupScore]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return data


def points_for(item: Item, value: float | None, *, when_no_data: str) -> tuple[float, str]:
    """Points of one indicator (value is a share 0–1) and its status."""
    maximum = item["max_points"]
    if item["rule"] == "not_scored":
        return 0.0, "not_scored"
    if value is None:
        return (float(maximum) if item.get("when_no_data", when_no_data) == "full" else 0.0), "no_data"
    full_at = item.get("full_at", 1.0) if item["rule"] == "threshold" else 1.0
    return round(min(maximum, value * maximum / full_at), 2), "scored"


def grade_for(total: float, config: Config) -> str:
    for band in sorted(config["grades"], key=lambda b: -b["min"]):
        if total >= band["min"]:
            return str(band["grade"])
    return str(config["grades"][-1]["grade"])


def index766(*, unit: Unit, start: dt.date, end: dt.date, config: Config | None = None) -> Index766:
    """The index for `unit` (its whole subtree; the province when `unit` is the province) over [start, end]."""
    config = config or load_config()
    values = indicator_values(unit=unit, start=start, end=end, replay=True)
    when_no_data = config.get("when_no_data", "zero")
    groups = []
    for group in config["groups"]:
        scores = []
        for item in group["indicators"]:
            ident = item.get("indicator")
            measured = values.get(ident) if ident else None
            value = measured.value if measured else None
            points, status = points_for(item, value, when_no_data=when_no_data)
            definition = INDICATORS.get(ident) if ident else None
            note = str(measured.no_data_reason) if measured and value is None else ""
            if not ident:
                note = gettext("No data in the system for this indicator.")
            legal = item.get("legal_indicator")
            legal_measured = values.get(legal) if legal else None
            scores.append(
                IndicatorScore(
                    code=item["code"],
                    name=item["name"],
                    formula=_formula(item, definition),
                    inputs=measured.inputs if measured else {},
                    value=value,
                    points=points,
                    max_points=item["max_points"],
                    status=status,
                    note=note,
                    legal_value=legal_measured.value if legal_measured else None,
                    legal_formula=str(INDICATORS[legal].formula) if legal else "",
                    indicator=ident or "",
                )
            )
        groups.append(
            GroupScore(
                group["code"], group["name"], group["max_points"], round(sum(s.points for s in scores), 2), scores
            )
        )
    total = round(sum(g.points for g in groups), 2)
    return Index766(unit.code, start, end, total, 100, grade_for(total, config), str(config["version"]), groups)


def _formula(item: Item, definition: IndicatorDefinition | None) -> str:
    base = str(definition.formula) if definition else ""
    if item["rule"] == "threshold":
        rule = gettext("points = %(max)s if the value ≥ %(full)s, else value × %(max)s / %(full)s") % {
            "max": item["max_points"],
            "full": f"{item['full_at']:.0%}",
        }
    elif item["rule"] == "proportional":
        rule = gettext("points = value × %(max)s") % {"max": item["max_points"]}
    else:
        rule = gettext("not scored")
    return f"{base}; {rule}" if base else rule
