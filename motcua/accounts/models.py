from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Role, SignInChannel, UserKind


class User(AbstractUser):
    """A person who signs in: an officer (cán bộ) or a citizen/business representative."""

    kind = models.CharField(_("kind"), max_length=16, choices=UserKind.choices, default=UserKind.OFFICER)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # A citizen's profile (ND 13/2023: personal data, exported and erased with the account): it prefills the
    # applicant block of every online form, which the citizen can still change per dossier.
    id_number = models.CharField(_("identification number"), max_length=13, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)

    class Meta(AbstractUser.Meta):
        # AbstractUser.Meta's stubs type these as str; Django takes the lazy text as everywhere else
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def display_name(self) -> str:
        """The person's name; a citizen who has not given one yet is "Công dân", never the generated "cd-…"
        account name (which means nothing to the officers reading the history)."""
        name = self.full_name or self.get_full_name()
        if name:
            return name
        return str(_("Citizen")) if self.kind == UserKind.CITIZEN else self.username


class Membership(models.Model):
    """An officer's role in a unit: what they may do to the dossiers that unit holds (ND 61/2018 arts 17–20)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="accounts_membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="accounts_membership_role_valid"),
        ]
        indexes = [models.Index(fields=["unit", "role"], name="accounts_membership_unit_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class SignInCode(models.Model):
    """A one-time code for a citizen's password-less sign-in (6 digits, 10 minutes, 5 tries).

    Neither the code nor the address is stored in clear: `address_hash` and `code_hash` are keyed hashes
    (HMAC-SHA256 with the site secret), so a copy of the database gives neither phone numbers nor codes.
    """

    channel = models.CharField(_("channel"), max_length=8, choices=SignInChannel.choices)
    address_hash = models.CharField(max_length=64, db_index=True)
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} {self.created_at:%Y-%m-%d %H:%M}"
