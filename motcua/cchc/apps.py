from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CchcConfig(AppConfig):
    name = "motcua.cchc"
    label = "cchc"
    verbose_name = _("Administrative reform screens")

    def load_demo(self, *, stdout) -> None:
        """The province-internal assessment round (after the demo accounts and the reform demo)."""
        from motcua.reform.demo import DemoUnitsMissing

        from .demo import load_assessment_demo

        try:
            counts = load_assessment_demo()
        except DemoUnitsMissing as error:
            stdout.write(f"  (chưa có đơn vị mẫu / demo units missing: {error}; skipped)")
            return
        stdout.write(f"  tự đánh giá CCHC / self-assessments: {counts['assessments']} mới/new")
