"""Retention of personal data: what is kept how long, and the purge that applies it (`motcua personal-data purge`).

Legal basis:

- ND 13/2023/NĐ-CP on personal data protection, art. 3(7): personal data is stored only for as long as the purpose
  of processing needs it, unless a law provides otherwise; art. 16: deletion when no longer needed, except where
  a law requires keeping it. (The Law on Personal Data Protection No. 91/2025/QH15, in force from 1 Jan 2026,
  keeps the same storage-limitation principle.)
- Dossiers of administrative procedures and their history are records of the agency: kept for the retention
  period of the archives rules and handed over to the archive (Law on Archives No. 33/2024/QH15; retention
  tables of the Ministry of Home Affairs, TT 10/2022/TT-BNV; ND 61/2018 art 25–26 as amended by ND 107/2021;
  TT 01/2018 art 13). motcua therefore **never deletes a dossier or an event**: past
  `MOTCUA_RETENTION_DOSSIER_DAYS` after a dossier was closed (set it to the end of the local archive period or
  the hand-over to the archive; 0 = keep, the default) the applicant's name and address become a placeholder
  and ID number, phone and e-mail are emptied — exactly what `personal_data_delete` does, so the hash-chained
  history stays untouched and `motcua audit verify` stays green.

Periods (days, environment variables read in `config/settings/base.py`; 0 = keep):

| setting | default | what is purged |
|---|---:|---|
| `MOTCUA_RETENTION_DOSSIER_DAYS` | 0 | applicant fields of closed dossiers (refused, stopped, rejected, result ready, delivered), counted from the last change |
| `MOTCUA_RETENTION_FEEDBACK_DAYS` | 1825 | contact name and contact of closed PAKN (not accepted, answered, published); the content and the answer stay |
| `MOTCUA_RETENTION_SIGNIN_CODE_DAYS` | 30 | one-time sign-in codes (keyed hashes of the phone or e-mail) |
| `MOTCUA_RETENTION_LOG_DAYS` | 180 | the delivery log (`DeliveryAttempt`), the admin action log, expired sessions; stored API idempotency answers after 1 day (`integrations.services.idempotency_purge`) |

Files in MEDIA_ROOT that no file field of any model references and that are older than a day are deleted too:
they are uploads whose transaction was rolled back after the file was written (a deadlock, a lost database
connection: file storage is not transactional), which `bench/faults.py` produces under load.

Rate-limit and sign-in throttle counters are never written to the database: they live in the cache under keyed
hashes and expire with their window (`core/ratelimit.py`, `accounts/throttle.py`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.models import SignInCode
from motcua.dossiers.choices import CLOSED
from motcua.dossiers.models import Dossier
from motcua.feedback.choices import FeedbackStatus
from motcua.feedback.models import Feedback
from motcua.integrations.models import IdempotencyRecord
from motcua.sync.models import DeliveryAttempt

from .personal_data import ANONYMISED_APPLICANT

DEFAULTS = {"DOSSIER": 0, "FEEDBACK": 1825, "SIGNIN_CODE": 30, "LOG": 180}
FEEDBACK_CLOSED = (FeedbackStatus.REJECTED, FeedbackStatus.ANSWERED, FeedbackStatus.PUBLISHED)
IDEMPOTENCY_DAYS = 1  # retries come within minutes (docs/api.md)
ORPHAN_MIN_AGE = dt.timedelta(days=1)  # an upload being written now gets its row within seconds


def orphan_files(*, now: dt.datetime | None = None) -> list[Path]:
    """Files under MEDIA_ROOT that no `FileField` of any model points at, last modified more than a day ago."""
    now = now or timezone.now()
    referenced: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                names = model._default_manager.exclude(**{model_field.name: ""}).values_list(
                    model_field.name, flat=True
                )
                referenced.update(name for name in names if name)
    root = Path(settings.MEDIA_ROOT)
    limit = (now - ORPHAN_MIN_AGE).timestamp()
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if path.relative_to(root).as_posix() not in referenced and path.stat().st_mtime < limit:
                found.append(path)
    return sorted(found)


def retention_days(name: str) -> int:
    """The period for `name` (DOSSIER, FEEDBACK, SIGNIN_CODE, LOG) in days; 0 means keep."""
    value = int(getattr(settings, f"MOTCUA_RETENTION_{name}_DAYS", DEFAULTS[name]))
    if value < 0:
        raise ValueError(f"MOTCUA_RETENTION_{name}_DAYS must be ≥ 0")
    return value


@dataclass
class Purge:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)  # category → "anonymise" | "delete"
    periods: dict[str, int] = field(default_factory=dict)


def _cutoff(now: dt.datetime, days: int) -> dt.datetime | None:
    return now - dt.timedelta(days=days) if days else None


def purge_querysets(*, now: dt.datetime | None = None) -> dict[str, tuple]:
    """Per category: (queryset past retention, "anonymise" | "delete"); categories kept (period 0) are absent."""
    now = now or timezone.now()
    found: dict[str, tuple] = {}
    if cutoff := _cutoff(now, retention_days("DOSSIER")):
        found["dossiers"] = (
            Dossier.objects.filter(status__in=CLOSED, updated_at__lt=cutoff).exclude(**ANONYMISED_APPLICANT),
            "anonymise",
        )
    if cutoff := _cutoff(now, retention_days("FEEDBACK")):
        last_step = Q(answered_at__lt=cutoff) | Q(answered_at__isnull=True, received_at__lt=cutoff)
        found["feedback"] = (
            Feedback.objects.filter(last_step, status__in=FEEDBACK_CLOSED).exclude(contact_name="", contact=""),
            "anonymise",
        )
    if cutoff := _cutoff(now, retention_days("SIGNIN_CODE")):
        found["sign_in_codes"] = (SignInCode.objects.filter(created_at__lt=cutoff), "delete")
    if cutoff := _cutoff(now, retention_days("LOG")):
        found["delivery_attempts"] = (DeliveryAttempt.objects.filter(started_at__lt=cutoff), "delete")
        found["admin_log"] = (LogEntry.objects.filter(action_time__lt=cutoff), "delete")
        found["expired_sessions"] = (Session.objects.filter(expire_date__lt=now), "delete")
        found["idempotency_records"] = (
            IdempotencyRecord.objects.filter(created_at__lt=now - dt.timedelta(days=IDEMPOTENCY_DAYS)),
            "delete",
        )
    return found


@transaction.atomic
def personal_data_purge(*, dry_run: bool = True, now: dt.datetime | None = None) -> Purge:
    """Anonymise or delete what is past its retention period (see the module docstring); `dry_run` only counts.

    Dossiers and events are never deleted (archive duties); only the applicant fields of the dossier row are
    replaced, as in `personal_data_delete`, so the event hash chain is not touched."""
    result = Purge(dry_run=dry_run, periods={name.lower(): retention_days(name) for name in DEFAULTS})
    for category, (queryset, how) in purge_querysets(now=now).items():
        result.actions[category] = how
        if dry_run:
            result.counts[category] = queryset.count()
        elif category == "dossiers":
            result.counts[category] = queryset.update(**ANONYMISED_APPLICANT)
        elif category == "feedback":
            result.counts[category] = queryset.update(contact_name="", contact="")
        else:  # "delete"
            _total, per_model = queryset.delete()
            result.counts[category] = per_model.get(queryset.model._meta.label, 0)
    orphans = orphan_files(now=now)
    result.actions["orphan_files"] = "delete"
    result.counts["orphan_files"] = len(orphans)
    if not dry_run:
        for path in orphans:
            path.unlink(missing_ok=True)
    return result
