"""The citizen's personal data store (kho quản lý dữ liệu điện tử của tổ chức, cá nhân, TT 01/2023 art 24).

Earlier e-results and digitised dossier components of an account, offered for reuse in a new dossier instead
of uploading again (ND 107/2021 art 1; ND 45/2020 art 14). Each reuse is a `DocumentReuse` row: it feeds the
766 indicators 4.3/4.4 (dossiers with a component taken from the data store).

The file itself is not copied: a stored document points at the same storage object as the dossier file it came
from, with the same SHA-256, so the integrity of the original is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import StoredKind


class StoredDocument(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="stored_documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=StoredKind.choices)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    result_code = models.CharField(_("e-result code"), max_length=80, blank=True)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("from dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_document = models.ForeignKey(
        "dossiers.DossierDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("dossier component"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("stored at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source_document"],
                condition=models.Q(source_document__isnull=False),
                name="datastore_one_copy_per_source",
            )
        ]
        indexes = [models.Index(fields=["owner", "kind"], name="datastore_owner_kind")]

    def __str__(self) -> str:
        return self.title


class DocumentReuse(models.Model):
    """A stored document used as a component of a new dossier (instead of an upload)."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="reuses")
    stored_document = models.ForeignKey(StoredDocument, on_delete=models.PROTECT, related_name="reuses")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.OneToOneField(
        "dossiers.DossierDocument", on_delete=models.CASCADE, related_name="reuse", null=True, blank=True
    )
    created_at = models.DateTimeField(_("reused at"), default=timezone.now)

    class Meta:
        verbose_name = _("document reuse")
        verbose_name_plural = _("document reuses")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "stored_document"], name="datastore_reuse_once_per_dossier")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} ← {self.stored_document_id}"
