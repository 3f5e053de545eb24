"""Demo data of the scorecard: the shipped frameworks (PAR INDEX 876/QĐ-BNV, PCI) plus this year's PAR INDEX
framework for the province-internal round, and a published-results table of real numbers.

Every external value below is copied from `reference/indices.md` with its source address; no value is invented.
Idempotent: existing frameworks and results are left as they are.
"""

from __future__ import annotations

from motcua.units.selectors import today_in_vietnam

from .external import external_results_import
from .loader import FrameworkError, framework_load_file, read_framework_file, shipped_framework_files
from .models import ExternalIndexResult, Framework

PAR_FILE_NAME = "par-index-province-2024.yaml"
VGP_2023 = (
    "https://en.baochinhphu.vn/moj-quang-ninh-province-lead-public-administrative-reform-index-111240417164329841.htm"
)
BAODONGNAI_2022 = (
    "https://baodongnai.com.vn/tintuc/202304/dong-nai-tang-4-bac-trong-xep-hang-cai-cach-hanh-chinh-3163860"
)
NVSK_SIPAS_2023 = "https://nvsk.vnanet.vn/chi-so-hai-long-cua-nguoi-dan-doi-voi-su-phuc-vu-cua-co-quan-hanh-chinh-nha-nuoc-sipas-nam-2023-1-145154.vna"
VPLUS_2024 = "https://www.vietnamplus.vn/hai-phong-dung-dau-cao-bang-doi-so-bang-chi-so-cai-cach-hanh-chinh-nam-2024-post1025084.vnp"

# index, year, province, value, rank, source  (reference/indices.md §1.4, §2, §4)
PUBLISHED: tuple[tuple[str, int, str, str, str, str], ...] = (
    ("par", 2023, "Quảng Ninh", "92.18", "1", VGP_2023),
    ("par", 2023, "Hải Phòng", "91.87", "2", VGP_2023),
    ("par", 2023, "Hà Nội", "91.43", "3", VGP_2023),
    ("par", 2023, "Bắc Giang", "91.16", "4", VGP_2023),
    ("par", 2023, "Bà Rịa - Vũng Tàu", "91.03", "5", VGP_2023),
    ("par", 2023, "Ninh Bình", "88.72", "11", "https://ninhbinhinvest.vn (VNA, 17/4/2024)"),
    ("par", 2022, "Quảng Ninh", "90.10", "1", BAODONGNAI_2022),
    ("par", 2022, "Hải Phòng", "90.09", "2", BAODONGNAI_2022),
    ("par", 2022, "Hà Nội", "89.58", "3", BAODONGNAI_2022),
    ("par", 2022, "Đồng Nai", "82.92", "51", BAODONGNAI_2022),
    ("par", 2024, "Hải Phòng", "96.17", "1", VPLUS_2024),
    ("sipas", 2023, "Quảng Ninh", "90.61", "1", NVSK_SIPAS_2023),
    ("sipas", 2023, "Thái Nguyên", "90.29", "2", NVSK_SIPAS_2023),
    ("sipas", 2023, "Hải Dương", "90.23", "3", NVSK_SIPAS_2023),
    ("sipas", 2023, "Hải Phòng", "88.09", "5", NVSK_SIPAS_2023),
    ("sipas", 2023, "Gia Lai", "83.84", "19", NVSK_SIPAS_2023),
    ("sipas", 2023, "Long An", "78.66", "57", NVSK_SIPAS_2023),
    ("sipas", 2023, "Bắc Kạn", "75.03", "63", NVSK_SIPAS_2023),
    ("pci", 2022, "Quảng Ninh", "72.95", "1", "https://investinquangninh.vn/vi/pci"),
)


def par_file():
    return next(path for path in shipped_framework_files() if path.name == PAR_FILE_NAME)


def current_par_framework(year: int | None = None) -> Framework:
    """This year's PAR INDEX framework (the shipped file loaded for `year`), created once."""
    year = year or today_in_vietnam().year
    spec = read_framework_file(par_file(), year=year)
    existing = Framework.objects.filter(code=spec.code, year=year).first()
    return existing or framework_load_file(path=par_file(), year=year)


def load_frameworks() -> int:
    created = 0
    for path in shipped_framework_files():
        try:
            framework_load_file(path=path)
            created += 1
        except FrameworkError:
            continue  # already loaded: keep it (units may have scored against it)
    before = Framework.objects.count()
    current_par_framework()
    return created + Framework.objects.count() - before


def load_published_results() -> int:
    if ExternalIndexResult.objects.filter(index="par", year=2023, province="Quảng Ninh").exists():
        return 0
    lines = ["index,year,province,value,rank,source"]
    lines += [
        ",".join(f'"{value}"' for value in row) for row in ((i, str(y), p, v, r, s) for i, y, p, v, r, s in PUBLISHED)
    ]
    report = external_results_import(content="\n".join(lines))
    if report.errors:
        raise ValueError("; ".join(report.errors))
    return report.imported
