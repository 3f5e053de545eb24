from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """What the verification page tells anyone who checks an e-result."""

    VALID = "valid", _("Valid signature from a trusted agency")
    UNTRUSTED = "untrusted", _("Signature intact, but the signer is not trusted")
    MODIFIED = "modified", _("The document was changed after signing")
    INVALID = "invalid", _("Invalid signature")
    UNSIGNED = "unsigned", _("The document has no digital signature")
    UNREADABLE = "unreadable", _("The file is not a readable PDF")
