import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.esign.models import SigningCredential, TrustRoot

from .conftest import PASSPHRASE_ENV, pdf_bytes


def test_credential_and_trust_root_are_added_and_a_result_verifies(world, pki, issued, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    (tmp_path / "agency.p12").write_bytes(pki.pkcs12)
    (tmp_path / "ca.pem").write_text(pki.ca_pem)
    (tmp_path / "kq.pdf").write_bytes(pdf_bytes(issued))
    call_command(
        "esign", "credential", "--unit", world.department.code, "--file", str(tmp_path / "agency.p12"),
        "--passphrase-env", PASSPHRASE_ENV,
    )  # fmt: skip
    call_command("esign", "trust-root", "--name", "CA tỉnh", "--file", str(tmp_path / "ca.pem"))
    call_command("esign", "verify", str(tmp_path / "kq.pdf"))
    assert SigningCredential.objects.filter(unit=world.department, is_active=True).count() == 1
    assert TrustRoot.objects.count() == 1
    assert capsys.readouterr().out.splitlines()[-1].startswith("valid\tsigner=Sở Tư pháp tỉnh Thử Nghiệm")


def test_wrong_passphrase_is_a_one_line_error(world, pki, tmp_path, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, "sai")
    (tmp_path / "agency.p12").write_bytes(pki.pkcs12)
    with pytest.raises(CommandError, match="unusable credential"):
        call_command(
            "esign", "credential", "--unit", world.department.code, "--file", str(tmp_path / "agency.p12"),
            "--passphrase-env", PASSPHRASE_ENV,
        )  # fmt: skip


def test_unknown_unit_and_missing_file_are_clear_errors(db, tmp_path):
    with pytest.raises(CommandError, match="unknown unit"):
        call_command("esign", "credential", "--unit", "KHONG-CO", "--file", str(tmp_path / "x.p12"))
    with pytest.raises(CommandError, match="cannot read file"):
        call_command("esign", "verify", str(tmp_path / "khong-co.pdf"))


def test_unsigned_file_fails_verification(db, tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(CommandError, match="signature not valid"):
        call_command("esign", "verify", str(tmp_path / "x.pdf"))
