"""The two national groups of bundled procedures (issue 21 part 2: QĐ 296/QĐ-VPCP of 12/6/2024, ND 63/2024/NĐ-CP).

Total limits 3 working days, 5 with verification: from issue 21, not verified against the published text (see
`motcua/bundles/rules.py`). Components: the catalogue codes of the demo catalogue (`catalog/data/demo_procedures.yaml`);
'LT.BHYT-TE6' is a local demo code (no national record of its own in the stored export).
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

LEGAL = (
    "QĐ 296/QĐ-VPCP ngày 12/6/2024; Nghị định 63/2024/NĐ-CP về liên thông điện tử hai nhóm thủ tục hành chính; "
    "Nghị định 61/2018/NĐ-CP điều 19 (liên thông cùng cấp). Thời hạn 3/5 ngày làm việc: theo issue 21, chưa đối "
    "chiếu với văn bản đã công bố."
)

GROUPS = [
    {
        "code": "LT-KHAISINH",
        "name": "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "subject_label": "Họ, chữ đệm và tên của trẻ",
        "subject_date_label": "Ngày sinh của trẻ",
        "subject_max_age_years": 6,
        "components": [
            (1, "1.001193", "Đăng ký khai sinh", "receiving", "1", ()),
            (2, "1.004222", "Đăng ký thường trú", "police", "2", (1,)),
            (3, "LT.BHYT-TE6", "Cấp thẻ bảo hiểm y tế", "social_insurance", "2", (1,)),
        ],
    },
    {
        "code": "LT-KHAITU",
        "name": "Liên thông đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất",
        "subject_label": "Họ, chữ đệm và tên của người đã mất",
        "subject_date_label": "Ngày mất",
        "subject_max_age_years": None,
        "components": [
            (1, "1.000656", "Đăng ký khai tử", "receiving", "1", ()),
            (2, "1.003197", "Xóa đăng ký thường trú", "police", "2", (1,)),
            (3, "2.000821", "Trợ cấp mai táng, chế độ tử tuất", "social_insurance", "2", (1,)),
        ],
    },
]


def load(apps, schema_editor):
    Definition = apps.get_model("bundles", "BundleDefinition")
    Component = apps.get_model("bundles", "BundleComponent")
    for group in GROUPS:
        definition, _created = Definition.objects.update_or_create(
            code=group["code"],
            defaults={
                "name": group["name"],
                "legal_basis": LEGAL,
                "is_national": True,
                "total_limit_days": Decimal(3),
                "verification_limit_days": Decimal(5),
                "cutoff": dt.time(15, 0),
                "subject_label": group["subject_label"],
                "subject_date_label": group["subject_date_label"],
                "subject_max_age_years": group["subject_max_age_years"],
            },
        )
        by_order = {}
        for order, code, title, role, budget, _deps in group["components"]:
            by_order[order], _c = Component.objects.update_or_create(
                definition=definition,
                order=order,
                defaults={"procedure_code": code, "title": title, "role": role, "budget_days": Decimal(budget)},
            )
        for order, _code, _title, _role, _budget, deps in group["components"]:
            by_order[order].depends_on.set([by_order[d] for d in deps])


def unload(apps, schema_editor):
    apps.get_model("bundles", "BundleDefinition").objects.filter(code__in=[g["code"] for g in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("bundles", "0001_bundled_procedures")]

    operations = [migrations.RunPython(load, unload)]
