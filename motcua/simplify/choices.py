from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    TIME = "time", _("Shorten the time limit")
    DOCUMENTS = "documents", _("Cut or replace dossier documents")
    FEE = "fee", _("Lower or abolish a fee")
    OTHER = "other", _("Other simplification")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
