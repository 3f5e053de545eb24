from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardConfig(AppConfig):
    name = "motcua.scorecard"
    label = "scorecard"
    verbose_name = _("Reform scorecard")

    def load_demo(self, *, stdout) -> None:
        """The shipped frameworks, this year's PAR INDEX framework and published results (docs/demo.md)."""
        from .demo import load_frameworks, load_published_results

        frameworks = load_frameworks()
        results = load_published_results()
        stdout.write(
            f"  khung chỉ số / frameworks: {frameworks} mới/new; chỉ số công bố / published: {results} mới/new"
        )
