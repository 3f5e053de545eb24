"""The result returned by post, recorded when the postal operator reports it delivered.

ND 61/2018 art 20 (result returned through the public postal service) and the national status 10 "Đã trả kết
quả": with the VNPost link, the dossier is closed as returned when VNPost's signed status event says delivered
(`motcua.integrations.post.webhook`), with the tracking number VNPost issued and the postage — not when an
officer types a number. The officer's manual fallback (`processing.dossier_deliver` with a reason) stays for a
shipment made outside the link.
"""

from __future__ import annotations

import logging

from .choices import Action, DeliveryMethod
from .engine import Context, apply_action
from .models import Dossier

logger = logging.getLogger("motcua.dossiers.postal")


def dossier_record_postal_delivery(*, dossier_id: int, tracking_number: str, fee: int) -> Dossier:
    def mutate(ctx: Context) -> None:
        d = ctx.dossier
        d.delivered_at, d.delivery_method, d.postal_tracking = ctx.now, DeliveryMethod.POST, tracking_number
        ctx.data.update(method=DeliveryMethod.POST, verified_by="vnpost", tracking_number=tracking_number, fee=fee)

    dossier, _event = apply_action(
        dossier_id=dossier_id, actor=None, action=Action.DELIVER, expected_version=None, mutate=mutate, system=True
    )
    logger.info("dossier.delivered_by_post", extra={"dossier_id": dossier_id})
    return dossier
