"""The database refuses a counter serving a service group of another centre (issue 21, insider review).

Django cannot declare a constraint across the many-to-many table and both ends, so triggers do it on SQLite and
PostgreSQL: a link (counter, group) whose two centres differ, a counter moved away from its groups' centre, a
group moved away from its counters' centre. The error text is `counter_group_other_centre`
(`models.COUNTER_GROUP_OTHER_CENTRE`). On PostgreSQL the link trigger reads both rows FOR SHARE, so a concurrent
move of either waits for it (and is then refused by its own trigger). SQLite drops a table's triggers when a
later migration rebuilds that table: such a migration must create them again (`test_counter_config` fails
otherwise)."""

from django.db import migrations

NAME = "counter_group_other_centre"

SQLITE = [
    f"""CREATE TRIGGER counter_link_same_centre_{verb.lower()} BEFORE {verb} ON counter_counter_groups
    FOR EACH ROW WHEN (SELECT centre_id FROM counter_counter WHERE id = NEW.counter_id)
        IS NOT (SELECT centre_id FROM counter_servicegroup WHERE id = NEW.servicegroup_id)
    BEGIN SELECT RAISE(ABORT, '{NAME}'); END"""
    for verb in ("INSERT", "UPDATE")
] + [
    f"""CREATE TRIGGER counter_counter_centre_keeps_groups BEFORE UPDATE OF centre_id ON counter_counter
    FOR EACH ROW WHEN EXISTS (SELECT 1 FROM counter_counter_groups link
        JOIN counter_servicegroup g ON g.id = link.servicegroup_id
        WHERE link.counter_id = NEW.id AND g.centre_id <> NEW.centre_id)
    BEGIN SELECT RAISE(ABORT, '{NAME}'); END""",
    f"""CREATE TRIGGER counter_group_centre_keeps_counters BEFORE UPDATE OF centre_id ON counter_servicegroup
    FOR EACH ROW WHEN EXISTS (SELECT 1 FROM counter_counter_groups link
        JOIN counter_counter c ON c.id = link.counter_id
        WHERE link.servicegroup_id = NEW.id AND c.centre_id <> NEW.centre_id)
    BEGIN SELECT RAISE(ABORT, '{NAME}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS counter_link_same_centre_insert",
    "DROP TRIGGER IF EXISTS counter_link_same_centre_update",
    "DROP TRIGGER IF EXISTS counter_counter_centre_keeps_groups",
    "DROP TRIGGER IF EXISTS counter_group_centre_keeps_counters",
]

POSTGRESQL = [
    f"""CREATE FUNCTION counter_link_same_centre() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT centre_id FROM counter_counter WHERE id = NEW.counter_id FOR SHARE)
            IS DISTINCT FROM (SELECT centre_id FROM counter_servicegroup WHERE id = NEW.servicegroup_id FOR SHARE)
        THEN
            RAISE EXCEPTION '{NAME}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER counter_link_same_centre BEFORE INSERT OR UPDATE ON counter_counter_groups
    FOR EACH ROW EXECUTE FUNCTION counter_link_same_centre()""",
    f"""CREATE FUNCTION counter_counter_centre_keeps_groups() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM counter_counter_groups link
                   JOIN counter_servicegroup g ON g.id = link.servicegroup_id
                   WHERE link.counter_id = NEW.id AND g.centre_id <> NEW.centre_id) THEN
            RAISE EXCEPTION '{NAME}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER counter_counter_centre_keeps_groups BEFORE UPDATE OF centre_id ON counter_counter
    FOR EACH ROW EXECUTE FUNCTION counter_counter_centre_keeps_groups()""",
    f"""CREATE FUNCTION counter_group_centre_keeps_counters() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM counter_counter_groups link
                   JOIN counter_counter c ON c.id = link.counter_id
                   WHERE link.servicegroup_id = NEW.id AND c.centre_id <> NEW.centre_id) THEN
            RAISE EXCEPTION '{NAME}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER counter_group_centre_keeps_counters BEFORE UPDATE OF centre_id ON counter_servicegroup
    FOR EACH ROW EXECUTE FUNCTION counter_group_centre_keeps_counters()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS counter_link_same_centre ON counter_counter_groups",
    "DROP TRIGGER IF EXISTS counter_counter_centre_keeps_groups ON counter_counter",
    "DROP TRIGGER IF EXISTS counter_group_centre_keeps_counters ON counter_servicegroup",
    "DROP FUNCTION IF EXISTS counter_link_same_centre()",
    "DROP FUNCTION IF EXISTS counter_counter_centre_keeps_groups()",
    "DROP FUNCTION IF EXISTS counter_group_centre_keeps_counters()",
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):
    dependencies = [("counter", "0001_queue_tickets_and_appointments")]

    operations = [migrations.RunPython(create, drop)]
