"""The SOAP client of `TraCuuThongTinCongDan` (zeep, document/literal SOAP 1.1) against the WSDL shipped in this
package: no WSDL or schema is fetched at run time, the configured ENDPOINT replaces the WSDL's address.

Errors are sorted the way the circuit breaker needs them: `LinkDown` (unreachable, timeout, HTTP 5xx without a
SOAP Fault) counts against the link; `LinkRefused` (a SOAP Fault: the far side is up and refused the request)
does not. Neither carries personal data.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import requests
import zeep
from zeep.exceptions import Fault, TransportError, XMLSyntaxError
from zeep.transports import Transport

from .conf import DancuSettings

WSDL = Path(__file__).parent / "wsdl" / "TraCuuThongTinCongDan.wsdl"
BINDING = "{http://dancuquocgia.bca}DanCuBinding"
# zeep's transport logs whole envelopes (identity number, name, birth date, address) at DEBUG: never let it, even
# when an operator turns debug logging on (no personal data in logs).
logging.getLogger("zeep.transports").setLevel(logging.WARNING)


class LinkDown(Exception):
    pass


class LinkRefused(Exception):
    pass


@dataclass(frozen=True)
class Citizen:
    id_number: str
    full_name: str
    birth_date: str  # dd/MM/yyyy as the population database gives it
    sex: str = ""
    permanent_address: str = ""
    home_town: str = ""


@dataclass(frozen=True)
class Answer:
    request_id: str
    result_code: str
    citizen: Citizen | None


def _service(conf: DancuSettings):
    session = requests.Session()
    if conf.token:
        session.headers["Authorization"] = f"Bearer {conf.token}"
    transport = Transport(session=session, timeout=conf.timeout, operation_timeout=conf.timeout)
    client = zeep.Client(str(WSDL), transport=transport)
    return client.create_service(BINDING, conf.endpoint)


def citizen_lookup(
    *, conf: DancuSettings, request_id: str, officer_code: str, id_number: str, full_name: str, birth_date: str
) -> Answer:
    """One `TraCuuThongTinCongDan` call, retried with backoff on transport errors only (a Fault is final)."""
    service = _service(conf)
    attempt = 0
    while True:
        try:
            reply = service.TraCuuThongTinCongDan(
                MaYeuCau=request_id,
                MaDVC=conf.service_code,
                MaTichHop=conf.integration_code,
                MaCanBo=officer_code,
                SoDinhDanh=id_number,
                HoVaTen=full_name,
                NgayThangNamSinh=birth_date,
            )
            break
        except Fault as fault:
            raise LinkRefused("fault") from fault
        except (requests.RequestException, TransportError, XMLSyntaxError) as error:
            attempt += 1
            if attempt > conf.retries:
                raise LinkDown(error.__class__.__name__) from error
            time.sleep(min(0.2 * 2**attempt, 2.0))
    person = reply.CongDan
    citizen = None
    if reply.MaKetQua == "00" and person is not None:
        citizen = Citizen(
            id_number=person.SoDinhDanh or "",
            full_name=person.HoVaTen or "",
            birth_date=person.NgayThangNamSinh or "",
            sex=person.GioiTinh or "",
            permanent_address=person.NoiThuongTru or "",
            home_town=person.QueQuan or "",
        )
    return Answer(request_id=reply.MaYeuCau, result_code=reply.MaKetQua, citizen=citizen)
