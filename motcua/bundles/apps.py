from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BundlesConfig(AppConfig):
    name = "motcua.bundles"
    label = "bundles"
    verbose_name = _("Bundled procedures")

    def ready(self) -> None:
        from motcua.dossiers import events
        from motcua.dossiers.notifications import register_renderer

        from . import notices
        from .services import NOTICE_TEMPLATE

        register_renderer(NOTICE_TEMPLATE, notices.render_bundle_submitted)
        register_renderer(notices.UPDATE_TEMPLATE, notices.render_bundle_update)
        register_renderer(notices.RESULT_TEMPLATE, notices.render_bundle_result)
        # after `dossiers.notifications` (INSTALLED_APPS order): withholds a component's notice, speaks for the bundle
        events.subscribe("bundles.notices", notices.bundle_notice_fold, when=events.IN_TRANSACTION)

    def load_demo(self, *, stdout) -> None:
        from .demo import load_demo_routes

        routes = load_demo_routes()
        stdout.write(f"  liên thông / bundled procedures: {routes} tuyến/routes")
