from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    OFFICER = "officer", _("Officer")
    CITIZEN = "citizen", _("Citizen or business")
