"""QĐ 766 indicator 1.3 from the catalogue, checked against the published records of the national database
(../shared/data/tthc): a procedure is complete when its record publishes every ND 63/2010 art 8(2) component."""

import datetime as dt
import json

import pytest
from django.conf import settings

from motcua.catalog.importers.national import parse_file
from motcua.catalog.importers.runner import import_national
from motcua.catalog.models import Procedure
from motcua.dossiers.tests.factories import ProcedureFactory
from motcua.metrics.indicators import indicator_values
from motcua.metrics.transparency import public_content_full
from motcua.units.choices import UnitKind
from motcua.units.tests.factories import UnitFactory

JUSTICE = settings.MOTCUA_SHARED_DATA / "tthc" / "bo-tu-phap"
LATER = dt.date(2100, 1, 1)
NO_INFO = "Không có thông tin"
RAW_PARTS = ("trinh_tu_thuc_hien", "doi_tuong_thuc_hien", "co_quan_thuc_hien", "thanh_phan_ho_so")


@pytest.mark.shared_data
@pytest.mark.django_db
@pytest.mark.skipif(not JUSTICE.is_dir(), reason="../shared/data/tthc is absent")
def test_commune_procedures_of_the_ministry_of_justice_are_counted_from_their_published_records():
    files = sorted(JUSTICE.glob("*.json"))[:120]
    import_national(files)
    expected_complete = expected_total = 0
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        parsed = parse_file(path).data
        if "commune" not in parsed.levels:
            continue
        expected_total += 1
        # The national database writes "Không có thông tin" (no information) where a component is not published.
        published = all(str(record.get(key) or "").strip() not in ("", NO_INFO) for key in RAW_PARTS)
        expected_complete += published and bool(parsed.time_limits) and bool(parsed.channels)
    commune = UnitFactory(kind=UnitKind.COMMUNE)
    complete, total, lacking = public_content_full(unit=commune, day=LATER)
    assert expected_total > 10
    assert 0 < complete < total  # measured: 15 of 27; 12 publish no implementing agency
    assert (complete, total) == (expected_complete, expected_total)
    assert sum(lacking.values()) >= total - complete


def test_a_procedure_missing_one_component_is_incomplete(db):
    commune = UnitFactory(kind=UnitKind.COMMUNE)
    full = {"steps_text": "Bước 1", "applicants": "Công dân", "implementing_agency": "UBND cấp xã"}
    complete = ProcedureFactory(**full)
    complete.documents.create(name="Tờ khai")
    lacking = ProcedureFactory(**{**full, "applicants": ""})
    lacking.documents.create(name="Tờ khai")
    ProcedureFactory(**full).documents.all().delete()  # no dossier components
    ProcedureFactory(**full, level_commune=False, level_province=True)  # another level
    assert public_content_full(unit=commune, day=LATER) == (1, 3, {"documents": 1, "applicants": 1})
    value = indicator_values(unit=commune, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
    assert value["public_content_full_rate"].value == pytest.approx(0.3333)
    assert Procedure.objects.count() == 4
