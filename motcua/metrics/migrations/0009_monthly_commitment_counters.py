"""The service-commitment counters in the half-monthly rollups (issue 21 part 1, docs/domain/deadlines.md §10), so
the period report's "commitment kept rate" reads them like every other flow; filled from the daily rollups of an
existing installation (half month = days 1–14 or 15–end, `coarse.part_start`)."""

import datetime as dt

from django.db import migrations, models
from django.db.models import Sum

COLUMNS = ("committed_resolved", "committed_kept")


def part_start(day: dt.date) -> dt.date:
    return day.replace(day=1 if day.day < 15 else 15)


def fill(apps, schema_editor):
    daily = apps.get_model("metrics", "DailyRollup")
    monthly = apps.get_model("metrics", "MonthlyRollup")
    sums: dict[tuple[int, dt.date], dict[str, int]] = {}
    rows = daily.objects.filter(committed_resolved__gt=0).values("unit_id", "day").order_by()
    for row in rows.annotate(**{name: Sum(name) for name in COLUMNS}).iterator():
        part = sums.setdefault((row["unit_id"], part_start(row["day"])), dict.fromkeys(COLUMNS, 0))
        for name in COLUMNS:
            part[name] += row[name] or 0
    for (unit_id, month), values in sums.items():
        monthly.objects.update_or_create(unit_id=unit_id, month=month, defaults=values)


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0008_unit_day_rollups"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthlyrollup",
            name="committed_kept",
            field=models.IntegerField(default=0, verbose_name="service commitment kept"),
        ),
        migrations.AddField(
            model_name="monthlyrollup",
            name="committed_resolved",
            field=models.IntegerField(default=0, verbose_name="resolved under a service commitment"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
