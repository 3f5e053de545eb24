"""A kind of its own for electronic copies certified from originals (`motcua.certify`), which were stored as
"electronic result". Existing rows are relabelled when a certified copy matches them exactly: same owner, same
SHA-256 (unique in the certification book) and the same file (the store points at the book's file). Reversible:
the copies go back to "result", as they were."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def relabel_certified_copies(apps, schema_editor):
    StoredDocument = apps.get_model("datastore", "StoredDocument")
    CertifiedCopy = apps.get_model("certify", "CertifiedCopy")
    same_copy = CertifiedCopy.objects.filter(
        owner_id=OuterRef("owner_id"), sha256=OuterRef("sha256"), file=OuterRef("file")
    )
    StoredDocument.objects.filter(kind="result", source_document__isnull=True).filter(Exists(same_copy)).update(
        kind="certified_copy"
    )


def back_to_result(apps, schema_editor):
    StoredDocument = apps.get_model("datastore", "StoredDocument")
    StoredDocument.objects.filter(kind="certified_copy").update(kind="result")


class Migration(migrations.Migration):
    dependencies = [
        ("datastore", "0001_initial"),
        ("certify", "0002_requester_in_the_book_account_optional"),
    ]

    operations = [
        migrations.AlterField(
            model_name="storeddocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("result", "Electronic result"),
                    ("component", "Digitised document"),
                    ("certified_copy", "Certified electronic copy"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(relabel_certified_copies, back_to_result),
    ]
