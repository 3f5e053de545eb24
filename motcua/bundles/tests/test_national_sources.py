"""The bundle groups' figures compared with their outside references: the text of ND 63/2024/NĐ-CP art 7 clause 2
(quoted here), the national catalogue records of ../shared/data/tthc read at test time (never copied), and the
data migration 0005 that moved the health-insurance card from a made-up code to its national one."""

from __future__ import annotations

import importlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings

from motcua.bundles import rules, services
from motcua.bundles.models import BundleComponent, BundleDefinition

M0005 = importlib.import_module("motcua.bundles.migrations.0005_national_groups_sources_health_card_code")
TTHC: Path = settings.MOTCUA_SHARED_DATA / "tthc"
needs_records = pytest.mark.skipif(not TTHC.is_dir(), reason="../shared/data/tthc is absent")

# ND 63/2024/NĐ-CP art 7 clause 2, as quoted by thuvienphapluat.vn (hỏi đáp 83A30A8).
ND63_ART7_2 = (
    "Thời gian giải quyết nhóm thủ tục hành chính liên thông “Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo "
    "hiểm y tế cho trẻ em dưới 6 tuổi” không quá 03 ngày làm việc kể từ khi các cơ quan có thẩm quyền giải quyết "
    "nhận đầy đủ hồ sơ theo quy định, trường hợp phải xác minh thì không quá 05 ngày làm việc. Nếu tiếp nhận hồ sơ "
    "sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm việc tiếp theo."
)
# The Ministry of Public Security's guidance as published by Báo Thanh Niên (09/09/2025).
GUIDANCE_SPLIT = (
    "thời gian giải quyết đăng ký thường trú: tối đa 2 ngày làm việc, nếu cần xác minh thì không quá 5 ngày; cấp "
    "thẻ BHYT thì tối đa 2 ngày làm việc."
)


def record(path: str) -> dict:
    return json.loads((TTHC / f"{path}.json").read_text(encoding="utf-8"))


def days(pattern: str, text: str) -> Decimal:
    found = re.search(pattern, text)
    assert found, pattern
    return Decimal(found.group(1))


def components(code: str) -> list[tuple[int, str, str, Decimal, list[int]]]:
    rows = BundleComponent.objects.filter(definition__code=code).prefetch_related("depends_on").order_by("order")
    return [
        (c.order, c.procedure_code, c.role, c.budget_days, sorted(d.order for d in c.depends_on.all())) for c in rows
    ]


# --- the ND 63 birth group ------------------------------------------------------------------------------------


def test_birth_group_limits_are_those_of_nd63_art7_clause2(bw):
    """ND 63/2024 art 7 clause 2: "không quá 03 ngày làm việc …, trường hợp phải xác minh thì không quá 05 ngày làm
    việc. Nếu tiếp nhận hồ sơ sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm việc tiếp theo.\""""
    limit, with_verification = (Decimal(n) for n in re.findall(r"không quá (\d+) ngày làm việc", ND63_ART7_2))
    cutoff_hour = int(re.search(r"sau (\d+) giờ", ND63_ART7_2).group(1))
    assert (rules.NATIONAL_LIMIT_DAYS, rules.NATIONAL_VERIFICATION_LIMIT_DAYS) == (limit, with_verification) == (3, 5)
    assert (bw.birth.total_limit_days, bw.birth.verification_limit_days) == (limit, with_verification)
    assert bw.birth.cutoff.hour == cutoff_hour and bw.birth.cutoff.minute == 0
    assert "điều 7 khoản 2" in bw.birth.legal_basis and "63/2024/NĐ-CP" in bw.birth.legal_basis


def test_birth_group_split_follows_the_published_guidance(bw):
    """Birth registration within the working day (record 2.000986 step: "ngay trong ngày tiếp nhận hồ sơ"), then
    residence and the card at most 2 working days each, in parallel (guidance quoted in GUIDANCE_SPLIT); together
    they fill the 3 days of art 7 clause 2 exactly."""
    residence = days(r"thường trú: tối đa (\d+) ngày làm việc", GUIDANCE_SPLIT)
    card = days(r"thẻ BHYT thì tối đa (\d+) ngày làm việc", GUIDANCE_SPLIT)
    assert components("LT-KHAISINH") == [
        (1, "1.001193", "receiving", Decimal(1), []),
        (2, "1.004222", "police", residence, [1]),
        (3, "1.001939", "social_insurance", card, [1]),
    ]
    specs = services.specs(list(bw.birth.components.prefetch_related("depends_on")))
    assert rules.critical_path_days(specs) == bw.birth.total_limit_days == 3
    # residence with verification ("không quá 5 ngày") is the bundle's verification limit
    assert days(r"xác minh thì không quá (\d+) ngày", GUIDANCE_SPLIT) == bw.birth.verification_limit_days


def test_death_group_is_flagged_as_not_verified(bw):
    """No published text reachable gives the death group's limit or split: the stored legal basis says so plainly,
    and the figures stay those of issue 21 (3/5 days; 1 day, then 2 ∥ 2)."""
    assert "CHƯA XÁC MINH" in bw.death.legal_basis
    assert (bw.death.total_limit_days, bw.death.verification_limit_days) == (3, 5)
    assert [(o, code, budget, deps) for o, code, _r, budget, deps in components("LT-KHAITU")] == [
        (1, "1.000656", Decimal(1), []),
        (2, "1.003197", Decimal(2), [1]),
        (3, "2.000821", Decimal(2), [1]),
    ]


# --- the health-insurance card's national code ------------------------------------------------------------------


@needs_records
def test_card_component_is_the_national_procedure_1_001939():
    """The card for a child under 6 is issued under 1.001939 (QĐ 1474/QĐ-BTC): the procedure for those who only take
    health insurance, where a participant the State budget pays for in full (children under 6, Luật BHYT art 12
    clause 3 point h) files through the commune People's Committee and social insurance decides."""
    card = record("bo-tai-chinh/1.001939")
    assert card["ma_thu_tuc"] == M0005.CARD_CODE == "1.001939"
    assert card["ten_thu_tuc"] == "Đăng ký đóng, cấp thẻ BHYT đối với người chỉ tham gia BHYT"
    assert card["so_quyet_dinh"] == "1474/QĐ-BTC"
    assert "ngân sách nhà nước đóng, (hỗ trợ 100% mức đóng BHYT): Nộp hồ sơ cho UBND xã" in card["raw_text"]
    assert "Bảo hiểm xã hội cấp huyện" in card["co_quan_thuc_hien"]
    # no record of the export carries the made-up code, nor a separate card procedure for children under 6
    assert not (TTHC / "bo-tai-chinh" / f"{M0005.OLD_CARD_CODE}.json").exists()


@pytest.mark.django_db
def test_migration_0005_moves_the_card_row_in_place_and_back(bw):
    """Filed bundles keep their part → component link: the row is updated, not replaced; reverse restores it."""
    row = BundleComponent.objects.get(definition=bw.birth, order=3)
    M0005.backward(django_apps, None)
    row.refresh_from_db()
    assert row.procedure_code == M0005.OLD_CARD_CODE
    assert not BundleDefinition.objects.filter(code__startswith="LT-TTLT05").exists()
    M0005.forward(django_apps, None)
    moved = BundleComponent.objects.get(definition=bw.birth, order=3)
    assert moved.pk == row.pk and moved.procedure_code == M0005.CARD_CODE
    M0005.forward(django_apps, None)  # twice is harmless
    assert BundleDefinition.objects.filter(code__startswith="LT-TTLT05").count() == 2


# --- the paper-era bundles (TTLT 05/2015) -----------------------------------------------------------------------


@needs_records
@pytest.mark.parametrize(
    ("code", "path"), [("LT-TTLT05-KS-TT-BHYT", "bo-tu-phap/2.000986"), ("LT-TTLT05-KS-BHYT", "bo-tu-phap/2.001023")]
)
def test_paper_era_bundles_follow_their_national_records(bw, code, path):
    """The limits are parsed from the record: "tối đa không quá N ngày làm việc" (the whole), "đăng ký khai sinh cho
    trẻ em ngay trong ngày tiếp nhận hồ sơ" (1 day), "đăng ký thường trú (trong thời hạn N ngày)", "cấp Thẻ bảo
    hiểm y tế cho trẻ em (trong thời hạn N ngày)"."""
    source = record(path)
    total = days(r"tối đa không quá (\d+) ngày làm việc", source["cach_thuc_thuc_hien"])
    steps = source["trinh_tu_thuc_hien"]
    assert "đăng ký khai sinh cho trẻ em ngay trong ngày tiếp nhận hồ sơ" in steps
    expected = [(1, "1.001193", "receiving", Decimal(1), [])]
    if "đăng ký thường trú (trong thời hạn" in steps:
        expected.append(
            (2, "1.004222", "police", days(r"đăng ký thường trú \(trong thời hạn (\d+) ngày\)", steps), [1])
        )
    card = days(r"cấp Thẻ bảo hiểm y tế cho trẻ em \(trong thời hạn (\d+) ngày\)", steps)
    expected.append((len(expected) + 1, "1.001939", "social_insurance", card, [1]))

    definition = BundleDefinition.objects.get(code=code)
    assert source["ma_thu_tuc"] in definition.legal_basis and "05/2015/TTLT-BTP-BCA-BYT" in definition.legal_basis
    assert definition.total_limit_days == definition.verification_limit_days == total
    assert not definition.is_active and not definition.is_national and definition.subject_max_age_years == 6
    assert components(code) == expected
    assert services.definition_errors(definition) == []  # the parts fit in the record's whole


def test_paper_era_limits_without_the_records(bw):
    """What migration 0005 ships when the records are not at hand: 20 and 15 working days (records 2.000986 and
    2.001023, "tối đa không quá 20 / 15 ngày làm việc")."""
    limits = dict(BundleDefinition.objects.filter(code__startswith="LT-TTLT05").values_list("code", "total_limit_days"))
    assert limits == {"LT-TTLT05-KS-TT-BHYT": 20, "LT-TTLT05-KS-BHYT": 15}
