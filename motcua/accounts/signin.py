"""Password-less sign-in for citizens with a one-time code sent by email or text message.

ND 45/2020 art 6 and ND 69/2024 (electronic identification) allow citizens to use the public service portal
with an account; this is the local account for provinces not yet federated with VNeID or the national portal.
An OpenID Connect provider configured in settings is planned but not implemented (docs/portal.md).

Rules: 6 digits, valid 10 minutes, 5 wrong tries kill the code, a new code replaces the previous ones, and
sends are limited per address and per client (settings `MOTCUA_SIGNIN_*`). Codes and addresses are stored only
as keyed hashes; logs carry neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from .choices import SignInChannel, UserKind
from .models import SignInCode, User
from .services import user_create

logger = logging.getLogger("motcua.accounts.signin")

CODE_LENGTH = 6
VN_MOBILE = re.compile(r"^0\d{9}$")


class SignInError(Exception):
    def __init__(self, message: StrOrPromise, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Address:
    channel: str
    value: str  # normalised: lower-case e-mail, or a Vietnamese phone number 0xxxxxxxxx

    @property
    def masked(self) -> str:
        """What the page may show back: a***@example.com, ******5678."""
        if self.channel == SignInChannel.EMAIL:
            local, _sep, domain = self.value.partition("@")
            return f"{local[:1]}***@{domain}"
        return "*" * (len(self.value) - 4) + self.value[-4:]


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, f"MOTCUA_SIGNIN_{name}", default)


def _keyed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def parse_address(raw: str) -> Address:
    """An e-mail address or a Vietnamese mobile number (+84 / 84 / 0 prefix, spaces and dots allowed)."""
    text = (raw or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise SignInError(
                gettext_lazy("Enter a valid email address or phone number."), code="bad_address"
            ) from None
        return Address(SignInChannel.EMAIL, text.lower())
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not VN_MOBILE.match(digits) or not digits.isascii():
        raise SignInError(gettext_lazy("Enter a valid email address or phone number."), code="bad_address")
    return Address(SignInChannel.PHONE, digits)


def _code_hash(salt: str, code: str) -> str:
    return _keyed(f"signin:{salt}:{code}")


def _deliver(address: Address, code: str) -> None:
    minutes = int(_setting("CODE_MINUTES", 10))
    text = _("Your sign-in code is %(code)s. It is valid for %(minutes)s minutes. Never give it to anyone.") % {
        "code": code,
        "minutes": minutes,
    }
    from motcua.core import demo_outbox

    if address.channel == SignInChannel.EMAIL:
        send_mail(_("Your sign-in code"), text, settings.DEFAULT_FROM_EMAIL, [address.value])
        demo_outbox.record(address=address.value, channel=address.channel, text=text)  # demo only (issue 17)
        return
    # The short-message channel (MOTCUA_MESSAGE_CHANNEL, SMPP in a province); no dossier here, hence id 0.
    from motcua.core.messaging import message_channel

    try:
        message_channel().send(phone=address.value, text=text, template="sign_in_code", dossier_id=0)
    except Exception:  # gateway down, limit reached, template missing: tell the citizen instead of a 500
        logger.warning("signin.not_delivered", extra={"channel": address.channel})
        raise SignInError(
            gettext_lazy("The code could not be sent. Please try again in a few minutes."), code="not_delivered"
        ) from None
    demo_outbox.record(address=address.value, channel=address.channel, text=text)  # demo only (issue 17)


@transaction.atomic
def sign_in_code_send(*, address: Address, client: str = "") -> SignInCode:
    """Create and deliver a new code for `address`, replacing earlier ones; refuse when sends are limited."""
    now = timezone.now()
    address_hash = _keyed(f"address:{address.value}")
    client_hash = _keyed(f"client:{client}") if client else ""
    sends, window = _setting("SEND_LIMIT", (3, 900))
    since = now - dt.timedelta(seconds=int(window))
    recent = SignInCode.objects.filter(created_at__gte=since)
    client_sends, client_window = _setting("CLIENT_SEND_LIMIT", (10, 3600))
    limited = recent.filter(address_hash=address_hash).count() >= int(sends) or (
        client_hash
        and SignInCode.objects.filter(
            client_hash=client_hash, created_at__gte=now - dt.timedelta(seconds=int(client_window))
        ).count()
        >= int(client_sends)
    )
    if limited:
        logger.warning("signin.send_limited", extra={"channel": address.channel})
        raise SignInError(
            gettext_lazy("Too many codes were requested. Please wait a few minutes before asking for a new one."),
            code="send_limited",
        )
    SignInCode.objects.filter(address_hash=address_hash, used_at=None).update(expires_at=now)
    code = "".join(secrets.choice("0123456789") for _i in range(CODE_LENGTH))
    salt = secrets.token_hex(16)
    row = SignInCode.objects.create(
        channel=address.channel,
        address_hash=address_hash,
        client_hash=client_hash,
        salt=salt,
        code_hash=_code_hash(salt, code),
        created_at=now,
        expires_at=now + dt.timedelta(minutes=int(_setting("CODE_MINUTES", 10))),
    )
    transaction.on_commit(lambda: _deliver(address, code))
    logger.info("signin.code_sent", extra={"channel": address.channel, "code_id": row.pk})
    return row


def _citizen_for(address: Address) -> User:
    users = User.objects.filter(kind=UserKind.CITIZEN, is_active=True)
    if address.channel == SignInChannel.EMAIL:
        user = users.filter(email__iexact=address.value).order_by("pk").first()
    else:
        user = users.filter(phone=address.value).order_by("pk").first()
    if user is not None:
        return user
    return user_create(
        username=f"cd-{secrets.token_hex(6)}",
        password=None,
        kind=UserKind.CITIZEN,
        email=address.value if address.channel == SignInChannel.EMAIL else "",
        phone=address.value if address.channel == SignInChannel.PHONE else "",
    )


def sign_in_code_verify(*, address: Address, code: str) -> User:
    """The citizen for `address` when `code` is the live code; each wrong code uses one of the 5 tries.

    The first successful sign-in creates the citizen's account (User of kind citizen).
    """
    max_attempts = int(_setting("MAX_ATTEMPTS", 5))
    code = (code or "").strip()
    wrong = SignInError(gettext_lazy("The code is wrong or has expired."), code="wrong_code")
    error = None
    with transaction.atomic():  # the failed-try count must be committed, so errors are raised after the block
        now = timezone.now()
        row = (
            SignInCode.objects.select_for_update()
            .filter(address_hash=_keyed(f"address:{address.value}"), used_at=None, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.attempts >= max_attempts:
            error = SignInError(gettext_lazy("This code is no longer valid. Ask for a new code."), code="expired")
        elif not (len(code) == CODE_LENGTH and code.isascii() and code.isdigit()) or not hmac.compare_digest(
            row.code_hash, _code_hash(row.salt, code)
        ):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            logger.info("signin.wrong_code", extra={"code_id": row.pk, "attempts": row.attempts})
            error = wrong
            if row.attempts >= max_attempts:
                error = SignInError(gettext_lazy("Too many wrong codes. Ask for a new code."), code="too_many_attempts")
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            user = _citizen_for(address)
    if error is not None:
        raise error
    logger.info("signin.success", extra={"user_id": user.pk})
    return user
