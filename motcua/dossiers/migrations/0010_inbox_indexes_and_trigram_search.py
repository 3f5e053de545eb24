"""The inbox at scale: an index for the register order of the "all" tab, one on (status, due_at) for the
"waiting", "due soon" and "overdue" tabs, and on PostgreSQL a trigram GIN index on
the folded search text (`core.text.fold`) so the inbox search (a LIKE '%…%' on `search_text`) reads an index
instead of scanning every dossier. SQLite keeps the scan (development databases are small; docs/operations.md)."""

from django.db import migrations, models

TRIGRAM_INDEX = "dossiers_search_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("dossiers", "Dossier")._meta.db_table)
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {table} USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_dossier_submitter_on_behalf"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["created_at", "id"], name="dossiers_created_order"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["status", "due_at"], name="dossiers_status_due"),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
