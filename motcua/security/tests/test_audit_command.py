"""`motcua audit verify` over a whole database."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import DossierEvent

pytestmark = pytest.mark.django_db


def _verify(*args) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def test_verify_reports_an_intact_database_as_json(world):
    world.dossier_in(DossierStatus.RESULT_READY)
    world.dossier_in(DossierStatus.IN_PROGRESS)
    report = json.loads(_verify("--json"))
    assert (report["ok"], report["dossiers"], report["events"]) == (True, 2, 7)


def test_verify_fails_with_dossier_code_and_seq_of_the_first_broken_link(world):
    dossier = world.dossier_in(DossierStatus.AWAITING_APPROVAL)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {DossierEvent._meta.db_table} SET actor_id = NULL WHERE dossier_id = %s AND seq = 2",  # noqa: S608
            [dossier.pk],
        )
    with pytest.raises(CommandError, match=f"{dossier.code} event 2 \\(content\\)"):
        _verify()


def test_audit_without_a_verb_is_a_clear_error():
    with pytest.raises(CommandError, match="usage: audit verify"):
        call_command("audit", stdout=StringIO())
