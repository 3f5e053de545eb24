from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredKind(models.TextChoices):
    """What a stored document is (TT 01/2023 art 24: e-results and digitised papers of the owner; ND 45/2020 art 2
    and ND 23/2015 as amended: an electronic copy certified from the original, `motcua.certify`, is neither a
    dossier's result nor a digitised component and is named as such)."""

    RESULT = "result", _("Electronic result")
    COMPONENT = "component", _("Digitised document")
    CERTIFIED_COPY = "certified_copy", _("Certified electronic copy")
