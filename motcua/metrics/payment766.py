"""QĐ 766/QĐ-TTg indicator 3.6 "Tỷ lệ hồ sơ thanh toán trực tuyến" as the national portal scores it.

Reference `legal-details.md` §3.4 "Online payment" (scores reproduced from portal data within 0.015 points; not a
legal text): points = 6·A + min(2, 2.5·B) + 2.5·C, capped at the indicator's 10 points, where
* "paid online" is what the payment platform confirmed: `payment_method = online` has one writer, the verified
  IPN of the payment platform (`motcua.dossiers.payments`, called by `motcua.integrations.payment`); an
  officer's form, the API and the simulation cannot choose it;
* A = dossiers paid online / dossiers with a financial obligation (resolved in the period with a fee > 0: the
  portal's "dossiers of fee-bearing TTHC minus those where all fees are 0", §3.3 row 3.6);
* B = fee-bearing TTHC with at least one dossier paid online in the period / fee-bearing TTHC (reading marked
  unverified in the reference);
* C = fee-bearing TTHC with at least one dossier received in the period / fee-bearing TTHC (same).
Fee-bearing TTHC: the procedures of the unit's level (as for 1.3, `transparency.procedures_in_scope`) valid on
the last day with a published fee amount > 0. The indicator's value is the score as a share of 10
(`value × 10` = the points), so the configuration keeps the `proportional` rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from motcua.catalog.models import ProcedureFee
from motcua.dossiers.choices import RESOLVED, DossierStatus, PaymentMethod
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants
from motcua.workdays.calendar import VN_TZ

from .transparency import procedures_in_scope

MAX_POINTS = 10.0


@dataclass
class PaymentScore:
    paid_online: int
    with_fee: int
    procedures_paid_online: int
    procedures_with_dossiers: int
    fee_procedures: int

    @property
    def a(self) -> float:
        return self.paid_online / self.with_fee if self.with_fee else 0.0

    @property
    def b(self) -> float:
        return self.procedures_paid_online / self.fee_procedures if self.fee_procedures else 0.0

    @property
    def c(self) -> float:
        return self.procedures_with_dossiers / self.fee_procedures if self.fee_procedures else 0.0

    @property
    def points(self) -> float:
        return round(min(MAX_POINTS, 6 * self.a + min(2.0, 2.5 * self.b) + 2.5 * self.c), 2)

    @property
    def value(self) -> float | None:
        """The score as a share of the 10 points; None when there is neither a fee-bearing dossier nor TTHC."""
        if not self.with_fee and not self.fee_procedures:
            return None
        return round(self.points / MAX_POINTS, 4)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)


def online_payment_score(*, unit: Unit, start: dt.date, end: dt.date) -> PaymentScore:
    units = unit_descendants(unit, include_self=True).values("pk")
    lower, upper = _midnight(start), _midnight(end + dt.timedelta(days=1))
    scope = Dossier.objects.filter(receiving_unit_id__in=units)
    resolved = scope.filter(
        finished_at__gte=lower, finished_at__lt=upper, status__in=[*RESOLVED, DossierStatus.DELIVERED], fee_amount__gt=0
    )
    paid = resolved.filter(payment_method=PaymentMethod.ONLINE)
    fee_procedures = (
        procedures_in_scope(unit=unit, day=end)
        .filter(Exists(ProcedureFee.objects.filter(procedure=OuterRef("pk"), amount__gt=0)))
        .values_list("code", flat=True)
        .distinct()
    )
    codes = set(fee_procedures)
    paid_codes = set(paid.values_list("procedure__code", flat=True).distinct())
    received_codes = set(
        scope.filter(received_at__gte=lower, received_at__lt=upper).values_list("procedure__code", flat=True).distinct()
    )
    return PaymentScore(
        paid_online=paid.count(),
        with_fee=resolved.count(),
        procedures_paid_online=len(codes & paid_codes),
        procedures_with_dossiers=len(codes & received_codes),
        fee_procedures=len(codes),
    )
