import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World
from motcua.security.backup import table_counts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents" / "2026").mkdir(parents=True)
    scan = settings.MEDIA_ROOT / "documents" / "2026" / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7 original scan")
    return settings.MEDIA_ROOT


def test_backup_then_restore_brings_back_rows_and_files(media, tmp_path):
    world = World()
    world.receive()
    target = tmp_path / "backup"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    world.receive(applicant_name="Trần Thị Bình")
    (media / "documents" / "2026" / "scan.pdf").write_bytes(b"tampered")
    (media / "documents" / "2026" / "new.pdf").write_bytes(b"%PDF new")

    call_command("restore", str(target), "--force")

    assert Dossier.objects.count() == 1
    assert {t: n for t, n in table_counts().items() if t in manifest["tables"]} == manifest["tables"]
    assert (media / "documents" / "2026" / "scan.pdf").read_bytes() == b"%PDF-1.7 original scan"
    assert manifest["media"] == {"documents/2026/scan.pdf": manifest["media"]["documents/2026/scan.pdf"]}


def test_restore_refuses_a_database_with_data_without_force(media, tmp_path):
    World().receive()
    call_command("backup", str(tmp_path / "backup"))

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(tmp_path / "backup"))


def test_restore_reports_a_manifest_that_does_not_match(media, tmp_path):
    World().receive()
    target = tmp_path / "backup"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["media"]["documents/2026/scan.pdf"] = "0" * 64
    (target / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(target), "--force")


def test_backup_refuses_a_directory_that_is_not_empty(media, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "busy"))


def test_a_backup_is_readable_only_by_its_owner(media, tmp_path):
    import stat

    World().receive()
    target = tmp_path / "backup"
    call_command("backup", str(target))
    modes = {path.relative_to(target).as_posix(): stat.S_IMODE(path.stat().st_mode) for path in target.rglob("*")}
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert modes["manifest.json"] == 0o600
    assert modes["media/documents/2026/scan.pdf"] == 0o600
    assert modes["media/documents"] == 0o700
    assert all(mode in (0o600, 0o700) for mode in modes.values())


def test_a_manifest_edited_to_match_a_tampered_backup_is_refused_by_its_signature(media, tmp_path):
    World().receive()
    target = tmp_path / "backup"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["signature"]
    manifest["tables"] = {name: count + 1 for name, count in manifest["tables"].items()}
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("restore", str(target), "--force")
