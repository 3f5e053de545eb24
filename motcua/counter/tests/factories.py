"""A commune centre with two service groups (A civil status, B land) and two counters: 1 serves A, 2 serves A and
B. Tickets and appointments are made through the services."""

from __future__ import annotations

import factory

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.counter.models import Counter, ServiceGroup
from motcua.dossiers.tests.factories import OneStopFactory, officer_in


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"nguoidan{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Bình {n}")
    kind = UserKind.CITIZEN
    phone = "0912345678"


class QueueWorld:
    def __init__(self, *, capacity: int = 2) -> None:
        self.centre = OneStopFactory(name="Trung tâm Phục vụ hành chính công xã Tân Lập")
        self.civil = ServiceGroup.objects.create(
            centre=self.centre, letter="A", name="Hộ tịch, chứng thực", slot_minutes=30, slot_capacity=capacity
        )
        self.land = ServiceGroup.objects.create(
            centre=self.centre, letter="B", name="Đất đai, xây dựng", slot_minutes=60, slot_capacity=capacity
        )
        self.counter1 = Counter.objects.create(centre=self.centre, number=1)
        self.counter1.groups.set([self.civil])
        self.counter2 = Counter.objects.create(centre=self.centre, number=2)
        self.counter2.groups.set([self.civil, self.land])
        self.officer = officer_in(self.centre, Role.COUNTER_OFFICER)
        self.manager = officer_in(self.centre, Role.ONE_STOP_MANAGER)
        self.citizen = CitizenFactory()
