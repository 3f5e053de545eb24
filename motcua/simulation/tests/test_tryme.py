"""The demo's try-me dossiers (issue 17): applicant phones, real services, found by the public look-up."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.simulation.tryme import TRY_ME, TRY_SUBJECT, try_me_load
from motcua.workdays.calendar import VN_TZ

from .conftest import commune_with_agencies

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)


def test_try_me_dossiers_have_phones_and_the_public_look_up_finds_them(catalogue, province, client):
    centre, _committee = commune_with_agencies(province, 6652)
    with time_machine.travel(NOW, tick=False):
        items = try_me_load(one_stop=centre)
        assert try_me_load(one_stop=centre) == items  # idempotent
    assert [i.phone for i in items] == [phone for _name, phone, _goal in TRY_ME]
    dossiers = list(Dossier.objects.filter(subject=TRY_SUBJECT).order_by("pk"))
    assert [d.status for d in dossiers] == [
        DossierStatus.RECEIVED,
        DossierStatus.AWAITING_SUPPLEMENT,
        DossierStatus.RESULT_READY,
    ]
    assert all(DossierEvent.objects.filter(dossier=d).exists() for d in dossiers)  # through the services
    for item in items:
        with time_machine.travel(NOW, tick=False):
            page = client.post("/tra-cuu/", {"ma": item.code, "so": item.phone[-4:]})
        assert page.status_code == 200
        assert item.code in page.content.decode()
        assert page.context.get("view") is not None, item  # found: the public view of the dossier


def test_motcua_demo_prints_the_codes_and_phones_to_try(settings):
    """`motcua demo` (the simulation app's loader, after the simulated traffic) makes them and says how to try."""
    import io

    from django.apps import apps
    from django.core.management.base import OutputWrapper

    from motcua.portal.tests.demo_seed import seed_small_demo

    settings.MOTCUA_DEMO_PROVINCE = "22"
    with time_machine.travel(NOW, tick=False):
        seed_small_demo(now=NOW, days=3)
        out = io.StringIO()
        apps.get_app_config("simulation").load_demo(stdout=OutputWrapper(out))  # as the demo command passes it
    lines = [line for line in out.getvalue().splitlines() if "/tra-cuu/" in line]
    codes = list(Dossier.objects.filter(subject=TRY_SUBJECT).order_by("pk").values_list("code", flat=True))
    assert len(lines) == len(TRY_ME) == len(codes)
    for line, code, (_name, phone, _goal) in zip(lines, codes, TRY_ME, strict=True):
        assert code in line and phone in line
