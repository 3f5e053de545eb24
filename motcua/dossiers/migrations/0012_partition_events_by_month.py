"""The dossier history partitioned by month on PostgreSQL (issue 20 part 4; motcua.dossiers.partitions).

Converts an existing `dossiers_dossierevent` in place: monthly partitions (Vietnam time) from the oldest event to
three months ahead plus a DEFAULT partition, every row copied, key (id, created_at), indexes, checks, foreign keys
and the (dossier, seq) guard recreated. The Django model and migration state do not change (the partitioning is
below the ORM), so this is a no-op on SQLite and when already partitioned. Time: one copy of the table (about a
minute per few million events); run it in a maintenance window on a large history. Not reversed: going back to
0010 leaves the table partitioned, which the older code reads and writes the same way.

Numbered 0012 to leave 0011 to a concurrent branch; the integrator renumbers if needed.
"""

from django.db import migrations
from django.utils import timezone


def partition(apps, schema_editor):
    from motcua.dossiers.partitions import partition_events

    partition_events(now=timezone.now(), connection=schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0011_dossier_committed_due"),
        ("sync", "0001_initial"),  # the outbox's foreign key to the events exists before it is dropped
    ]

    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
