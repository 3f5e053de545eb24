from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "motcua.reform"
    label = "reform"
    verbose_name = _("Administrative reform")

    def summary_counts(self) -> dict[str, int]:
        from .selectors import reform_counts

        counts = reform_counts()
        return {
            gettext("Reform tasks"): counts["tasks"],
            gettext("Overdue reform tasks"): counts["overdue"],
            gettext("Survey responses"): counts["responses"],
        }

    def load_demo(self, *, stdout) -> None:
        """This year's reform plan, a survey and a contest of the demo province; the `motcua.sonoivu` officer."""
        from motcua.scorecard.demo import DemoUnitsMissing

        from .demo import load_reform_demo

        try:
            counts = load_reform_demo()
        except DemoUnitsMissing as error:
            stdout.write(f"  (chưa có đơn vị mẫu / demo units missing: {error}; skipped)")
            return
        stdout.write(
            f"  kế hoạch CCHC / reform plan: {counts['plan']} mới/new; phiếu khảo sát / survey forms: "
            f"{counts['responses']} mới/new; tài khoản / account motcua.sonoivu"
        )
