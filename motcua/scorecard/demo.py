"""Demo data of the scorecard (docs/demo.md), loaded by `ScorecardConfig.load_demo`:

- the shipped frameworks (PAR INDEX 876/QĐ-BNV, PCI) plus this year's PAR INDEX framework for the
  province-internal round, and a published-results table of real numbers. Every external value below is copied
  from `reference/indices.md` with its source address; no value is invented;
- the province-internal assessment round on this year's PAR INDEX framework: two departments and three communes
  self-assessed and submitted, survey points imported, the Department (`motcua.sonoivu`) appraised three of them
  (two adjustments with reasons) and part of a fourth — so the ranking and the lost-points view show data. The
  unit focal officer `motcua.daumoi` belongs to the five units.

The demo units of the round and the Department's officer are defined here; the reform demo (`reform.demo`,
loaded after this one) uses the same. Idempotent: existing frameworks and results are left as they are, and a
unit that already has an assessment is left alone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import Group, Permission

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.accounts.services import membership_grant, user_create
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import today_in_vietnam
from motcua.units.services import demo_province_code

from . import services
from .choices import ScoringMethod
from .external import external_results_import
from .loader import FrameworkError, framework_load_file, read_framework_file, shipped_framework_files
from .models import Assessment, ExternalIndexResult, Framework

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


# --- the province-internal assessment round ----------------------------------------------------------------------

DEMO_PASSWORD = "motcua-demo"  # noqa: S105  (documented demo password, docs/demo.md)
DEPARTMENT_USERNAME = "motcua.sonoivu"
APPRAISER_GROUP = "Sở Nội vụ — thẩm định CCHC"


class DemoUnitsMissing(Exception):
    pass


def demo_reform_units() -> dict[str, Unit | list[Unit]]:
    """The demo province, its Sở Nội vụ, a few departments and the People's Committees of its first communes."""
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, admin_code=demo_province_code().zfill(2)).first()
    if province is None:
        raise DemoUnitsMissing("demo province not loaded")
    by_code = {u.code: u for u in Unit.objects.filter(code__startswith=f"{province.code}-")}
    needed = ("SNV", "STP", "SXD", "SYT", "STC")
    if any(f"{province.code}-{suffix}" not in by_code for suffix in needed):
        raise DemoUnitsMissing("demo departments missing")
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE, parent=province).order_by("admin_code")[:4])
    committees = list(
        Unit.objects.filter(code__in=[f"{c.code}-UBND" for c in communes], kind=UnitKind.PEOPLES_COMMITTEE).order_by(
            "code"
        )
    )
    if len(committees) < 3:
        raise DemoUnitsMissing("demo commune committees missing")
    return {
        "province": province,
        "home_affairs": by_code[f"{province.code}-SNV"],
        "departments": [by_code[f"{province.code}-{s}"] for s in ("STP", "SXD", "SYT", "STC")],
        "communes": committees,
    }


def department_officer(home_affairs: Unit) -> User:
    """`motcua.sonoivu`: Sở Nội vụ specialist who manages the plan and appraises the scorecard (idempotent)."""
    user = User.objects.filter(username=DEPARTMENT_USERNAME).first()
    if user is None:
        user = user_create(
            username=DEPARTMENT_USERNAME,
            password=DEMO_PASSWORD,
            full_name="Vũ Thị Nội Vụ",
            kind=UserKind.OFFICER,
        )
    membership_grant(user=user, unit=home_affairs, role=Role.SPECIALIST)
    group, _created = Group.objects.get_or_create(name=APPRAISER_GROUP)
    group.permissions.add(Permission.objects.get(codename="appraise_assessment", content_type__app_label="scorecard"))
    user.groups.add(group)
    return user


FOCAL_USERNAME = "motcua.daumoi"
# share of the maximum each unit gives itself, and how much of it the Department keeps on two items
SHARES = (Decimal("0.96"), Decimal("0.86"), Decimal("0.91"), Decimal("0.78"), Decimal("0.83"))


def _points(maximum: Decimal, share: Decimal, position: int) -> Decimal:
    wobble = Decimal((position * 7) % 5 - 2) / Decimal(50)  # −0.04 … +0.04, deterministic
    value = maximum * min(Decimal(1), max(Decimal(0), share + wobble))
    return value.quantize(Decimal("0.25") if maximum >= 1 else Decimal("0.01"), rounding=ROUND_HALF_UP)


def focal_officer(units) -> User:
    user = User.objects.filter(username=FOCAL_USERNAME).first()
    if user is None:
        user = user_create(
            username=FOCAL_USERNAME, password=DEMO_PASSWORD, full_name="Đỗ Văn Đầu Mối", kind=UserKind.OFFICER
        )
    for unit in units:
        membership_grant(user=user, unit=unit, role=Role.SPECIALIST)
    return user


def load_assessment_demo() -> dict[str, int]:
    units = demo_reform_units()
    assessed = [*units["departments"][:2], *units["communes"][:3]]
    appraiser = department_officer(units["home_affairs"])
    focal = focal_officer(assessed)
    framework = current_par_framework()
    leaves = list(framework.nodes.filter(children__isnull=True).order_by("position"))
    created = 0
    survey_lines = ["unit_code,criterion_code,points"]
    fresh = []
    for number, unit in enumerate(assessed):
        if Assessment.objects.filter(framework=framework, unit=unit).exists():
            continue
        assessment = services.assessment_start(framework=framework, unit=unit)
        for position, leaf in enumerate(leaves):
            points = _points(leaf.max_points, SHARES[number], position)
            if leaf.method == ScoringMethod.SELF_APPRAISED:
                services.entry_self_assess(
                    assessment=assessment, criterion=leaf, points=points, note="Có văn bản minh chứng", actor=focal
                )
            else:
                survey_lines.append(f"{unit.code},{leaf.code},{points}")
        services.assessment_submit(assessment=assessment, actor=focal)
        fresh.append((number, assessment))
        created += 1
    if len(survey_lines) > 1:
        report = services.survey_points_import(framework=framework, content="\n".join(survey_lines), actor=appraiser)
        if report.errors:
            raise ValueError("; ".join(report.errors))
    self_leaves = [leaf for leaf in leaves if leaf.method == ScoringMethod.SELF_APPRAISED]
    for number, assessment in fresh:
        if number > 3:
            continue  # the last commune waits for appraisal
        for leaf in self_leaves[number : number + 2]:
            entry = assessment.entries.get(criterion=leaf)
            adjusted = (entry.self_points * Decimal("0.5")).quantize(Decimal("0.25"), rounding=ROUND_HALF_UP)
            services.entry_appraise(
                assessment=assessment,
                criterion=leaf,
                points=adjusted,
                reason="Minh chứng chưa đầy đủ (mẫu / demo)",
                actor=appraiser,
            )
        if number < 3:
            services.assessment_finish_appraisal(assessment=assessment, actor=appraiser)
    return {"assessments": created, "leaves": len(leaves)}
