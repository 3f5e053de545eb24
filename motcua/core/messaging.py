"""The short-message channel every sender uses (dossier notices, one-time sign-in codes).

`MOTCUA_MESSAGE_CHANNEL` names the class: `motcua.integrations.sms.smpp.SmppChannel` in a province (SMPP 3.4
brandname gateway), the default `LoggingChannel` on a laptop (refused by `check --deploy`, motcua.E101).
It lives in the shared kernel so that every sender (dossiers, accounts) reaches the channel without importing
the adapters above them (DESIGN §2 layers); the adapters implement the protocol in `motcua.integrations`.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("motcua.core.messaging")

DEFAULT_CHANNEL = "motcua.core.messaging.LoggingChannel"


class MessageChannel(Protocol):
    """A short-message channel (SMS, Zalo OA…). `send` raises on failure."""

    name: str

    def send(self, *, phone: str, text: str, template: str, dossier_id: int) -> None: ...


class LoggingChannel:
    """Development channel: records that a message would be sent, without the phone number or the text."""

    name = "sms"

    def send(self, *, phone: str, text: str, template: str, dossier_id: int) -> None:
        logger.info("notification.sms", extra={"dossier_id": dossier_id, "template": template})


def message_channel() -> MessageChannel:
    return import_string(getattr(settings, "MOTCUA_MESSAGE_CHANNEL", DEFAULT_CHANNEL))()
