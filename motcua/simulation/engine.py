"""The event-driven simulator: a priority queue of (moment, dossier script) processed in time order.

Each dossier is a generator that performs one real service call (`motcua.dossiers.services`), then yields the
moment of its next action; the loop moves a frozen clock (`time_machine`, `tick=False`) forward to that moment
and resumes it. The clock never goes back, dossiers of many offices interleave, and every code, due date,
pause, restart, extension and outcome is computed by the dossier services themselves, not by the simulator.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import logging
import random
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

import time_machine
from django.db import transaction

from motcua.catalog.models import Procedure
from motcua.dossiers import clock, services
from motcua.dossiers.choices import Channel, DeliveryMethod, DossierStatus
from motcua.dossiers.clock import VN_TZ, get_calendar
from motcua.dossiers.errors import DossierError

from . import distributions as dist
from .actors import Office

logger = logging.getLogger("motcua.simulation")

S = DossierStatus
# Simulated dossiers carry this subject (and no e-mail or phone, so no message ever leaves the system).
SIMULATED_SUBJECT = "Hồ sơ mô phỏng (dữ liệu demo)"

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Thu", "Quang", "Hoài", "Xuân", "Kim")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam")
GIVEN += ("Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến")

Script = Generator[dt.datetime, None, None]


@dataclass
class ProcedureInfo:
    procedure: Procedure
    document_ids: list[int]
    first_document: str
    online: bool
    partial: bool
    post: bool


@dataclass
class Result:
    dossier_ids: list[int] = field(default_factory=list)
    actions: int = 0
    failures: Counter = field(default_factory=Counter)


def load_procedures() -> list[ProcedureInfo]:
    """Current commune-level procedures of the catalogue, in code order (the popularity ranks follow it)."""
    rows = (
        Procedure.objects.filter(valid_to__isnull=True, level_commune=True)
        .select_related("field")
        .prefetch_related("documents", "time_limits")
        .order_by("code")
    )
    infos = []
    for procedure in rows:
        documents = sorted(procedure.documents.all(), key=lambda d: d.order)
        infos.append(
            ProcedureInfo(
                procedure=procedure,
                document_ids=[d.pk for d in documents],
                first_document=documents[0].name[:200] if documents else "Giấy tờ bổ sung",
                online=procedure.channel_online,
                partial=procedure.online_level == "partial",
                post=procedure.channel_post,
            )
        )
    return infos


class Simulator:
    def __init__(
        self,
        *,
        offices: list[Office],
        procedures: list[ProcedureInfo],
        start: dt.date,
        end: dt.date,
        scale: float,
        seed: int,
        until: dt.datetime | None = None,
    ) -> None:
        self.offices, self.procedures, self.scale = offices, procedures, scale
        self.start, self.end = start, end
        # One random stream per commune, seeded by the run's seed and the commune's code: a commune's dossiers
        # depend on nothing else, so the communes can be simulated apart (in parallel processes, `parallel.py`)
        # and give the rows of the run that simulates them together.
        self.seed = seed
        self.rngs = {office.one_stop.code: random.Random(f"{seed}/{office.one_stop.code}") for office in offices}
        self.cal = get_calendar()
        self.day_length = self.cal.day_length
        horizon = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ)
        self.stop_at = min(horizon, until) if until else horizon
        self.weights = dist.procedure_weights([(p.procedure.field.name, p.procedure.code) for p in procedures])
        self.online_indices = [i for i, p in enumerate(procedures) if p.online]
        # `random.choices` sums the weights on every call; given the sums (`cum_weights`) it draws the same
        # picks from the same random numbers (its own code), without the sum per dossier.
        self.cum_weights = list(itertools.accumulate(self.weights))
        self.online_cum_weights = list(itertools.accumulate(self.weights[i] for i in self.online_indices))
        self.indices = range(len(procedures))
        self.result = Result()
        self._queue: list[tuple[dt.datetime, int, Iterator]] = []
        self._seq = itertools.count()
        self.now = dt.datetime.combine(start, dt.time(), tzinfo=VN_TZ)
        # The dossier writes: the real services here; the bulk path (`bulk.py`) swaps in its in-memory store.
        self.services = services

    # --- the loop --------------------------------------------------------------------------------------

    def _push(self, moment: dt.datetime, script: Iterator) -> None:
        heapq.heappush(self._queue, (max(moment, self.now), next(self._seq), script))

    def run(self) -> Result:
        if not self.procedures or not self.offices:
            return self.result
        quiet = logging.getLogger("motcua.dossiers")
        level = quiet.level
        quiet.setLevel(max(level, logging.WARNING))  # one log line per transition would drown the console
        try:
            with time_machine.travel(self.now, tick=False) as traveller:
                self._calendar = self._days()
                self._push(self.now, self._calendar)
                self._loop(traveller)
        finally:
            quiet.setLevel(level)
        return self.result

    def _loop(self, traveller) -> None:
        """Process the queue in time order. Each service call is its own atomic block (a savepoint here); the
        outer transaction is committed once per simulated day, which is the "batching" of docs/simulation.md."""
        batch = transaction.atomic()
        batch.__enter__()
        try:
            while self._queue:
                moment, _seq, script = heapq.heappop(self._queue)
                if moment >= self.stop_at:
                    break
                self.now = moment
                traveller.move_to(moment)
                if script is self._calendar:
                    batch.__exit__(None, None, None)
                    batch = transaction.atomic()
                    batch.__enter__()
                self._advance(script)
        except BaseException as error:
            batch.__exit__(type(error), error, error.__traceback__)
            raise
        batch.__exit__(None, None, None)

    def _advance(self, script: Iterator) -> None:
        """Run `script` to its next action and queue it again, unless it ended or its action was refused."""
        try:
            following = next(script)
        except StopIteration:
            return
        except DossierError as error:
            # A refused action ends this dossier's script; the service wrote nothing (its savepoint).
            self.result.failures[getattr(error, "code", type(error).__name__)] += 1
            logger.warning("simulation.refused", extra={"code": getattr(error, "code", "")})
            return
        self._push(following, script)

    # --- arrivals --------------------------------------------------------------------------------------

    def _days(self) -> Script:
        day = self.start
        while day <= self.end:
            self._arrivals(day)
            day += dt.timedelta(days=1)
            yield dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)

    def _arrivals(self, day: dt.date) -> None:
        working = self.cal.is_working_day(day)
        season = dist.season_factor(day, is_working_day=self.cal.is_working_day)
        base = dist.base_daily_rate(self.scale) * season
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)
        opening = self.cal.start_of_next_working_day(day - dt.timedelta(days=1)) if working else None
        for office in self.offices:
            stream = self.rngs[office.one_stop.code]
            if working:
                count = dist.poisson(stream, base * office.size * dist.WEEKDAY_FACTOR[day.weekday()])
            else:
                share = dist.online_share(day) * dist.NON_WORKING_DAY_SHARE
                count = dist.poisson(stream, base * office.size * share)
            for _n in range(count):
                rng = random.Random(stream.getrandbits(64))
                if working:
                    info = self.procedures[rng.choices(self.indices, cum_weights=self.cum_weights)[0]]
                    channel = dist.draw_channel(rng, day=day, online=info.online, partial=info.partial, post=info.post)
                elif self.online_indices:
                    pick = rng.choices(self.online_indices, cum_weights=self.online_cum_weights)
                    info, channel = self.procedures[pick[0]], Channel.ONLINE
                else:
                    continue
                if channel == Channel.ONLINE:
                    at = midnight + dt.timedelta(seconds=dist.online_seconds_of_day(rng))
                else:
                    at = self.cal.add_working_time(opening, self.day_length * dist.counter_day_fraction(rng))
                self._push(at, self._dossier(office, info, channel, rng))

    # --- one dossier -----------------------------------------------------------------------------------

    def _later(self, moment: dt.datetime, working_days: float) -> dt.datetime:
        """`moment` plus working time, landing inside working hours (officers act at work)."""
        return self.cal.add_working_time(self.cal.next_working_moment(moment), self.day_length * working_days)

    def _act(self, function, dossier, **kwargs):
        self.result.actions += 1
        return function(dossier=dossier, expected_version=dossier.version, **kwargs)

    def _dossier(self, office: Office, info: ProcedureInfo, channel: str, rng: random.Random) -> Script:
        rates = dist.RATES
        applicant = {
            "applicant_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "subject": SIMULATED_SUBJECT,
        }
        counter, specialist, leader = office.counter, office.specialist, office.leader
        if channel == Channel.ONLINE:
            d = self.services.dossier_submit(procedure=info.procedure, receiving_unit=office.one_stop, **applicant)
            self.result.actions += 1
            self.result.dossier_ids.append(d.pk)
            yield self._later(self.now, rng.uniform(0.02, 0.5))
            draw = rng.random()
            if draw < rates.refuse_reception_online:
                self._act(self.services.dossier_refuse_reception, d, officer=counter, reason="Không thuộc thẩm quyền")
                return
            if draw < rates.refuse_reception_online + rates.supplement_reception_online:
                d = self._act(self.services.dossier_request_supplement, d, officer=counter, items=[info.first_document])
                yield self.now + dt.timedelta(days=rng.uniform(0.5, 7))
                if rng.random() < rates.supplement_abandoned:
                    return
                yield self._later(self.now, rng.uniform(0.0, 0.3))
                d = self._act(self.services.dossier_supplement_received, d, officer=counter)
                yield self._later(self.now, rng.uniform(0.02, 0.3))
            d = self._act(self.services.dossier_receive, d, officer=counter, presented_document_ids=info.document_ids)
        else:
            d = self.services.dossier_receive_at_counter(
                officer=counter,
                unit=office.one_stop,
                procedure=info.procedure,
                channel=channel,
                presented_document_ids=info.document_ids,
                **applicant,
            )
            self.result.actions += 1
            self.result.dossier_ids.append(d.pk)

        # Transfer to the People's Committee (ND 61/2018 art 18): same working day, a few late.
        if rng.random() < rates.transfer_late:
            yield self._later(d.transfer_due_at, rng.uniform(0.05, 0.5))
        else:
            window = max(self.cal.working_time_between(self.now, d.transfer_due_at), dt.timedelta(0))
            yield self.cal.add_working_time(self.cal.next_working_moment(self.now), window * rng.uniform(0.05, 0.9))
        d = self._act(self.services.dossier_forward, d, officer=counter, to_units=[office.committee])
        yield self._later(self.now, rng.uniform(0.01, 0.1))
        d = self._act(self.services.dossier_assign, d, officer=leader, specialist=specialist)

        draw = rng.random()
        if draw < rates.withdraw:
            yield self._later(self.now, rng.uniform(0.1, 1.5))
            d = self._act(self.services.dossier_request_withdrawal, d, officer=counter, reason="Công dân xin rút hồ sơ")
            yield self._later(self.now, rng.uniform(0.01, 0.2))
            self._act(self.services.dossier_stop, d, officer=leader, reason="Công dân rút hồ sơ")
            return
        draw -= rates.withdraw
        if draw < rates.supplement_appraisal:
            # Within 3 working days of the start of appraisal (ND 61/2018 art 19.3).
            yield self._later(self.now, rng.uniform(0.1, 2.5))
            d = self._act(self.services.dossier_request_supplement, d, officer=specialist, items=[info.first_document])
            yield self.now + dt.timedelta(days=rng.uniform(1, 10))
            if rng.random() < rates.supplement_abandoned:
                return
            yield self._later(self.now, rng.uniform(0.0, 0.3))
            d = self._act(self.services.dossier_supplement_received, d, officer=counter)
        elif draw < rates.supplement_appraisal + rates.suspend:
            yield self._later(self.now, rng.uniform(0.1, 1.0))
            d = self._act(
                self.services.dossier_suspend, d, officer=leader, reason="Theo đề nghị bằng văn bản của công dân"
            )
            yield self._later(self.now, rng.uniform(2, 6))
            d = self._act(self.services.dossier_resume, d, officer=leader)

        # Finishing: on time for most; late mostly in the struggling units, some of them after an extension.
        due = d.due_at
        late = rng.random() < office.late_rate
        if late:
            latest_day = clock.extension_latest_day(self.cal, due)
            latest = self.cal.start_of_next_working_day(latest_day - dt.timedelta(days=1))
            if rng.random() < rates.extension_when_late and self.now.astimezone(VN_TZ).date() <= latest_day:
                yield max(self.now, self._later(latest, rng.uniform(0.05, 0.6)))
                new_due = self.cal.add_working_days(due, rng.randint(2, 5))
                d = self._act(
                    self.services.dossier_extend,
                    d,
                    officer=leader,
                    new_due_at=new_due,
                    apology="Hồ sơ cần xác minh thêm; xin lỗi công dân vì sự chậm trễ.",
                )
                span = self.cal.working_time_between(due, new_due)
                finish = self.cal.add_working_time(due, span * rng.uniform(0.1, 0.9))
            else:
                finish = self.cal.add_working_time(due, self.day_length * rng.uniform(0.1, 3))
        else:
            start = self.cal.next_working_moment(self.now)
            span = max(self.cal.working_time_between(start, due), dt.timedelta(0))
            finish = self.cal.add_working_time(start, span * rng.betavariate(2, 3))
        start = self.cal.next_working_moment(self.now)
        total = max(self.cal.working_time_between(start, finish), dt.timedelta(0))
        yield self.cal.add_working_time(start, total * 0.6)
        d = self._act(self.services.dossier_appraise, d, officer=specialist, opinion="Đủ điều kiện giải quyết")
        if rng.random() < rates.reject:
            yield max(self.now, finish)
            self._act(self.services.dossier_reject, d, officer=leader, reason="Không đủ điều kiện theo quy định")
            return
        yield self.cal.add_working_time(start, total * 0.8)
        d = self._act(self.services.dossier_approve, d, officer=leader)
        yield max(self.now, finish)
        d = self._act(self.services.dossier_sign, d, officer=leader)

        if rng.random() < rates.not_collected:
            return
        if channel == Channel.ONLINE and rng.random() < 0.6:
            method, tracking = DeliveryMethod.ELECTRONIC, ""
            yield self._later(self.now, rng.uniform(0.0, 0.05))
        elif channel == Channel.POST:
            method, tracking = DeliveryMethod.POST, f"EB{rng.randrange(10**8):08d}VN"
            yield self._later(self.now, rng.uniform(0.1, 1))
        else:
            method, tracking = DeliveryMethod.COUNTER, ""
            yield self._later(self.now, rng.expovariate(1 / 1.5))
        extra = {"reason": "Gửi tại bưu cục"} if method == DeliveryMethod.POST else {}  # manual fallback (issue 19)
        self._act(self.services.dossier_deliver, d, officer=counter, method=method, tracking_number=tracking, **extra)
