import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers.choices import DossierStatus
from motcua.sync.choices import DeliveryStatus
from motcua.sync.models import Delivery, SyncEndpoint
from motcua.sync.testing import FAIL

S = DossierStatus


def test_worker_once_drains_the_outbox(world, national, portal, capsys):
    dossier = world.dossier_in(S.RECEIVED)
    call_command("worker", "--once", "--no-reminders", "--name", "cli")
    assert "1 lần gửi / delivery attempts" in capsys.readouterr().out
    assert portal.records[dossier.code]["TrangThaiHoSo"] == 2


def test_worker_with_max_seconds_delivers_then_stops(world, national, portal):
    dossier = world.dossier_in(S.RECEIVED)
    call_command("worker", "--max-seconds", "0.3", "--no-reminders")
    assert portal.records[dossier.code]["TrangThaiHoSo"] == 2


def test_dead_letters_are_listed_and_replayed_from_the_command_line(world, national, portal, capsys):
    portal.mode = FAIL
    dossier = world.dossier_in(S.RECEIVED)
    call_command("worker", "--once", "--no-reminders")
    call_command("sync", "dead")
    assert f"{dossier.code}#1" in capsys.readouterr().out
    portal.mode = "accept"
    call_command("sync", "replay", "--dead")
    call_command("worker", "--once", "--no-reminders")
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_add_endpoint_and_list_it(db, capsys):
    call_command(
        "sync",
        "add-endpoint",
        "--name",
        "hook",
        "--kind",
        "webhook",
        "--url",
        "https://example.org/hook",
        "--topics",
        "dossier.result",
    )
    call_command("sync", "endpoints")
    out = capsys.readouterr().out
    assert "hook\twebhook\ton\tpending 0" in out
    assert SyncEndpoint.objects.get().topics == ["dossier.result"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["sync"],
        ["sync", "reconcile"],
        ["sync", "reconcile", "--endpoint", "999"],
        ["sync", "replay"],
        ["sync", "replay", "abc"],
        ["sync", "add-endpoint", "--name", "x", "--kind", "webhook", "--url", "not a url"],
        ["sync", "add-endpoint", "--name", "x", "--kind", "webhook", "--url", "https://a.b/", "--topics", "nope"],
        ["sync", "purge", "--older-than-days", "0"],
        ["worker", "--max-seconds", "0"],
    ],
)
def test_bad_input_is_one_bilingual_line(db, arguments):
    with pytest.raises(CommandError) as error:
        call_command(*arguments)
    assert " / " in str(error.value)


def test_reconcile_against_an_unreachable_portal_is_a_clear_error(world, national, portal):
    portal.stop()
    with pytest.raises(CommandError, match="cannot read the summary"):
        call_command("sync", "reconcile", "--endpoint", str(national.pk))
