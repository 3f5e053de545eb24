"""Send a dossier's result by post: create the VNPost order from the dossier (receiver = the applicant at the
return address the applicant gave, postage paid by the agency's contract, no cash on delivery) and keep the
tracking number VNPost returns. The result is recorded as returned when VNPost reports it delivered
(`webhook.py`); an officer who cannot use VNPost types the tracking number with a reason
(`dossier_deliver`, the manual fallback, in the history)."""

from __future__ import annotations

import logging

from django.db import transaction

from motcua.dossiers import engine
from motcua.dossiers.choices import Action
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier

from .client import PostLinkError, VnPostClient
from .conf import post_settings
from .models import Shipment

logger = logging.getLogger("motcua.integrations.post")


def shipment_offered(*, dossier: Dossier) -> bool:
    return post_settings().configured and dossier.status == S.RESULT_READY and not dossier.shipments.exists()


def _order(conf, dossier: Dossier, order_code: str) -> dict:
    address = (dossier.result_address or dossier.applicant_address or "").strip()
    if len(address) < 10 or not dossier.applicant_phone:
        raise DossierError("the applicant's return address and phone are needed", code="address_required")
    return {
        "CustomerCode": conf.customer_code,
        "OrderCode": order_code,
        "ServiceName": conf.service_name,
        "PickupType": 1,
        "SenderFullname": conf.sender_fullname,
        "SenderTel": conf.sender_tel,
        "SenderAddress": conf.sender_address,
        "SenderWardId": conf.sender_ward_id,
        "SenderDistrictId": conf.sender_district_id,
        "SenderProvinceId": conf.sender_province_id,
        "ReceiverFullname": dossier.applicant_name,
        "ReceiverTel": dossier.applicant_phone,
        "ReceiverAddress": address,
        "ReceiverWardId": None,  # the address text; VNPost's ward/district ids are not mapped yet
        "ReceiverDistrictId": None,
        "ReceiverProvinceId": None,
        "WeightEvaluation": conf.weight_grams,
        "WidthEvaluation": 25,
        "LengthEvaluation": 35,
        "HeightEvaluation": 1,
        "CodAmountEvaluation": 0,  # nothing collected from the applicant
        "OrderAmountEvaluation": 0,
        "IsReceiverPayFreight": False,
        "UseBaoPhat": False,
        "UseHoaDon": False,
        "CustomerNote": f"Ket qua TTHC ho so {dossier.code}",
    }


def shipment_create(*, officer, dossier: Dossier, client: VnPostClient | None = None) -> Shipment:
    """A counter officer of the dossier's unit sends the result by post through VNPost."""
    conf = post_settings()
    engine.acting_unit(officer=officer, dossier=dossier, action=Action.DELIVER)  # DossierPermissionDenied
    if not conf.configured:
        raise DossierError("VNPost is not configured", code="post_not_configured")
    if dossier.status != S.RESULT_READY:
        raise DossierError("the result is not ready", code="not_ready")
    if dossier.shipments.exists():
        raise DossierError("a shipment already exists", code="shipment_exists")
    order_code = "".join(ch for ch in dossier.code if ch.isalnum())[:60]
    document = _order(conf, dossier, order_code)
    client = client or VnPostClient(conf)
    try:
        answer = client.create_order(document)
    except PostLinkError as error:
        logger.warning("post.create_failed", extra={"dossier_id": dossier.pk, "error": str(error)})
        raise DossierError("VNPost did not accept the shipment", code="post_unavailable") from None
    try:
        fee = int(float(answer.get("TotalFreightIncludeVatEvaluation") or 0))
    except (TypeError, ValueError):
        fee = 0
    with transaction.atomic():
        shipment = Shipment.objects.create(
            dossier=dossier,
            order_code=order_code,
            vnpost_order_id=str(answer.get("Id", ""))[:64],
            tracking_number=str(answer["ItemCode"])[:64],
            fee=fee,
        )
    logger.info("post.created", extra={"dossier_id": dossier.pk, "shipment_id": shipment.pk})
    return shipment
