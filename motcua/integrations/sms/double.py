"""A local SMPP 3.4 gateway (SMSC) for tests and for trying by hand: a TCP server on 127.0.0.1, random port.

Written from the SMPP 3.4 specification (sections 2.2, 3, 4.1, 4.4, 4.6, 5.2 and appendix B), independently of
the client library, and strict like a brandname gateway:

- the first PDU must be a bind (`bind_transceiver`/`bind_receiver`) with the right system_id and password and
  interface_version 0x34, else `ESME_RINVSYSID`/`ESME_RINVPASWD`/`ESME_RINVBNDSTS`;
- `submit_sm` must come from a transmitting bind and carry the registered brandname as an alphanumeric source
  (TON 5), a Vietnamese mobile number 84xxxxxxxxx as an international ISDN destination (TON 1, NPI 1), a request
  for a delivery receipt, data coding 0 (GSM 03.38) or 8 (UCS-2) that decodes, at most 140 octets, and, when the
  UDHI bit is set, a well-formed concatenation header; anything else gets an error `command_status`;
- each accepted part gets `submit_sm_resp` with a message id and then, on transceiver binds, a `deliver_sm`
  delivery receipt (`id:… sub:001 dlvrd:001 submit date:… done date:… stat:<outcome> err:000 text:`) that the
  client must acknowledge with `deliver_sm_resp`; `pending_receipts` holds receipts for a later receiver bind.

    with SmppDouble(system_id="motcua", password="secret", brandname="UBND-TINH") as smsc:
        smsc.port, smsc.messages (destination, text), smsc.errors
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import socket
import socketserver
import struct
import threading

from motcua.workdays.calendar import VN_TZ

BIND_RECEIVER, BIND_TRANSMITTER, BIND_TRANSCEIVER = 0x00000001, 0x00000002, 0x00000009
SUBMIT_SM, DELIVER_SM, UNBIND, ENQUIRE_LINK = 0x00000004, 0x00000005, 0x00000006, 0x00000015
RESP = 0x80000000
GENERIC_NACK = 0x80000000

ROK, RINVMSGLEN, RINVCMDID, RINVBNDSTS = 0x00, 0x01, 0x03, 0x04
RINVSRCADR, RINVDSTADR, RINVPASWD, RINVSYSID = 0x0A, 0x0B, 0x0E, 0x0F
RINVESMCLASS, RINVSRCTON, RINVDSTTON, RINVDSTNPI, RSUBMITFAIL = 0x43, 0x48, 0x50, 0x51, 0x45
RINVREGDLVFLG, RINVDCS = 0x64, 0x45  # no dedicated "invalid data coding" status in 3.4: submit failed

VN_MOBILE = re.compile(r"^84[35789]\d{8}$")


class Reader:
    def __init__(self, body: bytes) -> None:
        self.body, self.at = body, 0

    def cstring(self, limit: int) -> str:
        end = self.body.index(b"\x00", self.at)
        if end - self.at >= limit:
            raise ValueError("C-octet string too long")
        value = self.body[self.at : end].decode("ascii")
        self.at = end + 1
        return value

    def u8(self) -> int:
        value = self.body[self.at]
        self.at += 1
        return value

    def octets(self, length: int) -> bytes:
        value = self.body[self.at : self.at + length]
        if len(value) != length:
            raise ValueError("short PDU")
        self.at += length
        return value


def cstr(value: str) -> bytes:
    return value.encode("ascii") + b"\x00"


class SmppDouble:
    def __init__(
        self,
        *,
        system_id: str = "motcua",
        password: str = "secret",  # noqa: S107 (the double's own test account)
        brandname: str = "UBND-TINH",
    ) -> None:
        self.system_id, self.password, self.brandname = system_id, password, brandname
        self.outcome = "DELIVRD"  # stat of the next receipts
        self.send_receipts = True
        self.messages: list[tuple[str, str]] = []  # (destination, full text) once every part arrived
        self.errors: list[tuple[str, int]] = []  # (command, status) of refused PDUs
        self.binds: list[str] = []
        self.receipts_acknowledged = 0
        self.pending_receipts: list[bytes] = []  # receipts for a later receiver bind
        self._parts: dict[tuple[str, int], dict[int, str]] = {}
        self._ids = itertools.count(1000)
        self.lock = threading.Lock()
        self._server: socketserver.ThreadingTCPServer | None = None

    # -- lifecycle --
    def start(self) -> SmppDouble:
        double = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                double._session(self.request)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> SmppDouble:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    # -- protocol --
    def _session(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        bound: int | None = None
        sequence = itertools.count(1)
        try:
            while True:
                header = self._read(sock, 16)
                if header is None:
                    return
                length, command, _status, seq = struct.unpack(">IIII", header)
                if length < 16 or length > 4096:
                    return self._send(sock, GENERIC_NACK, RINVMSGLEN, seq)
                body = self._read(sock, length - 16) or b""
                if command in (BIND_RECEIVER, BIND_TRANSMITTER, BIND_TRANSCEIVER):
                    status = RINVBNDSTS if bound else self._bind(body)
                    if status == ROK:
                        bound = command
                        self.binds.append({1: "receiver", 2: "transmitter", 9: "transceiver"}[command])
                    self._refused("bind", status)
                    self._send(sock, command | RESP, status, seq, cstr("DOUBLE") if status == ROK else b"")
                    if status == ROK and command == BIND_RECEIVER:
                        with self.lock:
                            pending, self.pending_receipts = self.pending_receipts, []
                        for receipt in pending:
                            self._send(sock, DELIVER_SM, ROK, next(sequence), receipt)
                elif command == SUBMIT_SM:
                    if bound not in (BIND_TRANSMITTER, BIND_TRANSCEIVER):
                        status, receipt = RINVBNDSTS, None
                    else:
                        status, receipt = self._submit(body)
                    self._refused("submit_sm", status)
                    message_id = receipt[0] if receipt else ""
                    self._send(sock, SUBMIT_SM | RESP, status, seq, cstr(message_id) if status == ROK else b"")
                    if receipt and self.send_receipts:
                        if bound == BIND_TRANSCEIVER:
                            self._send(sock, DELIVER_SM, ROK, next(sequence), receipt[1])
                        else:
                            with self.lock:
                                self.pending_receipts.append(receipt[1])
                elif command == DELIVER_SM | RESP:
                    with self.lock:
                        self.receipts_acknowledged += 1
                elif command == ENQUIRE_LINK:
                    self._send(sock, ENQUIRE_LINK | RESP, ROK, seq)
                elif command == UNBIND:
                    self._send(sock, UNBIND | RESP, ROK, seq)
                    return
                else:
                    self._refused("unknown", RINVCMDID)
                    self._send(sock, GENERIC_NACK, RINVCMDID, seq)
        except (OSError, ValueError):
            return
        finally:
            sock.close()

    @staticmethod
    def _read(sock: socket.socket, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def _send(self, sock: socket.socket, command: int, status: int, seq: int, body: bytes = b"") -> None:
        sock.sendall(struct.pack(">IIII", 16 + len(body), command, status, seq) + body)

    def _refused(self, command: str, status: int) -> None:
        if status != ROK:
            with self.lock:
                self.errors.append((command, status))

    def _bind(self, body: bytes) -> int:
        reader = Reader(body)
        try:
            system_id, password = reader.cstring(16), reader.cstring(9)
            reader.cstring(13)  # system_type
            version = reader.u8()
            reader.u8(), reader.u8(), reader.cstring(41)  # addr_ton, addr_npi, address_range
        except (ValueError, IndexError, UnicodeDecodeError):
            return RINVMSGLEN
        if system_id != self.system_id:
            return RINVSYSID
        if password != self.password:
            return RINVPASWD
        return ROK if version == 0x34 else RINVBNDSTS

    def _submit(self, body: bytes) -> tuple[int, tuple[str, bytes] | None]:
        reader = Reader(body)
        try:
            reader.cstring(6)  # service_type
            source_ton, _source_npi, source = reader.u8(), reader.u8(), reader.cstring(21)
            dest_ton, dest_npi, destination = reader.u8(), reader.u8(), reader.cstring(21)
            esm_class, _protocol, _priority = reader.u8(), reader.u8(), reader.u8()
            reader.cstring(17), reader.cstring(17)  # schedule_delivery_time, validity_period
            registered, _replace, coding, _default = reader.u8(), reader.u8(), reader.u8(), reader.u8()
            length = reader.u8()
            short_message = reader.octets(length)
        except (ValueError, IndexError, UnicodeDecodeError):
            return RINVMSGLEN, None
        if source_ton != 5:
            return RINVSRCTON, None
        if source != self.brandname:
            return RINVSRCADR, None
        if dest_ton != 1:
            return RINVDSTTON, None
        if dest_npi != 1:
            return RINVDSTNPI, None
        if not VN_MOBILE.match(destination):
            return RINVDSTADR, None
        if not registered & 0x01:
            return RINVREGDLVFLG, None
        if length > 140:
            return RINVMSGLEN, None
        if esm_class not in (0x00, 0x40):
            return RINVESMCLASS, None
        reference, total, number, payload = 0, 1, 1, short_message
        if esm_class & 0x40:
            if len(payload) < 6 or payload[:3] != b"\x05\x00\x03" or not 1 <= payload[5] <= payload[4]:
                return RINVESMCLASS, None
            reference, total, number, payload = payload[3], payload[4], payload[5], payload[6:]
        if coding not in (0x00, 0x08):
            return RINVDCS, None
        try:
            text = payload.decode("utf-16-be") if coding == 0x08 else payload.decode("ascii")
        except UnicodeDecodeError:
            return RINVDCS, None
        message_id = f"{next(self._ids):x}"
        with self.lock:
            parts = self._parts.setdefault((destination, reference), {})
            parts[number] = text
            if len(parts) == total:
                self.messages.append((destination, "".join(parts[n] for n in sorted(parts))))
                del self._parts[(destination, reference)]
        return ROK, (message_id, self._receipt(message_id, source=destination))

    def _receipt(self, message_id: str, *, source: str) -> bytes:
        stamp = dt.datetime.now(tz=VN_TZ).strftime("%y%m%d%H%M")  # an SMSC in Vietnam stamps local time
        delivered = "001" if self.outcome == "DELIVRD" else "000"
        text = (
            f"id:{message_id} sub:001 dlvrd:{delivered} submit date:{stamp} done date:{stamp} "
            f"stat:{self.outcome} err:000 text:"
        ).encode("ascii")
        # deliver_sm: the phone is the source, the brandname the destination, esm_class 0x04 = SMSC receipt
        return (
            cstr("")
            + bytes([1, 1])
            + cstr(source)
            + bytes([5, 0])
            + cstr(self.brandname)
            + bytes([0x04, 0, 0])
            + cstr("")
            + cstr("")
            + bytes([0, 0, 0, 0, len(text)])
            + text
        )
