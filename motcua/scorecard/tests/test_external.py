from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from motcua.scorecard.external import external_index_table, external_results_import, total_from_components
from motcua.scorecard.loader import framework_load_file
from motcua.scorecard.models import ExternalIndexResult, IndexTarget

from .factories import PCI_FILE

pytestmark = pytest.mark.django_db
D = Decimal

# Published PAR INDEX results (reference/indices.md §1.4): 2023 top five (VGP,
# https://en.baochinhphu.vn/moj-quang-ninh-province-lead-public-administrative-reform-index-111240417164329841.htm)
# and 2022 first three (baodongnai.com.vn / sggp.org.vn).
PAR_CSV = """index,year,province,value,rank,source
par,2023,Quảng Ninh,92.18,1,https://en.baochinhphu.vn/
par,2023,Hải Phòng,91.87,2,https://en.baochinhphu.vn/
par,2023,Hà Nội,91.43,3,https://en.baochinhphu.vn/
par,2023,Bắc Giang,91.16,4,https://en.baochinhphu.vn/
par,2023,Bà Rịa - Vũng Tàu,91.03,5,https://en.baochinhphu.vn/
par,2022,Quảng Ninh,90.10,1,https://baodongnai.com.vn/
par,2022,Hải Phòng,90.09,2,https://baodongnai.com.vn/
par,2022,Hà Nội,89.58,3,https://baodongnai.com.vn/
"""


def test_published_par_results_import_with_trend_and_target_distance():
    report = external_results_import(content=PAR_CSV.encode())
    assert (report.imported, report.errors) == (8, [])
    IndexTarget.objects.create(index="par", year=2023, province="Tỉnh Quảng Ninh", value=D(93))
    table = external_index_table(index="par")
    assert table.years == [2023, 2022]
    top = table.rows[0]
    assert (top.province, top.latest, top.change, top.distance_to_target) == (
        "Quảng Ninh",
        D("92.18"),
        D("2.08"),
        D("0.82"),
    )
    assert [r.province for r in table.rows][:3] == ["Quảng Ninh", "Hải Phòng", "Hà Nội"]


def test_reimport_updates_rows_matched_without_accents():
    external_results_import(content=PAR_CSV.encode())
    external_results_import(content=b"index,year,province,value,rank,source\npar,2023,Quang Ninh,92.20,1,errata\n")
    row = ExternalIndexResult.objects.get(index="par", year=2023, province_key="quang ninh")
    assert (row.value, row.source) == (D("92.20"), "errata")


@translation.override("en")
def test_bad_rows_are_reported_by_line_and_nothing_is_stored():
    content = (
        "index,year,province,value,rank,source\nxyz,2023,A,1,,s\npar,20x3,B,1,,s\npar,2023,,1,,s\npar,2023,C,1,,\n"
    )
    report = external_results_import(content=content)
    assert [e.split(":")[0] for e in report.errors] == ["Line 2", "Line 3", "Line 4", "Line 5"]
    assert not ExternalIndexResult.objects.exists()


WEIGHTS = [D("0.05"), D("0.05"), D("0.20"), D("0.05"), D("0.10"), D("0.05"), D("0.05"), D("0.20"), D("0.20"), D("0.05")]


def test_pci_total_is_ten_times_weighted_sum_of_sub_indices():
    """indices.md §4: total = 10 × Σ wᵢ·sᵢ. The sub-index rows of the published tables are not in this
    repository; these sub-indices are illustrative, the identity is checked against the framework data."""
    framework = framework_load_file(path=PCI_FILE)
    codes = list(framework.nodes.order_by("position").values_list("code", flat=True))
    subs = [
        D("7.10"),
        D("6.50"),
        D("6.80"),
        D("7.20"),
        D("6.90"),
        D("5.80"),
        D("7.40"),
        D("6.70"),
        D("7.30"),
        D("6.60"),
    ]
    expected = 10 * sum(w * s for w, s in zip(WEIGHTS, subs, strict=True))
    assert total_from_components(
        framework=framework, components=dict(zip(codes, subs, strict=True))
    ) == expected.quantize(D("0.01"))


@translation.override("en")
def test_pci_csv_import_checks_the_published_total_against_sub_indices(tmp_path, capsys):
    framework = framework_load_file(path=PCI_FILE)
    codes = list(framework.nodes.order_by("position").values_list("code", flat=True))
    subs = ["7.10", "6.50", "6.80", "7.20", "6.90", "5.80", "7.40", "6.70", "7.30", "6.60"]
    total = 10 * sum(w * D(s) for w, s in zip(WEIGHTS, subs, strict=True))
    header = "index,year,province,value,rank,source," + ",".join(codes)
    good = f"pci,2021,Tỉnh A,{total},1,VCCI," + ",".join(subs)
    wrong = f"pci,2021,Tỉnh B,{total + 1},2,VCCI," + ",".join(subs)
    path = tmp_path / "pci.csv"
    path.write_text("\n".join([header, good, wrong]) + "\n", encoding="utf-8")
    call_command("scorecard", "import-external", str(path))
    out = capsys.readouterr().out
    assert "Line 3: the components give" in out
    assert "Line 2" not in out
    assert ExternalIndexResult.objects.get(province="Tỉnh A").components["tinh_minh_bach"] == "6.80"


def test_ranks_are_computed_from_the_values_of_each_year_and_kept_beside_the_published_ones():
    """The published PAR INDEX 2023 / 2022 tables (above) rank these provinces 1–5 and 1–3: computing the ranks
    from the values reproduces them, for every year, among the provinces with a value that year."""
    external_results_import(content=PAR_CSV.encode())
    table = external_index_table(index="par")
    assert table.ranked == {2023: 5, 2022: 3}
    for row in table.rows:
        for cell in row.cells:
            assert cell.rank == cell.published_rank, (row.province, cell.year)
    hanoi = next(r for r in table.rows if r.province == "Hà Nội")
    assert hanoi.ranks == {2023: 3, 2022: 3}


def test_ties_share_a_rank_and_the_next_one_skips():
    content = (
        "index,year,province,value,rank,source\n"
        "pci,2024,A,70.10,,s\npci,2024,B,68.00,,s\npci,2024,C,68.00,,s\npci,2024,D,66.50,,s\n"
    )
    external_results_import(content=content)
    ranks = {r.province: r.cells[0].rank for r in external_index_table(index="pci").rows}
    assert ranks == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_a_row_with_a_published_rank_and_no_value_is_accepted_and_not_ranked():
    content = "index,year,province,value,rank,source\npar,2023,Quảng Ninh,92.18,1,s\npar,2023,Điện Biên,,63,s\n"
    report = external_results_import(content=content)
    assert (report.imported, report.errors) == (2, [])
    table = external_index_table(index="par")
    dien_bien = next(r for r in table.rows if r.province == "Điện Biên")
    assert (dien_bien.cells[0].value, dien_bien.cells[0].rank, dien_bien.cells[0].published_rank) == (None, None, 63)
    assert table.ranked == {2023: 1}


@translation.override("en")
def test_a_row_with_neither_value_nor_rank_is_refused():
    report = external_results_import(content="index,year,province,value,rank,source\npar,2023,A,,,s\n")
    assert report.errors == ["Line 2: give the value, the rank or both."]
