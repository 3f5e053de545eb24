"""SMS through an SMPP 3.4 gateway (the protocol Vietnamese brandname SMS providers offer), with `smpplib`.

One message = connect, `bind_transceiver` (system_id, password, system_type, interface version 0x34), one
`submit_sm` per part (source: the brandname, TON 5 alphanumeric; destination: 84xxxxxxxxx, TON 1 international,
NPI 1 ISDN; `registered_delivery` 1 asks for a delivery receipt; GSM 03.38 or UCS-2 for Vietnamese with
diacritics, long texts split with a concatenation UDH), wait for each `submit_sm_resp` (the gateway's message
id), then read receipts (`deliver_sm` with esm_class 0x04 and the text `id:… stat:DELIVRD …`, SMPP 3.4
appendix B) on the same bind for up to `receipt_wait` seconds, and `unbind`. Receipts arriving later are read by
`motcua sms listen` (a `bind_receiver` session). Neither the number nor the text is ever logged.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field

import smpplib.client
import smpplib.consts
import smpplib.exceptions
import smpplib.gsm

from .conf import SmppSettings

logger = logging.getLogger("motcua.integrations.sms")

RECEIPT = re.compile(rb"id:(?P<id>\S+).*?stat:(?P<stat>[A-Z]+)", re.DOTALL)
TON_ALPHANUMERIC, TON_INTERNATIONAL, NPI_ISDN = 5, 1, 1
DELIVERY_RECEIPT = 0x04  # esm_class of an SMSC delivery receipt


class GatewayError(Exception):
    """The gateway refused (`status` is the SMPP command_status) or was unreachable (`status` None)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def unreachable(self) -> bool:
        return self.status is None


@dataclass
class Submitted:
    message_ids: list[str] = field(default_factory=list)
    receipts: dict[str, str] = field(default_factory=dict)  # message id → stat (DELIVRD, UNDELIV, …)


def international(phone: str) -> str:
    """0912345678 → 84912345678 (the gateway's destination format)."""
    return "84" + phone[1:] if phone.startswith("0") else phone


def _text(value) -> str:
    return value.decode("ascii", "replace") if isinstance(value, bytes) else str(value or "")


def parse_receipt(pdu) -> tuple[str, str] | None:
    """(message id, stat) of a delivery receipt, or None for another deliver_sm (an incoming message)."""
    if not (int(getattr(pdu, "esm_class", 0) or 0) & DELIVERY_RECEIPT):
        return None
    match = RECEIPT.search(pdu.short_message or b"")
    if match is None:
        return None
    receipted = _text(getattr(pdu, "receipted_message_id", None))
    return receipted or match["id"].decode("ascii", "replace"), match["stat"].decode("ascii")


class SmppLink:
    def __init__(self, conf: SmppSettings) -> None:
        self.conf = conf

    def _client(self, submitted: Submitted) -> smpplib.client.Client:
        client = smpplib.client.Client(
            self.conf.host, self.conf.port, timeout=self.conf.timeout, allow_unknown_opt_params=True
        )
        client.logger.setLevel(logging.WARNING)  # smpplib logs PDUs in hex at DEBUG: they hold the number

        def sent(pdu, **kwargs):
            submitted.message_ids.append(_text(pdu.message_id))

        def received(pdu, **kwargs):
            receipt = parse_receipt(pdu)
            if receipt:
                submitted.receipts[receipt[0]] = receipt[1]

        def refused(pdu):
            raise GatewayError(f"{pdu.command} refused ({int(pdu.status):#04x})", status=int(pdu.status))

        client.set_message_sent_handler(sent)
        client.set_message_received_handler(received)
        client.set_error_pdu_handler(refused)
        return client

    def submit(self, *, phone: str, text: str) -> Submitted:
        submitted = Submitted()
        client = self._client(submitted)
        try:
            client.connect()
            client.bind_transceiver(
                system_id=self.conf.system_id, password=self.conf.password, system_type=self.conf.system_type
            )
            parts, encoding, esm_class = smpplib.gsm.make_parts(text)
            for part in parts:
                client.send_message(
                    source_addr_ton=TON_ALPHANUMERIC,
                    source_addr_npi=0,
                    source_addr=self.conf.source_addr,
                    dest_addr_ton=TON_INTERNATIONAL,
                    dest_addr_npi=NPI_ISDN,
                    destination_addr=international(phone),
                    short_message=part,
                    data_coding=encoding,
                    esm_class=esm_class,
                    registered_delivery=1,
                )
            while len(submitted.message_ids) < len(parts):
                client.read_once(auto_send_enquire_link=False)
            self._read_receipts(client, submitted)
            client.unbind()
        except smpplib.exceptions.PDUError as error:
            status = error.args[1] if len(error.args) > 1 else 0
            raise GatewayError(f"refused ({int(status):#04x})", status=int(status)) from None
        except (smpplib.exceptions.ConnectionError, OSError) as error:
            raise GatewayError(type(error).__name__) from None
        finally:
            client.disconnect()
        return submitted

    def _read_receipts(self, client, submitted: Submitted) -> None:
        deadline = time.monotonic() + self.conf.receipt_wait
        while len(submitted.receipts) < len(submitted.message_ids):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            client._socket.settimeout(remaining)  # smpplib has no per-read timeout
            try:
                client.read_once(auto_send_enquire_link=False)
            except TimeoutError:
                return
            finally:
                client._socket.settimeout(self.conf.timeout)

    def listen(self, *, seconds: float, on_receipt) -> int:
        """Bind as a receiver for `seconds` and hand every delivery receipt to `on_receipt(id, stat)`."""
        submitted = Submitted()
        client = self._client(submitted)
        count = 0
        try:
            client.connect()
            client.bind_receiver(
                system_id=self.conf.system_id, password=self.conf.password, system_type=self.conf.system_type
            )
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                client._socket.settimeout(max(deadline - time.monotonic(), 0.01))
                try:
                    client.read_once(auto_send_enquire_link=False)
                except TimeoutError:
                    break
                for message_id, stat in list(submitted.receipts.items()):
                    on_receipt(message_id, stat)
                    count += 1
                submitted.receipts.clear()
            client._socket.settimeout(self.conf.timeout)
            client.unbind()
        except smpplib.exceptions.PDUError as error:
            raise GatewayError("refused", status=int(error.args[1]) if len(error.args) > 1 else 0) from None
        except (smpplib.exceptions.ConnectionError, OSError) as error:
            raise GatewayError(type(error).__name__) from None
        finally:
            client.disconnect()
        return count


class SmppChannel:
    """`MOTCUA_MESSAGE_CHANNEL = "motcua.integrations.sms.smpp.SmppChannel"`: the province's SMS channel."""

    name = "sms"

    def send(self, *, phone: str, text: str, template: str, dossier_id: int) -> None:
        from .services import sms_send

        sms_send(phone=phone, text=text, template=template, dossier_id=dossier_id or None)
