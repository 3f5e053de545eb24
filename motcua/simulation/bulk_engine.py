"""The in-memory twin of the dossier engine used by the bulk path (`bulk.py`): rows as plain objects, and what
`dossiers.engine.apply_action` does around every action — version check, acting unit, guards (`workflow.check`),
clock pause/resume/restart, the event with its hash (`audit.event_hash`), the metric rollup rules
(`metrics.rollup.apply`) and the outbox payload (`sync.payload.dossier_fields`). The step and clock rules mirror
`dossiers.engine` and `dossiers.processing` line by line; `tests/test_bulk.py` proves the rows equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from types import SimpleNamespace

from motcua.accounts.selectors import officer_roles_in
from motcua.core.text import fold
from motcua.dossiers import audit, clock, workflow
from motcua.dossiers.choices import (
    CLOCK_RUNNING,
    Action,
    DossierStatus,
    FeeStatus,
    StepKind,
    SupplementPhase,
)
from motcua.dossiers.codes import dossier_code
from motcua.dossiers.engine import Context
from motcua.dossiers.errors import DossierPermissionDenied, StaleDossier, TransitionNotAllowed
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.dossiers.processing import _template_groups
from motcua.dossiers.selectors import dossier_missing_documents
from motcua.metrics import rollup
from motcua.sync import payload
from motcua.sync.services import topic_for

S = DossierStatus
UTC = dt.UTC
HOLDING_KINDS = (StepKind.RECEPTION, StepKind.PROCESSING)
RESUME_KINDS = (StepKind.PROCESSING, StepKind.CONSULTATION, StepKind.RECEPTION)


def _defaults(model) -> dict:
    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if not (f.has_default() and callable(f.default))  # `created_at`: set by the services
    }


DOSSIER_DEFAULTS = _defaults(Dossier)
STEP_DEFAULTS = _defaults(DossierStep)
DOSSIER_TIMES = tuple(f.attname for f in Dossier._meta.concrete_fields if f.get_internal_type() == "DateTimeField")
STEP_TIMES = tuple(f.attname for f in DossierStep._meta.concrete_fields if f.get_internal_type() == "DateTimeField")


def _to_utc(obj, names: tuple[str, ...]) -> None:
    """What reading the row back gives: every stored moment as an aware UTC datetime (Django, both databases)."""
    values = obj.__dict__
    for name in names:
        value = values[name]
        if value is not None and value.tzinfo is not UTC:
            values[name] = value.astimezone(UTC)


class MemStep:
    """A `DossierStep` row in memory (attribute names are the model's column attnames)."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(STEP_DEFAULTS)
        self.__dict__.update(values)

    def save(self, **_kwargs) -> None:  # `engine.close_step` saves; the sink writes the final state once
        pass


class MemDossier:
    """A `Dossier` row in memory, with its steps, the hash of its last event and its metric state."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(DOSSIER_DEFAULTS)
        self.__dict__.update(values)
        self.steps: list[MemStep] = []
        self.events: list[MemEvent] = []
        self.last_hash = audit.GENESIS
        self.metric: dict | None = None

    @property
    def pk(self) -> int:
        return self.id

    def reload(self) -> None:
        """`apply_action` reads the dossier (and `open_steps` its steps) back from the database first."""
        _to_utc(self, DOSSIER_TIMES)
        for step in self.steps:
            if step.finished_at is None:
                _to_utc(step, STEP_TIMES)

    def open_steps(self, kinds: tuple[str, ...] = HOLDING_KINDS) -> list[MemStep]:
        return [step for step in self.steps if step.finished_at is None and step.kind in kinds]


class MemEvent(SimpleNamespace):
    """A `DossierEvent` row (plus `notify`, the template of the applicant's notice, or None)."""


class MemoryEngine:
    """`engine.apply_action` and the intake helpers of `services`, in memory; the actions are in `bulk.py`."""

    def __init__(self, simulator, sink) -> None:
        self.sim, self.sink, self.cal = simulator, sink, simulator.cal
        self.procedures = {info.procedure.pk: info.procedure for info in simulator.procedures}
        self.last_created: MemDossier | None = None
        self._roles: dict[tuple, dict] = {}
        self._members: dict[tuple, set] = {}
        self._missing: dict[tuple, tuple[str, ...]] = {}
        self._templates: dict[int, list] = {}
        self._unit_names: dict[int, str] = {}

    def _now(self) -> dt.datetime:
        return self.sim.now.astimezone(UTC)  # `timezone.now()` under the simulator's frozen clock

    # --- cached reads (catalogue, memberships): constant during a run ---------------------------------------

    def _roles_in(self, officer, unit_ids: set[int]) -> dict[int, set[str]]:
        key = (officer.pk, frozenset(unit_ids))
        if key not in self._roles:
            self._roles[key] = officer_roles_in(officer=officer, unit_ids=unit_ids)
        return self._roles[key]

    def _missing_documents(self, procedure, presented: Sequence[int]) -> tuple[str, ...]:
        key = (procedure.pk, tuple(presented))
        if key not in self._missing:
            self._missing[key] = tuple(d.name[:200] for d in dossier_missing_documents(procedure, set(presented)))
        return self._missing[key]

    def _template(self, procedure) -> list:
        if procedure.pk not in self._templates:
            self._templates[procedure.pk] = _template_groups(procedure, self.cal)
        return self._templates[procedure.pk]

    def _unit_name(self, unit_id: int) -> str:
        if unit_id not in self._unit_names:
            from motcua.units.models import Unit

            self._unit_names[unit_id] = Unit.objects.values_list("name", flat=True).get(pk=unit_id)
        return self._unit_names[unit_id]

    # --- engine: acting unit, clock, event -----------------------------------------------------------------

    @staticmethod
    def _holding(d: MemDossier) -> set[int]:
        return {step.unit_id for step in d.open_steps() if step.is_lead} or {d.current_unit_id}

    def _holding_or_receiving(self, d: MemDossier) -> set[int]:
        return self._holding(d) | {d.receiving_unit_id}

    def _acting_unit(self, officer, d, action: str, unit_ids: set[int] | None) -> int | None:
        needed = workflow.ACTION_ROLES[action]
        if not needed:
            return None
        if officer is None or not getattr(officer, "is_authenticated", False):
            raise DossierPermissionDenied()
        if unit_ids is None:
            if workflow.actor_unit_kind(action, d.status) == workflow.RECEIVING:
                unit_ids = {d.receiving_unit_id}
            else:
                unit_ids = self._holding(d)
        roles = self._roles_in(officer, unit_ids)
        for unit_id in sorted(unit_ids):
            if roles.get(unit_id, set()) & needed:
                return unit_id
        raise DossierPermissionDenied()

    def _open_step(self, d: MemDossier, *, now, unit_id, kind, group, is_lead, budget, due_at=None, name=""):
        seq = max((step.seq for step in d.steps), default=0) + 1
        if due_at is None:
            due_at = self.cal.add_working_time(self.cal.next_working_moment(now), budget) if budget else d.due_at
        step = MemStep(
            {
                "id": self.sink.next_id(DossierStep),
                "dossier_id": d.id,
                "seq": seq,
                "kind": kind,
                "group": group,
                "is_lead": is_lead,
                "unit_id": unit_id,
                "name": name[:255],
                "budget": budget,
                "started_at": now,
                "due_at": due_at,
            }
        )
        d.steps.append(step)
        return step

    def _clock_transition(self, ctx: Context) -> None:
        d, cal = ctx.dossier, ctx.cal
        if d.clock_started_at is None:
            return
        was_running, will_run = ctx.from_status in CLOCK_RUNNING, ctx.target in CLOCK_RUNNING
        if was_running and not will_run and ctx.target not in workflow.TERMINAL:
            if d.paused_at is None:
                d.paused_at = ctx.now
            ctx.data["clock"] = "paused"
        elif not was_running and will_run and d.paused_at is not None:
            waited = max(cal.working_time_between(d.paused_at, ctx.now), dt.timedelta(0))
            d.waiting_time += waited
            steps = d.open_steps(RESUME_KINDS)
            if ctx.action == Action.SUPPLEMENT_RECEIVED and d.supplement_phase == SupplementPhase.APPRAISAL:
                start = cal.clock_start(ctx.now)  # ND 61/2018 art 19.4: the time limit restarts from zero
                d.clock_started_at = start
                d.legal_due_at = clock.limit_due(cal, start, d.time_limit_value, d.time_limit_unit)
                d.due_at = d.legal_due_at
                for step in steps:
                    step.waiting_time += waited
                    step.started_at = start
                    step.due_at = cal.add_working_time(start, step.budget) if step.budget else d.due_at
                ctx.data["clock"] = "restarted"
            else:
                d.due_at = clock.shift(cal, d.due_at, waited)
                for step in steps:
                    step.waiting_time += waited
                    step.due_at = clock.shift(cal, step.due_at, waited)
                ctx.data["clock"] = "resumed"
            ctx.data["waited_seconds"] = int(waited.total_seconds())
            d.paused_at = None

    def _append_event(self, ctx: Context, *, actor, reason: str) -> MemEvent:
        d = ctx.dossier
        d.version += 1
        d.updated_at = ctx.now
        if d.due_at is not None:
            ctx.data.setdefault("effective_due_at", d.due_at.isoformat())
        event = MemEvent(
            id=self.sink.next_id(DossierEvent),
            dossier_id=d.id,
            seq=d.version,
            action=ctx.action,
            from_status=ctx.from_status or "",
            to_status=d.status,
            actor_id=actor.pk if getattr(actor, "pk", None) else None,
            unit_id=ctx.unit_id,
            reason=reason,
            data=ctx.data,
            created_at=ctx.now,
            prev_hash=d.last_hash,
        )
        # `audit.seal` round-trips `data` through JSON first; the bulk path's data is JSON already (lists, str keys).
        fields = {name: getattr(event, name) for name in audit._FIELDS}
        event.hash = d.last_hash = audit.event_hash(dossier_id=d.id, prev_hash=event.prev_hash, **fields)
        d.events.append(event)
        self.sink.event_written(d, event, topic_for(event), payload.dossier_fields(d))
        self._rollup(d, event)
        return event

    def _rollup(self, d: MemDossier, event: MemEvent) -> None:
        """`metrics.services.rollup_apply_event` with the state on the dossier and the rollups summed in the sink."""
        state = d.metric
        if state is None:
            state = d.metric = {
                "dossier_id": d.id,
                "unit_id": d.receiving_unit_id,
                "procedure_id": d.procedure_id,
                "field_id": self.procedures[d.procedure_id].field_id,
                "channel": d.channel,
                "bucket": "",
                "due_day": None,
                "ending": "",
                "last_seq": 0,
            }
        position = rollup.Position(state["bucket"], state["due_day"]) if state["bucket"] else None
        effect = rollup.apply(
            position=position,
            ending=state["ending"],
            first=state["last_seq"] == 0,
            action=event.action,
            from_status=event.from_status,
            to_status=event.to_status,
            data=event.data,
        )
        self.sink.rollup_effect(state, rollup.vn_day(event.created_at), effect)
        state["bucket"] = effect.position.bucket if effect.position else ""
        state["due_day"] = effect.position.due_day if effect.position else None
        state["ending"] = effect.ending
        state["last_seq"] = event.seq

    def _apply(
        self,
        d: MemDossier,
        *,
        actor,
        action: str,
        expected_version: int | None,
        reason: str = "",
        facts: Callable | None = None,
        mutate: Callable[[Context], None] | None = None,
        unit_ids: Callable[[MemDossier], set[int]] | None = None,
    ) -> MemDossier:
        """`engine.apply_action`: version check, acting unit, guards, clock, mutation, event."""
        if expected_version is not None and d.version != expected_version:
            raise StaleDossier()
        d.reload()
        unit_id = self._acting_unit(actor, d, action, unit_ids(d) if unit_ids else None)
        now = self._now()
        extra = facts(d, now) if facts else {}
        decision = workflow.check(
            action, workflow.Facts(status=d.status, now=now, reason=reason, **extra), return_status=d.return_status
        )
        if not decision.allowed:
            raise TransitionNotAllowed(decision.refusal.message, code=decision.refusal.code)
        ctx = Context(d, now, self.cal, unit_id, action, d.status, decision.target, {})
        self._clock_transition(ctx)
        if mutate:
            mutate(ctx)
        d.status = ctx.target
        self._append_event(ctx, actor=actor, reason=reason)
        return d

    # --- state facts (`processing.state_facts`) -----------------------------------------------------------

    def _pending_other_units(self, d: MemDossier, unit_id: int | None) -> tuple[str, ...]:
        return tuple(
            self._unit_name(step.unit_id)
            for step in d.open_steps((StepKind.PROCESSING,))
            if not step.is_lead and step.unit_id != unit_id
        )

    def _state_facts(self, action: str, d: MemDossier) -> dict:
        consultations = len(d.open_steps((StepKind.CONSULTATION,)))
        if action == Action.FORWARD:
            return {"other_units_pending": self._pending_other_units(d, None), "open_consultations": consultations}
        if action in (Action.APPRAISE, Action.REJECT):
            lead = next(iter(self._holding(d)))
            return {"other_units_pending": self._pending_other_units(d, lead), "open_consultations": consultations}
        if action == Action.REQUEST_SUPPLEMENT and d.status != S.SUBMITTED:
            started = d.processing_started_at or d.clock_started_at
            return {"supplement_deadline": clock.supplement_deadline(self.cal, started)}
        if action == Action.EXTEND:
            return {
                "extension_count": d.extension_count,
                "extension_latest_day": clock.extension_latest_day(self.cal, d.due_at) if d.due_at else None,
                "due_at": d.due_at,
            }
        if action == Action.DELIVER:
            return {"fee_settled": d.fee_status != FeeStatus.DUE}
        return {}

    def _simple(self, action: str, d, *, officer, expected_version, reason="", mutate=None, facts=None, units=None):
        def all_facts(dossier, now):
            return {**self._state_facts(action, dossier), **(facts(dossier, now) if facts else {})}

        return self._apply(
            d,
            actor=officer,
            action=action,
            expected_version=expected_version,
            reason=reason,
            facts=all_facts,
            mutate=mutate,
            unit_ids=units,
        )

    # --- intake -------------------------------------------------------------------------------------------

    def _new_dossier(self, *, procedure, unit, channel: str, status: str, now, applicant: dict) -> MemDossier:
        time_limit = procedure.time_limit_for(channel)
        code = dossier_code(
            identifier=(unit.e_identifier or unit.code).upper(),
            day=now.astimezone(clock.VN_TZ).date(),
            sequence=self.sink.next_code(unit.pk, now.astimezone(clock.VN_TZ).date()),
        )
        values = {
            "id": self.sink.next_id(Dossier),
            "procedure_id": procedure.pk,
            "receiving_unit_id": unit.pk,
            "current_unit_id": unit.pk,
            "channel": channel,
            "status": status,
            "code": code,
            "time_limit_value": time_limit.value if time_limit else procedure.time_limit_value,
            "time_limit_unit": time_limit.unit if time_limit else procedure.time_limit_unit,
            "created_at": now,
            "updated_at": now,
            **applicant,
        }
        d = MemDossier(values)
        d.search_text = fold(" ".join([code, d.applicant_name, d.applicant_phone, procedure.code, procedure.name]))
        self.last_created = d
        self.sink.dossier_created(d)
        return d

    def _start_clock(self, d: MemDossier, *, now, unit_id: int) -> None:
        cal = self.cal
        d.received_at = now
        local = now.astimezone(clock.VN_TZ)
        d.register_year = local.year
        d.register_number = self.sink.next_register(d.receiving_unit_id, local.year)
        start = cal.clock_start(now)
        d.clock_started_at = start
        d.legal_due_at = clock.limit_due(cal, start, d.time_limit_value, d.time_limit_unit)
        d.due_at = d.legal_due_at
        d.transfer_due_at = clock.transfer_due(cal, now)
        self._open_step(
            d,
            now=now,
            unit_id=unit_id,
            kind=StepKind.RECEPTION,
            group=0,
            is_lead=True,
            budget=None,
            due_at=d.transfer_due_at,
            name="reception",
        )

    def _created(self, d: MemDossier, *, actor, action: str, unit_id, data: dict, now) -> None:
        ctx = Context(d, now, None, unit_id, action, None, d.status, data)
        self._append_event(ctx, actor=actor, reason="")
