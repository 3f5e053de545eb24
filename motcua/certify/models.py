"""Electronic copies certified from originals (chứng thực bản sao điện tử từ bản chính, issue 21 part 3).

ND 23/2015/NĐ-CP as amended (art. 5: the commune People's Committee certifies copies from originals; art. 13:
the certification book, whose numbers run in sequence within a year) and ND 45/2020/NĐ-CP (the electronic copy
certified from the original: the scan of the original carrying the certifier's digital signature). The book
records the requester as the officer reads them from their identity paper (name, identification number), whether
or not they have a citizen account here. Article
numbers as recalled; the texts are not in shared/reference. The officer scans the original, the system makes the signed
copy, enters it in the book (sổ chứng thực: number sequential per certifying unit and year, restarting on 1
January), and stores it in the citizen's personal data store for reuse. Each copy counts for 766 indicator 4.6.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertifiedCopy(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("certifying unit"), on_delete=models.PROTECT, related_name="certified_copies"
    )
    year = models.PositiveSmallIntegerField(_("book year"))
    number = models.PositiveIntegerField(_("number in the certification book"))
    title = models.CharField(_("paper certified"), max_length=255)
    pages = models.PositiveSmallIntegerField(_("pages"))
    fee = models.PositiveIntegerField(_("fee (đồng)"))
    requester_name = models.CharField(_("requester's full name"), max_length=200)
    requester_id_number = models.CharField(_("requester's identification number"), max_length=12)
    # The requester's citizen account when one has `requester_id_number`: linked silently (the officer is never
    # told whether an account exists: issue 21, account enumeration), and the copy goes to its data store.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester's account"),
        on_delete=models.PROTECT,
        related_name="certified_copies",
        null=True,
        blank=True,
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("certifying officer"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=255)
    file = models.FileField(_("certified copy"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    original_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64)
    issued_at = models.DateTimeField(_("certified at"))

    class Meta:
        verbose_name = _("electronic certified copy")
        verbose_name_plural = _("electronic certified copies")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="certify_book_number_unique"),
        ]

    def __str__(self) -> str:
        return self.book_reference

    @property
    def book_reference(self) -> str:
        """As written on the copy: "Số chứng thực 12/2026/SCT-BS" style (number/year/book)."""
        return f"{self.number}/{self.year}/SCT-BSĐT"
