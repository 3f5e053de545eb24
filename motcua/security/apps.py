from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Cross-cutting reliability and security: audit verification, backup/restore, personal-data requests,
    sign-in throttling and the log filter that masks personal data. Owns no tables."""

    name = "motcua.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401 - registers the deployment checks (motcua.E001)

        # Sent once per app with models (this app has none, so not with sender=self); the handler is idempotent.
        post_migrate.connect(_create_cache_table, dispatch_uid="motcua.security.cache_table")


def _create_cache_table(sender=None, using: str = "default", **kwargs) -> None:
    """The database cache is the shipped default on PostgreSQL (`MOTCUA_CACHE_URL=db` anywhere; SQLite sites
    default to a cache file of their own, config/settings/base.py): its table exists after every migrate,
    whatever starts the site (serve, gunicorn, runserver). A no-op for Redis or memory caches."""
    from django.core.management import call_command
    from django.core.management.commands.createcachetable import Command as CreateCacheTable

    # The shipped default's table, even when this process runs with another cache (the test settings): a server
    # or worker started later on the same database with the default settings finds it.
    if getattr(sender, "label", "") != "sessions":  # once per migrate: after the sessions app's tables
        return
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(using, "motcua_cache", dry_run=False)
    call_command("createcachetable", database=using, verbosity=0)
