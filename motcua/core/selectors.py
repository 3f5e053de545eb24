"""Read-only facts about what this installation holds, for the home page and `motcua status`."""

from __future__ import annotations

from django.apps import apps


def system_summary() -> dict[str, int]:
    """Counts of the reference data each domain app owns (apps register their counters here)."""
    summary: dict[str, int] = {}
    for config in apps.get_app_configs():
        counter = getattr(config, "summary_counts", None)
        if callable(counter):
            summary.update(counter())
    return summary
