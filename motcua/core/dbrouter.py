"""The database router of the read replica (settings add it with `DATABASE_REPLICA_URL`; motcua.core.replica).

Explicit, not guessed: reads go to the replica only inside `reading_from_replica()` and only when the staleness
guard allows it; writes always go to the primary (returned explicitly: Django would otherwise send the save of
an object read from the replica back to the replica); the replica is never migrated (it is a hot standby,
read-only, fed by the primary's WAL).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS

from . import replica


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return replica.alias_for_read(model._meta.app_label)

    def db_for_write(self, model, **hints) -> str:
        replica.note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same rows on both servers

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db == replica.REPLICA_ALIAS else None
