"""The report screens of a period that includes today say when their stock figures were measured, and the
drill-down lists the same dossiers (issue 15)."""

import datetime as dt

import time_machine

from motcua.accounts.choices import Role
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.tests.factories import World, officer_in, vn
from motcua.units.tests.factories import ProvinceFactory


def test_current_quarter_page_says_as_of_and_its_overdue_cell_matches_the_list(client, db):
    province = ProvinceFactory()
    world = World()
    world.one_stop.parent = province
    world.one_stop.save()
    world.dossier_in(S.IN_PROGRESS, at=vn(2026, 11, 23, 9, 0))  # overdue on 7/12
    world.dossier_in(S.IN_PROGRESS, at=vn(2026, 12, 1, 9, 0))  # due 8/12: within time on 7/12
    leader = officer_in(province, Role.UNIT_LEADER)
    params = {"unit": province.pk, "period": "2026-Q4", "cutoff": "nd09"}
    with time_machine.travel(vn(2026, 12, 7, 9, 30), tick=False):
        client.force_login(leader)
        page = client.get("/bao-cao/bao-cao-ky/", params)
        listing = client.get("/bao-cao/ho-so/", {**params, "figure": "in_progress_overdue"})
        workbook = client.get("/bao-cao/bao-cao-ky/excel/", params)
    assert "số liệu tính đến 09:30 ngày 07/12/2026" in page.content.decode()
    assert page.context["total"].in_progress == {"within_time": 1, "overdue": 1, "total": 2}
    assert listing.context["count"] == listing.context["cell"] == 1
    assert "số liệu tính đến 09:30 ngày 07/12/2026" in listing.content.decode()
    assert workbook.status_code == 200
    with time_machine.travel(vn(2027, 1, 5, 9, 0), tick=False):
        client.force_login(leader)
        later = client.get("/bao-cao/bao-cao-ky/", params)
    assert "số liệu tính đến" not in later.content.decode()
    assert later.context["total"].in_progress["overdue"] == 2
    assert isinstance(later.context["period"].now, dt.datetime)
