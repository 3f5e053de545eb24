import datetime

import factory

from motcua.units.choices import DivisionType, LineageKind, UnitKind
from motcua.units.models import Unit, UnitLineage


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE
    division_type = DivisionType.XA
    valid_from = datetime.date(2025, 7, 1)


class ProvinceFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    kind = UnitKind.PROVINCE
    division_type = DivisionType.TINH


class AgencyFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}")
    kind = UnitKind.DEPARTMENT
    division_type = ""


class UnitLineageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitLineage

    successor = factory.SubFactory(ProvinceFactory)
    predecessor = factory.SubFactory(
        ProvinceFactory, kind=UnitKind.LEGACY_PROVINCE, valid_from=None, valid_to=datetime.date(2025, 6, 30)
    )
    kind = LineageKind.MERGED
    effective_date = datetime.date(2025, 7, 1)
    source_document = "Nghị quyết 202/2025/QH15"
