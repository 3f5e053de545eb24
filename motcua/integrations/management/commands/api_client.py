"""`motcua api-client`: create API clients and issue or revoke their tokens (the secret is printed once)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.integrations import selectors, services
from motcua.integrations.choices import ClientKind, Scope
from motcua.units.models import Unit


def _units(codes: list[str]) -> list[Unit]:
    units = []
    for code in codes:
        unit = Unit.objects.filter(code__iexact=code).first() or Unit.objects.filter(e_identifier__iexact=code).first()
        if unit is None:
            raise CommandError(f"không có đơn vị '{code}' / unknown unit '{code}'")
        units.append(unit)
    return units


def _client(name: str):
    client = selectors.api_client_get(name=name)
    if client is None:
        raise CommandError(f"không có ứng dụng '{name}' / unknown API client '{name}'")
    return client


class Command(BaseCommand):
    help = "Ứng dụng tích hợp và khóa API / API clients and tokens: create, token, revoke, deactivate, list"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action")
        create = sub.add_parser("create", help="create a client and its first token")
        create.add_argument("name")
        create.add_argument("--kind", default=ClientKind.INTEGRATOR, help=", ".join(ClientKind.values))
        create.add_argument("--unit", action="append", default=[], help="unit code or e-identifier (repeat)")
        create.add_argument("--scope", action="append", default=[], help=", ".join(Scope.values))
        create.add_argument("--rate-limit", type=int, default=None, help="requests per minute")
        token = sub.add_parser("token", help="issue another token to a client")
        token.add_argument("name")
        token.add_argument("--scope", action="append", default=[])
        token.add_argument("--label", default="")
        token.add_argument("--days", type=int, default=None, help="expires after this many days")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")
        deactivate = sub.add_parser("deactivate", help="deactivate a client")
        deactivate.add_argument("name")
        sub.add_parser("list", help="list clients and tokens")

    def handle(self, *args, **options):
        action = options.get("action")
        if not action:
            raise CommandError("thiếu thao tác / missing action: create, token, revoke, deactivate, list")
        try:
            getattr(self, f"_{action}")(options)
        except services.IntegrationError as error:
            raise CommandError(f"{error.message} / {error.code}") from None

    def _issue(self, client, scopes, *, label="", days=None):
        if not scopes:
            raise CommandError("cần ít nhất một --scope / at least one --scope is needed: " + ", ".join(Scope.values))
        if days is not None and days < 1:
            raise CommandError("--days phải ≥ 1 / --days must be at least 1")
        expires = timezone.now() + dt.timedelta(days=days) if days else None
        issued = services.api_token_issue(client=client, scopes=scopes, name=label, expires_at=expires)
        self.stdout.write(f"client: {client.name}")
        self.stdout.write(f"scopes: {' '.join(issued.token.scopes)}")
        self.stdout.write("token (chỉ hiện một lần / shown once):")
        self.stdout.write(issued.secret)

    def _create(self, options):
        if not options["unit"]:
            raise CommandError("cần ít nhất một --unit / at least one --unit is needed")
        if not options["scope"]:
            raise CommandError("cần ít nhất một --scope / at least one --scope is needed: " + ", ".join(Scope.values))
        units = _units(options["unit"])
        for scope in options["scope"]:
            if scope not in Scope.values:
                raise CommandError(f"phạm vi không hợp lệ '{scope}' / unknown scope '{scope}'")
        client = services.api_client_create(
            name=options["name"], kind=options["kind"], units=units, rate_limit=options["rate_limit"]
        )
        self._issue(client, options["scope"])

    def _token(self, options):
        self._issue(_client(options["name"]), options["scope"], label=options["label"], days=options["days"])

    def _revoke(self, options):
        token = selectors.api_token_get(prefix=options["prefix"].removeprefix("mc_").split("_")[0])
        if token is None:
            raise CommandError(f"không có khóa '{options['prefix']}' / unknown token '{options['prefix']}'")
        services.api_token_revoke(token=token)
        self.stdout.write(f"revoked mc_{token.prefix}_…")

    def _deactivate(self, options):
        services.api_client_deactivate(client=_client(options["name"]))
        self.stdout.write(f"deactivated {options['name']}")

    def _list(self, options):
        for client in selectors.api_client_list():
            units = ", ".join(unit.code for unit in client.units.all())
            state = "active" if client.is_active else "inactive"
            self.stdout.write(f"{client.name} [{client.kind}, {state}] units: {units}")
            for token in client.tokens.all():
                revoked = " revoked" if token.revoked_at else ""
                self.stdout.write(f"  mc_{token.prefix}_…  {' '.join(token.scopes)}{revoked}")
