from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BundlesConfig(AppConfig):
    name = "motcua.bundles"
    label = "bundles"
    verbose_name = _("Bundled procedures")

    def ready(self) -> None:
        from motcua.dossiers.notifications import register_renderer

        from .notices import render_bundle_submitted
        from .services import NOTICE_TEMPLATE

        register_renderer(NOTICE_TEMPLATE, render_bundle_submitted)

    def load_demo(self, *, stdout) -> None:
        from .demo import load_demo_routes

        routes = load_demo_routes()
        stdout.write(f"  liên thông / bundled procedures: {routes} tuyến/routes")
