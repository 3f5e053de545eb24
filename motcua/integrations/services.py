"""Writes of the integrations domain: clients, tokens, token checks, idempotent writes and rate limits.

Token secrets are shown once, when issued, and stored only as a SHA-256 hash (the secret has 256 bits of
entropy, so a fast hash is enough; a salted slow hash would only slow every API call).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import math
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.services import membership_grant, user_create
from motcua.core import ratelimit
from motcua.core.idempotency import run_once
from motcua.core.memo import memo

from .choices import ClientKind, Scope
from .models import ApiClient, ApiToken, IdempotencyRecord
from .selectors import token_by_prefix

logger = logging.getLogger("motcua.integrations")

TOKEN_PREFIX = "mc"  # noqa: S105 (the public marker of our tokens, not a secret)
# Touching `last_used_at` on every call would add a write to every read; once a minute is enough to audit.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
DEFAULT_RATE_LIMIT = "600/60"


class IntegrationError(Exception):
    def __init__(self, message, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


class IdempotencyConflict(IntegrationError):
    """The same `Idempotency-Key` was used with a different request."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the full bearer value, shown once


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_scopes(scopes: Iterable[str]) -> list[str]:
    scopes = sorted(set(scopes))
    unknown = [scope for scope in scopes if scope not in Scope.values]
    if unknown:
        raise IntegrationError(_("Unknown scope: %(scope)s") % {"scope": ", ".join(unknown)}, code="bad_scope")
    return scopes


@transaction.atomic
def api_client_create(*, name: str, kind: str, units: Iterable, rate_limit: int | None = None) -> ApiClient:
    """A client with its own service account, holding the counter role in each of its units.

    The counter role is what reception, supplement and withdrawal need (ND 61/2018 art 17; workflow.ACTION_ROLES);
    a client never holds the appraisal, approval or signing roles.
    """
    name = (name or "").strip()
    if not name:
        raise IntegrationError(_("A client needs a name."), code="name_required")
    if kind not in ClientKind.values:
        raise IntegrationError(_("Unknown client kind: %(kind)s") % {"kind": kind}, code="bad_kind")
    if ApiClient.objects.filter(name=name).exists():
        raise IntegrationError(_("A client with this name already exists."), code="duplicate")
    units = list(units)
    if not units:
        raise IntegrationError(_("A client needs at least one unit."), code="units_required")
    user = user_create(
        username=f"api-{secrets.token_hex(6)}", password=None, full_name=f"API: {name}"[:200], kind=UserKind.OFFICER
    )
    client = ApiClient.objects.create(name=name, kind=kind, user=user, rate_limit=rate_limit)
    api_client_add_units(client=client, units=units)
    return client


@transaction.atomic
def api_client_add_units(*, client: ApiClient, units: Iterable) -> None:
    for unit in units:
        client.units.add(unit)
        membership_grant(user=client.user, unit=unit, role=Role.COUNTER_OFFICER)


@transaction.atomic
def api_client_deactivate(*, client: ApiClient) -> None:
    client.is_active = False
    client.save(update_fields=["is_active"])
    client.user.memberships.update(is_active=False)


@transaction.atomic
def api_token_issue(
    *, client: ApiClient, scopes: Iterable[str], name: str = "", expires_at: dt.datetime | None = None
) -> IssuedToken:
    scopes = _check_scopes(scopes)
    if not scopes:
        raise IntegrationError(_("A token needs at least one scope."), code="scopes_required")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client, name=name[:100], prefix=prefix, secret_hash=_hash(secret), scopes=scopes, expires_at=expires_at
    )
    logger.info("api.token_issued", extra={"client_id": client.pk, "prefix": prefix})
    return IssuedToken(token=token, secret=f"{TOKEN_PREFIX}_{prefix}_{secret}")


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_authenticate(raw: str) -> ApiToken | None:
    """The usable token of an active client for a bearer value, or None (no hint why, to the caller)."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    token = memo.get(("api-token", parts[1]), lambda: token_by_prefix(parts[1]), keep_none=False)
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(parts[2])):
        return None
    now = timezone.now()
    if not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- rate limits ------------------------------------------------------------------------------------------


def _rate(client: ApiClient) -> tuple[int, int]:
    if client.rate_limit:
        return client.rate_limit, 60
    text = str(getattr(settings, "MOTCUA_API_RATE_LIMIT", DEFAULT_RATE_LIMIT))
    limit, _slash, window = text.partition("/")
    return int(limit), int(window or 60)


def rate_limit_hit(*, token: ApiToken) -> int | None:
    """Count one request of `token` in the current fixed window (Django cache); the seconds to wait when over.

    With several processes, the cache must be shared (Redis, the SQLite cache file, the database cache), or each
    process counts alone; on Redis the count is one atomic round trip (`core.ratelimit.count`).
    """
    limit, window = _rate(token.client)
    now = time.time()
    window_start = int(now // window) * window
    count = ratelimit.count(f"motcua:api-rate:{token.pk}:{window_start}", timeout=window + 1)
    if count > limit:
        return max(1, math.ceil(window_start + window - now))
    return None


# --- idempotency ------------------------------------------------------------------------------------------


def request_fingerprint(*, method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def idempotent_call(
    *, client: ApiClient, key: str, request_hash: str, call: Callable[[], tuple[int, dict]]
) -> tuple[int, dict, bool]:
    """Run `call` once per (client, key): (status, body, replayed).

    The API's use of the project's one idempotency rule (`motcua.core.idempotency.run_once`, shared with the
    outreach laptop's offline queue): the key is claimed by inserting its record in the same transaction as the
    write, and the response is saved there too: if the write fails, the claim is rolled back with it; if two
    identical requests race, the second one's insert waits on the unique index until the first commits, then
    fails, and it returns the stored response (PostgreSQL). Errors are not stored: a retry after an error runs
    again. The same key with a different request is refused (`IdempotencyConflict`).
    """
    key = (key or "").strip()
    if not key or len(key) > 255:
        raise IntegrationError(_("The Idempotency-Key must have 1 to 255 characters."), code="bad_idempotency_key")

    def run(record: IdempotencyRecord) -> tuple[int, dict]:
        status, body = call()
        record.response_status, record.response_body = status, body
        record.save(update_fields=["response_status", "response_body"])
        return status, body

    (status, body), replayed = run_once(
        model=IdempotencyRecord,
        identity={"client": client, "key": key},
        request_hash=request_hash,
        run=run,
        replay=lambda record: (record.response_status, record.response_body),
        conflict=lambda: IdempotencyConflict(
            _("This Idempotency-Key was already used with a different request."), code="idempotency_conflict"
        ),
    )
    return status, body, replayed


def idempotency_purge(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Forget stored responses after a day (retries come within minutes)."""
    deleted, _detail = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
