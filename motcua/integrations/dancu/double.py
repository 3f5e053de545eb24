"""A local stand-in for the LGSP's population database service `TraCuuThongTinCongDan`, for tests and for trying
by hand: a real HTTP server on 127.0.0.1 (random port) that takes SOAP 1.1 envelopes and, like the real one,
refuses malformed calls with a SOAP Fault — wrong envelope namespace, an operation element outside
`http://dancuquocgia.bca`, a missing or empty field among `MaYeuCau, MaDVC, MaTichHop, MaCanBo, SoDinhDanh,
HoVaTen, NgayThangNamSinh`, an identity number that is not 12 digits, a birth date that is not a real
`dd/MM/yyyy` date, a `MaDVC`/`MaTichHop` it was not given. A well-formed request is answered with `MaKetQua`
"00" and the citizen when (number, name, birth date) match a registered person, "01" when nobody matches.
Written from the contract with the standard library's XML parser, independently of the zeep client, so a client
bug shows as a Fault. Refusal reasons are kept in `rejections`; accepted requests (their `MaYeuCau`, `MaCanBo`
only) in `requests`.

    with PopulationDouble(people=[{...}], service_code="DVC-LD", integration_code="MOTCUA") as double:
        double.url
"""

from __future__ import annotations

import re
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from motcua.core.dates import strptime_day

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
NS = "http://dancuquocgia.bca"
FIELDS = ("MaYeuCau", "MaDVC", "MaTichHop", "MaCanBo", "SoDinhDanh", "HoVaTen", "NgayThangNamSinh")
ID_NUMBER = re.compile(r"^[0-9]{12}$")
DATE = re.compile(r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$")


class Refused(Exception):
    pass


def _same_name(a: str, b: str) -> bool:
    return (
        unicodedata.normalize("NFC", " ".join(a.split())).casefold()
        == unicodedata.normalize("NFC", " ".join(b.split())).casefold()
    )


class PopulationDouble:
    def __init__(self, *, people=(), service_code: str = "DVC-THU", integration_code: str = "MOTCUA") -> None:
        self.people = [dict(person) for person in people]
        self.service_code, self.integration_code = service_code, integration_code
        self.rejections: list[str] = []
        self.requests: list[dict] = []
        self.down = False  # answers 503 while True (to trip the circuit breaker)
        self.fail_next = 0  # answers 503 to this many next requests (to exercise the client's retries)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/dancu"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PopulationDouble:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def parse(self, body: bytes, content_type: str) -> dict[str, str]:
        if not content_type.startswith("text/xml"):
            raise Refused("SOAP 1.1 needs text/xml")
        try:
            root = ET.fromstring(body)  # noqa: S314
        except ET.ParseError:
            raise Refused("not XML") from None
        if root.tag != f"{{{SOAP11}}}Envelope":
            raise Refused("not a SOAP 1.1 envelope")
        soap_body = root.find(f"{{{SOAP11}}}Body")
        if soap_body is None or len(soap_body) != 1:
            raise Refused("the body must hold one operation")
        operation = soap_body[0]
        if operation.tag != f"{{{NS}}}TraCuuThongTinCongDan":
            raise Refused(f"unknown operation {operation.tag}")
        values = {}
        for name in FIELDS:
            element = operation.find(f"{{{NS}}}{name}")
            if element is None or not (element.text or "").strip():
                raise Refused(f"{name} missing")
            values[name] = element.text.strip()
        if not ID_NUMBER.match(values["SoDinhDanh"]):
            raise Refused("SoDinhDanh is not 12 digits")
        if not DATE.match(values["NgayThangNamSinh"]):
            raise Refused("NgayThangNamSinh is not dd/MM/yyyy")
        try:
            strptime_day(values["NgayThangNamSinh"], "%d/%m/%Y")
        except ValueError:
            raise Refused("NgayThangNamSinh is not a date") from None
        if values["MaDVC"] != self.service_code or values["MaTichHop"] != self.integration_code:
            raise Refused("unknown MaDVC or MaTichHop")
        return values

    def answer(self, values: dict[str, str]) -> str:
        match = next(
            (
                p
                for p in self.people
                if p["SoDinhDanh"] == values["SoDinhDanh"]
                and p["NgayThangNamSinh"] == values["NgayThangNamSinh"]
                and _same_name(p["HoVaTen"], values["HoVaTen"])
            ),
            None,
        )
        parts = [f"<tns:MaYeuCau>{escape(values['MaYeuCau'])}</tns:MaYeuCau>"]
        if match is None:
            parts.append("<tns:MaKetQua>01</tns:MaKetQua><tns:MoTaKetQua>Khong tim thay</tns:MoTaKetQua>")
        else:
            person = "".join(f"<tns:{k}>{escape(v)}</tns:{k}>" for k, v in match.items())
            parts.append(f"<tns:MaKetQua>00</tns:MaKetQua><tns:CongDan>{person}</tns:CongDan>")
        return (
            f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP11}" xmlns:tns="{NS}">'
            f"<soap:Body><tns:TraCuuThongTinCongDanResponse>{''.join(parts)}"
            "</tns:TraCuuThongTinCongDanResponse></soap:Body></soap:Envelope>"
        )

    def _handler(self):
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, text: str) -> None:
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if double.down or double.fail_next > 0:
                    double.fail_next = max(0, double.fail_next - 1)
                    return self._send(503, "")
                try:
                    if self.headers.get("SOAPAction", "").strip('"') != f"{NS}/TraCuuThongTinCongDan":
                        raise Refused("wrong SOAPAction")
                    values = double.parse(body, self.headers.get("Content-Type", ""))
                except Refused as refused:
                    double.rejections.append(str(refused))
                    fault = (
                        f'<soap:Envelope xmlns:soap="{SOAP11}"><soap:Body><soap:Fault>'
                        f"<faultcode>soap:Client</faultcode><faultstring>{escape(str(refused))}</faultstring>"
                        "</soap:Fault></soap:Body></soap:Envelope>"
                    )
                    return self._send(500, fault)
                double.requests.append({"MaYeuCau": values["MaYeuCau"], "MaCanBo": values["MaCanBo"]})
                return self._send(200, double.answer(values))

        return Handler
