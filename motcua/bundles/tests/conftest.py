import importlib

import pytest
from django.apps import apps as django_apps

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.bundles.choices import AgencyRole
from motcua.bundles.models import AgencyRoute, BundleDefinition
from motcua.catalog.models import RequiredDocument
from motcua.catalog.selectors import procedure_get_current
from motcua.dossiers.tests.factories import OneStopFactory, ProcedureFactory, officer_in
from motcua.units.choices import DivisionType, UnitKind
from motcua.units.tests.factories import ProvinceFactory, UnitFactory


def national_groups() -> None:
    """The data migrations' groups (a transactional test flushes what migrations loaded): 0002 ships the two ND 63
    groups, 0005 gives the card its national code and adds the inactive paper-era bundles."""
    importlib.import_module("motcua.bundles.migrations.0002_national_bundle_groups").load(django_apps, None)
    importlib.import_module("motcua.bundles.migrations.0005_national_groups_sources_health_card_code").forward(
        django_apps, None
    )


class BundleWorld:
    """A province with two communes; the first commune's People's Committee (and its one-stop centre) receives
    bundles; the provincial police and social insurance take their parts; the demo catalogue's codes exist."""

    def __init__(self) -> None:
        national_groups()
        self.province = ProvinceFactory()
        self.commune = UnitFactory(parent=self.province, name="Xã Tân Lập")
        self.committee = UnitFactory(
            parent=self.commune,
            name="Ủy ban nhân dân xã Tân Lập",
            kind=UnitKind.PEOPLES_COMMITTEE,
            division_type=DivisionType.XA,
        )
        self.centre = OneStopFactory(parent=self.committee, name="Trung tâm Phục vụ hành chính công xã Tân Lập")
        self.other_commune = UnitFactory(parent=self.province, name="Xã Tân Phú")
        self.other_committee = UnitFactory(
            parent=self.other_commune,
            name="Ủy ban nhân dân xã Tân Phú",
            kind=UnitKind.PEOPLES_COMMITTEE,
            division_type=DivisionType.XA,
        )
        self.police = UnitFactory(
            parent=self.province, name="Công an tỉnh", kind=UnitKind.VERTICAL_AGENCY, division_type=""
        )
        self.insurance = UnitFactory(
            parent=self.province, name="Bảo hiểm xã hội tỉnh", kind=UnitKind.VERTICAL_AGENCY, division_type=""
        )
        AgencyRoute.objects.create(area=self.province, role=AgencyRole.POLICE, unit=self.police)
        AgencyRoute.objects.create(area=self.province, role=AgencyRole.SOCIAL_INSURANCE, unit=self.insurance)
        for code, name, days in (
            ("1.001193", "Đăng ký khai sinh", 1),
            ("1.004222", "Đăng ký thường trú", 7),
            ("1.001939", "Đăng ký đóng, cấp thẻ BHYT đối với người chỉ tham gia BHYT", 5),
            ("1.000656", "Đăng ký khai tử", 1),
            ("1.003197", "Xóa đăng ký thường trú", 5),
            ("2.000821", "Giải quyết hưởng chế độ tử tuất", 8),
        ):
            ProcedureFactory(code=code, name=name, time_limit_value=days, setup=[])
        self.centre_officer = officer_in(self.centre, Role.COUNTER_OFFICER)
        self.police_officer = officer_in(self.police, Role.SPECIALIST)
        self.other_officer = officer_in(self.other_committee, Role.COUNTER_OFFICER)
        self.citizen = User.objects.create(
            username="0912345678",
            full_name="Nguyễn Thị Mai",
            kind=UserKind.CITIZEN,
            phone="0912345678",
            id_number="001190012345",
        )
        self.birth = BundleDefinition.objects.get(code="LT-KHAISINH")
        self.death = BundleDefinition.objects.get(code="LT-KHAITU")


def birth_papers(world: BundleWorld) -> list[RequiredDocument]:
    """The birth registration asks for two papers (the catalogue's mandatory components, checked at the counter)."""
    current = procedure_get_current(world.birth.components.get(order=1).procedure_code)
    return [
        RequiredDocument.objects.create(procedure=current, order=n, name=name, originals=1, required=True)
        for n, name in enumerate(["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"])
    ]


@pytest.fixture
def bw(db):
    return BundleWorld()
