"""Writes to the procedure catalogue. Every write goes through `procedure_upsert` (one procedure) or
`procedure_upsert_many` (a batch, used by importers).

Versioning rule (documented in docs/domain/catalogue.md):
- same content (same `ProcedureData.fingerprint()`) → nothing happens (`changed=False`);
- changed content under a NEW publishing decision (`decision_number` differs from the current version's), or with
  an explicit `valid_from` later than the current version's → the current version is closed (`valid_to` = the
  new version's `valid_from`) and version n+1 is created. Dossiers keep pointing at the version they were
  received under (ND 61/2018 art. 19: a dossier is judged by the time limit published when it was received);
- changed content under the SAME decision → a correction: the current version is updated in place.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.memo import changed as memo_changed
from motcua.core.text import fold

from .choices import BudgetUnit, LimitChannel, OnlineLevel, StepRole, TimeUnit, UnitKind
from .models import (
    Field,
    LegalBasis,
    LifeEvent,
    Procedure,
    ProcedureFee,
    ProcedureResult,
    ProcedureTimeLimit,
    ProcessStep,
    RequiredDocument,
    ServiceCommitment,
    ServiceCommitmentChange,
)
from .schema import ProcedureData, StepData

logger = logging.getLogger(__name__)

LEVEL_CODES = ("ministry", "province", "commune", "other")
CHANNEL_CODES = ("counter", "online", "post")
HALF = Decimal("0.5")
QUARTER = Decimal("0.25")
HOURS_PER_DAY = Decimal("8")
WORKING_DAYS_PER_MONTH = Decimal("22")


def today_vn() -> dt.date:
    return dt.datetime.now(ZoneInfo(getattr(settings, "MOTCUA_TIME_ZONE", "Asia/Ho_Chi_Minh"))).date()


@dataclass
class UpsertCache:
    """Rows prefetched once per batch so a 2,600-procedure import does not query them one by one."""

    current: dict[str, Procedure] = field(default_factory=dict)
    max_version: dict[str, int] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)
    life_events: dict[str, LifeEvent] = field(default_factory=dict)
    pending: dict[type, list] = field(default_factory=dict)

    def add(self, rows: Iterable) -> None:
        for row in rows:
            self.pending.setdefault(type(row), []).append(row)

    def flush(self) -> None:
        """Insert the child rows collected for the batch: one INSERT per table instead of one per procedure."""
        for model, rows in self.pending.items():
            model.objects.bulk_create(rows, batch_size=500)
        self.pending = {}
        memo_changed()  # bulk inserts send no signals (core.memo)

    @classmethod
    def load(cls, codes: Iterable[str]) -> UpsertCache:
        codes = list(set(codes))
        cache = cls(fields={f.name: f for f in Field.objects.all()})
        cache.life_events = {e.name: e for e in LifeEvent.objects.all()}
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            for proc in Procedure.objects.filter(code__in=chunk, valid_to__isnull=True):
                cache.current[proc.code] = proc
            rows = Procedure.objects.filter(code__in=chunk).values("code").annotate(top=Max("version"))
            cache.max_version.update({row["code"]: row["top"] for row in rows})
        return cache


def procedure_upsert(
    *, data: ProcedureData, source: str, cache: UpsertCache | None = None
) -> tuple[Procedure, bool, bool]:
    """Create or update one procedure from plain data; returns (procedure, created, changed). Idempotent."""
    with transaction.atomic():
        if cache is None:
            cache = UpsertCache.load([data.code])
        result = _upsert(data=data, source=source, cache=cache)
        cache.flush()
        return result


def procedure_upsert_many(
    *, items: Iterable[ProcedureData], source: str, batch_size: int = 300
) -> Iterator[tuple[ProcedureData, Procedure, bool, bool]]:
    """Upsert many procedures, one transaction per batch; yields (data, procedure, created, changed)."""
    batch: list[ProcedureData] = []
    for data in items:
        batch.append(data)
        if len(batch) >= batch_size:
            yield from _upsert_batch(batch, source)
            batch = []
    if batch:
        yield from _upsert_batch(batch, source)


def _upsert_batch(batch: list[ProcedureData], source: str) -> list[tuple[ProcedureData, Procedure, bool, bool]]:
    out = []
    with transaction.atomic():
        cache = UpsertCache.load(d.code for d in batch)
        for data in batch:
            proc, created, changed = _upsert(data=data, source=source, cache=cache)
            out.append((data, proc, created, changed))
        cache.flush()
    return out


def _upsert(*, data: ProcedureData, source: str, cache: UpsertCache) -> tuple[Procedure, bool, bool]:
    fingerprint = data.fingerprint()
    current = cache.current.get(data.code)
    if current is not None and current.content_hash == fingerprint:
        return current, False, False

    field_row = _field_for(data.field, cache)
    valid_from = data.valid_from or today_vn()
    if current is None:
        version = cache.max_version.get(data.code, 0) + 1
        proc = Procedure(code=data.code, version=version, valid_from=valid_from)
        created = True
    elif _is_new_version(current, data):
        valid_from = max(valid_from, current.valid_from)
        current.valid_to = valid_from
        current.save(update_fields=["valid_to", "updated_at"])
        proc = Procedure(code=data.code, version=current.version + 1, valid_from=valid_from)
        created = True
    else:
        proc = current
        created = False

    old_limit = (proc.time_limit_value, proc.time_limit_unit)
    _assign(proc, data, field_row, source, fingerprint)
    proc.save()
    if not created:
        for manager in (proc.time_limits, proc.fees, proc.documents, proc.results, proc.legal_basis):
            manager.all().delete()
    cache.add(_children(proc, data))
    if data.life_events or not created:
        proc.life_events.set([_life_event_for(name, cache) for name in dict.fromkeys(data.life_events)])

    new_limit = (proc.time_limit_value, proc.time_limit_unit)
    if data.process:
        steps = data.process
    elif created and current is not None and old_limit == new_limit and current.process_steps.exists():
        steps = [_step_data(s) for s in current.process_steps.all()]  # keep the template edited in the admin
    elif created or old_limit != new_limit or not proc.process_steps.exists():
        steps = process_template_default(proc)
    else:
        steps = None
    if steps is not None:
        if not created:
            proc.process_steps.all().delete()
        cache.add(_steps(proc, steps))

    cache.current[proc.code] = proc
    cache.max_version[proc.code] = max(proc.version, cache.max_version.get(proc.code, 0))
    logger.debug("catalog.procedure_upsert", extra={"code": proc.code, "version": proc.version, "new_row": created})
    return proc, created, True


def _is_new_version(current: Procedure, data: ProcedureData) -> bool:
    if data.decision_number and current.decision_number and data.decision_number != current.decision_number:
        return True
    return bool(data.valid_from and data.valid_from > current.valid_from)


def _assign(proc: Procedure, data: ProcedureData, field_row: Field, source: str, fingerprint: str) -> None:
    proc.name = data.name
    proc.field = field_row
    for code in LEVEL_CODES:
        setattr(proc, f"level_{code}", code in data.levels)
    for code in CHANNEL_CODES:
        setattr(proc, f"channel_{code}", code in data.channels)
    for attr in (
        "procedure_type",
        "decision_number",
        "applicants",
        "implementing_agency",
        "competent_agency",
        "coordinating_agency",
        "reception_address",
        "steps_text",
        "requirements_text",
        "result_text",
        "boundary_free",
        "source_url",
    ):
        setattr(proc, attr, getattr(data, attr))
    proc.online_level = data.online_level if data.online_level in OnlineLevel.values else OnlineLevel.NONE
    general = _general_limit(data)
    proc.time_limit_value = general.value if general else None
    proc.time_limit_unit = general.unit if general else ""
    proc.source = source
    proc.search_text = fold(f"{data.name} {data.code} {data.field}")
    proc.content_hash = fingerprint
    proc.source_raw = data.source_raw
    proc.parse_confidence = data.confidence
    proc.review_notes = data.review_notes
    proc.needs_review = "uncertain" in data.confidence.values()


def _general_limit(data: ProcedureData):
    """The general time limit: the `all` row, else the counter row, else the first one published."""
    for wanted in (LimitChannel.ALL, LimitChannel.COUNTER):
        for row in data.time_limits:
            if row.channel == wanted:
                return row
    return data.time_limits[0] if data.time_limits else None


def _children(proc: Procedure, data: ProcedureData) -> Iterator:
    for i, t in enumerate(data.time_limits):
        yield ProcedureTimeLimit(procedure=proc, order=i, channel=t.channel, value=t.value, unit=t.unit, note=t.note)
    for i, f in enumerate(data.fees):
        yield ProcedureFee(
            procedure=proc,
            order=i,
            channel=f.channel,
            name=f.name[:255],
            amount=f.amount,
            currency=f.currency,
            text=f.text,
        )
    for i, d in enumerate(data.documents):
        yield RequiredDocument(
            procedure=proc,
            order=i,
            name=d.name,
            form=d.form,
            originals=d.originals,
            copies=d.copies,
            required=d.required,
            group=d.group[:500],
            note=d.note,
        )
    for i, r in enumerate(data.results):
        yield ProcedureResult(procedure=proc, order=i, name=r.name, code=r.code[:60])
    for i, b in enumerate(data.legal_basis):
        yield LegalBasis(
            procedure=proc, order=i, number=b.number[:120], title=b.title, date=b.date, issuer=b.issuer[:255]
        )


def _field_for(name: str, cache: UpsertCache) -> Field:
    name = name.strip()[:255] or "Khác"
    row = cache.fields.get(name)
    if row is None:
        row, _ = Field.objects.get_or_create(name=name, defaults={"search_name": fold(name)})
        cache.fields[name] = row
    return row


def _life_event_for(name: str, cache: UpsertCache) -> LifeEvent:
    row = cache.life_events.get(name)
    if row is None:
        row, _ = LifeEvent.objects.get_or_create(name=name, defaults={"search_name": fold(name)})
        cache.life_events[name] = row
    return row


def _step_data(step: ProcessStep) -> StepData:
    return StepData(
        name=step.name,
        role=step.role,
        unit_kind=step.unit_kind,
        value=step.budget_value,
        unit=step.budget_unit,
        parallel_group=step.parallel_group,
    )


def _steps(proc: Procedure, steps: list[StepData]) -> list[ProcessStep]:
    return [
        ProcessStep(
            procedure=proc,
            order=i + 1,
            name=s.name[:255],
            role=s.role,
            unit_kind=s.unit_kind,
            budget_value=s.value,
            budget_unit=s.unit,
            parallel_group=s.parallel_group,
        )
        for i, s in enumerate(steps)
    ]


def process_template_reset(*, procedure: Procedure) -> list[ProcessStep]:
    """Replace a procedure's process template by the default one derived from its time limit."""
    with transaction.atomic():
        procedure.process_steps.all().delete()
        ProcessStep.objects.bulk_create(_steps(procedure, process_template_default(procedure)))
    return list(procedure.process_steps.all())


def process_template_default(procedure: Procedure) -> list[StepData]:
    """Default process template: reception, appraisal, approval, return — budgets summing to the time limit.

    ND 61/2018 art. 18–20: the one-stop centre receives (½ working day) and returns the result (½ working day),
    the specialist unit appraises, the leader approves. For a limit of D ≥ 2 working days: reception ½,
    return ½, approval max(½, ⌊20 % of D⌋ to the half day), appraisal the rest. Shorter limits are split in
    working hours (8 per day) 1/8 reception, 1/2 appraisal, 1/4 approval, 1/8 return, on quarter hours.
    Calendar days and months (which the national catalogue also uses) are converted to the working days they
    contain at most (5/7 of the days; 22 per month) so the steps never exceed the legal due date.
    No time limit → all budgets zero (the procedure is settled on the spot).
    """
    value, unit = procedure.time_limit_value, procedure.time_limit_unit
    names = ("Tiếp nhận hồ sơ", "Thẩm định, xử lý hồ sơ", "Phê duyệt, ký kết quả", "Trả kết quả")
    roles = (StepRole.COUNTER_OFFICER, StepRole.SPECIALIST, StepRole.UNIT_LEADER, StepRole.COUNTER_OFFICER)
    kinds = (UnitKind.ONE_STOP, UnitKind.SPECIALIST_UNIT, UnitKind.LEADERSHIP, UnitKind.ONE_STOP)
    if not value or value <= 0:
        budgets, budget_unit = [Decimal("0")] * 4, BudgetUnit.WORKING_DAYS
    else:
        days, hours = _as_working_days(Decimal(value), unit)
        if days is not None and days >= 2:
            approval = max(HALF, (days * Decimal("0.2") / HALF).to_integral_value(ROUND_FLOOR) * HALF)
            budgets = [HALF, days - 2 * HALF - approval, approval, HALF]
            budget_unit = BudgetUnit.WORKING_DAYS
        else:
            total = hours if hours is not None else days * HOURS_PER_DAY
            reception = _quarter(total / 8)
            approval = _quarter(total / 4)
            budgets = [reception, total - 2 * reception - approval, approval, reception]
            budget_unit = BudgetUnit.WORKING_HOURS
    return [
        StepData(name=n, role=r, unit_kind=k, value=b, unit=budget_unit)
        for n, r, k, b in zip(names, roles, kinds, budgets, strict=True)
    ]


def _as_working_days(value: Decimal, unit: str) -> tuple[Decimal | None, Decimal | None]:
    if unit == TimeUnit.WORKING_HOURS:
        return None, value
    if unit == TimeUnit.HOURS:  # clock hours hold at most one working day (8 h) per started 24 hours
        return None, min(value, HOURS_PER_DAY * math.ceil(value / 24))
    if unit == TimeUnit.DAYS:
        return max(HALF, (value * 5 / 7 / HALF).to_integral_value(ROUND_FLOOR) * HALF), None
    if unit == TimeUnit.MONTHS:
        return value * WORKING_DAYS_PER_MONTH, None
    return value, None


def _quarter(value: Decimal) -> Decimal:
    return (value / QUARTER).to_integral_value(ROUND_FLOOR) * QUARTER


# --- service commitments (a time shorter than the legal limit, committed by a province or a unit) -------------


class CommitmentError(ValueError):
    """A commitment refused, with a Vietnamese message for the officer."""


def _working_hours(value: Decimal, unit: str) -> Decimal:
    """A limit as working hours (8 per working day, the schedule of QĐ 188/1999/QĐ-TTg art. 1), at most what it
    holds: calendar days, months and clock hours count the working days they contain at most (`_as_working_days`),
    so a commitment below this figure is shorter than the legal limit whatever day the clock starts."""
    days, hours = _as_working_days(Decimal(value), unit)
    return hours if hours is not None else (days or Decimal("0")) * HOURS_PER_DAY


def _limit_text(value: Decimal, unit: str) -> str:
    label = dict(TimeUnit.choices).get(unit, unit)
    return f"{Decimal(value).normalize():f} {label}"


def commitment_check(
    *,
    procedure_code: str,
    value,
    unit: str,
    decision_number: str,
    decision_date: dt.date | None,
    decision_issuer: str,
    channel: str = LimitChannel.ALL,
) -> Decimal:
    """Refuse a commitment that is not a valid cut of the legal limit (rule in `commitment_set`); returns the
    committed value as a Decimal."""
    code = (procedure_code or "").strip()
    procedure = Procedure.objects.filter(code=code, valid_to__isnull=True).prefetch_related("time_limits").first()
    if procedure is None:
        raise CommitmentError(_("No procedure in the catalogue has the code %(code)s.") % {"code": code or "—"})
    if unit not in BudgetUnit.values:
        raise CommitmentError(_("A committed time is counted in working days or working hours."))
    try:
        amount = Decimal(value)
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise CommitmentError(_("The committed time must be a positive number.")) from exc
    if not amount.is_finite() or amount <= 0:
        raise CommitmentError(_("The committed time must be a positive number."))
    if channel not in LimitChannel.values:
        raise CommitmentError(_("Unknown channel."))
    if not (decision_number or "").strip() or not (decision_issuer or "").strip() or decision_date is None:
        raise CommitmentError(_("Enter the number, date and issuer of the decision that sets the commitment."))
    channels = LimitChannel.values[1:] if channel == LimitChannel.ALL else [channel]
    for wanted in channels:
        legal = procedure.legal_limit(wanted)
        if legal is None:
            raise CommitmentError(_("The procedure has no legal time limit to shorten."))
        legal_value, legal_unit = legal
        if _working_hours(amount, unit) >= _working_hours(legal_value, legal_unit):
            raise CommitmentError(
                _(
                    "The committed time (%(committed)s) must be shorter than the legal time limit (%(legal)s); "
                    "a commitment cannot lengthen or repeat the legal limit."
                )
                % {"committed": _limit_text(amount, unit), "legal": _limit_text(legal_value, legal_unit)}
            )
    return amount


@transaction.atomic
def commitment_set(
    *,
    procedure_code: str,
    scope,
    value: Decimal,
    unit: str,
    decision_number: str,
    decision_date: dt.date,
    decision_issuer: str,
    valid_from: dt.date | None = None,
    channel: str = LimitChannel.ALL,
    note: str = "",
    actor=None,
) -> ServiceCommitment:
    """Record a committed time limit for a procedure in `scope` (a province or a unit) and one channel.

    Rule: a commitment must be **shorter than the legal limit** (it cuts the time, never lengthens it; the legal
    limit published under ND 63/2010 art. 8(2) stays the one the 766 figures judge by). Refused, with a
    Vietnamese message (`commitment_check`): no current procedure with that code, no legal limit to shorten, a
    committed time equal to or longer than the legal limit of the channel (for `all`: of every channel), a unit
    other than working days or working hours, no decision number, date or issuer. A commitment already running
    for the same procedure, scope and channel is closed the day the new one starts (the history of commitments is
    kept, so an old dossier keeps its own). Every change is appended to `ServiceCommitmentChange` with `actor`.
    """
    code = (procedure_code or "").strip()
    value = commitment_check(
        procedure_code=code,
        value=value,
        unit=unit,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_issuer=decision_issuer,
        channel=channel,
    )
    if scope is None:
        raise CommitmentError(_("Choose the province or unit that makes the commitment."))
    number, issuer = decision_number.strip(), decision_issuer.strip()
    start = valid_from or decision_date
    running = list(
        ServiceCommitment.objects.select_for_update().filter(
            procedure_code=code, scope=scope, channel=channel, valid_from__lt=start, valid_to__isnull=True
        )
    )
    for old in running:
        old.valid_to = start
        old.save(update_fields=["valid_to"])
        _commitment_audit(old, ServiceCommitmentChange.Action.REPLACED, actor=actor)
    commitment, _created = ServiceCommitment.objects.update_or_create(
        procedure_code=code,
        scope=scope,
        channel=channel,
        valid_from=start,
        defaults={
            "value": value,
            "unit": unit,
            "decision_number": number[:100],
            "decision_date": decision_date,
            "decision_issuer": issuer[:255],
            "note": (note or "").strip(),
        },
    )
    _commitment_audit(commitment, ServiceCommitmentChange.Action.CREATED, actor=actor)
    return commitment


@transaction.atomic
def commitment_end(*, commitment: ServiceCommitment, on: dt.date, actor=None, reason: str = "") -> ServiceCommitment:
    """End a running commitment: it applies to dossiers received before `on`, not from `on` (a decision that
    withdraws or replaces it; the dossiers already received keep the due date they were given, ND 61/2018 art 19).

    Refused with a Vietnamese message: a commitment already ended, an end on or before its first day, no reason.
    The change is appended to `ServiceCommitmentChange`."""
    row = ServiceCommitment.objects.select_for_update().get(pk=commitment.pk)
    if row.valid_to is not None:
        raise CommitmentError(_("This commitment has already ended."))
    if on is None or on <= row.valid_from:
        raise CommitmentError(
            _("The commitment can only end after its first day (%(day)s).") % {"day": f"{row.valid_from:%d/%m/%Y}"}
        )
    reason = " ".join((reason or "").split())
    if not reason:
        raise CommitmentError(_("Say why the commitment ends (for example the decision that withdraws it)."))
    row.valid_to = on
    row.save(update_fields=["valid_to"])
    _commitment_audit(row, ServiceCommitmentChange.Action.ENDED, actor=actor, reason=reason)
    return row


def _commitment_audit(commitment: ServiceCommitment, action: str, *, actor=None, reason: str = "") -> None:
    snapshot = {
        "procedure_code": commitment.procedure_code,
        "scope": commitment.scope_id,
        "channel": commitment.channel,
        "value": str(Decimal(commitment.value).normalize()),
        "unit": commitment.unit,
        "decision_number": commitment.decision_number,
        "decision_date": commitment.decision_date.isoformat() if commitment.decision_date else None,
        "decision_issuer": commitment.decision_issuer,
        "valid_from": commitment.valid_from.isoformat() if commitment.valid_from else None,
        "valid_to": commitment.valid_to.isoformat() if commitment.valid_to else None,
    }
    ServiceCommitmentChange.objects.create(
        commitment=commitment,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        reason=reason[:500],
        snapshot=snapshot,
    )
