"""Reconciliation: do the receiver's counts per `TrangThaiHoSo` and per dossier agree with ours?

The national portal is asked dossier by dossier through the LGSP's `TraCuuHoSo` (the portal offers no summary).
A webhook receiver may serve `GET <summary_url>` → `{"by_status": {"<status>": count}, "dossiers":
{"<MaHoSo>": status}}` (docs/sync.md). Local truth is the current national status of every dossier that has
entered the outbox.
"""

from __future__ import annotations

import json
import urllib.request
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef

from motcua.dossiers.choices import NATIONAL_STATUS
from motcua.dossiers.models import Dossier
from motcua.integrations.dvcqg import envelope
from motcua.integrations.dvcqg.client import LgspClient, LgspError

from .choices import DeliveryStatus, EndpointKind
from .conf import sync_settings
from .models import Delivery, OutboxMessage, SyncEndpoint

# A summary of the far side: {"total": n, "by_status": {"<status>": count}, "dossiers": {"<code>": status}} (the
# JSON a receiver serves, or the portal's answers collected by `look_up_each`).
Summary = dict[str, Any]


class RemoteUnavailable(Exception):
    pass


@dataclass
class Report:
    endpoint: str
    local_total: int = 0
    remote_total: int = 0
    by_status: dict[str, dict[str, int]] = field(default_factory=dict)  # status → {"local", "remote"}
    missing_remote: list[str] = field(default_factory=list)
    unknown_locally: list[str] = field(default_factory=list)
    status_mismatch: list[dict[str, object]] = field(default_factory=list)  # {"code", "local", "remote"}
    undelivered: int = 0
    dead: int = 0

    @property
    def differences(self) -> int:
        status_diffs = sum(1 for row in self.by_status.values() if row["local"] != row["remote"])
        return status_diffs + len(self.missing_remote) + len(self.unknown_locally) + len(self.status_mismatch)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"differences": self.differences}


def fetch_summary(endpoint: SyncEndpoint) -> Summary:
    if not endpoint.summary_url:
        raise RemoteUnavailable("no summary URL")
    timeout = endpoint.timeout_seconds or sync_settings().timeout
    try:
        with urllib.request.urlopen(endpoint.summary_url, timeout=timeout) as reply:  # noqa: S310
            summary: Summary = json.loads(reply.read())
            return summary
    except (OSError, ValueError) as error:
        raise RemoteUnavailable(type(error).__name__) from error


def look_up_each(endpoint: SyncEndpoint, codes: Iterable[str]) -> Summary:
    """The national portal's status of each dossier, one `TraCuuHoSo` call per dossier code."""
    from .services import lgsp_config  # services imports this module's siblings; avoid a cycle at import

    client = LgspClient(lgsp_config(endpoint, timeout=endpoint.timeout_seconds or sync_settings().timeout))
    dossiers: dict[str, int] = {}
    try:
        for code in codes:
            record = client.look_up(code)
            if record is not None:
                dossiers[code] = int(record.get("TrangThaiHoSo") or 0)
    except (LgspError, ValueError) as error:
        raise RemoteUnavailable(str(error)) from error
    counts = Counter(str(status) for status in dossiers.values())
    return {"total": len(dossiers), "by_status": dict(counts), "dossiers": dossiers}


def local_statuses(endpoint: SyncEndpoint) -> dict[str, int]:
    queued = OutboxMessage.objects.filter(dossier=OuterRef("pk"))
    if endpoint.topics:
        queued = queued.filter(topic__in=endpoint.topics)
    rows = Dossier.objects.filter(Exists(queued)).values_list("code", "status")
    table = envelope.status_table() if endpoint.kind == EndpointKind.NATIONAL_PORTAL else NATIONAL_STATUS
    return {code: int(table[status]) for code, status in rows}


def reconcile(*, endpoint: SyncEndpoint, remote: Summary | None = None) -> Report:
    local = local_statuses(endpoint)
    if remote is None:
        national = endpoint.kind == EndpointKind.NATIONAL_PORTAL
        remote = look_up_each(endpoint, sorted(local)) if national else fetch_summary(endpoint)
    remote_dossiers = {str(code): int(status) for code, status in (remote.get("dossiers") or {}).items()}
    remote_counts = {str(k): int(v) for k, v in (remote.get("by_status") or {}).items()}
    local_counts = Counter(str(status) for status in local.values())
    report = Report(endpoint=endpoint.name, local_total=len(local), remote_total=int(remote.get("total", 0)))
    for status in sorted(set(local_counts) | set(remote_counts), key=int):
        report.by_status[status] = {"local": local_counts.get(status, 0), "remote": remote_counts.get(status, 0)}
    report.missing_remote = sorted(set(local) - set(remote_dossiers))
    report.unknown_locally = sorted(set(remote_dossiers) - set(local))
    report.status_mismatch = [
        {"code": code, "local": local[code], "remote": remote_dossiers[code]}
        for code in sorted(set(local) & set(remote_dossiers))
        if local[code] != remote_dossiers[code]
    ]
    deliveries = Delivery.objects.filter(endpoint=endpoint)
    report.undelivered = deliveries.filter(status=DeliveryStatus.PENDING).count()
    report.dead = deliveries.filter(status=DeliveryStatus.DEAD).count()
    return report
