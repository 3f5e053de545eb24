"""Domain errors of the dossier services; each carries a stable `code` and a translated message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DossierError(Exception):
    code = "dossier_error"

    def __init__(self, message: object, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class TransitionNotAllowed(DossierError):
    code = "not_allowed"


class DossierPermissionDenied(DossierError):
    code = "permission_denied"

    def __init__(self, message: object = None, *, code: str | None = None) -> None:
        super().__init__(
            message or _("You do not have a role in this dossier's unit that allows this action."), code=code
        )


class StaleDossier(DossierError):
    """Optimistic check failed: someone else acted on the dossier since the officer loaded it."""

    code = "stale"

    def __init__(self) -> None:
        super().__init__(_("The dossier has been updated by someone else. Reload it and try again."))


class DossierNotFound(DossierError):
    code = "not_found"

    def __init__(self) -> None:
        super().__init__(_("Dossier not found."))


class DocumentRejected(ValidationError):
    """A rejected upload (type, size); a Django ValidationError so forms show it next to the field."""
