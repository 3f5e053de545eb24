"""Scorecard test data: the shipped frameworks, units of a province, their officers and a Department appraiser."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import factory
from django.contrib.auth.models import Permission

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import OfficerFactory, officer_in
from motcua.scorecard import services
from motcua.scorecard.loader import SHIPPED_DIR, framework_load_file
from motcua.scorecard.models import ExternalIndexResult, Framework
from motcua.units.choices import UnitKind
from motcua.units.tests.factories import AgencyFactory, ProvinceFactory, UnitFactory

PAR_FILE = SHIPPED_DIR / "par-index-province-2024.yaml"
PCI_FILE = SHIPPED_DIR / "pci-2021.yaml"


def par_framework(year: int = 2024) -> Framework:
    return framework_load_file(path=PAR_FILE, year=year)


def appraiser():
    user = OfficerFactory(full_name="Chuyên viên Sở Nội vụ")
    user.user_permissions.add(
        Permission.objects.get(codename="appraise_assessment", content_type__app_label="scorecard")
    )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


class ExternalResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalIndexResult

    index = "par"
    year = 2023
    province = factory.Sequence(lambda n: f"Tỉnh {n}")
    value = Decimal("85.00")
    source = "https://en.baochinhphu.vn/"


@dataclass
class Province:
    """A province with the Department of Home Affairs, one department and one commune to be scored."""

    province: object
    home_affairs: object
    department: object
    commune: object
    appraiser: object
    department_officer: object
    commune_officer: object


def build_province() -> Province:
    province = ProvinceFactory(name="Tỉnh Thử Nghiệm")
    home_affairs = AgencyFactory(name="Sở Nội vụ", parent=province)
    department = AgencyFactory(name="Sở Tư pháp", parent=province)
    commune = UnitFactory(name="Xã Hòa Bình", parent=province, kind=UnitKind.COMMUNE)
    return Province(
        province=province,
        home_affairs=home_affairs,
        department=department,
        commune=commune,
        appraiser=appraiser(),
        department_officer=officer_in(department, Role.SPECIALIST),
        commune_officer=officer_in(commune, Role.SPECIALIST),
    )


def self_assess_all(assessment, officer, *, share: Decimal = Decimal(1)):
    """Fill every self-assessed leaf with `share` of its maximum points."""
    for entry in assessment.entries.select_related("criterion").filter(criterion__method="self_appraised"):
        points = (entry.criterion.max_points * share).quantize(Decimal("0.01"))
        services.entry_self_assess(
            assessment=assessment, criterion=entry.criterion, points=points, note="", actor=officer
        )
