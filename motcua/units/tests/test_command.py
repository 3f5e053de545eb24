import io
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.units.choices import UnitKind
from motcua.units.models import Unit


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


def test_json_summary_counts_every_loaded_unit(db):
    counts = json.loads(run("--json"))
    assert counts == {
        "provinces": 34,
        "communes": 3321,
        "legacy_provinces": 63,
        "legacy_districts": 696,
        "lineage": 63,
        "created": 34 + 3321 + 63 + 696,
        "updated": 0,
    }


def test_current_only_skips_legacy_units(db):
    counts = json.loads(run("--current-only", "--json"))
    assert (counts["provinces"], counts["legacy_provinces"]) == (34, 0)
    assert not Unit.objects.filter(kind=UnitKind.LEGACY_PROVINCE).exists()


def test_second_run_reports_nothing_created(db):
    run()
    counts = json.loads(run("--json"))
    assert (counts["created"], counts["updated"]) == (0, 0)


def test_text_output_is_bilingual(db):
    output = run("--current-only")
    assert "Xã, phường, đặc khu / communes: 3321" in output


def test_demo_province_option_creates_agencies(db):
    counts = json.loads(run("--current-only", "--json", "--demo-province", "22"))
    assert (
        counts["agencies"]
        == Unit.objects.filter(path__startswith="/P22/").exclude(kind__in=[UnitKind.PROVINCE, UnitKind.COMMUNE]).count()
    )


def test_unknown_demo_province_is_one_line_error(db):
    with pytest.raises(CommandError, match=r"^không tạo được cơ quan mẫu / cannot set up demo agencies: .*'99'"):
        run("--current-only", "--demo-province", "99")


def test_legacy_db_that_is_not_a_database_is_one_line_error(db, tmp_path):
    bogus = tmp_path / "dataset.db"
    bogus.write_text("not sqlite")
    with pytest.raises(CommandError, match=r"^không đọc được dữ liệu đơn vị / cannot read unit data") as error:
        run("--legacy-db", str(bogus))
    assert "\n" not in str(error.value)


def test_missing_legacy_db_is_one_line_error(db, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        run("--legacy-db", str(tmp_path / "missing.db"))


def test_legacy_db_with_current_only_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="--current-only"):
        run("--current-only", "--legacy-db", str(tmp_path / "x.db"))
