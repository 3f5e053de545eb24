"""Factories for dossier tests: units, officers with memberships, procedures, and dossiers in a given state
(reached by driving the real services, so every fixture dossier has a complete history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
import time_machine

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.accounts.services import membership_grant
from motcua.catalog.models import Field, Procedure, ProcedureTimeLimit, ProcessStep, RequiredDocument
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.units.choices import UnitKind
from motcua.units.tests.factories import UnitFactory
from motcua.workdays.calendar import VN_TZ

S = DossierStatus


def vn(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN_TZ)


class OneStopFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Trung tâm Phục vụ hành chính công {n}")
    kind = UnitKind.ONE_STOP
    division_type = ""
    e_identifier = factory.Sequence(lambda n: f"H22.{n + 10}")


class DepartmentFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Phòng Chuyên môn {n}")
    kind = UnitKind.DEPARTMENT
    division_type = ""


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán Bộ {n}")
    kind = UserKind.OFFICER

    @factory.post_generation
    def memberships(self, create, extracted, **kwargs):
        """`memberships=[(unit, role), …]`"""
        for unit, role in extracted or ():
            membership_grant(user=self, unit=unit, role=role)


def officer_in(unit, *roles: str) -> User:
    return OfficerFactory(memberships=[(unit, role) for role in roles or (Role.COUNTER_OFFICER,)])


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = "Hộ tịch"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{n:06d}.000.00.00.H22")
    name = factory.Sequence(lambda n: f"Đăng ký khai sinh {n}")
    valid_from = dt.date(2025, 7, 1)
    field = factory.SubFactory(FieldFactory)
    level_commune = True
    channel_online = True
    time_limit_value = Decimal(5)
    time_limit_unit = "working_days"

    @factory.post_generation
    def setup(self, create, extracted, **kwargs):
        ProcedureTimeLimit.objects.create(procedure=self, value=self.time_limit_value, unit=self.time_limit_unit)
        for order, name in enumerate(extracted if extracted is not None else ["Tờ khai", "Giấy chứng sinh"]):
            RequiredDocument.objects.create(procedure=self, order=order, name=name, originals=1)


def process_step(procedure, *, order: int, name: str, days: str, group: str = "", unit_kind: str = "other"):
    return ProcessStep.objects.create(
        procedure=procedure,
        order=order,
        name=name,
        budget_value=Decimal(days),
        parallel_group=group,
        unit_kind=unit_kind,
    )


class World:
    """A one-stop centre with a counter officer and manager, a competent department with a specialist and a
    leader, and a procedure of 5 working days."""

    def __init__(self, **procedure_kwargs) -> None:
        self.one_stop = OneStopFactory()
        self.department = DepartmentFactory()
        self.counter = officer_in(self.one_stop, Role.COUNTER_OFFICER)
        self.manager = officer_in(self.one_stop, Role.ONE_STOP_MANAGER)
        self.specialist = officer_in(self.department, Role.SPECIALIST)
        self.leader = officer_in(self.department, Role.UNIT_LEADER)
        self.procedure = ProcedureFactory(**procedure_kwargs)

    def all_documents(self) -> list[int]:
        return list(self.procedure.documents.values_list("pk", flat=True))

    def receive(self, *, at: dt.datetime | None = None, **kwargs):
        values = {
            "applicant_name": "Nguyễn Văn An",
            "applicant_phone": "0912345678",
            "applicant_email": "an@example.com",
            "presented_document_ids": self.all_documents(),
        }
        values.update(kwargs)
        with time_machine.travel(at or vn(2026, 3, 2, 9, 0), tick=False):
            return services.dossier_receive_at_counter(
                officer=self.counter, unit=self.one_stop, procedure=self.procedure, **values
            )

    def act(self, function, dossier, *, at: dt.datetime, officer, **kwargs):
        dossier.refresh_from_db()
        with time_machine.travel(at, tick=False):
            return function(officer=officer, dossier=dossier, expected_version=dossier.version, **kwargs)

    def dossier_in(self, state: str, *, at: dt.datetime | None = None):
        """A dossier received Mon 2026-03-02 09:00 and driven through the services to `state`."""
        start = at or vn(2026, 3, 2, 9, 0)
        if state == S.SUBMITTED:
            with time_machine.travel(start, tick=False):
                return services.dossier_submit(
                    procedure=self.procedure,
                    receiving_unit=self.one_stop,
                    applicant_name="Trần Thị Bình",
                    applicant_phone="0987654321",
                )
        dossier = self.receive(at=start)
        steps = [
            (S.IN_PROGRESS, services.dossier_forward, self.counter, {"to_units": [self.department]}),
            (S.AWAITING_APPROVAL, services.dossier_appraise, self.specialist, {"opinion": "Đủ điều kiện"}),
            (S.AWAITING_SIGNATURE, services.dossier_approve, self.leader, {}),
            (S.RESULT_READY, services.dossier_sign, self.leader, {}),
            (S.DELIVERED, services.dossier_deliver, self.counter, {"method": "counter"}),
        ]
        moment = start
        for target, function, officer, kwargs in steps:
            if dossier.status == state:
                break
            moment += dt.timedelta(hours=1)
            dossier = self.act(function, dossier, at=moment, officer=officer, **kwargs)
            assert dossier.status == target
        return dossier
