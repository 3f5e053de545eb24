"""Ship the default work schedule and the official 2024–2026 adjustments for state agencies.

Only weekdays whose status is fixed by a yearly notice are stored (Tết and National Day days chosen by the Prime
Minister under Labour Code 2019 art. 112.3, swapped days, make-up Saturdays); fixed-date holidays (1/1, 30/4,
1/5, 2/9, Hùng Kings) come from the `holidays` package. The package agrees with every row below (checked when
written, holidays 0.109); the rows are stored so that the notice, not the package, is the authority.
Data is copied here on purpose: a migration must not depend on code that may change.
"""

import datetime as dt

from django.db import migrations

D = dt.date

# (date, kind, name, source number, source date, note)
ADJUSTMENTS = [
    # 2024 — TB 5015/TB-LĐTBXH (22/11/2023) after CV 8662/VPCP-KGVX (03/11/2023): Tết Thu 08/02–Wed 14/02,
    # National Day Sat 31/8–Tue 03/9. 30/4–1/5 swap: CV 2450/VPCP-KGVX (12/4/2024), TB 1570/TB-BLĐTBXH.
    (D(2024, 2, 8), "day_off", "Tết Nguyên đán (29 tháng Chạp)", "5015/TB-LĐTBXH", D(2023, 11, 22), ""),
    (D(2024, 2, 9), "day_off", "Tết Nguyên đán (30 tháng Chạp)", "5015/TB-LĐTBXH", D(2023, 11, 22), ""),
    (D(2024, 2, 12), "day_off", "Tết Nguyên đán (mùng 3)", "5015/TB-LĐTBXH", D(2023, 11, 22), ""),
    (D(2024, 2, 13), "day_off", "Tết Nguyên đán (nghỉ bù)", "5015/TB-LĐTBXH", D(2023, 11, 22),
     "Mùng 1 và mùng 2 Tết rơi vào thứ Bảy, Chủ nhật; nghỉ bù theo khoản 3 Điều 111 BLLĐ 2019"),
    (D(2024, 2, 14), "day_off", "Tết Nguyên đán (nghỉ bù)", "5015/TB-LĐTBXH", D(2023, 11, 22),
     "Mùng 1 và mùng 2 Tết rơi vào thứ Bảy, Chủ nhật; nghỉ bù theo khoản 3 Điều 111 BLLĐ 2019"),
    (D(2024, 4, 29), "day_off", "Hoán đổi ngày làm việc dịp 30/4–1/5", "1570/TB-BLĐTBXH", None,
     "Nghỉ thứ Hai 29/4/2024, làm bù thứ Bảy 04/5/2024 (CV 2450/VPCP-KGVX ngày 12/4/2024)"),
    (D(2024, 5, 4), "working_day", "Làm bù cho thứ Hai 29/4/2024", "1570/TB-BLĐTBXH", None,
     "CV 2450/VPCP-KGVX ngày 12/4/2024"),
    (D(2024, 9, 2), "day_off", "Quốc khánh", "5015/TB-LĐTBXH", D(2023, 11, 22), ""),
    (D(2024, 9, 3), "day_off", "Quốc khánh (ngày liền kề)", "5015/TB-LĐTBXH", D(2023, 11, 22), ""),
    # 2025 — TB 6150/TB-BLĐTBXH (2024) after CV 8726/VPCP-KGVX (26/11/2024): Tết Sat 25/01–Sun 02/02;
    # 30/4–1/5: Fri 02/5 swapped with make-up Sat 26/4; National Day Sat 30/8–Tue 02/9.
    (D(2025, 1, 27), "day_off", "Tết Nguyên đán (28 tháng Chạp)", "6150/TB-BLĐTBXH", None, ""),
    (D(2025, 1, 28), "day_off", "Tết Nguyên đán (29 tháng Chạp)", "6150/TB-BLĐTBXH", None, ""),
    (D(2025, 1, 29), "day_off", "Tết Nguyên đán (mùng 1)", "6150/TB-BLĐTBXH", None, ""),
    (D(2025, 1, 30), "day_off", "Tết Nguyên đán (mùng 2)", "6150/TB-BLĐTBXH", None, ""),
    (D(2025, 1, 31), "day_off", "Tết Nguyên đán (mùng 3)", "6150/TB-BLĐTBXH", None, ""),
    (D(2025, 4, 26), "working_day", "Làm bù cho thứ Sáu 02/5/2025", "6150/TB-BLĐTBXH", None,
     "Hoán đổi dịp 30/4–1/5/2025: nghỉ 5 ngày từ 30/4 đến 04/5"),
    (D(2025, 5, 2), "day_off", "Hoán đổi ngày làm việc dịp 30/4–1/5", "6150/TB-BLĐTBXH", None,
     "Làm bù thứ Bảy 26/4/2025"),
    (D(2025, 9, 1), "day_off", "Quốc khánh (ngày liền kề)", "6150/TB-BLĐTBXH", None, ""),
    (D(2025, 9, 2), "day_off", "Quốc khánh", "6150/TB-BLĐTBXH", None, ""),
    # 2026 — TB 9441/TB-BNV (16/10/2025) after CV 9859/VPCP-KGVX (13/10/2025), ND 128/2025 art. 7.2:
    # Tết Mon 16/02–Fri 20/02 (9 days with weekends); National Day 01–02/9; Mon 31/8 off, make-up Sat 22/8.
    (D(2026, 2, 16), "day_off", "Tết Nguyên đán (29 tháng Chạp)", "9441/TB-BNV", D(2025, 10, 16), ""),
    (D(2026, 2, 17), "day_off", "Tết Nguyên đán (mùng 1)", "9441/TB-BNV", D(2025, 10, 16), ""),
    (D(2026, 2, 18), "day_off", "Tết Nguyên đán (mùng 2)", "9441/TB-BNV", D(2025, 10, 16), ""),
    (D(2026, 2, 19), "day_off", "Tết Nguyên đán (mùng 3)", "9441/TB-BNV", D(2025, 10, 16), ""),
    (D(2026, 2, 20), "day_off", "Tết Nguyên đán (mùng 4)", "9441/TB-BNV", D(2025, 10, 16), ""),
    (D(2026, 8, 22), "working_day", "Làm bù cho thứ Hai 31/8/2026", "9441/TB-BNV", D(2025, 10, 16), ""),
    (D(2026, 8, 31), "day_off", "Hoán đổi ngày làm việc dịp Quốc khánh", "9441/TB-BNV", D(2025, 10, 16),
     "Làm bù thứ Bảy 22/8/2026"),
    (D(2026, 9, 1), "day_off", "Quốc khánh (ngày liền kề)", "9441/TB-BNV", D(2025, 10, 16), ""),
    (D(2026, 9, 2), "day_off", "Quốc khánh", "9441/TB-BNV", D(2025, 10, 16), ""),
]


def load(apps, schema_editor):
    WorkSchedule = apps.get_model("workdays", "WorkSchedule")
    CalendarAdjustment = apps.get_model("workdays", "CalendarAdjustment")
    WorkSchedule.objects.get_or_create(
        valid_from=D(2000, 1, 1),
        defaults={
            "morning_start": dt.time(7, 30),
            "morning_end": dt.time(11, 30),
            "afternoon_start": dt.time(13, 0),
            "afternoon_end": dt.time(17, 0),
            "clock_cutoff": dt.time(15, 0),
            "source": "QĐ 188/1999/QĐ-TTg (40 giờ/5 ngày); giờ các buổi do địa phương quy định",
            "note": "Mặc định 07:30–11:30 và 13:00–17:00; mốc 15:00 theo Điều 18 NĐ 61/2018/NĐ-CP.",
        },
    )
    for day, kind, name, number, source_date, note in ADJUSTMENTS:
        CalendarAdjustment.objects.get_or_create(
            date=day,
            defaults={"kind": kind, "name": name, "source_number": number, "source_date": source_date, "note": note},
        )


def unload(apps, schema_editor):
    CalendarAdjustment = apps.get_model("workdays", "CalendarAdjustment")
    CalendarAdjustment.objects.filter(date__in=[row[0] for row in ADJUSTMENTS]).delete()
    apps.get_model("workdays", "WorkSchedule").objects.filter(valid_from=D(2000, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
