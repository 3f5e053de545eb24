"""PAR INDEX on Decision 876/QĐ-BNV: the published structure (8 fields / 37 criteria / 88 sub-criteria, 100 points),
its two scoring methods (self-assessment appraised by MoHA, sociological survey), and published results that
reproduce their total and grading group (reference/indices.md §1.1–1.4, legal-details.md §1)."""

import csv
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import translation

from motcua.scorecard.choices import ScoringMethod
from motcua.scorecard.external import external_index_table, external_results_import, par_group, par_total
from motcua.scorecard.loader import FrameworkError, count_levels, parse_framework, read_framework_file
from motcua.scorecard.models import AssessmentEvent, Criterion, ExternalIndexResult
from motcua.scorecard.services import assessment_start

from .factories import PAR_FILE

D = Decimal
SHARED = settings.MOTCUA_SHARED_DATA


def test_shipped_par_framework_has_the_published_876_structure():
    spec = read_framework_file(PAR_FILE)
    # 876/QĐ-BNV, provincial level: 8 fields, 37 criteria, 88 sub-criteria (legal-details.md §1.1).
    assert count_levels(spec.nodes) == {"fields": 8, "criteria": 37, "sub_criteria": 88}
    assert spec.scale == D(100) and spec.version == "876/QĐ-BNV"
    assert spec.groups == {"A": 90, "B": 80, "C": 70}

    def methods(nodes):
        for node in nodes:
            yield node.method
            yield from methods(node.children)

    assert set(methods(spec.nodes)) == {ScoringMethod.SELF_APPRAISED, ScoringMethod.SURVEY}


def test_a_tree_that_differs_from_the_stated_structure_is_refused():
    doc = {
        "code": "x",
        "name": "X",
        "year": 2024,
        "aggregation": "sum",
        "scale": 2,
        "structure": {"fields": 1, "criteria": 2, "sub_criteria": 0},
        "nodes": [
            {"code": "1", "name": "A", "max_points": 2, "children": [{"code": "1.1", "name": "a", "max_points": 2}]}
        ],
    }
    with pytest.raises(FrameworkError) as info:
        parse_framework(doc)
    assert info.value.errors == ["structure: criteria = 1 ≠ 2 theo văn bản / the published structure has 2"]


def test_the_system_method_that_876_does_not_have_is_refused():
    doc = {
        "code": "x",
        "name": "X",
        "year": 2024,
        "aggregation": "sum",
        "scale": 1,
        "nodes": [{"code": "1", "name": "A", "max_points": 1, "method": "system"}],
    }
    with pytest.raises(FrameworkError) as info:
        parse_framework(doc)
    assert "unknown method 'system' (self_appraised, survey)" in info.value.errors[0]


@pytest.mark.django_db
def test_migration_folds_system_points_into_the_self_assessment(framework, world):
    """Data stored under the old third method: the criterion becomes self-assessed, the imported figure becomes
    the unit's proposal (recorded in the history), and a point the unit had entered itself is kept."""
    from importlib import import_module

    migration = import_module("motcua.scorecard.migrations.0004_two_scoring_methods_of_876")
    on_time, online = Criterion.objects.filter(framework=framework, code__in=["3.2.1", "7.2.2"]).order_by("code")
    assessment = assessment_start(framework=framework, unit=world.department)
    Criterion.objects.filter(pk__in=[on_time.pk, online.pk]).update(method="system")
    assessment.entries.filter(criterion=on_time).update(imported_points=D("1.80"))
    assessment.entries.filter(criterion=online).update(imported_points=D("1.20"), self_points=D("1.50"))

    migration.fold_system_into_self_assessment(django_apps, None)

    assert set(Criterion.objects.filter(pk__in=[on_time.pk, online.pk]).values_list("method", flat=True)) == {
        "self_appraised"
    }
    first = assessment.entries.get(criterion=on_time)
    second = assessment.entries.get(criterion=online)
    assert (first.self_points, first.imported_points) == (D("1.80"), None)
    assert (second.self_points, second.imported_points) == (D("1.50"), None)
    event = AssessmentEvent.objects.get(assessment=assessment, criterion=on_time)
    assert (event.verb, event.to_points, event.actor) == ("self_score", D("1.80"), None)
    assert "876/QĐ-BNV" in event.reason
    assert not AssessmentEvent.objects.filter(criterion=online).exists()


def test_grading_group_bands_of_the_published_rule():
    # A ≥ 90 %; B 80 % to < 90 %; C 70 % to < 80 % (indices.md §1.3; legal-details.md §1.4). Below C: "D".
    assert [par_group(D(v)) for v in ["96.17", "90", "89.99", "80", "79.99", "70", "69.99"]] == [
        "A",
        "A",
        "B",
        "B",
        "C",
        "C",
        "D",
    ]


# A hand-checked published row (indices.md §0 and §1.2 item 4, from the 2012 sample of the PAR master table,
# https://huggingface.co/datasets/letrinhan/vn-par-master): Đà Nẵng 2012, MoHA-appraised points 53.25 + survey
# points 33.87 = PAR INDEX 87.12 → group B. Plus the 2023 leaders (VGP) as group A without components.
PUBLISHED = """index,year,province,value,rank,source,group,score_moha,score_survey
par,2012,Đà Nẵng,87.12,1,https://huggingface.co/datasets/letrinhan/vn-par-master,B,53.25,33.87
par,2023,Quảng Ninh,92.18,1,https://en.baochinhphu.vn/,A,,
par,2023,An Giang,81.32,,https://shipbolt.vn/,B,,
"""


@pytest.mark.django_db
def test_published_components_reproduce_the_published_total_and_group():
    report = external_results_import(content=PUBLISHED)
    assert (report.imported, report.errors, report.warnings) == (3, [], [])
    assert par_total({"score_moha": D("53.25"), "score_survey": D("33.87")}) == D("87.12")
    table = external_index_table(index="par")
    da_nang = next(r for r in table.rows if r.province == "Đà Nẵng")
    cell = next(c for c in da_nang.cells if c.year == 2012)
    assert (cell.value, cell.group, cell.rank) == (D("87.12"), "B", 1)
    groups = {r.province: r.cells[0].group for r in table.rows if r.cells[0].published}
    assert groups == {"Quảng Ninh": "A", "An Giang": "B"}


@pytest.mark.django_db
@translation.override("en")
def test_components_or_group_that_do_not_match_the_published_value_are_reported():
    content = (
        "index,year,province,value,rank,source,group,tham_dinh,dieu_tra\n"
        "par,2012,Tỉnh A,87.12,,s,A,53.25,33.87\n"
        "par,2012,Tỉnh B,80.00,,s,,50.00,29.00\n"
    )
    report = external_results_import(content=content)
    assert report.errors == []
    assert report.warnings == [
        "Line 2: 87.12 falls in group B, the table says A.",
        "Line 3: the components give 79.00, the published value is 80.00.",
    ]


@pytest.mark.django_db
def test_a_table_with_only_the_components_gets_its_value_from_them():
    """Per-field points (by field code) add up to the index too (index = Σ achieved points on 100)."""
    content = "index,year,province,rank,source,1,2,3,4,5,6,7,8\npar,2024,Tỉnh C,,s,8,7,12,7,11,7,11,26.5\n"
    report = external_results_import(content=content)
    assert (report.errors, report.warnings) == ([], [])
    result = ExternalIndexResult.objects.get(province="Tỉnh C")
    assert result.value == D("89.50")
    assert par_group(result.value) == "B"


@pytest.mark.django_db
def test_a_rank_only_table_without_a_value_column_imports_and_ranks_per_year():
    content = "index,year,province,rank,source\npar,2022,Đồng Nai,51,s\npar,2022,Nghệ An,16,s\n"
    report = external_results_import(content=content)
    assert (report.imported, report.errors) == (2, [])
    table = external_index_table(index="par")
    assert table.ranked == {2022: 0}
    assert {r.province: (r.cells[0].rank, r.cells[0].published_rank) for r in table.rows} == {
        "Nghệ An": (None, 16),
        "Đồng Nai": (None, 51),
    }


PAR_DATA = sorted(SHARED.glob("**/par*.csv")) if SHARED.is_dir() else []


@pytest.mark.shared_data
@pytest.mark.django_db
@pytest.mark.skipif(not PAR_DATA, reason="no published PAR INDEX table (par*.csv) in ../shared/data")
def test_published_par_rows_in_shared_data_reproduce_their_total_and_group():
    """Rows of a published PAR table with the MoHA/survey split (columns of the PAR master table: year, unit_name,
    par_index, par_rank, score_moha, score_survey) add up to the published index."""
    lines = ["index,year,province,value,rank,source,score_moha,score_survey"]
    for path in PAR_DATA:
        with path.open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                if row.get("score_moha") and row.get("score_survey") and row.get("par_index"):
                    name = (row.get("unit_name") or row.get("province") or "").replace(",", " ")
                    lines.append(
                        f"par,{row['year']},{name},{row['par_index']},{row.get('par_rank') or ''},{path.name},"
                        f"{row['score_moha']},{row['score_survey']}"
                    )
    if len(lines) == 1:
        pytest.skip("the PAR tables in ../shared/data have no MoHA/survey split")
    report = external_results_import(content="\n".join(lines) + "\n")
    assert report.errors == []
    assert report.warnings == []


@pytest.mark.django_db
def test_published_2022_leaders_fall_in_the_published_group_counts():
    """PAR INDEX 2022: exactly 2 provinces in group A (sggp.org.vn, indices.md §1.3); the published leaders are
    Quảng Ninh 90.10, Hải Phòng 90.09 and Hà Nội 89.58 — so the third is the first of group B."""
    from .test_external import PAR_CSV

    external_results_import(content=PAR_CSV)
    table = external_index_table(index="par")
    groups = {r.province: c.group for r in table.rows for c in r.cells if c.year == 2022 and c.published}
    assert groups == {"Quảng Ninh": "A", "Hải Phòng": "A", "Hà Nội": "B"}
