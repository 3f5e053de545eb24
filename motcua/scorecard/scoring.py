"""The scoring engine: one pure function over a framework tree and the points of its leaves.

Rules (876/QĐ-BNV, as far as published — reference/indices.md §1.2): a field's or criterion's component index is
achieved / maximum × 100; the index is total achieved / maximum (out of 100 points, so points = %). Groups:
A ≥ 90 %, B 80–90 %, C 70–80 % (thresholds are framework data); below the lowest threshold we report "D",
a group that no public text confirms. PCI: total = 10 × Σ wᵢ·sᵢ over the 10 sub-indices (weights in the
framework). Normalised frameworks leave nodes with no data out of the maximum and rescale to the framework's
scale (Hà Nội 2940/QĐ-UBND: without a survey the appraised result is converted to 100).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .choices import Aggregation

ZERO = Decimal(0)
HUNDRED = Decimal(100)
BELOW_GROUPS = "D"


def q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class NodeScore:
    node: object  # Criterion
    achieved: Decimal
    max_points: Decimal
    has_data: bool
    children: list[NodeScore] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        return q2(self.achieved / self.max_points * HUNDRED) if self.max_points else None

    @property
    def lost(self) -> Decimal:
        return max(self.max_points - self.achieved, ZERO)


@dataclass
class Scorecard:
    fields: list[NodeScore]
    achieved: Decimal
    max_points: Decimal
    percent: Decimal
    group: str
    group_unverified: bool

    def leaves(self) -> list[NodeScore]:
        out: list[NodeScore] = []

        def walk(scores):
            for score in scores:
                if score.children:
                    walk(score.children)
                else:
                    out.append(score)

        walk(self.fields)
        return out

    def lost_points(self) -> list[NodeScore]:
        """Leaves where points were lost, the largest loss first (where to work next year)."""
        return sorted((s for s in self.leaves() if s.lost > 0), key=lambda s: (-s.lost, s.node.position))


def group_for(percent: Decimal, groups: Mapping[str, float | int]) -> tuple[str, bool]:
    """The group whose lower bound `percent` reaches (highest first); below all bounds → ('D', unverified)."""
    for name, bound in sorted(groups.items(), key=lambda item: -Decimal(str(item[1]))):
        if percent >= Decimal(str(bound)):
            return name, False
    return BELOW_GROUPS, True


def score_tree(*, framework, nodes: Iterable, values: Mapping[int, Decimal | None]) -> Scorecard:
    """Score `framework` (its `nodes`, any order) given leaf values by node id (None = no data yet)."""
    nodes = sorted(nodes, key=lambda n: n.position)
    children_of: dict[int | None, list] = {}
    for node in nodes:
        children_of.setdefault(node.parent_id, []).append(node)
    aggregation = framework.aggregation
    normalised = aggregation == Aggregation.NORMALISED

    def combine(children: list[NodeScore], parent_max: Decimal) -> tuple[Decimal, Decimal, bool]:
        has_data = any(child.has_data for child in children)
        if aggregation == Aggregation.WEIGHTED:
            achieved = sum(
                (
                    Decimal(child.node.weight or 0) * (child.achieved / child.max_points) * parent_max
                    for child in children
                    if child.max_points
                ),
                ZERO,
            )
            return achieved, parent_max, has_data
        achieved = sum((child.achieved for child in children), ZERO)
        if normalised:
            available = sum((child.max_points for child in children if child.has_data), ZERO)
            return achieved, available, has_data
        return achieved, parent_max, has_data

    def score(node) -> NodeScore:
        kids = [score(child) for child in children_of.get(node.id, [])]
        if kids:
            achieved, maximum, has_data = combine(kids, Decimal(node.max_points))
            return NodeScore(node, achieved, maximum, has_data, kids)
        value = values.get(node.id)
        maximum = Decimal(node.max_points)
        if value is None:
            return NodeScore(node, ZERO, ZERO if normalised else maximum, False)
        return NodeScore(node, min(Decimal(value), maximum), maximum, True)

    fields = [score(node) for node in children_of.get(None, [])]
    scale = Decimal(framework.scale)
    achieved, maximum, _has_data = combine(fields, scale)
    if normalised and maximum:
        percent = achieved / maximum * HUNDRED
        achieved = achieved / maximum * scale
        maximum = scale
    else:
        percent = achieved / maximum * HUNDRED if maximum else ZERO
    percent = q2(percent)
    group, unverified = group_for(percent, framework.groups or {})
    return Scorecard(fields, q2(achieved), maximum, percent, group, unverified)
