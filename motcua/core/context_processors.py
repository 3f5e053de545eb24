from django.conf import settings

from . import demo_outbox


def site(request):
    # demo_outbox: the sign-in pages point to the demo-only page of one-time codes (issue 17)
    return {"site_name": settings.MOTCUA_SITE_NAME, "demo_outbox": demo_outbox.enabled()}
