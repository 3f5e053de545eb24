"""What drops the per-process memo of API tokens and clients' units (`core.memo`): a client, a token or a
client's unit list saved or deleted, and a save of the account of an API client (its name or status; other
accounts' saves, e.g. each sign-in's `last_login`, do not flush the memo)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from motcua.core.memo import memo, watch

from .models import ApiClient, ApiToken


def _client_account_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in
    if ApiClient.objects.filter(user_id=instance.pk).exists():
        memo.changed()


def watch_integrations() -> None:
    watch(ApiClient, ApiToken, m2m=[ApiClient.units.through])
    post_save.connect(
        _client_account_saved, sender=get_user_model(), weak=False, dispatch_uid="motcua.integrations.memo.user"
    )
