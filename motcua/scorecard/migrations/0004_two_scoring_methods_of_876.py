"""Decision 876/QĐ-BNV scores a sub-criterion in one of two ways: self-assessment appraised by Home Affairs, or the
sociological survey. The third "system" method is removed: its criteria become self-assessed, and points that were
imported as system figures become the unit's self-assessed proposal (kept in the append-only history), so the
Department appraises them like any other self-assessed point."""

from django.db import migrations, models

REASON = "Chuyển từ phương pháp 'số liệu hệ thống' sang tự đánh giá theo Quyết định 876/QĐ-BNV"


def fold_system_into_self_assessment(apps, schema_editor):
    Criterion = apps.get_model("scorecard", "Criterion")
    Entry = apps.get_model("scorecard", "Entry")
    AssessmentEvent = apps.get_model("scorecard", "AssessmentEvent")
    system = list(Criterion.objects.filter(method="system").values_list("id", flat=True))
    if not system:
        return
    for entry in Entry.objects.filter(criterion_id__in=system).exclude(imported_points=None):
        if entry.self_points is None:
            AssessmentEvent.objects.create(
                assessment_id=entry.assessment_id,
                criterion_id=entry.criterion_id,
                verb="self_score",
                actor=None,
                from_points=None,
                to_points=entry.imported_points,
                reason=REASON,
            )
            entry.self_points = entry.imported_points
        entry.imported_points = None
        entry.save(update_fields=["self_points", "imported_points"])
    Criterion.objects.filter(id__in=system).update(method="self_appraised")


class Migration(migrations.Migration):
    dependencies = [
        ("scorecard", "0003_external_value_optional"),
    ]

    operations = [
        migrations.RunPython(fold_system_into_self_assessment, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="criterion",
            name="method",
            field=models.CharField(
                choices=[("self_appraised", "Self-assessed, then appraised"), ("survey", "Sociological survey")],
                default="self_appraised",
                max_length=16,
                verbose_name="scoring method",
            ),
        ),
        migrations.AlterField(
            model_name="assessmentevent",
            name="verb",
            field=models.CharField(
                choices=[
                    ("self_score", "Self-assessed points entered"),
                    ("submit", "Submitted for appraisal"),
                    ("appraise", "Points appraised"),
                    ("import", "Survey points imported"),
                    ("return", "Returned to the unit"),
                    ("finish", "Appraisal finished"),
                ],
                max_length=16,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="entry",
            name="imported_points",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=7, null=True, verbose_name="survey points"
            ),
        ),
    ]
