"""Choices of the integrations domain: who integrates and what a token may do."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientKind(models.TextChoices):
    """The systems that exchange dossiers with us (ND 45/2020, ND 118/2025: the national public service portal
    and the ministries' sector systems connect through the national data sharing platform)."""

    NATIONAL_PORTAL = "national_portal", _("National public service portal")
    MINISTRY_SYSTEM = "ministry_system", _("Ministry or sector system")
    INTEGRATOR = "integrator", _("Other integrator")


class Scope(models.TextChoices):
    CATALOG_READ = "catalog:read", _("Read the procedure catalogue")
    DOSSIERS_READ = "dossiers:read", _("Read dossiers of the client's units")
    DOSSIERS_WRITE = "dossiers:write", _("File dossiers and send documents for the client's units")
    DOSSIERS_ACT = "dossiers:act", _("Act on dossiers (reception, supplement, withdrawal)")
    STATUS_READ = "status:read", _("Look up a dossier's status and check e-results")
    METRICS_READ = "metrics:read", _("Read period reports of the client's units")
    FEEDBACK_WRITE = "feedback:write", _("Send feedback (PAKN) and read its answer")
    RATINGS_WRITE = "ratings:write", _("Send the applicants' ratings of the service")


class LinkKind(models.TextChoices):
    NATIONAL_PORTAL = "national_portal", _("National public service portal (LGSP)")
    WEBHOOK = "webhook", _("Webhook")
    SMS = "sms", _("SMS gateway (SMPP)")
    ZALO = "zalo", _("Zalo notifications (ZNS)")
    POPULATION = "population", _("National population database (LGSP)")
    PAYMENT = "payment", _("Online payment platform")
    POST = "post", _("Postal service (VNPost)")


class SmsStatus(models.TextChoices):
    """Lifecycle of one text message; the final states come from the gateway's delivery receipt (SMPP 3.4
    appendix B `stat`)."""

    SUBMITTED = "submitted", _("Accepted by the gateway")
    DELIVERED = "delivered", _("Delivered to the phone")
    UNDELIVERABLE = "undeliverable", _("Not delivered")
    FAILED = "failed", _("Not accepted by the gateway")
    LIMITED = "limited", _("Held back by the per-phone limit")


class LookupPurpose(models.TextChoices):
    """Why an officer looks a citizen up (Decree 13/2023/NĐ-CP on personal data protection, art. 11: data is
    processed for a stated purpose, with the data subject's consent)."""

    INTAKE = "intake", _("Receiving a dossier at the counter")
    VERIFY = "verify", _("Checking the applicant of a dossier")


class ConsentMethod(models.TextChoices):
    """How the citizen's consent was given (Decree 13/2023/NĐ-CP art. 11: consent must be shown in a form that can
    be printed or copied — a signed paper at the counter, or an explicit online confirmation)."""

    SIGNED_AT_COUNTER = "signed_at_counter", _("Signed at the counter")
    ONLINE = "online", _("Confirmed online by the citizen")


class LookupOutcome(models.TextChoices):
    FOUND = "found", _("Found")
    NOT_FOUND = "not_found", _("No match")
    REFUSED = "refused", _("Refused by the population database")
    UNAVAILABLE = "unavailable", _("Population database unavailable")
