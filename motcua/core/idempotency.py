"""Run a write once per key, whoever sends it: the one idempotency rule of the project.

Used by the API's `Idempotency-Key` (`integrations.services.idempotent_call`: the actor is an API client) and by
the outreach laptop's offline queue (`outreach.services.session_intake`: the actor is an officer at a session)
and the bundle forms' one-time key (`bundles.services.bundle_apply_once`: a citizen or a counter officer).
Each caller keeps its own record model (a row with at least `request_hash`, unique on the key and whatever it
is scoped to); this module holds the rule they share:

- the key is **claimed by inserting its record** in the same transaction as the write (no look-up first), so a
  failed write rolls the claim back with it and a corrected request may reuse the key;
- a retry of a finished request fails on the unique index at once and gets the **stored answer** (`replay`);
  a racing twin waits on the index until the first commits, then fails and replays (PostgreSQL);
- a replay with another request hash, or from another owner (`owned`), is a **conflict**, never a silent answer
  to a different question;
- errors are not stored: a retry after an error runs again.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

R = TypeVar("R", bound=models.Model)
T = TypeVar("T")


def run_once(
    *,
    model: type[R],
    identity: Mapping[str, Any],
    request_hash: str,
    run: Callable[[R], T],
    replay: Callable[[R], T],
    conflict: Callable[[], Exception],
    claim_fields: Mapping[str, Any] | None = None,
    owned: Callable[[R], bool] | None = None,
) -> tuple[T, bool]:
    """Run `run(record)` once per `identity` (the fields of the record's unique key): (answer, replayed).

    `run` receives the freshly claimed record and stores on it what a replay needs (it saves it itself); a
    later call with the same identity gets `replay(record)` of the stored one when its `request_hash` matches
    (compared in constant time) and `owned(record)` holds, else raises `conflict()`.
    """
    try:
        # No savepoint of its own around the claim: a failed insert leaves this block at once and rolls it back
        # whole, with the write it would have guarded.
        with transaction.atomic():
            record = model._default_manager.create(**identity, request_hash=request_hash, **(claim_fields or {}))
            return run(record), False
    except IntegrityError:
        existing = model._default_manager.filter(**identity).first()
        if existing is None:  # the integrity error came from the write itself, not from the claim
            raise
        stored_hash = str(getattr(existing, "request_hash", ""))
        if (owned is not None and not owned(existing)) or not hmac.compare_digest(stored_hash, request_hash):
            raise conflict() from None
        return replay(existing), True
