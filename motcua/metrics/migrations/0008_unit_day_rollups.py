"""Per-unit daily totals for the window read (issue 15 item 2), filled from the existing daily rollups and
open-stock changes by the rule of `coarse.unit_day_changes` (a frozen copy: flows on their day, received by
channel; stock changes by bucket, in-progress ones also by their due day — before the day, on the day, or keyed on
a later due day; nothing for the no-due-day sentinel)."""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum

NO_DUE = dt.date(9999, 12, 31)
BY_CHANNEL = {"online": "received_online", "counter": "received_counter", "post": "received_post"}


def fill(apps, schema_editor):
    daily = apps.get_model("metrics", "DailyRollup")
    stock = apps.get_model("metrics", "OpenStock")
    target = apps.get_model("metrics", "UnitDayRollup")
    columns = [f.name for f in target._meta.concrete_fields if f.name not in ("id", "unit", "day")]
    flows = [name for name in columns if not name.endswith("_delta") and name not in BY_CHANNEL.values()]
    rows: dict[tuple[int, dt.date], dict[str, int]] = {}

    def add(unit_id, day, column, value):
        if value:
            row = rows.setdefault((unit_id, day), dict.fromkeys(columns, 0))
            row[column] += value

    sums = {name: Sum(name) for name in ("received", *flows)}
    for row in daily.objects.values("unit_id", "day", "channel").order_by().annotate(**sums).iterator():
        column = BY_CHANNEL.get(row["channel"])
        if column:
            add(row["unit_id"], row["day"], column, row["received"] or 0)
        for name in flows:
            add(row["unit_id"], row["day"], name, row[name] or 0)
    changes = stock.objects.values("unit_id", "day", "bucket", "due_day").order_by().annotate(total=Sum("delta"))
    for row in changes.iterator():
        unit_id, day, due, delta = row["unit_id"], row["day"], row["due_day"], row["total"] or 0
        if row["bucket"] == "waiting":
            add(unit_id, day, "waiting_delta", delta)
            continue
        add(unit_id, day, "in_progress_delta", delta)
        if due is None or due == NO_DUE:
            continue
        if due < day:
            add(unit_id, day, "due_before_delta", delta)
        elif due == day:
            add(unit_id, day, "due_on_delta", delta)
        else:
            add(unit_id, due, "falling_due_delta", delta)
    target.objects.bulk_create(
        [target(unit_id=u, day=d, **values) for (u, d), values in rows.items() if any(values.values())],
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('metrics', '0007_daily_commitment_counters'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='UnitDayRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day (Vietnam)')),
                ('in_progress_delta', models.IntegerField(default=0, verbose_name='change in progress')),
                ('waiting_delta', models.IntegerField(default=0, verbose_name='change waiting for the applicant')),
                ('due_before_delta', models.IntegerField(default=0, verbose_name='change in progress due before the day')),
                ('due_on_delta', models.IntegerField(default=0, verbose_name='change in progress due on the day')),
                ('falling_due_delta', models.IntegerField(default=0, verbose_name='earlier change in progress falling due on the day')),
                ('received_online', models.IntegerField(default=0, verbose_name='received online')),
                ('received_counter', models.IntegerField(default=0, verbose_name='received at the counter')),
                ('received_post', models.IntegerField(default=0, verbose_name='received by post')),
                ('resolved_early', models.IntegerField(default=0, verbose_name='resolved early')),
                ('resolved_on_time', models.IntegerField(default=0, verbose_name='resolved on time')),
                ('resolved_late', models.IntegerField(default=0, verbose_name='resolved late')),
                ('refused', models.IntegerField(default=0, verbose_name='refused')),
                ('stopped', models.IntegerField(default=0, verbose_name='stopped')),
                ('withdrawn', models.IntegerField(default=0, verbose_name='withdrawn')),
                ('delivered', models.IntegerField(default=0, verbose_name='delivered')),
                ('supplement_requested', models.IntegerField(default=0, verbose_name='supplement requested')),
                ('extended', models.IntegerField(default=0, verbose_name='extended')),
                ('committed_resolved', models.IntegerField(default=0, verbose_name='resolved under a service commitment')),
                ('committed_kept', models.IntegerField(default=0, verbose_name='service commitment kept')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'unit daily rollup',
                'verbose_name_plural': 'unit daily rollups',
                'indexes': [models.Index(fields=['day', 'unit'], name='metrics_unitday_day_unit')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'day'), name='metrics_unitday_key')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
