"""A local stand-in for the province's LGSP in front of the national portal, for tests and for trying by hand.

A real HTTP server on 127.0.0.1 (random port) that speaks the DVCQG sync contract (docs/sync.md) and, like the
real one, refuses malformed calls: unknown or expired session, wrong `madonvi`, unknown service, a dossier
record missing a field or with a timestamp that is not `yyyyMMddHHmmss`, a status outside 1–10, an unknown
`MaTTHC`, `isUpdating` contradicting what it holds, progress for a dossier it never received. Each refusal is
answered with an `error_code` other than "00" and kept in `rejections` (reason only). Written from the contract
text, independently of the client, so a client bug shows as a refusal.

    with LgspDouble(procedures={"1.001234": "Đăng ký khai sinh"}) as lgsp:
        lgsp.auth_url, lgsp.service_url, lgsp.records, lgsp.progress
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler

from motcua.integrations.loopback import LoopbackServer
from motcua.workdays.calendar import VN_TZ

OK = "00"
BAD_LOGIN, BAD_SESSION, BAD_UNIT, BAD_SERVICE, BAD_DATA = "01", "02", "03", "04", "05"

RECORD_FIELDS = (
    "MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "ChuHoSo", "LoaiDoiTuong", "MaDoiTuong", "Email",
    "SoDienThoai", "TrichYeuHoSo", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "NgayTra", "HinhThuc",
    "NgayKetThucXuLy", "DonViXuLy",
)  # fmt: skip
RECORD_LISTS = ("TaiLieuNop", "DanhSachLePhi", "DanhSachHoSoBoSung", "DanhSachGiayToKetQua")
RECORD_TIMES = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy")
PROGRESS_FIELDS = (
    "MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy", "NoiDungXuLy", "TrangThai", "NgayBatDau",
    "NgayKetThucTheoQuyDinh",
)  # fmt: skip
PROGRESS_TIMES = ("ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh")
TIMESTAMP = re.compile(r"^\d{14}$")
STATUSES = {str(n) for n in range(1, 11)}


class Refused(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def _time(value, name: str, *, required: bool = False) -> None:
    if value in ("", None) and not required:
        return
    if not isinstance(value, str) or not TIMESTAMP.match(value):
        raise Refused(BAD_DATA, f"{name} is not yyyyMMddHHmmss")
    try:
        dt.datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=VN_TZ)  # the portal stamps Vietnam time
    except ValueError:
        raise Refused(BAD_DATA, f"{name} is not a date") from None


class LgspDouble(LoopbackServer):
    def __init__(
        self,
        *,
        username: str = "motcua",
        password: str = "secret",  # noqa: S107 (the double's own test account)
        unit_code: str = "000.00.00.H99",
        procedures: dict[str, str] | None = None,
    ) -> None:
        self.username, self.password, self.unit_code = username, password, unit_code
        self.procedures = dict(procedures or {})
        self.sessions: set[str] = set()
        self.records: dict[str, dict] = {}
        self.progress: list[dict] = []
        self.calls: list[str] = []  # service names (or "auth") of accepted and refused calls, in order
        self.rejections: list[tuple[str, str]] = []  # (error_code, reason)
        self.down = False  # answer HTTP 503 to everything
        self.lock = threading.Lock()

    # -- lifecycle --
    def start(self) -> LgspDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if double.down:
                    return self._reply(503, {"message": "service unavailable"})
                if not self.headers.get("Content-Type", "").startswith("application/json"):
                    return self._reply(415, {"error_code": BAD_DATA, "message": "JSON expected"})
                try:
                    document = json.loads(raw)
                except ValueError:
                    return self._reply(400, {"error_code": BAD_DATA, "message": "invalid JSON"})
                route = self.path.rstrip("/")
                if route == "/lgsp/auth":
                    return self._reply(200, double.authenticate(document))
                if route == "/lgsp/dvcqg":
                    return self._reply(200, double.serve(document))
                return self._reply(404, {"message": "not found"})

            def _reply(self, status: int, document: dict) -> None:
                data = json.dumps(document, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._serve(Handler)
        return self

    @property
    def base_url(self) -> str:
        return self.origin

    @property
    def auth_url(self) -> str:
        return self.base_url + "/lgsp/auth"

    @property
    def service_url(self) -> str:
        return self.base_url + "/lgsp/dvcqg"

    def expire_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()

    # -- the contract --
    def authenticate(self, document) -> dict:
        with self.lock:
            self.calls.append("auth")
            if (
                not isinstance(document, dict)
                or set(document) != {"username", "password"}
                or document.get("username") != self.username
                or document.get("password") != self.password
            ):
                self.rejections.append((BAD_LOGIN, "bad credentials"))
                return {"error_code": BAD_LOGIN, "message": "Sai tài khoản hoặc mật khẩu", "session": ""}
            session = secrets.token_hex(16)
            self.sessions.add(session)
            return {"error_code": OK, "session": session}

    def serve(self, document) -> dict:
        with self.lock:
            service = document.get("service") if isinstance(document, dict) else None
            self.calls.append(str(service))
            try:
                if not isinstance(document, dict):
                    raise Refused(BAD_DATA, "not an object")
                if document.get("session") not in self.sessions:
                    raise Refused(BAD_SESSION, "session unknown or expired")
                if document.get("madonvi") != self.unit_code:
                    raise Refused(BAD_UNIT, "madonvi does not match the account")
                handler = {
                    "DongBoHoSoMC": self._sync_dossiers,
                    "CapNhatTienDoHoSoMC": self._sync_progress,
                    "TraCuuHoSo": self._look_up,
                    "LayThuTuc": self._procedures,
                }.get(service)
                if handler is None:
                    raise Refused(BAD_SERVICE, "unknown service")
                return {"error_code": OK} | handler(document)
            except Refused as refusal:
                self.rejections.append((refusal.code, refusal.reason))
                return {"error_code": refusal.code, "message": refusal.reason}

    def _sync_dossiers(self, document: dict) -> dict:
        updating, data = document.get("isUpdating"), document.get("data")
        if not isinstance(updating, bool):
            raise Refused(BAD_DATA, "isUpdating must be true or false")
        if not isinstance(data, list) or not data:
            raise Refused(BAD_DATA, "data must be a non-empty list")
        for record in data:
            self._check_record(record)
            known = record["MaHoSo"] in self.records
            if updating and not known:
                raise Refused(BAD_DATA, "isUpdating true for a dossier the portal does not have")
            if not updating and known:
                raise Refused(BAD_DATA, "isUpdating false for a dossier the portal already has")
        for record in data:
            self.records[record["MaHoSo"]] = record
        return {"result": [{"MaHoSo": record["MaHoSo"]} for record in data]}

    def _check_record(self, record) -> None:
        if not isinstance(record, dict):
            raise Refused(BAD_DATA, "a record is not an object")
        missing = [name for name in RECORD_FIELDS + RECORD_LISTS if name not in record]
        if missing:
            raise Refused(BAD_DATA, f"missing {', '.join(missing)}")
        for name in RECORD_FIELDS:
            if not isinstance(record[name], str):
                raise Refused(BAD_DATA, f"{name} must be a string")
        for name in RECORD_LISTS:
            if not isinstance(record[name], list):
                raise Refused(BAD_DATA, f"{name} must be a list")
        for name in ("MaHoSo", "MaTTHC", "ChuHoSo", "NgayTiepNhan"):
            if not record[name]:
                raise Refused(BAD_DATA, f"{name} is empty")
        if record["MaTTHC"] not in self.procedures:
            raise Refused(BAD_DATA, "MaTTHC is not a procedure of the national database")
        if record["TrangThaiHoSo"] not in STATUSES:
            raise Refused(BAD_DATA, "TrangThaiHoSo outside 1-10")
        if record["HinhThuc"] not in {"0", "1"}:
            raise Refused(BAD_DATA, "HinhThuc must be 0 or 1")
        for name in RECORD_TIMES:
            _time(record[name], name, required=name == "NgayTiepNhan")
        if record["TrangThaiHoSo"] == "10":
            _time(record["NgayTra"], "NgayTra", required=True)
        for row in record["DanhSachHoSoBoSung"]:
            if not isinstance(row, dict) or "NgayHenTraTruoc" not in row or "NgayHenTraMoi" not in row:
                raise Refused(BAD_DATA, "a supplement row lacks NgayHenTraTruoc/NgayHenTraMoi")
            for name in ("NgayBoSung", "NgayHenTraTruoc", "NgayHenTraMoi"):
                _time(row.get(name, ""), name)

    def _sync_progress(self, document: dict) -> dict:
        data = document.get("data")
        if not isinstance(data, list) or not data:
            raise Refused(BAD_DATA, "data must be a non-empty list")
        for row in data:
            if not isinstance(row, dict):
                raise Refused(BAD_DATA, "a row is not an object")
            missing = [name for name in PROGRESS_FIELDS if name not in row]
            if missing:
                raise Refused(BAD_DATA, f"missing {', '.join(missing)}")
            if row["MaHoSo"] not in self.records:
                raise Refused(BAD_DATA, "progress for a dossier the portal does not have")
            if row["TrangThai"] not in STATUSES:
                raise Refused(BAD_DATA, "TrangThai outside 1-10")
            for name in PROGRESS_TIMES:
                _time(row[name], name, required=name == "ThoiDiemXuLy")
        self.progress.extend(data)
        return {}

    def _look_up(self, document: dict) -> dict:
        code = document.get("mahoso")
        if not isinstance(code, str) or not code:
            raise Refused(BAD_DATA, "mahoso required")
        record = self.records.get(code)
        return {"result": [record] if record else []}

    def _procedures(self, document: dict) -> dict:
        return {"result": [{"MaTTHC": code, "TenTTHC": name} for code, name in sorted(self.procedures.items())]}
