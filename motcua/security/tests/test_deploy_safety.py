"""Production safety (issue 18, finding 5): demo passwords are caught by `check --deploy`, production settings
never load the demo in `serve`, and the shipped cache is shared by every server process."""

from __future__ import annotations

import pytest
from django.core import checks

from motcua.dossiers.tests.factories import OfficerFactory
from motcua.security.checks import check_demo_passwords

pytestmark = pytest.mark.django_db


def UserFactory(*, password: str, **fields):
    user = OfficerFactory(**fields)
    user.set_password(password)
    user.save()
    return user


def _ids() -> set[str]:
    return {message.id for message in check_demo_passwords(None)}


def test_the_demo_superuser_with_its_published_password_is_a_deploy_error():
    UserFactory(username="admin", is_staff=True, is_superuser=True, password="motcua-demo")
    (error,) = check_demo_passwords(None)
    assert (error.id, error.level) == ("motcua.E001", checks.ERROR)
    assert "admin" in error.msg


def test_a_staff_account_renamed_but_keeping_the_demo_password_is_caught():
    UserFactory(username="quantri", is_staff=True, password="motcua-demo")
    assert _ids() == {"motcua.E001"}


def test_changed_passwords_and_inactive_demo_accounts_pass():
    UserFactory(username="admin", is_staff=True, is_superuser=True, password="a-long-province-password-2026")
    UserFactory(username="motcua.tiepnhan", is_active=False, password="motcua-demo")
    assert _ids() == set()


def test_the_check_runs_with_deploy_only():
    UserFactory(username="admin", is_superuser=True, is_staff=True, password="motcua-demo")
    assert "motcua.E001" in {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "motcua.E001" not in {m.id for m in checks.run_checks(include_deployment_checks=False)}


class _Exec(Exception):
    pass


def _serve_calls(monkeypatch) -> list[str]:
    from motcua.core.management.commands import serve

    calls: list[str] = []

    def record(name, *args, **kwargs):
        calls.append(name)

    def stop(*args):
        raise _Exec

    monkeypatch.setattr(serve, "call_command", record)
    monkeypatch.setattr(serve.os, "execvp", stop)
    monkeypatch.setattr(serve.Command, "_database_is_empty", staticmethod(lambda: True))
    with pytest.raises(_Exec):
        serve.Command().handle(host="127.0.0.1", port=8000, workers=1, threads=1, no_demo=False)
    return calls


def test_serve_seeds_an_empty_database_with_the_demo_on_a_laptop(monkeypatch, settings):
    settings.MOTCUA_DEMO_ALLOWED = True
    assert "demo" in _serve_calls(monkeypatch)


def test_serve_never_loads_the_demo_with_production_settings(monkeypatch, settings):
    settings.MOTCUA_DEMO_ALLOWED = False
    assert "demo" not in _serve_calls(monkeypatch)


def test_the_production_settings_forbid_the_demo_and_ship_a_shared_cache():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("MOTCUA_CACHE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"MOTCUA_SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1:5432/none"}
    code = "import config.settings.production as s; print(s.MOTCUA_DEMO_ALLOWED, s.CACHES['default']['BACKEND'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "django.core.cache.backends.db.DatabaseCache"]


def test_migrate_leaves_the_shipped_cache_table_in_the_database():
    """Any server started later on this database with the default settings finds its cache table."""
    from django.db import connection

    assert "motcua_cache" in connection.introspection.table_names()
