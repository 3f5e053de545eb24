"""Registered SMS templates and the per-message record with its delivery receipt.

Vietnamese brandname SMS (ND 91/2020/NĐ-CP on spam messages, art 13–15: a brandname sender sends only content it
has registered with the carriers) goes through templates approved in advance: the gateway drops a text that does
not match one. `SmsTemplate.pattern` holds the registered text with `{placeholders}`; the channel refuses to send
a text that does not match the template it names. `SmsMessage` keeps no text and no phone number: a keyed hash
(for the per-phone limit) and the last three digits (for the officer who answers a citizen's call).
"""

from __future__ import annotations

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import SmsStatus

PLACEHOLDER = re.compile(r"\{(\w+)\}")


class SmsTemplate(models.Model):
    code = models.CharField(_("template code"), max_length=64, unique=True)
    pattern = models.TextField(
        _("registered text"),
        help_text=_("The text as registered with the carriers; each variable part as a name in braces, e.g. {code}."),
    )
    registration = models.CharField(_("registration number at the gateway"), max_length=64, blank=True)
    zns_template_id = models.CharField(
        _("Zalo ZNS template id"),
        max_length=64,
        blank=True,
        help_text=_("The approved ZNS template with the same parameters; empty: not sent by Zalo."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def regex(self) -> re.Pattern:
        """The registered text with each placeholder standing for any text on one line."""
        parts = PLACEHOLDER.split(self.pattern)
        # split() alternates literal text and placeholder names
        body = "".join(re.escape(part) if index % 2 == 0 else r"[^\n]+?" for index, part in enumerate(parts))
        return re.compile(rf"^{body}$", re.DOTALL)

    def matches(self, text: str) -> bool:
        return bool(self.regex().match(text))

    def parameters(self, text: str) -> dict[str, str] | None:
        """The values of the placeholders in `text` (ZNS `template_data`), or None when it does not match."""
        parts = PLACEHOLDER.split(self.pattern)
        body = "".join(
            re.escape(part) if index % 2 == 0 else rf"(?P<{part}>[^\n]+?)" for index, part in enumerate(parts)
        )
        match = re.compile(rf"^{body}$", re.DOTALL).match(text)
        return match.groupdict() if match else None


class SmsMessage(models.Model):
    """One short message (SMS, or Zalo ZNS when `channel` is zalo)."""

    channel = models.CharField(_("channel"), max_length=8, default="sms")
    template = models.CharField(_("template"), max_length=64)
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    phone_tail = models.CharField(_("phone (last digits)"), max_length=4, blank=True)
    dossier_id_ref = models.BigIntegerField(_("dossier"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=SmsStatus.choices)
    parts = models.PositiveSmallIntegerField(_("parts"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    done_at = models.DateTimeField(_("receipt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["phone_hash", "created_at"], name="integrations_sms_phone")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=SmsStatus.values), name="integrations_sms_status")
        ]

    def __str__(self) -> str:
        return f"{self.template} …{self.phone_tail} {self.status}"


class SmsPart(models.Model):
    """One `submit_sm` of a message (long texts go in several parts) with its delivery receipt."""

    message = models.ForeignKey(SmsMessage, on_delete=models.CASCADE, related_name="sms_parts")
    gateway_id = models.CharField(_("gateway message id"), max_length=65, db_index=True)
    stat = models.CharField(_("receipt state"), max_length=16, blank=True)  # SMPP 3.4 appendix B: DELIVRD, …
    receipt_at = models.DateTimeField(_("receipt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message part")
        verbose_name_plural = _("message parts")
        ordering = ["message", "id"]

    def __str__(self) -> str:
        return f"{self.gateway_id} {self.stat}"
