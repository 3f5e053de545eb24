"""Verification of a signed PDF against the configured trust roots (pyHanko validator, no network).

Anyone may check an e-result (ND 45/2020 art 14(4): e-results are checked through the information system);
the answer says whether the signature is cryptographically valid, whether the file is unchanged since it was
signed, who signed it, when, and whether the signer chains up to a trusted root (`TrustRoot` rows).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import pdfcheck
from .choices import Verdict

logger = logging.getLogger("motcua.esign")
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the `motcua` package


@dataclass(frozen=True)
class VerificationResult:
    verdict: str
    signer: str = ""
    signed_at: dt.datetime | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False

    @property
    def ok(self) -> bool:
        return self.verdict == Verdict.VALID

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label


def load_pem_certificates(text: str) -> list[x509.Certificate]:
    """Every certificate in a PEM text (a bundle may hold several); raises ValueError on a damaged one."""
    data = text.encode()
    if not pem.detect(data):
        raise ValueError("not a PEM certificate")
    return [x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, multiple=True)]


class PdfRefused(Exception):
    """The file was not checked: it exceeds a limit of the sandbox, or every checking slot is busy.

    `status` is the HTTP answer (413 too large, 422 over a parsing limit, 503 busy: retry later)."""

    def __init__(self, reason: str, status: int = 422):
        super().__init__(reason)
        self.reason = reason
        self.status = status

    @property
    def message(self) -> str:
        text = str(REFUSAL_MESSAGES.get(self.reason, REFUSAL_MESSAGES["limit"]))
        return text % {"mb": max_pdf_bytes() // (1024 * 1024)} if self.reason == "too_large" else text


REFUSAL_MESSAGES = {
    "too_large": _("The file is too large to be checked (the limit is %(mb)s MB)."),
    "limit": _(
        "The file was not checked: its structure exceeds the limits for checking (too many objects or too much "
        "compressed content). A signed e-result issued by an agency never does."
    ),
    "time": _("The file was not checked: checking it took longer than allowed."),
    "busy": _("Too many files are being checked right now. Please try again in a minute."),
}


def sandbox_limits() -> dict:
    """Hard limits of one check (settings `MOTCUA_PDF_CHECK_LIMITS` override single keys; docs/security.md)."""
    return {**pdfcheck.DEFAULT_LIMITS, **getattr(settings, "MOTCUA_PDF_CHECK_LIMITS", {})}


def max_pdf_bytes() -> int:
    return int(getattr(settings, "MOTCUA_PDF_CHECK_MAX_BYTES", 10 * 1024 * 1024))


@contextlib.contextmanager
def _checking_slot() -> Iterator[None]:
    """One of `MOTCUA_PDF_CHECK_CONCURRENCY` (default 1) host-wide slots (an exclusive `flock` on a slot file,
    released by the kernel even when the worker dies), so hostile files can occupy at most that many cores.
    Waits up to `MOTCUA_PDF_CHECK_QUEUE_SECONDS` (2) for one, then refuses with 503."""
    slots = max(1, int(getattr(settings, "MOTCUA_PDF_CHECK_CONCURRENCY", 1)))
    wait = float(getattr(settings, "MOTCUA_PDF_CHECK_QUEUE_SECONDS", 2.0))
    folder = Path(getattr(settings, "MOTCUA_PDF_CHECK_LOCK_DIR", "") or tempfile.gettempdir())
    tag = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
    deadline = time.monotonic() + wait
    handles = [open(folder / f"motcua-pdfcheck-{tag}-{n}.lock", "a+b") for n in range(slots)]  # noqa: SIM115
    try:
        while True:
            for handle in handles:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
                return
            if time.monotonic() >= deadline:
                raise PdfRefused("busy", status=503)
            time.sleep(0.05)
    finally:
        for handle in handles:
            handle.close()


def _run_sandbox(data: bytes, roots: list[x509.Certificate]) -> dict:
    limits = sandbox_limits()
    # The moment of validation is the caller's "now", passed in: the child validates as of the request, whatever
    # its own clock says (and a test that moves the clock moves the validation with it).
    header = json.dumps(
        {
            "roots": [base64.b64encode(root.dump()).decode() for root in roots],
            "moment": timezone.now().isoformat(),
        }
    ).encode()
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "motcua.esign.pdfcheck", json.dumps(limits)],
            input=header + b"\n" + data,
            capture_output=True,
            timeout=float(limits.get("wall_seconds", 5)),
            cwd=PROJECT_ROOT,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning("esign.pdfcheck_refused", extra={"reason": "time", "bytes": len(data)})
        raise PdfRefused("time") from None
    elapsed = time.monotonic() - started
    try:
        answer = json.loads(completed.stdout or b"{}")
    except ValueError:
        answer = {}
    if completed.returncode not in (0, pdfcheck.EXIT_REFUSED) or not answer:
        # Killed by the kernel (SIGXCPU/SIGKILL past the CPU limit) or out of address space before answering.
        reason = "time" if completed.returncode in (-signal.SIGXCPU, -signal.SIGKILL) else "limit"
        answer = {"refused": reason}
    if "refused" in answer:
        logger.warning(
            "esign.pdfcheck_refused",
            extra={"reason": answer["refused"], "bytes": len(data), "seconds": round(elapsed, 3)},
        )
        raise PdfRefused("time" if answer["refused"] == "time" else "limit")
    return answer


def verify_pdf(data: bytes, *, roots: list[x509.Certificate]) -> VerificationResult:
    """Validate the last signature of `data` in the sandboxed child (`pdfcheck`); any damage to the file is a
    verdict, a file over the limits raises `PdfRefused` (never a 500, never an unbounded worker)."""
    if len(data) > max_pdf_bytes():
        raise PdfRefused("too_large", status=413)
    with _checking_slot():
        answer = _run_sandbox(data, roots)
    signed_at = answer.get("signed_at")
    return VerificationResult(
        verdict=Verdict(answer["verdict"]),
        signer=answer.get("signer", ""),
        signed_at=dt.datetime.fromisoformat(signed_at) if signed_at else None,
        intact=bool(answer.get("intact")),
        valid=bool(answer.get("valid")),
        trusted=bool(answer.get("trusted")),
        covers_whole_file=bool(answer.get("covers_whole_file")),
    )
