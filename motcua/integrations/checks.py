"""Deployment checks (`manage.py check --deploy`): a province must not go live on a log-only or stand-in link.

Issue 19: citizens who sign in by phone must get their code, and the national portal must receive the dossiers;
a channel that writes a log line, or a national-portal endpoint pointing at this machine (the test double), is
an error in production.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

LOG_CHANNELS = {
    "motcua.core.messaging.LoggingChannel",
    "motcua.integrations.sms.channels.LoggingChannel",
    "motcua.dossiers.notifications.LoggingChannel",
}


def _loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@register(Tags.compatibility, deploy=True)
def check_message_channel(app_configs, **kwargs):
    from motcua.core.messaging import DEFAULT_CHANNEL

    path = getattr(settings, "MOTCUA_MESSAGE_CHANNEL", DEFAULT_CHANNEL)
    errors = []
    if path in LOG_CHANNELS:
        errors.append(
            Error(
                "Text messages (sign-in codes, dossier notices) only go to the log: no citizen receives them.",
                hint="Set MOTCUA_MESSAGE_CHANNEL=motcua.integrations.sms.smpp.SmppChannel and MOTCUA_SMPP_* "
                "(docs/operations.md, adapters).",
                id="motcua.E101",
            )
        )
    elif path.endswith("SmppChannel"):
        from .sms.conf import smpp_settings

        conf = smpp_settings()
        missing = [name for name in ("host", "system_id", "password", "source_addr") if not getattr(conf, name)]
        if missing:
            errors.append(
                Error(
                    f"The SMPP gateway is not configured: {', '.join('MOTCUA_SMPP_' + m.upper() for m in missing)}.",
                    id="motcua.E102",
                )
            )
    elif path.endswith("ZaloChannel"):
        from .zalo.conf import zalo_settings

        conf = zalo_settings()
        if not (conf.app_id and conf.secret_key and conf.refresh_token):
            errors.append(
                Error(
                    "Zalo ZNS is not configured: MOTCUA_ZALO needs APP_ID, SECRET_KEY and the first REFRESH_TOKEN.",
                    id="motcua.E105",
                )
            )
    return errors


@register(Tags.compatibility, deploy=True)
def check_national_portal(app_configs, **kwargs):
    from motcua.sync.choices import EndpointKind
    from motcua.sync.models import SyncEndpoint

    try:
        endpoints = list(SyncEndpoint.objects.filter(active=True, kind=EndpointKind.NATIONAL_PORTAL))
    except (DatabaseError, RuntimeError):  # no database yet (first deploy before migrate, a test without one)
        return []
    errors = []
    for endpoint in endpoints:
        if _loopback(endpoint.url) or _loopback(endpoint.auth_url):
            errors.append(
                Error(
                    f"The national portal endpoint {endpoint.name!r} points at this machine (a test double).",
                    hint="Use the province's LGSP/NGSP URLs (docs/sync.md).",
                    id="motcua.E103",
                )
            )
        elif not (endpoint.auth_url and endpoint.username and endpoint.password and endpoint.unit_code):
            errors.append(
                Error(
                    f"The national portal endpoint {endpoint.name!r} lacks its LGSP sign-in, user, password or "
                    "madonvi.",
                    id="motcua.E104",
                )
            )
    return errors


@register(Tags.compatibility, deploy=True)
def check_population_link(app_configs, **kwargs):
    """The population database look-up must reach the province's LGSP, not the loopback test double.

    An unset `MOTCUA_DANCU` only hides the look-up button (a province without the connection yet); one that is
    half-filled or points at this machine is an error."""
    from .dancu.conf import dancu_settings

    overrides = getattr(settings, "MOTCUA_DANCU", {}) or {}
    if not overrides:
        return [
            Warning(
                "The population database look-up is not configured: officers type the applicant's data by hand.",
                hint="Set MOTCUA_DANCU_ENDPOINT, MOTCUA_DANCU_SERVICE_CODE, MOTCUA_DANCU_INTEGRATION_CODE.",
                id="motcua.W106",
            )
        ]
    conf = dancu_settings()
    if not conf.configured:
        return [
            Error(
                "The population database link is half configured: MOTCUA_DANCU needs ENDPOINT, SERVICE_CODE (MaDVC) "
                "and INTEGRATION_CODE (MaTichHop).",
                id="motcua.E106",
            )
        ]
    if _loopback(conf.endpoint):
        return [
            Error(
                "The population database endpoint points at this machine (the test double).",
                hint="Use the TraCuuThongTinCongDan address of the province's LGSP (docs/operations.md, adapters).",
                id="motcua.E107",
            )
        ]
    return []


@register(Tags.compatibility, deploy=True)
def check_payment_link(app_configs, **kwargs):
    """Online payment must go to the payment platform, not to the loopback test double; unset only hides the
    pay button (fees are then paid at the counter)."""
    from .payment.conf import payment_settings

    overrides = getattr(settings, "MOTCUA_PAYMENT", {}) or {}
    if not overrides:
        return [
            Warning(
                "Online payment is not configured: citizens pay fees at the counter only.",
                hint="Set MOTCUA_PAYMENT_TMN_CODE, MOTCUA_PAYMENT_HASH_SECRET (docs/payments.md).",
                id="motcua.W108",
            )
        ]
    conf = payment_settings()
    if not conf.configured:
        return [Error("The payment link is half configured: it needs TMN_CODE and HASH_SECRET.", id="motcua.E108")]
    if _loopback(conf.pay_url) or _loopback(conf.api_url):
        return [
            Error(
                "The payment platform address points at this machine (the test double).",
                hint="Use the platform's addresses given with the merchant code (docs/payments.md).",
                id="motcua.E109",
            )
        ]
    return []


@register(Tags.compatibility, deploy=True)
def check_zalo_webhook(app_configs, **kwargs):
    """With Zalo as the message channel, the delivery events must be verifiable (the OA secret key)."""
    from motcua.core.messaging import DEFAULT_CHANNEL

    if not getattr(settings, "MOTCUA_MESSAGE_CHANNEL", DEFAULT_CHANNEL).endswith("ZaloChannel"):
        return []
    from .zalo.conf import zalo_settings

    if not zalo_settings().oa_secret_key:
        return [
            Error(
                "Zalo delivery events cannot be verified: MOTCUA_ZALO needs OA_SECRET_KEY.",
                id="motcua.E110",
            )
        ]
    return []


@register(Tags.compatibility, deploy=True)
def check_post_link(app_configs, **kwargs):
    """The VNPost link must reach VNPost, not the loopback double, and its status events must be verifiable."""
    from .post.conf import post_settings

    overrides = getattr(settings, "MOTCUA_VNPOST", {}) or {}
    if not overrides:
        return [
            Warning(
                "The VNPost link is not configured: officers type postal tracking numbers by hand, with a reason.",
                hint="Set MOTCUA_VNPOST_USERNAME, _PASSWORD, _CUSTOMER_CODE, _WEBHOOK_SECRET (docs/payments.md).",
                id="motcua.W111",
            )
        ]
    conf = post_settings()
    if not conf.configured or not conf.webhook_secret:
        return [
            Error(
                "The VNPost link is half configured: it needs USERNAME, PASSWORD, CUSTOMER_CODE and WEBHOOK_SECRET.",
                id="motcua.E111",
            )
        ]
    if _loopback(conf.base_url):
        return [Error("The VNPost address points at this machine (the test double).", id="motcua.E112")]
    return []
