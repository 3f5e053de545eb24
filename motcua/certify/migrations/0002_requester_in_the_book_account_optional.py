"""The book records the requester (name, identification number) as read from their identity paper; the citizen
account becomes optional and is linked silently (issue 21: the form no longer tells whether an account exists).
Copies made before take the name and number of their account."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_from_accounts(apps, schema_editor):
    CertifiedCopy = apps.get_model("certify", "CertifiedCopy")
    for copy in CertifiedCopy.objects.select_related("owner").iterator():
        copy.requester_name = (copy.owner.full_name or copy.owner.username)[:200]
        copy.requester_id_number = (copy.owner.id_number or "")[:12]
        copy.save(update_fields=["requester_name", "requester_id_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("certify", "0001_electronic_certified_copies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="certifiedcopy",
            name="requester_name",
            field=models.CharField(default="", max_length=200, verbose_name="requester's full name"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="certifiedcopy",
            name="requester_id_number",
            field=models.CharField(default="", max_length=12, verbose_name="requester's identification number"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="certifiedcopy",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certified_copies",
                to=settings.AUTH_USER_MODEL,
                verbose_name="requester's account",
            ),
        ),
        migrations.RunPython(fill_from_accounts, migrations.RunPython.noop),
    ]
