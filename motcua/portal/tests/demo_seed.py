"""A small demo for page-level tests: the demo province with three communes, the demo catalogue and accounts,
the reform and scorecard demo, a month of simulated dossiers in two communes (always the demo accounts' commune)
and a citizen. About ten seconds; the full `motcua demo` loads every commune of the country."""

from __future__ import annotations

import datetime as dt
import io

from django.apps import apps

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.simulation.services import _demo_accounts_centre, simulation_run
from motcua.units.services import demo_province_setup
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

COMMUNES = (("06652", "Phường Hà Tu"), ("06658", "Phường Hà Lầm"), ("06660", "Phường Hồng Gai"))
CITIZEN = ("nguoidan", "Nguyễn Văn Dân")


def seed_small_demo(*, now: dt.datetime, days: int = 30):
    province = ProvinceFactory(code="P22", admin_code="22", name="Tỉnh Quảng Ninh")
    for code, name in COMMUNES:
        UnitFactory(code=f"W{code}", admin_code=code, name=name, parent=province)
    demo_province_setup(province_code="22")
    for label in ("catalog", "console", "esign", "scorecard", "reform"):
        apps.get_app_config(label).load_demo(stdout=io.StringIO())
    simulation_run(
        start=now.date() - dt.timedelta(days=days),
        end=now.date(),
        scale=0.05,
        seed=7,
        units=2,
        include=_demo_accounts_centre(),
        until=now,
        bulk=True,
    )
    user_create(username=CITIZEN[0], password="x", full_name=CITIZEN[1], kind=UserKind.CITIZEN)
    return province
