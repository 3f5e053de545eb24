""" "A dossier event happened": one registry of subscribers, one dispatch by the engine.

Every event the engine appends (`engine._append_event`: actions, creation, applicant and system events) is handed
once to `dispatch`, which calls

- the `IN_TRANSACTION` subscribers inside the event's own transaction, with the dossier row locked: what they
  write commits or rolls back with the event, and a subscriber that raises rolls the whole action back (the
  rollups, the sync outbox, the notification outbox: docs/architecture.md);
- the `AFTER_COMMIT` subscribers through `transaction.on_commit`, only once the event is durable: work that must
  never break or delay the action and may be lost with a crash (the personal data store's collection).

Apps above `dossiers` subscribe in their `AppConfig.ready()`; `dossiers` imports none of them. A subscriber is a
callable `handler(*, dossier, event)`; `name` keeps a second `ready()` (tests, reloads) from subscribing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction

from motcua.core.db import writes_batched

if TYPE_CHECKING:
    from .models import Dossier, DossierEvent

IN_TRANSACTION = "in_transaction"
AFTER_COMMIT = "after_commit"

Handler = Callable[..., object]


@dataclass(frozen=True)
class Subscriber:
    name: str
    handler: Handler


_subscribers: dict[str, list[Subscriber]] = {IN_TRANSACTION: [], AFTER_COMMIT: []}


def subscribe(name: str, handler: Handler, *, when: str) -> None:
    """Add (or replace, by `name`) a subscriber; `when` is `IN_TRANSACTION` or `AFTER_COMMIT`. Order of
    subscription is order of call (INSTALLED_APPS order when subscribed from `ready()`)."""
    if when not in _subscribers:
        raise ValueError(f"unknown phase {when!r}")
    unsubscribe(name)
    _subscribers[when].append(Subscriber(name, handler))


def unsubscribe(name: str) -> None:
    for phase in _subscribers.values():
        phase[:] = [s for s in phase if s.name != name]


def subscribers(when: str) -> tuple[str, ...]:
    """The names subscribed to one phase, in call order (for the docs and the tests)."""
    return tuple(s.name for s in _subscribers[when])


def dispatch(*, dossier: Dossier, event: DossierEvent) -> None:
    """Called once per event by the engine, inside the event's transaction, after the event row is written. The
    subscribers' blind upserts (the rollups) go to PostgreSQL in one round trip at the end (`core.db`)."""
    with writes_batched():
        for subscriber in _subscribers[IN_TRANSACTION]:
            subscriber.handler(dossier=dossier, event=event)
    for subscriber in _subscribers[AFTER_COMMIT]:
        transaction.on_commit(partial(subscriber.handler, dossier=dossier, event=event))
