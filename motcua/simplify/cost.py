"""The cost of complying with a procedure and the saving of a simplification (pure arithmetic).

TT 07/2014/TT-BTP (assessing the impact of administrative procedures and computing their compliance cost) uses
the standard cost model: the cost for one dossier is the time the applicant spends (hours, preparing papers,
travelling, waiting) valued at the average income per hour, plus the money paid out (fees and charges, copies,
certification, travel); the yearly cost multiplies by the number of dossiers a year; the saving of a proposal is
the yearly cost before minus after. The formula is as recalled from the circular's forms — TT 07/2014's text is
not in shared/reference; the average income per hour is an input the reviewer enters from the statistics office's
current figure (data, not a constant).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CostInputs:
    hours: Decimal
    cash: int  # đồng per dossier: fees, charges and other money paid out
    dossiers_per_year: int
    hourly_income: int  # đồng per hour


def cost_per_dossier(inputs: CostInputs) -> int:
    value = Decimal(inputs.hours) * inputs.hourly_income + inputs.cash
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yearly_cost(inputs: CostInputs) -> int:
    return cost_per_dossier(inputs) * inputs.dossiers_per_year


def yearly_saving(before: CostInputs, after: CostInputs) -> int:
    """Đồng saved a year; the same dossiers a year and income are used for both sides."""
    return yearly_cost(before) - yearly_cost(after)


def saving_rate(before: CostInputs, after: CostInputs) -> Decimal | None:
    total = yearly_cost(before)
    if not total:
        return None
    return (Decimal(yearly_saving(before, after)) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
