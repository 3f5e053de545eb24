"""The yearly grading of an officer who receives, handles and returns dossiers (TT 01/2018/TT-VPCP art 15.4(c):
"Hàng năm, Bộ phận Một cửa tổng hợp kết quả chấm điểm đánh giá, phân loại đối với từng cán bộ, công chức, viên
chức"; ND 61/2018/NĐ-CP art 32.2: the results are a standard for judging task completion, rewards and discipline).

Append-only: a grading is never changed or deleted; a later grading of the same officer, unit and year stands
beside the earlier ones and the latest is the current one. Each row keeps the figures it was based on
(`evidence`) as they were when recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import TaskBand


class OfficerGrading(models.Model):
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    band = models.CharField(_("grading"), max_length=16, choices=TaskBand.choices)
    computed_band = models.CharField(_("grading from the score"), max_length=16, choices=TaskBand.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    evidence = models.JSONField(_("figures at the time of grading"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("officer grading")
        verbose_name_plural = _("officer gradings")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["officer", "unit", "year"], name="appraisal_grading_subject")]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.unit_id} {self.year} {self.band}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("an officer grading is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("an officer grading is append-only")
