"""VNPost's status events for our shipments. INFERRED contract (VNPost publishes none): a POST of JSON
`{"OrderCode", "ItemCode", "OrderStatusId", "StatusName", "StatusTime"}` with the header
`X-VNPost-Signature: <hex HMAC-SHA256(shared secret, raw body)>`; `OrderStatusId` is mapped through
`MOTCUA_VNPOST["STATUS_MAP"]`. The same signature scheme is used by the double, so the tests check the handling,
not VNPost's real format: a province sets the secret and the status map from VNPost's partner document (or puts
the province's LGSP in front). Delivered → the result is recorded as returned on the dossier (status 10), once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from django.db import transaction
from django.utils import timezone

from motcua.dossiers.errors import DossierError
from motcua.dossiers.postal import dossier_record_postal_delivery

from .conf import post_settings
from .models import Shipment, ShipmentStatus

logger = logging.getLogger("motcua.integrations.post")


def event_signature(*, body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_event_receive(*, body: bytes, signature: str) -> int:
    """Verify and apply one status event; the HTTP status to answer (401 bad signature, 400 bad body, 404
    unknown shipment, 200 otherwise — repeated events included)."""
    conf = post_settings()
    if not conf.webhook_secret or not hmac.compare_digest(
        signature.strip().lower(), event_signature(body=body, secret=conf.webhook_secret)
    ):
        logger.warning("post.event.bad_signature")
        return 401
    try:
        event = json.loads(body)
    except ValueError:
        return 400
    if not isinstance(event, dict):
        return 400
    status = conf.status_map.get(str(event.get("OrderStatusId", "")))
    if status not in ShipmentStatus.values:
        return 400
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().filter(order_code=str(event.get("OrderCode", ""))).first()
        if shipment is None or (event.get("ItemCode") and event["ItemCode"] != shipment.tracking_number):
            return 404
        shipment.events += 1
        already = shipment.status == ShipmentStatus.DELIVERED
        if not already:
            shipment.status, shipment.updated_at = status, timezone.now()
        shipment.save(update_fields=["events", "status", "updated_at"])
        if status == ShipmentStatus.DELIVERED and not already:
            try:
                dossier_record_postal_delivery(
                    dossier_id=shipment.dossier_id, tracking_number=shipment.tracking_number, fee=shipment.fee
                )
            except DossierError as error:
                logger.warning("post.not_applied", extra={"shipment_id": shipment.pk, "code": error.code})
    logger.info("post.event", extra={"shipment_id": shipment.pk, "status": status})
    return 200
