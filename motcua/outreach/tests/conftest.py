import datetime as dt

import pytest
import time_machine

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import OneStopFactory, ProcedureFactory, officer_in, vn
from motcua.outreach import services
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

NOW = vn(2026, 3, 2, 8, 0)  # Monday


class OutreachWorld:
    """A province with two communes and a commune centre; its manager plans, two counter officers go out (one is
    sent, one stays); a second centre elsewhere with its own manager; two commune procedures."""

    def __init__(self) -> None:
        self.province = ProvinceFactory()
        self.commune = UnitFactory(parent=self.province, name="Xã Tân Lập")
        self.other_commune = UnitFactory(parent=self.province, name="Xã Tân Phú")
        self.centre = OneStopFactory(parent=self.commune, name="Trung tâm Phục vụ hành chính công xã Tân Lập")
        self.manager = officer_in(self.centre, Role.ONE_STOP_MANAGER)
        self.officer = officer_in(self.centre, Role.COUNTER_OFFICER)
        self.stay_home = officer_in(self.centre, Role.COUNTER_OFFICER)
        self.elsewhere = OneStopFactory(name="Trung tâm khác")
        self.stranger = officer_in(self.elsewhere, Role.ONE_STOP_MANAGER)
        self.birth = ProcedureFactory(name="Đăng ký khai sinh")
        self.residence = ProcedureFactory(name="Đăng ký thường trú", setup=["Tờ khai thay đổi thông tin cư trú"])

    def plan(self, **kwargs):
        values = {
            "officer": self.manager,
            "centre": self.centre,
            "commune": self.commune,
            "place": "Thôn Đồng Tâm",
            "day": dt.date(2026, 3, 5),
            "starts_at": dt.time(7, 30),
            "ends_at": dt.time(11, 30),
            "officers": [self.officer],
            "procedures": [self.birth, self.residence],
        }
        values.update(kwargs)
        return services.session_plan(**values)

    def docs(self, procedure) -> list[int]:
        return list(procedure.documents.values_list("pk", flat=True))


@pytest.fixture
def ow(db):
    with time_machine.travel(NOW, tick=False):
        yield OutreachWorld()
