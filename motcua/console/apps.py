from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "motcua.console"
    label = "console"
    verbose_name = _("Officer console")

    def load_demo(self, *, stdout) -> None:
        """Demo accounts (password `motcua-demo`), after the units and the catalogue (INSTALLED_APPS order)."""
        from motcua.accounts.demo import load_demo_officers
        from motcua.units.demo import DemoUnitsMissing, demo_units

        try:
            counts = load_demo_officers(units=demo_units())
        except DemoUnitsMissing as error:
            stdout.write(f"  (chưa có đơn vị mẫu / demo units missing: {error}; skipped)")
            return
        stdout.write(
            f"  tài khoản / accounts: {counts['officers']} ({counts['created']} mới/new), mật khẩu motcua-demo"
        )

    def demo_is_missing(self) -> bool:
        from motcua.accounts.demo import OFFICERS
        from motcua.accounts.models import User

        return not User.objects.filter(username=OFFICERS[0].username).exists()
