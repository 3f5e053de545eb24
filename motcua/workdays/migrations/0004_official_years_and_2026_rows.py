"""Mark 2024–2026 official (their yearly notice is on file) and store two 2026 decisions with their sources.

* Tết Dương lịch 2026 swap: the Government agreed on 25/12/2025 to swap Friday 02/01/2026 with Saturday
  10/01/2026 for state agencies, and the Ministry of Home Affairs announced it the same day (press reports of
  26/12/2025, e.g. 24h.com.vn "Ai được hoán đổi để nghỉ Tết Dương lịch 4 ngày"). `holidays` 0.109 does not know
  this swap. The notice's number is not on file: the row says so.
* Ngày Văn hóa Việt Nam, Tuesday 24/11/2026: Politburo Resolution 80-NQ/TW chose 24/11 as Vietnam Culture Day
  "with the policy that workers get a paid day off"; a Party resolution is not a legal instrument for a day off.
  Government Resolution 30/NQ-CP (February 2026) tasks the ministries with amending Labour Code 2019 art. 112.1
  to add the day (press of 25–26/02/2026: dantri.com.vn, znews.vn, vneconomy.vn). No amendment in force and no
  government notice for 24/11/2026 is on file, so the day stays a working day for state agencies (Labour Code
  2019 art. 112.1 lists 11 days; QĐ 188/1999/QĐ-TTg: Monday–Friday). `holidays` 0.109 lists it as a holiday;
  this row overrides it. One row an administrator changes to `day_off` (with the instrument's number) once the
  amendment or a notice exists.
"""

import datetime as dt

from django.db import migrations

D = dt.date

YEARS = [
    (2024, "5015/TB-LĐTBXH", D(2023, 11, 22), "Tết và Quốc khánh 2024; hoán đổi 30/4–1/5 theo TB 1570/TB-BLĐTBXH"),
    (2025, "6150/TB-BLĐTBXH", None, "Tết, 30/4–1/5 và Quốc khánh 2025 (CV 8726/VPCP-KGVX ngày 26/11/2024)"),
    (2026, "9441/TB-BNV", D(2025, 10, 16), "Tết và Quốc khánh 2026 (CV 9859/VPCP-KGVX ngày 13/10/2025)"),
]

HOME_AFFAIRS_2026_01 = "TB Bộ Nội vụ ngày 25/12/2025 (chưa lưu số hiệu)"
LABOUR_CODE = "BLLĐ 2019 Điều 112.1 (chưa sửa đổi)"

ADJUSTMENTS = [
    (D(2026, 1, 2), "day_off", "Hoán đổi ngày làm việc dịp Tết Dương lịch", HOME_AFFAIRS_2026_01, D(2025, 12, 25),
     "Chính phủ đồng ý ngày 25/12/2025: nghỉ thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026"),
    (D(2026, 1, 10), "working_day", "Làm bù cho thứ Sáu 02/01/2026", HOME_AFFAIRS_2026_01, D(2025, 12, 25),
     "Chính phủ đồng ý ngày 25/12/2025"),
    (D(2026, 11, 24), "working_day", "Ngày Văn hóa Việt Nam — chưa là ngày nghỉ", LABOUR_CODE, None,
     "NQ 80-NQ/TW là nghị quyết của Bộ Chính trị; NQ 30/NQ-CP (02/2026) giao sửa khoản 1 Điều 112 BLLĐ. "
     "Chưa có luật sửa đổi có hiệu lực hay thông báo của Chính phủ cho năm 2026: vẫn là ngày làm việc. "
     "Khi có văn bản, đổi thành ngày nghỉ và ghi số hiệu văn bản."),
]


def load(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarAdjustment = apps.get_model("workdays", "CalendarAdjustment")
    for year, number, issued, note in YEARS:
        CalendarYear.objects.get_or_create(
            year=year, defaults={"notice_number": number, "notice_date": issued, "note": note}
        )
    for day, kind, name, number, source_date, note in ADJUSTMENTS:
        CalendarAdjustment.objects.get_or_create(
            date=day,
            defaults={"kind": kind, "name": name, "source_number": number, "source_date": source_date, "note": note},
        )


def unload(apps, schema_editor):
    apps.get_model("workdays", "CalendarYear").objects.filter(year__in=[y for y, *_ in YEARS]).delete()
    apps.get_model("workdays", "CalendarAdjustment").objects.filter(date__in=[a[0] for a in ADJUSTMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0003_calendar_year")]
    operations = [migrations.RunPython(load, unload)]
