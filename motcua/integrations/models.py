"""API clients (the systems that integrate with us), their tokens and the stored results of idempotent writes.

A client acts through its own service account (`user`): the account holds memberships in the client's units, so
every write passes the same role and unit checks as an officer's (motcua.dossiers.policy.acting_unit) and the
history names the client's account as the actor.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ClientKind, LinkKind


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=ClientKind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service account"),
        on_delete=models.PROTECT,
        related_name="api_client",
    )
    units = models.ManyToManyField("units.Unit", verbose_name=_("units it may act for"), related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"), null=True, blank=True, help_text=_("Empty: the site default.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ClientKind.values), name="integrations_client_kind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def external_system(self) -> str:
        """The name under which dossiers filed on this client's system keep their foreign code."""
        return ClientKind.NATIONAL_PORTAL.value if self.kind == ClientKind.NATIONAL_PORTAL else self.name[:64]


class ApiToken(models.Model):
    """A bearer token `mc_<prefix>_<secret>`: only the prefix and the SHA-256 of the secret are stored."""

    client = models.ForeignKey(ApiClient, verbose_name=_("client"), on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("label"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"mc_{self.prefix}_…"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotencyRecord(models.Model):
    """The response of a write made with an `Idempotency-Key`, stored in the same transaction as the write, so a
    retried request gets the same answer and never writes twice."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(default=0)
    response_body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="integrations_idempotency_unique")]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"


class LinkHealth(models.Model):
    """Health and circuit breaker of one outside link (`motcua.integrations.links`); no personal data."""

    name = models.CharField(_("link"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=LinkKind.choices)
    calls = models.PositiveIntegerField(_("calls"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    open_until = models.DateTimeField(_("paused until"), null=True, blank=True)
    opened_count = models.PositiveIntegerField(_("times paused"), default=0)
    last_ok_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(_("last duration (ms)"), default=0)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("link health")
        verbose_name_plural = _("link health")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The per-link packages keep their models beside their transport; Django finds them through this module.
from .dancu.models import PopulationLookup  # noqa: E402
from .dvcqg.models import ProcedureMapping, StatusMapping  # noqa: E402
from .payment.models import Payment, ReceiptCounter  # noqa: E402
from .post.models import Shipment  # noqa: E402
from .sms.models import SmsMessage, SmsPart, SmsTemplate  # noqa: E402
from .zalo.models import ZaloToken  # noqa: E402

__all__ = [
    "ApiClient",
    "ApiToken",
    "IdempotencyRecord",
    "LinkHealth",
    "Payment",
    "PopulationLookup",
    "ProcedureMapping",
    "ReceiptCounter",
    "Shipment",
    "SmsMessage",
    "SmsPart",
    "SmsTemplate",
    "StatusMapping",
    "ZaloToken",
]
