"""QĐ 766 indicator 3.6 the portal's way (legal-details.md §3.4: 6·A + min(2, 2.5·B) + 2.5·C)."""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.tests.factories import ProcedureFactory, World, vn
from motcua.integrations.payment.tests.helpers import pay_online, platform_double
from motcua.metrics.index766 import index766
from motcua.metrics.payment766 import online_payment_score
from motcua.metrics.tests.factories import finish
from motcua.units.tests.factories import ProvinceFactory
from motcua.workdays.selectors import invalidate_calendar

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.fixture
def world(db, settings):
    invalidate_calendar()
    w = World(level_commune=False, level_province=True)
    w.platform = platform_double(settings)  # "online" is paid through the payment platform's double
    w.province = ProvinceFactory()
    w.one_stop.parent = w.province
    w.one_stop.save()
    w.procedure.fees.create(amount=Decimal(8000))
    yield w
    w.platform.stop()
    invalidate_calendar()


def paid(w, *, at, method):
    dossier = w.dossier_in(S.IN_PROGRESS, at=at)
    dossier = w.act(
        services.dossier_request_payment,
        dossier,
        at=at + dt.timedelta(hours=2),
        officer=w.specialist,
        amount=Decimal(8000),
    )
    if method == "online":  # only the platform's verified IPN records an online payment
        payment, _answer, _location = pay_online(w.platform, dossier, at=at + dt.timedelta(hours=3))
        assert payment.applied
        dossier.refresh_from_db()
    else:
        dossier = w.act(
            services.dossier_record_payment, dossier, at=at + dt.timedelta(hours=3), officer=w.counter, method=method
        )
    return finish(w, dossier, at=at + dt.timedelta(hours=4))


def test_three_parts_of_the_portal_formula(world):
    """3 fee-bearing dossiers of one procedure, 2 paid online: A = 2/3; two fee-bearing procedures of the level,
    one with an online payment and dossiers: B = C = 1/2. Points = 6·2/3 + min(2, 1.25) + 1.25 = 6.5."""
    ProcedureFactory(level_commune=False, level_province=True).fees.create(amount=Decimal(5000))
    ProcedureFactory(level_commune=False, level_province=True).fees.create(amount=Decimal(0))  # free: not counted
    for day, method in ((2, "online"), (3, "online"), (4, "cash")):
        paid(world, at=vn(2026, 3, day, 9, 0), method=method)
    score = online_payment_score(unit=world.province, start=MARCH[0], end=MARCH[1])
    assert (score.paid_online, score.with_fee, score.fee_procedures) == (2, 3, 2)
    assert (score.procedures_paid_online, score.procedures_with_dossiers) == (1, 1)
    assert score.points == pytest.approx(6 * 2 / 3 + min(2, 2.5 * 0.5) + 2.5 * 0.5, abs=0.01)
    item = next(
        i
        for g in index766(unit=world.province, start=MARCH[0], end=MARCH[1]).groups
        for i in g.indicators
        if i.code == "3.6"
    )
    assert item.points == score.points == 6.5


def test_full_marks_are_capped_at_ten(world):
    paid(world, at=vn(2026, 3, 2, 9, 0), method="online")
    score = online_payment_score(unit=world.province, start=MARCH[0], end=MARCH[1])
    assert (score.a, score.b, score.c) == (1.0, 1.0, 1.0)
    assert score.points == 10.0  # 6 + 2 + 2.5 capped
