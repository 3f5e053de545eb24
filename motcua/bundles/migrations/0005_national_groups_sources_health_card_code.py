"""The national bundle groups checked against the published texts (issue 21 part 2, gaps of the last session).

1. **Birth group (LT-KHAISINH): limits confirmed, sources cited.** ND 63/2024/NĐ-CP art 7 clause 2: "Thời gian
   giải quyết nhóm thủ tục hành chính liên thông “Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho
   trẻ em dưới 6 tuổi” không quá 03 ngày làm việc … trường hợp phải xác minh thì không quá 05 ngày làm việc. Nếu
   tiếp nhận hồ sơ sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm việc tiếp theo." (text as quoted by
   thuvienphapluat.vn, hỏi đáp 83A30A8). → total 3, with verification 5, cut-off 15:00: the values of 0002 stand.
   Per-agency split (birth 1 day, then residence and card 2 days each in parallel): the decree article carrying it
   was not reached; a published guidance of the Ministry of Public Security (Báo Thanh Niên, 09/09/2025) gives
   "đăng ký thường trú: tối đa 2 ngày làm việc … cấp thẻ BHYT thì tối đa 2 ngày làm việc" and the birth
   registration "ngay trong ngày làm việc" (also the catalogue record 2.000986, step 3): the split of 0002 stands.
2. **Health-insurance card: the national code.** 'LT.BHYT-TE6' was a made-up local code. The national catalogue
   (stored export `tthc/bo-tai-chinh/1.001939.json`, QĐ 1474/QĐ-BTC) publishes the card issuance of a person
   whose contribution the State budget pays in full — children under 6 are in that group (Luật BHYT, consolidated
   text 22/VBHN-VPQH 2025, art 12 clause 3 point h "Trẻ em dưới 6 tuổi") — as 1.001939 "Đăng ký
   đóng, cấp thẻ BHYT đối với người chỉ tham gia BHYT", filed through the commune People's Committee and decided
   by district/provincial social insurance. The catalogue has no procedure named for children under 6 alone. The
   existing component row is updated in place: bundle parts already filed keep pointing at it, and their component
   dossiers keep the catalogue version they were filed under (code LT.BHYT-TE6, still in the demo catalogue), so
   their history reads as before. Reverse: back to 'LT.BHYT-TE6'.
3. **Death group (LT-KHAITU): NOT verified.** No published text reachable here gives the total limit of the group
   "đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất" (ND 63/2024, Section 2) nor its
   per-agency split. The 3/5 days and the 1 + 2 ∥ 2 split of 0002 are kept as configuration from issue 21 and the
   legal basis says so in plain words; they must be confirmed by the domain expert.
4. **Paper-era bundles (TTLT 05/2015/TTLT-BTP-BCA-BYT), shipped inactive.** The national catalogue still publishes
   them (records 2.000986 and 2.001023, level: commune), so a province still receiving them at the counter can turn
   them on (admin, `is_active`). Figures from the records (read in `tests/test_national_sources.py`):
   2.000986 — at most 20 working days; birth the same day, residence within 15 days, card within 10 days;
   2.001023 — at most 15 working days; birth the same day, card within 10 days. The records' extensions (+2 working
   days when the commune must complete the dossier, +5 for communes 50 km or more away) are not "verification" and
   are not modelled: the verification limit equals the total. They are not national ND 63 groups
   (`is_national=False`), so the 3/5-day cap of `rules.check_definition` does not apply to them.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

OLD_CARD_CODE = "LT.BHYT-TE6"
CARD_CODE = "1.001939"

BIRTH_LEGAL = (
    "Nghị định 63/2024/NĐ-CP ngày 10/6/2024, điều 7 khoản 2: không quá 03 ngày làm việc kể từ khi các cơ quan có "
    "thẩm quyền nhận đầy đủ hồ sơ, trường hợp phải xác minh không quá 05 ngày làm việc; tiếp nhận sau 15 giờ thì "
    "tính từ ngày làm việc tiếp theo. Công bố: QĐ 296/QĐ-VPCP ngày 12/6/2024. Phân chia thời hạn giữa các cơ quan "
    "(khai sinh trong ngày; thường trú, thẻ BHYT mỗi phần tối đa 2 ngày làm việc): theo hướng dẫn của Bộ Công an "
    "(Báo Thanh Niên 09/09/2025), chưa đối chiếu được với điều khoản của Nghị định. Thẻ BHYT: thủ tục 1.001939 "
    "(QĐ 1474/QĐ-BTC). Nghị định 61/2018/NĐ-CP điều 19 (liên thông cùng cấp)."
)
LEGAL_0002 = (
    "QĐ 296/QĐ-VPCP ngày 12/6/2024; Nghị định 63/2024/NĐ-CP về liên thông điện tử hai nhóm thủ tục hành chính; "
    "Nghị định 61/2018/NĐ-CP điều 19 (liên thông cùng cấp). Thời hạn 3/5 ngày làm việc: theo issue 21, chưa đối "
    "chiếu với văn bản đã công bố."
)
DEATH_LEGAL = (
    "Nghị định 63/2024/NĐ-CP ngày 10/6/2024 (nhóm đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, "
    "tử tuất); công bố: QĐ 296/QĐ-VPCP ngày 12/6/2024; Nghị định 61/2018/NĐ-CP điều 19. CHƯA XÁC MINH: thời hạn "
    "chung 3 ngày làm việc (5 ngày khi cần xác minh) và phân chia giữa các cơ quan lấy theo issue 21, chưa tìm "
    "được văn bản đã công bố quy định các con số này; cần chuyên gia nghiệp vụ xác nhận."
)

# code, name, legal basis, total = verification limit, subject labels, max age, components
# (order, procedure code, title, role, budget in working days, waits for).
PAPER_ERA = [
    {
        "code": "LT-TTLT05-KS-TT-BHYT",
        "name": "Liên thông (hồ sơ giấy) đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em "
        "dưới 6 tuổi",
        "legal_basis": (
            "Thông tư liên tịch 05/2015/TTLT-BTP-BCA-BYT; thủ tục 2.000986 của Cơ sở dữ liệu quốc gia về TTHC: tối "
            "đa không quá 20 ngày làm việc kể từ ngày nộp đủ hồ sơ; đăng ký khai sinh ngay trong ngày tiếp nhận; "
            "đăng ký thường trú trong thời hạn 15 ngày; cấp thẻ BHYT trong thời hạn 10 ngày. Các trường hợp kéo "
            "dài (thêm 02 ngày làm việc để hoàn thiện hồ sơ, thêm 05 ngày làm việc với xã cách xa từ 50 km) không "
            "được mô hình hóa."
        ),
        "total": "20",
        "record": "bo-tu-phap/2.000986",
        "components": [
            (1, "1.001193", "Đăng ký khai sinh", "receiving", "1", ()),
            (2, "1.004222", "Đăng ký thường trú", "police", "15", (1,)),
            (3, CARD_CODE, "Cấp thẻ bảo hiểm y tế", "social_insurance", "10", (1,)),
        ],
    },
    {
        "code": "LT-TTLT05-KS-BHYT",
        "name": "Liên thông (hồ sơ giấy) đăng ký khai sinh, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "legal_basis": (
            "Thông tư liên tịch 05/2015/TTLT-BTP-BCA-BYT; thủ tục 2.001023 của Cơ sở dữ liệu quốc gia về TTHC: tối "
            "đa không quá 15 ngày làm việc kể từ ngày nộp đủ hồ sơ; đăng ký khai sinh ngay trong ngày tiếp nhận; "
            "cấp thẻ BHYT trong thời hạn 10 ngày. Các trường hợp kéo dài (thêm 02 ngày làm việc để hoàn thiện hồ "
            "sơ, thêm 05 ngày làm việc với xã cách xa từ 50 km) không được mô hình hóa."
        ),
        "total": "15",
        "record": "bo-tu-phap/2.001023",
        "components": [
            (1, "1.001193", "Đăng ký khai sinh", "receiving", "1", ()),
            (2, CARD_CODE, "Cấp thẻ bảo hiểm y tế", "social_insurance", "10", (1,)),
        ],
    },
]


def forward(apps, schema_editor):
    Definition = apps.get_model("bundles", "BundleDefinition")
    Component = apps.get_model("bundles", "BundleComponent")
    Component.objects.filter(definition__code="LT-KHAISINH", procedure_code=OLD_CARD_CODE).update(
        procedure_code=CARD_CODE
    )
    Definition.objects.filter(code="LT-KHAISINH").update(legal_basis=BIRTH_LEGAL)
    Definition.objects.filter(code="LT-KHAITU").update(legal_basis=DEATH_LEGAL)
    for group in PAPER_ERA:
        total = Decimal(group["total"])
        definition, created = Definition.objects.get_or_create(
            code=group["code"],
            defaults={
                "name": group["name"],
                "legal_basis": group["legal_basis"],
                "is_national": False,
                "is_active": False,
                "total_limit_days": total,
                "verification_limit_days": total,
                "cutoff": dt.time(15, 0),
                "subject_label": "Họ, chữ đệm và tên của trẻ",
                "subject_date_label": "Ngày sinh của trẻ",
                "subject_max_age_years": 6,
            },
        )
        if not created:  # a province already defined it by hand: leave its choices alone
            continue
        by_order = {}
        for order, code, title, role, budget, _deps in group["components"]:
            by_order[order] = Component.objects.create(
                definition=definition, order=order, procedure_code=code, title=title, role=role, budget_days=budget
            )
        for order, _code, _title, _role, _budget, deps in group["components"]:
            by_order[order].depends_on.set([by_order[d] for d in deps])


def backward(apps, schema_editor):
    Definition = apps.get_model("bundles", "BundleDefinition")
    Component = apps.get_model("bundles", "BundleComponent")
    Bundle = apps.get_model("bundles", "Bundle")
    paper = [g["code"] for g in PAPER_ERA]
    # paper-era definitions that were used keep their rows (bundles PROTECT them); unused ones go
    Definition.objects.filter(code__in=paper).exclude(
        pk__in=Bundle.objects.filter(definition__code__in=paper).values("definition")
    ).delete()
    Component.objects.filter(definition__code="LT-KHAISINH", procedure_code=CARD_CODE).update(
        procedure_code=OLD_CARD_CODE
    )
    Definition.objects.filter(code="LT-KHAISINH").update(legal_basis=LEGAL_0002)
    Definition.objects.filter(code="LT-KHAITU").update(legal_basis=LEGAL_0002)


class Migration(migrations.Migration):
    dependencies = [("bundles", "0004_bundle_form_submission_key")]

    operations = [migrations.RunPython(forward, backward)]
