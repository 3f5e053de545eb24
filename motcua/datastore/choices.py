from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredKind(models.TextChoices):
    """What a stored document is (TT 01/2023 art 24: e-results and digitised papers of the owner)."""

    RESULT = "result", _("Electronic result")
    COMPONENT = "component", _("Digitised document")
