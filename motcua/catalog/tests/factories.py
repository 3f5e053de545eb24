from decimal import Decimal

import factory

from motcua.catalog.schema import DocumentData, FeeData, ProcedureData, ResultData, TimeLimitData


class ProcedureDataFactory(factory.Factory):
    """Plain ProcedureData; procedures enter the database only through services.procedure_upsert."""

    class Meta:
        model = ProcedureData

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục cấp giấy phép số {n}")
    field = "Hộ tịch"
    levels = factory.LazyFunction(lambda: ["commune"])
    decision_number = "100/QĐ-BTP"
    online_level = "partial"
    channels = factory.LazyFunction(lambda: ["counter", "online"])
    time_limits = factory.LazyFunction(lambda: [TimeLimitData(value=Decimal("10"), unit="working_days")])
    fees = factory.LazyFunction(lambda: [FeeData(text="Miễn phí", amount=Decimal("0"))])
    documents = factory.LazyFunction(lambda: [DocumentData(name="Tờ khai", originals=1)])
    results = factory.LazyFunction(lambda: [ResultData(name="Giấy phép", code="KQ.G15.000001")])
