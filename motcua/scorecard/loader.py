"""Load an index framework from its YAML (or JSON) description — the documented format is in
docs/domain/scorecard.md. Validation is strict and every problem is one line naming the node:

- node codes unique in the framework; levels field → criterion → sub-criterion;
- a parent's children's maximum points sum to the parent's maximum (sum / normalised frameworks);
- in a weighted framework, the weights of siblings sum to 1;
- the fields' maxima sum to the framework's scale (sum / normalised);
- when the document states the published `structure` ({fields, criteria, sub_criteria}, e.g. 8 / 37 / 88 for the
  provincial PAR INDEX of Decision 876/QĐ-BNV), the tree has exactly that many nodes per level;
- a node's method is one of the two of 876/QĐ-BNV: `self_appraised` or `survey` (no "system" method).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction

from .choices import Aggregation, NodeLevel, ScoringMethod
from .models import Criterion, Framework

TOLERANCE = Decimal("0.005")
NODE_KEYS = {"code", "name", "max_points", "method", "weight", "guidance", "source", "unverified", "children"}
LEVELS = [NodeLevel.FIELD, NodeLevel.CRITERION, NodeLevel.SUB_CRITERION]


class FrameworkError(ValueError):
    """The framework file is not valid; `errors` holds one line per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class NodeSpec:
    code: str
    name: str
    level: str
    max_points: Decimal
    method: str
    weight: Decimal | None
    guidance: str = ""
    source: str = ""
    unverified: bool = False
    children: list[NodeSpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    code: str
    name: str
    year: int
    version: str
    aggregation: str
    scale: Decimal
    groups: dict
    source: str
    description: str
    nodes: list[NodeSpec]


def _decimal(value, where: str, errors: list[str], *, required: bool = True) -> Decimal | None:
    if value is None:
        if required:
            errors.append(f"{where}: thiếu / missing")
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.append(f"{where}: không phải số / not a number: {value!r}")
        return None
    if number < 0 or not number.is_finite():
        errors.append(f"{where}: phải ≥ 0 / must be ≥ 0: {value!r}")
        return None
    return number


def _node(raw, depth: int, where: str, errors: list[str], seen: set[str], default_method: str) -> NodeSpec | None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: phải là một mục có khóa / must be a mapping")
        return None
    code = str(raw.get("code", "")).strip()
    label = f"{where} [{code or '?'}]"
    if not code:
        errors.append(f"{label}: thiếu mã / missing 'code'")
    elif len(code) > 40:
        errors.append(f"{label}: mã dài quá 40 ký tự / code longer than 40 characters")
    elif code in seen:
        errors.append(f"{label}: mã trùng / duplicate code")
    seen.add(code)
    if depth >= len(LEVELS):
        errors.append(f"{label}: quá 3 cấp / deeper than field → criterion → sub-criterion")
        return None
    unknown = set(raw) - NODE_KEYS
    if unknown:
        errors.append(f"{label}: khóa không hợp lệ / unknown keys: {', '.join(sorted(map(str, unknown)))}")
    name = str(raw.get("name", "")).strip()
    if not name:
        errors.append(f"{label}: thiếu tên / missing 'name'")
    method = str(raw.get("method", default_method))
    if method not in ScoringMethod.values:
        errors.append(
            f"{label}: phương pháp không hợp lệ / unknown method {method!r} ({', '.join(ScoringMethod.values)})"
        )
    max_points = _decimal(raw.get("max_points"), f"{label} max_points", errors)
    weight = _decimal(raw.get("weight"), f"{label} weight", errors, required=False)
    children_raw = raw.get("children") or []
    if not isinstance(children_raw, list):
        errors.append(f"{label}: 'children' phải là danh sách / must be a list")
        children_raw = []
    children = [
        child
        for index, child_raw in enumerate(children_raw, 1)
        if (child := _node(child_raw, depth + 1, f"{label} > #{index}", errors, seen, method)) is not None
    ]
    return NodeSpec(
        code=code,
        name=name,
        level=LEVELS[depth],
        max_points=max_points or Decimal(0),
        method=method,
        weight=weight,
        guidance=str(raw.get("guidance", "")),
        source=str(raw.get("source", "")),
        unverified=bool(raw.get("unverified", False)),
        children=children,
    )


def _check_children(label: str, parent_max: Decimal, children: list[NodeSpec], aggregation: str, errors: list[str]):
    if not children:
        return
    if aggregation == Aggregation.WEIGHTED:
        weights = [child.weight for child in children]
        if any(weight is None for weight in weights):
            errors.append(f"{label}: khung có trọng số, mỗi mục con cần 'weight' / every child needs a weight")
        elif abs(sum(weights) - 1) > TOLERANCE:
            errors.append(f"{label}: tổng trọng số {sum(weights)} ≠ 1 / weights sum to {sum(weights)}, not 1")
    else:
        total = sum((child.max_points for child in children), Decimal(0))
        if abs(total - parent_max) > TOLERANCE:
            errors.append(
                f"{label}: tổng điểm mục con {total} ≠ điểm tối đa {parent_max} / "
                f"children's points sum to {total}, not the maximum {parent_max}"
            )
    for child in children:
        _check_children(f"[{child.code}]", child.max_points, child.children, aggregation, errors)


STRUCTURE_LEVELS = {"fields": NodeLevel.FIELD, "criteria": NodeLevel.CRITERION, "sub_criteria": NodeLevel.SUB_CRITERION}


def count_levels(nodes: list[NodeSpec]) -> dict[str, int]:
    """How many fields, criteria and sub-criteria a tree has (keys as in the `structure` key)."""
    counts = dict.fromkeys(STRUCTURE_LEVELS, 0)
    names = {level: key for key, level in STRUCTURE_LEVELS.items()}

    def walk(items):
        for node in items:
            counts[names[node.level]] += 1
            walk(node.children)

    walk(nodes)
    return counts


def _check_structure(structure, nodes: list[NodeSpec], errors: list[str]) -> None:
    if structure is None:
        return
    if not isinstance(structure, dict) or set(structure) - set(STRUCTURE_LEVELS):
        errors.append("structure: cần dạng {fields: 8, criteria: 37, sub_criteria: 88} / must map level → count")
        return
    counts = count_levels(nodes)
    for key, expected in structure.items():
        if counts[key] != expected:
            errors.append(
                f"structure: {key} = {counts[key]} ≠ {expected} theo văn bản / the published structure has {expected}"
            )


def parse_framework(data, *, year: int | None = None) -> FrameworkSpec:
    """Validate a decoded YAML/JSON document; raise FrameworkError listing every problem."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise FrameworkError(["tệp phải là một mục có khóa / the document must be a mapping"])
    for key in ("code", "name", "aggregation", "nodes"):
        if not data.get(key):
            errors.append(f"thiếu khóa / missing key '{key}'")
    aggregation = str(data.get("aggregation", ""))
    if aggregation and aggregation not in Aggregation.values:
        errors.append(f"aggregation {aggregation!r} không hợp lệ / must be one of {', '.join(Aggregation.values)}")
    year_value = year if year is not None else data.get("year")
    try:
        year_int = int(year_value)
        if not 2000 <= year_int <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(f"năm không hợp lệ / bad 'year': {year_value!r}")
        year_int = 0
    scale = _decimal(data.get("scale", 100), "scale", errors) or Decimal(100)
    groups = data.get("groups", {"A": 90, "B": 80, "C": 70})
    if not isinstance(groups, dict) or not all(isinstance(v, int | float) for v in groups.values()):
        errors.append("groups: cần dạng {A: 90, B: 80, C: 70} / must map group → lower bound in %")
        groups = {}
    seen: set[str] = set()
    nodes_raw = data.get("nodes") or []
    if not isinstance(nodes_raw, list):
        errors.append("nodes: phải là danh sách / must be a list")
        nodes_raw = []
    default_method = ScoringMethod.SELF_APPRAISED.value
    nodes = [
        node
        for index, raw in enumerate(nodes_raw, 1)
        if (node := _node(raw, 0, f"nodes #{index}", errors, seen, default_method)) is not None
    ]
    if not errors:
        _check_children("framework", scale, nodes, aggregation, errors)
        _check_structure(data.get("structure"), nodes, errors)
    if errors:
        raise FrameworkError(errors)
    return FrameworkSpec(
        code=str(data["code"]),
        name=str(data["name"]),
        year=year_int,
        version=str(data.get("version", "")),
        aggregation=aggregation,
        scale=scale,
        groups={str(k): v for k, v in groups.items()},
        source=str(data.get("source", "")),
        description=str(data.get("description", "")),
        nodes=nodes,
    )


def read_framework_file(path: Path, *, year: int | None = None) -> FrameworkSpec:
    """Read and validate a framework file; a YAML syntax error becomes one line with its position."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError([f"không đọc được tệp / cannot read {path}: {exc.__class__.__name__}"]) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng/line {mark.line + 1}, cột/column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise FrameworkError([f"YAML không hợp lệ / invalid YAML{where}: {problem}"]) from exc
    return parse_framework(data, year=year)


@transaction.atomic
def framework_create(*, spec: FrameworkSpec, replace: bool = False) -> Framework:
    """Store a validated framework. One version per code and year: replacing is allowed only while no unit has
    started an assessment on it (the points units entered refer to its nodes)."""
    existing = Framework.objects.filter(code=spec.code, year=spec.year).first()
    if existing is not None:
        if not replace:
            raise FrameworkError(
                [f"khung {spec.code} năm {spec.year} đã có / framework {spec.code} {spec.year} exists (use --replace)"]
            )
        if existing.assessments.exists():
            raise FrameworkError(
                [f"khung {spec.code} năm {spec.year} đã có đơn vị chấm / already has assessments, cannot replace"]
            )
        existing.delete()
    framework = Framework.objects.create(
        code=spec.code,
        name=spec.name,
        year=spec.year,
        version=spec.version,
        aggregation=spec.aggregation,
        scale=spec.scale,
        groups=spec.groups,
        source=spec.source,
        description=spec.description,
    )
    position = 0

    def store(nodes: list[NodeSpec], parent: Criterion | None) -> None:
        nonlocal position
        for node in nodes:
            position += 1
            row = Criterion.objects.create(
                framework=framework,
                parent=parent,
                level=node.level,
                code=node.code,
                name=node.name,
                max_points=node.max_points,
                method=node.method,
                weight=node.weight,
                position=position,
                guidance=node.guidance,
                source=node.source[:500],
                unverified=node.unverified,
            )
            store(node.children, row)

    store(spec.nodes, None)
    return framework


def framework_load_file(*, path: Path, year: int | None = None, replace: bool = False) -> Framework:
    return framework_create(spec=read_framework_file(path, year=year), replace=replace)


SHIPPED_DIR = Path(__file__).parent / "frameworks"


def shipped_framework_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))
