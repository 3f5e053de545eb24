"""The in-memory twin of the dossier engine used by the bulk path (`bulk.py`): rows as plain objects, and what
`dossiers.engine.apply_action` does around every action — version check, acting unit, guards (`workflow.check`),
clock pause/resume/restart, the event with its hash (`audit.event_hash`), the metric rollup rules
(`metrics.rollup.apply`) and the outbox payload (`sync.payload.dossier_fields`). The step, clock and guard rules
(`dossiers.steps`, `dossiers.clock`) and each action's field changes (`dossiers.mutations`, with this engine as
their `Store`) are the service path's own functions; `tests/test_bulk.py` proves the rows equal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from types import SimpleNamespace

from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_roles_in, officer_unit_ids
from motcua.catalog.models import ServiceCommitment
from motcua.catalog.selectors import commitment_pick
from motcua.core.text import fold
from motcua.dossiers import audit, clock, mutations, steps
from motcua.dossiers.choices import DossierStatus, StepKind
from motcua.dossiers.codes import dossier_code
from motcua.dossiers.engine import Context, next_event
from motcua.dossiers.errors import StaleDossier
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.dossiers.selectors import dossier_missing_documents
from motcua.dossiers.services import intake_limits
from motcua.metrics import portal766, rollup
from motcua.sync import payload
from motcua.sync.services import topic_for

from .bulkwrite import RawJson

S = DossierStatus
UTC = dt.UTC
TIMES_KEPT = 100_000  # formatted moments remembered (`MemoryEngine._national_time`)


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


def _kept(_row, _fields) -> None:
    """The rules' saves: the in-memory rows are already changed; the sink writes their final state once."""


class MemStep:
    """A `DossierStep` row in memory (attribute names are the model's column attnames)."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(STEP_DEFAULTS)
        self.__dict__.update(values)


class MemDossier:
    """A `Dossier` row in memory, with its steps, the hash of its last event and its metric state."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(DOSSIER_DEFAULTS)
        self.__dict__.update(values)
        self.steps: list[MemStep] = []
        self.events: list[MemEvent] = []
        self.last_hash = audit.GENESIS
        self.metric: dict | None = None
        self.verdict: dict | None = None  # its 766 2.1 verdict once it ends (`metrics.PortalVerdict`)

    @property
    def pk(self) -> int:
        return self.id

    def reload(self) -> None:
        """`apply_action` reads the dossier (and `open_steps` its steps) back from the database first."""
        _to_utc(self, DOSSIER_TIMES)
        for step in self.steps:
            if step.finished_at is None:
                _to_utc(step, STEP_TIMES)

    def open_steps(self, kinds: tuple[str, ...] = clock.HOLDING_KINDS) -> list[MemStep]:
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
        self._commitment_rows: dict[str, list] | None = None
        self._templates: dict[int, list] = {}
        self._unit_names: dict[int, str] = {}
        self._times: dict[dt.datetime, str] = {}
        self._limits: dict[tuple, dict] = {}

    def _national_time(self, moment: dt.datetime | None) -> str:
        """`sync.payload.national_time`, remembered: each outbox message formats the dossier's dates again."""
        if moment is None:
            return ""
        text = self._times.get(moment)
        if text is None:
            if len(self._times) >= TIMES_KEPT:
                self._times.clear()
            text = self._times[moment] = payload.national_time(moment)
        return text

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

    # --- `mutations.Store`: what the actions' mutations read and write beside the dossier, in memory ----------

    def open_steps(self, d: MemDossier, kinds: tuple[str, ...] = clock.HOLDING_KINDS) -> list[MemStep]:
        return d.open_steps(kinds)

    save = staticmethod(_kept)

    @staticmethod
    def step_groups(d: MemDossier) -> tuple[int, int]:
        last = max((step.group for step in d.steps), default=0)
        return last, len({step.group for step in d.steps if step.kind == StepKind.PROCESSING})

    def template(self, d: MemDossier, cal) -> mutations.Template:
        if d.procedure_id not in self._templates:
            self._templates[d.procedure_id] = mutations.template_groups(self.procedures[d.procedure_id], cal)
        return self._templates[d.procedure_id]

    def register_number(self, unit_id: int, year: int) -> int:
        return self.sink.next_register(unit_id, year)

    def member_units(self, officer) -> set[int]:
        if officer.pk not in self._members:
            self._members[officer.pk] = officer_unit_ids(officer=officer, roles=[Role.SPECIALIST, Role.UNIT_LEADER])
        return self._members[officer.pk]

    def _unit_name(self, unit_id: int) -> str:
        if unit_id not in self._unit_names:
            from motcua.units.models import Unit

            self._unit_names[unit_id] = Unit.objects.values_list("name", flat=True).get(pk=unit_id)
        return self._unit_names[unit_id]

    # --- engine: acting unit, clock, event -----------------------------------------------------------------

    @staticmethod
    def _holding(d: MemDossier) -> set[int]:
        return steps.holding_unit_ids(d, d.open_steps())

    def _holding_or_receiving(self, d: MemDossier) -> set[int]:
        return self._holding(d) | {d.receiving_unit_id}

    def _acting_unit(self, officer, d, action: str, unit_ids: set[int] | None) -> int | None:
        return steps.acting_unit(
            officer, d, action, unit_ids, holding=lambda: self._holding(d), roles_in=self._roles_in
        )

    def open_step(self, d: MemDossier, *, now, cal, unit_id, kind, group, is_lead, budget, due_at=None, name=""):
        """`engine.open_step` on the in-memory store (the due rule is `clock.step_due`)."""
        if due_at is None:
            due_at = clock.step_due(cal, now=now, budget=budget, dossier_due=d.due_at)
        step = MemStep(
            {
                "id": self.sink.next_id(DossierStep),
                "dossier_id": d.id,
                "seq": max((step.seq for step in d.steps), default=0) + 1,
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

    def _append_event(self, ctx: Context, *, actor, reason: str) -> MemEvent:
        d = ctx.dossier
        event = MemEvent(
            id=self.sink.next_id(DossierEvent),
            dossier_id=d.id,
            actor_id=actor.pk if getattr(actor, "pk", None) else None,
            prev_hash=d.last_hash,
            **next_event(ctx, reason=reason),
        )
        # `audit.seal` round-trips `data` through JSON first; the bulk path's data is JSON already (lists, str keys).
        # It is serialised once: the same text is hashed and written (`RawJson`).
        data_json = audit.canonical_json(ctx.data)
        fields = {name: getattr(event, name) for name in audit._FIELDS}
        event.hash = d.last_hash = audit.event_hash(
            dossier_id=d.id, prev_hash=event.prev_hash, data_json=data_json, **fields
        )
        d.events.append(event)
        self.sink.event_written(d, event, topic_for(event), payload.dossier_fields(d, time=self._national_time))
        self._rollup(d, event)
        # The row gets the serialised text; the replay of the dossier's history (`_verdict`) reads the dict, which
        # is what decoding that text gives back (the data is JSON already, see above).
        event.facts, event.data = ctx.data, RawJson(data_json)
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
        if effect.ending and not state["ending"]:
            self._verdict(d, event)
        state["bucket"] = effect.position.bucket if effect.position else ""
        state["due_day"] = effect.position.due_day if effect.position else None
        state["ending"] = effect.ending
        state["last_seq"] = event.seq

    def _verdict(self, d: MemDossier, event: MemEvent) -> None:
        """`metrics.portal766.record_verdict` on the in-memory history: the dossier has just ended, its verdict under
        the portal's 766 rule is fixed (earlier events keep their data as a dict in `facts`, this one still holds
        it in `data`)."""
        history = [
            SimpleNamespace(
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                data=e.facts if e is not event else e.data,
                created_at=e.created_at,
            )
            for e in d.events
        ]
        timing = portal766.portal_timing(d.id, history, at=event.created_at + portal766.JUST_AFTER)
        if timing.closed_at is not None:
            d.verdict = {"dossier_id": d.id, **{name: getattr(timing, name) for name in portal766.VERDICT_FIELDS}}

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
        extra = {**self._state_facts(action, d), **(facts(d, now) if facts else {})}  # `processing.act`
        target = steps.decide(action, d, now=now, reason=reason, facts=extra)
        ctx = Context(d, now, self.cal, unit_id, action, d.status, target, {})
        steps.enter(ctx, open_steps=d.open_steps, save=_kept, mutate=mutate)
        self._append_event(ctx, actor=actor, reason=reason)
        return d

    def _state_facts(self, action: str, d: MemDossier) -> dict:
        return steps.state_facts(action, d, self.cal, d.open_steps, lambda step: self._unit_name(step.unit_id))

    def _simple(self, action: str, d, *, officer, units=None, **kwargs):
        return self._apply(d, actor=officer, action=action, unit_ids=units, **kwargs)

    # --- intake -------------------------------------------------------------------------------------------

    def _new_dossier(self, *, procedure, unit, channel: str, status: str, now, applicant: dict) -> MemDossier:
        day = now.astimezone(clock.VN_TZ).date()
        code = dossier_code(
            identifier=(unit.e_identifier or unit.code).upper(),
            day=day,
            sequence=self.sink.next_code(unit.pk, day),
        )
        # `intake_limits` reads the procedure's limits and the commitment in force on the day: the same answer for
        # every dossier of one procedure, unit, channel and day, so it is asked once for them.
        key = (procedure.pk, unit.pk, channel, day)
        limits = self._limits.get(key)
        if limits is None:
            if len(self._limits) >= TIMES_KEPT:
                self._limits.clear()
            limits = self._limits[key] = intake_limits(
                procedure=procedure, unit=unit, channel=channel, now=now, lookup=self._commitment
            )
        values = {
            "id": self.sink.next_id(Dossier),
            "procedure_id": procedure.pk,
            "receiving_unit_id": unit.pk,
            "current_unit_id": unit.pk,
            "channel": channel,
            "status": status,
            "code": code,
            **limits,
            "created_at": now,
            "updated_at": now,
            **applicant,
        }
        d = MemDossier(values)
        d.search_text = fold(" ".join([code, d.applicant_name, d.applicant_phone, procedure.code, procedure.name]))
        self.last_created = d
        self.sink.dossier_created(d)
        return d

    def _commitment(self, *, procedure_code: str, channel: str, unit, on: dt.date):
        """`catalog.selectors.commitment_for` on the commitments read once per run (`commitment_pick`, the same
        rule): a query per procedure, unit and day cost more than the rest of the dossier's intake."""
        if self._commitment_rows is None:
            self._commitment_rows = defaultdict(list)
            codes = {procedure.code for procedure in self.procedures.values()}
            for row in ServiceCommitment.objects.filter(procedure_code__in=codes).select_related("scope"):
                self._commitment_rows[row.procedure_code].append(row)
        if not procedure_code or unit is None:
            return None
        return commitment_pick(self._commitment_rows[procedure_code], channel=channel, unit=unit, on=on)

    def _created(self, d: MemDossier, *, actor, action: str, unit_id, data: dict, now) -> None:
        ctx = Context(d, now, None, unit_id, action, None, d.status, data)
        self._append_event(ctx, actor=actor, reason="")
