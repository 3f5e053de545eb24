"""Split the monthly flow rollups at the reporting-window cut-off day (ND 09/2019/NĐ-CP art 12: the 15th) so both
calendar periods and official windows read whole rows (issue 15). Re-aggregates `MonthlyRollup` from the daily
rollups; the checkpoints of the 14th are written by the next `metrics close-months` run (the sync worker's daily
housekeeping), until then such windows read the daily changes (same figures, slower)."""

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.db.models import Sum

COUNTERS = (
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused",
    "stopped",
    "withdrawn",
    "delivered",
    "supplement_requested",
    "extended",
)
BY_CHANNEL = {"online": "received_online", "counter": "received_counter", "post": "received_post"}


def split(apps, schema_editor):
    daily = apps.get_model("metrics", "DailyRollup")
    monthly = apps.get_model("metrics", "MonthlyRollup")
    cut = int(getattr(settings, "MOTCUA_REPORT_CUTOFF_DAY", 15))
    parts: dict[tuple[int, dt.date], dict[str, int]] = {}
    sums = {name: Sum(name) for name in ("received", *COUNTERS)}
    for row in daily.objects.values("unit_id", "day", "channel").order_by().annotate(**sums).iterator():
        day = row["day"]
        key = (row["unit_id"], day.replace(day=cut if day.day >= cut else 1))
        values = parts.setdefault(key, dict.fromkeys((*BY_CHANNEL.values(), *COUNTERS), 0))
        column = BY_CHANNEL.get(row["channel"])
        if column:
            values[column] += row["received"] or 0
        for name in COUNTERS:
            values[name] += row[name] or 0
    monthly.objects.all().delete()
    monthly.objects.bulk_create(
        [monthly(unit_id=unit_id, month=start, **values) for (unit_id, start), values in parts.items()],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("metrics", "0003_targets")]

    operations = [migrations.RunPython(split, migrations.RunPython.noop)]
