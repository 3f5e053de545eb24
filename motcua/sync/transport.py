"""One HTTP POST with a hard timeout; never raises, so a broken receiver cannot stop the worker."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

USER_AGENT = "motcua-sync/1"


@dataclass
class Response:
    status: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(*, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Response:
    if not url.startswith(("http://", "https://")):
        return Response(None, "", "unsupported URL scheme", 0)
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (scheme checked above)
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", USER_AGENT)
    for name, value in headers.items():
        request.add_header(name, value)
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310 (configured endpoint URL)
            text = reply.read(2000).decode("utf-8", "replace")
            return Response(reply.status, text, "", elapsed())
    except urllib.error.HTTPError as error:
        text = error.read(2000).decode("utf-8", "replace") if error.fp else ""
        return Response(error.code, text, f"HTTP {error.code}", elapsed())
    except TimeoutError:
        return Response(None, "", "timeout", elapsed())
    except urllib.error.URLError as error:
        reason = error.reason
        label = "timeout" if isinstance(reason, (TimeoutError, socket.timeout)) else f"{type(reason).__name__}"
        return Response(None, "", label, elapsed())
    except (OSError, ValueError) as error:
        return Response(None, "", type(error).__name__, elapsed())
