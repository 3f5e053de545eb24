"""The demo outbox (issue 17): in a demo, the one-time sign-in codes sent by e-mail or text message are kept for
a few minutes so a visitor can read them on a demo-only page (`/thu-nghiem/ma-xac-thuc/`) — the demo's message
channel only logs, so otherwise nobody could sign in with a code.

On only with `MOTCUA_DEMO_OUTBOX` (local settings default it on) and where the demo is allowed
(`MOTCUA_DEMO_ALLOWED`: production settings set it False, so nothing is recorded there and the page is a 404;
`check --deploy` warns when the setting is on, motcua.W010). Only the demo's own addresses can be read back (the
page asks for them by name); the cache key is a keyed hash of the address, never the address itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KEEP_SECONDS = 15 * 60


def enabled() -> bool:
    return bool(getattr(settings, "MOTCUA_DEMO_OUTBOX", False)) and bool(getattr(settings, "MOTCUA_DEMO_ALLOWED", True))


def _key(address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo-outbox:{address}".encode(), hashlib.sha256).hexdigest()
    return f"motcua:demo-outbox:{digest}"


def record(*, address: str, channel: str, text: str) -> None:
    """Keep the last message sent to `address` (demo only; no-op otherwise)."""
    if enabled():
        cache.set(_key(address), {"channel": channel, "text": text, "at": timezone.now()}, KEEP_SECONDS)


def read(addresses) -> list[dict]:
    """The last message of each address that has one (demo only; empty otherwise), newest first."""
    if not enabled():
        return []
    found = []
    for address in addresses:
        message = cache.get(_key(address))
        if message:
            found.append({"address": address, **message})
    return sorted(found, key=lambda m: m.get("at") or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)
