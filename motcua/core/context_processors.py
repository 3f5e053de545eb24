from django.conf import settings

from . import demo_outbox, replica


def site(request):
    # demo_outbox: the sign-in pages point to the demo-only page of one-time codes (issue 17)
    # replica_lag_seconds: the page's figures come from a read replica that lags (motcua.core.replica)
    return {
        "site_name": settings.MOTCUA_SITE_NAME,
        "demo_outbox": demo_outbox.enabled(),
        "replica_lag_seconds": replica.replica_notice(),
    }
