from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import UserKind


class User(AbstractUser):
    """A person who signs in: an officer (cán bộ) or a citizen/business representative."""

    kind = models.CharField(_("kind"), max_length=16, choices=UserKind.choices, default=UserKind.OFFICER)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
