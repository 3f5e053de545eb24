"""One outbox delivery to the national portal: upsert the dossier (`TraCuuHoSo` decides `isUpdating`), then the
progress row of the event (`CapNhatTienDoHoSoMC`). Returns a reply in the shape of `motcua.sync.transport`'s,
so the outbox keeps one retry, dead-letter and log path for every kind of endpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass

from motcua.dossiers.models import Dossier, DossierEvent

from . import envelope
from .client import LgspClient, LgspConfig, LgspError


@dataclass
class Reply:
    status: int | None
    body: str
    error: str
    duration_ms: int
    unreachable: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


def deliver(
    *, config: LgspConfig, dossier: Dossier, event: DossierEvent | None, client: LgspClient | None = None
) -> Reply:
    client = client or LgspClient(config)
    total_ms = 0
    try:
        statuses = envelope.status_table()
        record = envelope.dossier_record(dossier, statuses=statuses)
        known = client.look_up(dossier.code) is not None
        total_ms += client.last_duration_ms
        client.sync_dossiers([record], updating=known)
        total_ms += client.last_duration_ms
        if event is not None:
            client.sync_progress([envelope.progress_row(event, statuses=statuses)])
            total_ms += client.last_duration_ms
    except envelope.Unmapped:
        return Reply(None, "", "procedure not mapped to a national code", total_ms)
    except LgspError as error:
        return Reply(error.http_status, "", str(error), total_ms, unreachable=error.unreachable)
    # Only the portal's verdict is kept: never the record, which holds the applicant's data.
    return Reply(200, json.dumps({"error_code": "00", "isUpdating": known}), "", total_ms)
