"""The bulk path of the simulator: the same scripts, the same draws, the dossier writes done in memory.

`BulkSimulator` runs `Simulator`'s loop and dossier scripts unchanged (so every random draw happens in the same
order), but `self.services` is `MemoryServices`: for each service call the simulator makes it performs what the
real service (`motcua.dossiers.services` → `engine.apply_action`) does — guards through the same
`workflow.check`, the same clock arithmetic (`clock`, the working calendar), the same step rules, the same hash
(`audit.event_hash`), the same rollup rules (`metrics.rollup.apply`), the same outbox payload
(`sync.payload.dossier_fields`) — on plain objects, and hands the finished rows to `bulkwrite.BulkSink`, which
writes them with COPY (PostgreSQL) or `executemany` (SQLite).

Only the calls the simulator makes are implemented (no uploads, no applicant accounts, no e-mail or phone, so
every notification is a `skipped` row); anything else raises `NotImplementedError`. Equality with the service
path is not argued here but tested: `tests/test_bulk.py` runs both paths with one seed and compares every column
of every row they write (docs/simulation.md, "The bulk path").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import SimpleNamespace

from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_unit_ids
from motcua.dossiers import clock, workflow
from motcua.dossiers.choices import (
    Action,
    Channel,
    DeliveryMethod,
    DossierStatus,
    StepKind,
    StepOutcome,
    SupplementPhase,
)
from motcua.dossiers.clock import close_step
from motcua.dossiers.engine import Context
from motcua.dossiers.errors import DossierError, TransitionNotAllowed

from .bulk_engine import MemDossier, MemoryEngine
from .engine import Simulator

S = DossierStatus


class MemoryServices(MemoryEngine):
    """The dossier services the simulator calls, performed in memory (module docstring). One instance per run."""

    def dossier_submit(self, *, procedure, receiving_unit, applicant_name: str, subject: str = "") -> MemDossier:
        now = self._now()
        applicant = {"applicant_name": applicant_name.strip(), "subject": subject.strip(), "submitted_at": now}
        d = self._new_dossier(
            procedure=procedure, unit=receiving_unit, channel=Channel.ONLINE, status=S.SUBMITTED, now=now,
            applicant=applicant,
        )  # fmt: skip
        self._created(d, actor=None, action=Action.SUBMIT, unit_id=None, data={"channel": Channel.ONLINE}, now=now)
        return d

    def dossier_receive_at_counter(
        self, *, officer, unit, procedure, channel: str, presented_document_ids: Sequence[int], applicant_name: str,
        subject: str = "",
    ) -> MemDossier:  # fmt: skip
        if channel not in (Channel.COUNTER, Channel.POST):
            raise DossierError("counter reception is for the counter and postal channels", code="bad_channel")
        now = self._now()
        probe = SimpleNamespace(receiving_unit_id=unit.pk, status=S.SUBMITTED)
        unit_id = self._acting_unit(officer, probe, Action.RECEIVE, None)
        missing = self._missing_documents(procedure, presented_document_ids)
        decision = workflow.check(Action.RECEIVE, workflow.Facts(status=None, now=now, missing_documents=missing))
        if not decision.allowed:
            raise TransitionNotAllowed(decision.refusal.message, code=decision.refusal.code)
        applicant = {
            "applicant_name": applicant_name.strip(),
            "subject": subject.strip(),
            "result_delivery": DeliveryMethod.COUNTER,
            "result_address": "",
            "sets_count": 1,
            "submitted_at": now,
        }
        d = self._new_dossier(
            procedure=procedure, unit=unit, channel=channel, status=S.RECEIVED, now=now, applicant=applicant
        )
        self._start_clock(d, now=now, unit_id=unit.pk)
        data = {
            "channel": channel,
            "presented": list(presented_document_ids),
            "due_at": d.due_at.isoformat() if d.due_at else None,
        }
        self._created(d, actor=officer, action=Action.RECEIVE, unit_id=unit_id, data=data, now=now)
        return d

    def dossier_receive(self, *, officer, dossier, expected_version, presented_document_ids=()) -> MemDossier:
        procedure = self.procedures[dossier.procedure_id]

        def facts(d, now):
            return {"missing_documents": self._missing_documents(procedure, presented_document_ids)}

        def mutate(ctx):
            self._start_clock(ctx.dossier, now=ctx.now, unit_id=ctx.unit_id)
            ctx.data["due_at"] = ctx.dossier.due_at.isoformat() if ctx.dossier.due_at else None

        return self._apply(
            dossier, actor=officer, action=Action.RECEIVE, expected_version=expected_version, facts=facts,
            mutate=mutate,
        )  # fmt: skip

    def dossier_refuse_reception(self, *, officer, dossier, expected_version, reason: str) -> MemDossier:
        def mutate(ctx):
            ctx.dossier.finished_at = ctx.now

        return self._apply(
            dossier, actor=officer, action=Action.REFUSE_RECEPTION, expected_version=expected_version, reason=reason,
            mutate=mutate,
        )  # fmt: skip

    def dossier_request_supplement(self, *, officer, dossier, expected_version, items: Sequence[str], reason=""):
        items = tuple(item.strip() for item in items if item.strip())

        def facts(d, now):
            return {"supplement_items": items}

        def mutate(ctx):
            d = ctx.dossier
            d.return_status = ctx.from_status
            d.supplement_phase = (
                SupplementPhase.RECEPTION if ctx.from_status == S.SUBMITTED else SupplementPhase.APPRAISAL
            )
            d.supplement_requested_at = ctx.now
            d.supplement_count += 1
            ctx.data.update(items=list(items), phase=d.supplement_phase)

        return self._apply(
            dossier, actor=officer, action=Action.REQUEST_SUPPLEMENT, expected_version=expected_version,
            reason=reason or "; ".join(items), facts=facts, mutate=mutate,
        )  # fmt: skip

    def dossier_supplement_received(self, *, officer, dossier, expected_version) -> MemDossier:
        def mutate(ctx):
            ctx.data["phase"] = ctx.dossier.supplement_phase
            ctx.dossier.supplement_phase = ctx.dossier.return_status = ""

        return self._apply(
            dossier, actor=officer, action=Action.SUPPLEMENT_RECEIVED, expected_version=expected_version,
            mutate=mutate, unit_ids=self._holding_or_receiving,
        )  # fmt: skip

    # --- processing ---------------------------------------------------------------------------------------

    def _close_holding(self, ctx: Context, *, result: str) -> None:
        for step in ctx.dossier.open_steps():
            close_step(step, now=ctx.now, cal=ctx.cal, result=result)

    def dossier_forward(self, *, officer, dossier, expected_version, to_units: Sequence) -> MemDossier:
        targets = list(to_units)

        def facts(d, now):
            return {"has_next_units": bool(targets)}

        def mutate(ctx):
            d, _cal = ctx.dossier, ctx.cal
            first_transfer = ctx.from_status == S.RECEIVED
            self._close_holding(ctx, result=StepOutcome.FORWARDED)
            group_no = max((step.group for step in d.steps), default=0) + 1
            processing_groups = len({step.group for step in d.steps if step.kind == StepKind.PROCESSING})
            template = self._template(self.procedures[d.procedure_id])
            planned = template[processing_groups] if processing_groups < len(template) else []
            for index, unit in enumerate(targets):
                name, budget = planned[index] if index < len(planned) else ("", None)
                step = self._open_step(
                    d, now=ctx.now, unit_id=unit.pk, kind=StepKind.PROCESSING, group=group_no, is_lead=index == 0,
                    budget=budget, name=name,
                )  # fmt: skip
                ctx.data.setdefault("steps", []).append(
                    {"unit": unit.pk, "due_at": step.due_at.isoformat() if step.due_at else None, "lead": index == 0}
                )
            d.current_unit_id = targets[0].pk
            d.assigned_officer_id = None
            if first_transfer:
                d.processing_started_at = ctx.now
                ctx.data["transfer_late"] = bool(d.transfer_due_at and ctx.now > d.transfer_due_at)

        return self._apply(
            dossier, actor=officer, action=Action.FORWARD, expected_version=expected_version, facts=facts,
            mutate=mutate, unit_ids=self._holding,
        )  # fmt: skip

    def dossier_assign(self, *, officer, dossier, expected_version, specialist) -> MemDossier:
        def mutate(ctx):
            key = specialist.pk
            if key not in self._members:
                self._members[key] = officer_unit_ids(officer=specialist, roles=[Role.SPECIALIST, Role.UNIT_LEADER])
            if ctx.unit_id not in self._members[key]:
                raise DossierError("The specialist is not a member of this unit.", code="not_member")
            ctx.dossier.assigned_officer_id = specialist.pk
            for step in ctx.dossier.open_steps():
                if step.unit_id == ctx.unit_id:
                    step.officer_id = specialist.pk
            ctx.data["specialist"] = specialist.pk

        return self._apply(
            dossier, actor=officer, action=Action.ASSIGN, expected_version=expected_version, mutate=mutate,
            unit_ids=self._holding,
        )  # fmt: skip

    def dossier_appraise(self, *, officer, dossier, expected_version, opinion: str = "") -> MemDossier:
        return self._simple(
            Action.APPRAISE, dossier, officer=officer, expected_version=expected_version, reason=opinion
        )

    def dossier_approve(self, *, officer, dossier, expected_version, note: str = "") -> MemDossier:
        return self._simple(Action.APPROVE, dossier, officer=officer, expected_version=expected_version, reason=note)

    def _finish(self, ctx: Context) -> None:
        d = ctx.dossier
        self._close_holding(ctx, result=StepOutcome.DONE)
        clock.finish(d, now=ctx.now, data=ctx.data)
        d.current_unit_id = d.receiving_unit_id

    def dossier_sign(self, *, officer, dossier, expected_version) -> MemDossier:
        return self._simple(
            Action.SIGN, dossier, officer=officer, expected_version=expected_version, mutate=self._finish
        )

    def dossier_reject(self, *, officer, dossier, expected_version, reason: str) -> MemDossier:
        return self._simple(
            Action.REJECT, dossier, officer=officer, expected_version=expected_version, reason=reason,
            mutate=self._finish,
        )  # fmt: skip

    def _set_return(self, ctx: Context) -> None:
        ctx.dossier.return_status = ctx.from_status

    def _clear_return(self, ctx: Context) -> None:
        ctx.dossier.return_status = ""

    def dossier_suspend(self, *, officer, dossier, expected_version, reason: str) -> MemDossier:
        return self._simple(
            Action.SUSPEND, dossier, officer=officer, expected_version=expected_version, reason=reason,
            mutate=self._set_return, units=self._holding_or_receiving,
        )  # fmt: skip

    def dossier_resume(self, *, officer, dossier, expected_version, note: str = "") -> MemDossier:
        return self._simple(
            Action.RESUME, dossier, officer=officer, expected_version=expected_version, reason=note,
            mutate=self._clear_return, units=self._holding_or_receiving,
        )  # fmt: skip

    def dossier_extend(self, *, officer, dossier, expected_version, new_due_at: dt.datetime, apology: str):
        def mutate(ctx):
            d = ctx.dossier
            ctx.data.update(old_due_at=d.due_at.isoformat(), new_due_at=new_due_at.isoformat())
            d.due_at = new_due_at
            d.extension_count += 1

        return self._simple(
            Action.EXTEND, dossier, officer=officer, expected_version=expected_version, reason=apology,
            facts=lambda d, now: {"new_due_at": new_due_at}, mutate=mutate, units=self._holding_or_receiving,
        )  # fmt: skip

    def dossier_request_withdrawal(self, *, officer, dossier, expected_version, reason: str = "") -> MemDossier:
        return self._simple(
            Action.REQUEST_WITHDRAWAL, dossier, officer=officer, expected_version=expected_version, reason=reason
        )

    def dossier_stop(self, *, officer, dossier, expected_version, reason: str) -> MemDossier:
        def mutate(ctx):
            self._close_holding(ctx, result=StepOutcome.CANCELLED)
            for step in ctx.dossier.open_steps((StepKind.CONSULTATION,)):
                close_step(step, now=ctx.now, cal=ctx.cal, result=StepOutcome.CANCELLED)
            ctx.dossier.finished_at = ctx.now
            ctx.dossier.paused_at = None
            ctx.dossier.return_status = ""

        return self._simple(
            Action.STOP, dossier, officer=officer, expected_version=expected_version, reason=reason, mutate=mutate,
            units=self._holding_or_receiving,
        )  # fmt: skip

    def dossier_deliver(
        self, *, officer, dossier, expected_version, method: str, tracking_number: str = "", reason: str = ""
    ):
        if method not in DeliveryMethod.values:
            raise DossierError("Choose how the result is returned.", code="method_required")
        if method == DeliveryMethod.POST and not tracking_number.strip():
            raise DossierError("A postal tracking number is required.", code="tracking_required")

        def mutate(ctx):
            d = ctx.dossier
            d.delivered_at, d.delivery_method, d.postal_tracking = ctx.now, method, tracking_number.strip()
            ctx.data["method"] = method
            if method == DeliveryMethod.POST:
                ctx.data["manual_tracking"] = True  # as processing.dossier_deliver

        return self._simple(
            Action.DELIVER,
            dossier,
            officer=officer,
            expected_version=expected_version,
            reason=" ".join((reason or "").split())[:1000],
            mutate=mutate,
        )

    def __getattr__(self, name: str):
        if name.startswith("dossier_"):
            raise NotImplementedError(f"the bulk path does not implement {name}; use the service path")
        raise AttributeError(name)


class BulkSimulator(Simulator):
    """`Simulator` with the in-memory services and a loop without time travel; rows go to a `BulkSink`."""

    def __init__(self, *, lane: int = 0, lanes: int = 1, tops: dict | None = None, **kwargs) -> None:
        from .bulkwrite import BulkSink

        super().__init__(**kwargs)
        self.sink = BulkSink(lane=lane, lanes=lanes, tops=tops)
        self.services = MemoryServices(self, self.sink)

    def run(self):
        if not self.procedures or not self.offices:
            return self.result
        with self.sink.session():
            self._calendar = self._days()
            self._push(self.now, self._calendar)
            self._bulk_loop()
        return self.result

    def _bulk_loop(self) -> None:
        """`Simulator._loop` without the clock and the transactions: the service path commits once per simulated
        day, at the calendar's tick, and the applicants' notices are written then (`on_commit`), so the sink
        stamps the pending notices with that moment."""
        while self._queue:
            moment, _seq, script = __import__("heapq").heappop(self._queue)
            if moment >= self.stop_at:
                break
            self.now = moment
            if script is self._calendar:
                self.sink.commit_point(moment)
            self._advance(script)
        self.sink.commit_point(self.now)

    def _dossier(self, office, info, channel, rng):
        """The same script; when it ends (or is refused) its dossier is complete and handed to the sink."""
        inner = super()._dossier(office, info, channel, rng)
        services = self.services
        services.last_created = None
        dossier = None
        try:
            moment = next(inner)
            dossier = services.last_created
            while True:
                yield moment
                moment = next(inner)
        except StopIteration:
            return
        finally:
            dossier = dossier or services.last_created
            if dossier is not None:
                self.sink.retire(dossier)
