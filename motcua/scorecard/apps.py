from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardConfig(AppConfig):
    name = "motcua.scorecard"
    label = "scorecard"
    verbose_name = _("Reform scorecard")

    def load_demo(self, *, stdout) -> None:
        """The shipped frameworks, this year's PAR INDEX framework and published results; then the
        province-internal assessment round when the demo units are there (docs/demo.md)."""
        from .demo import DemoUnitsMissing, load_assessment_demo, load_frameworks, load_published_results

        frameworks = load_frameworks()
        results = load_published_results()
        stdout.write(
            f"  khung chỉ số / frameworks: {frameworks} mới/new; chỉ số công bố / published: {results} mới/new"
        )
        try:
            counts = load_assessment_demo()
        except DemoUnitsMissing as error:
            stdout.write(f"  (chưa có đơn vị mẫu / demo units missing: {error}; skipped)")
            return
        stdout.write(f"  tự đánh giá CCHC / self-assessments: {counts['assessments']} mới/new")
