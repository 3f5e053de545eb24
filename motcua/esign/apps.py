from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EsignConfig(AppConfig):
    name = "motcua.esign"
    label = "esign"
    verbose_name = _("Signed electronic results")

    def load_demo(self, *, stdout) -> None:
        """Throw-away demo CA (trust root) and a credential for the demo commune's committee (local use only)."""
        from .demo import DemoSkipped, load_demo_esign

        try:
            outcome = load_demo_esign()
        except DemoSkipped as reason:
            stdout.write(f"  ({reason}; bỏ qua / skipped)")
            return
        state = "mới tạo / created" if outcome["created"] else "đã có / already there"
        stdout.write(f"  CA DEMO + chứng thư ký số / demo CA + signing credential: {outcome['unit'].name} ({state})")

    def summary_counts(self) -> dict[str, int]:
        from .models import SignedResult

        return {str(_("Signed electronic results")): SignedResult.objects.count()}
