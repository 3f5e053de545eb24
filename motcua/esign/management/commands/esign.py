"""`motcua esign`: configure signing credentials and trust roots, and verify a signed PDF from the console."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.esign.models import TrustRoot
from motcua.esign.selectors import trust_roots
from motcua.esign.services import signing_credential_create
from motcua.esign.signing import CredentialError
from motcua.esign.verification import PdfRefused, load_pem_certificates, verify_pdf
from motcua.units.models import Unit


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"không đọc được tệp {path} / cannot read file {path}") from exc


class Command(BaseCommand):
    help = "E-results: credential (add), trust-root (add), verify FILE"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        credential = sub.add_parser("credential", help="Add the PKCS#12 credential a unit signs with")
        credential.add_argument("--unit", required=True, help="unit code")
        credential.add_argument("--file", required=True, help="PKCS#12 (.p12/.pfx) file")
        credential.add_argument("--passphrase-env", default="", help="name of the env var holding the passphrase")
        credential.add_argument("--name", default="", help="display name")
        root = sub.add_parser("trust-root", help="Trust a CA certificate (PEM) on the verification page")
        root.add_argument("--name", required=True)
        root.add_argument("--file", required=True, help="PEM file")
        verify = sub.add_parser("verify", help="Verify a signed PDF against the configured trust roots")
        verify.add_argument("file")

    def handle(self, *args, action: str, **options) -> None:
        if action == "credential":
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"không có đơn vị {options['unit']} / unknown unit {options['unit']}")
            try:
                credential = signing_credential_create(
                    unit=unit,
                    name=options["name"] or f"{unit.name} — {Path(options['file']).name}",
                    pkcs12=_read(options["file"]),
                    passphrase_env=options["passphrase_env"],
                )
            except CredentialError as exc:
                raise CommandError(f"chứng thư số không dùng được / unusable credential: {exc}") from exc
            self.stdout.write(f"credential {credential.pk} active for {unit.code}")
        elif action == "trust-root":
            text = _read(options["file"]).decode("utf-8", errors="replace")
            try:
                load_pem_certificates(text)
            except ValueError as exc:
                raise CommandError("tệp không phải chứng thư PEM / not a PEM certificate") from exc
            root = TrustRoot.objects.create(name=options["name"], certificate_pem=text)
            self.stdout.write(f"trust root {root.pk} added")
        else:
            try:
                result = verify_pdf(_read(options["file"]), roots=trust_roots())
            except PdfRefused as exc:
                raise CommandError(f"không kiểm tra / not checked: {exc.reason}") from exc
            signed_at = f"{result.signed_at:%Y-%m-%d %H:%M:%S %z}" if result.signed_at else "-"
            self.stdout.write(f"{result.verdict}\tsigner={result.signer or '-'}\tsigned_at={signed_at}")
            if not result.ok:
                raise CommandError(f"chữ ký không hợp lệ / signature not valid: {result.verdict}")
