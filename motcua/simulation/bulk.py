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
import gc
from collections.abc import Sequence
from types import SimpleNamespace

from motcua.dossiers import mutations, workflow
from motcua.dossiers.choices import (
    Action,
    Channel,
    DeliveryMethod,
    DossierStatus,
)
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
        mutations.start_clock(d, self, now=now, cal=self.cal, unit_id=unit.pk)
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
            mutations.receive(ctx, self)

        return self._apply(
            dossier, actor=officer, action=Action.RECEIVE, expected_version=expected_version, facts=facts,
            mutate=mutate,
        )  # fmt: skip

    def dossier_refuse_reception(self, *, officer, dossier, expected_version, reason: str) -> MemDossier:
        return self._apply(
            dossier, actor=officer, action=Action.REFUSE_RECEPTION, expected_version=expected_version, reason=reason,
            mutate=mutations.refuse_reception,
        )  # fmt: skip

    def dossier_request_supplement(self, *, officer, dossier, expected_version, items: Sequence[str], reason=""):
        items = tuple(item.strip() for item in items if item.strip())

        def facts(d, now):
            return {"supplement_items": items}

        def mutate(ctx):
            mutations.request_supplement(ctx, items)

        return self._apply(
            dossier, actor=officer, action=Action.REQUEST_SUPPLEMENT, expected_version=expected_version,
            reason=reason or "; ".join(items), facts=facts, mutate=mutate,
        )  # fmt: skip

    def dossier_supplement_received(self, *, officer, dossier, expected_version) -> MemDossier:
        return self._apply(
            dossier, actor=officer, action=Action.SUPPLEMENT_RECEIVED, expected_version=expected_version,
            mutate=mutations.supplement_received, unit_ids=self._holding_or_receiving,
        )  # fmt: skip

    # --- processing ---------------------------------------------------------------------------------------

    def dossier_forward(self, *, officer, dossier, expected_version, to_units: Sequence) -> MemDossier:
        targets = list(to_units)

        def facts(d, now):
            return {"has_next_units": bool(targets)}

        def mutate(ctx):
            mutations.forward(ctx, self, targets=targets)

        return self._apply(
            dossier, actor=officer, action=Action.FORWARD, expected_version=expected_version, facts=facts,
            mutate=mutate, unit_ids=self._holding,
        )  # fmt: skip

    def dossier_assign(self, *, officer, dossier, expected_version, specialist) -> MemDossier:
        def mutate(ctx):
            mutations.assign(ctx, self, specialist=specialist)

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
        mutations.finish(ctx, self)

    def dossier_sign(self, *, officer, dossier, expected_version) -> MemDossier:
        return self._simple(
            Action.SIGN, dossier, officer=officer, expected_version=expected_version, mutate=self._finish
        )

    def dossier_reject(self, *, officer, dossier, expected_version, reason: str) -> MemDossier:
        return self._simple(
            Action.REJECT, dossier, officer=officer, expected_version=expected_version, reason=reason,
            mutate=self._finish,
        )  # fmt: skip

    def dossier_suspend(self, *, officer, dossier, expected_version, reason: str) -> MemDossier:
        return self._simple(
            Action.SUSPEND, dossier, officer=officer, expected_version=expected_version, reason=reason,
            mutate=mutations.pause, units=self._holding_or_receiving,
        )  # fmt: skip

    def dossier_resume(self, *, officer, dossier, expected_version, note: str = "") -> MemDossier:
        return self._simple(
            Action.RESUME, dossier, officer=officer, expected_version=expected_version, reason=note,
            mutate=mutations.resume, units=self._holding_or_receiving,
        )  # fmt: skip

    def dossier_extend(self, *, officer, dossier, expected_version, new_due_at: dt.datetime, apology: str):
        def mutate(ctx):
            mutations.extend(ctx, new_due_at=new_due_at)

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
            mutations.stop(ctx, self)

        return self._simple(
            Action.STOP, dossier, officer=officer, expected_version=expected_version, reason=reason, mutate=mutate,
            units=self._holding_or_receiving,
        )  # fmt: skip

    def dossier_deliver(
        self, *, officer, dossier, expected_version, method: str, tracking_number: str = "", reason: str = ""
    ):
        reason = mutations.delivery_reason(method=method, tracking_number=tracking_number, reason=reason)

        def mutate(ctx):
            mutations.deliver(ctx, method=method, tracking_number=tracking_number)

        return self._simple(
            Action.DELIVER, dossier, officer=officer, expected_version=expected_version, reason=reason, mutate=mutate
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
        # The run holds every dossier in progress in memory: the cyclic collector's full passes over that heap
        # cost a fifth of the run's CPU, for garbage the run hardly makes (a few objects a dossier). It is off
        # during the run; the sink collects the young objects at each flush (`BulkSink.flush`).
        collecting = gc.isenabled()
        gc.freeze()  # what exists before the run (Django, the catalogue) is never scanned again
        gc.disable()
        try:
            with self.sink.session():
                self._calendar = self._days()
                self._push(self.now, self._calendar)
                self._bulk_loop()
        finally:
            gc.unfreeze()
            if collecting:
                gc.enable()
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
