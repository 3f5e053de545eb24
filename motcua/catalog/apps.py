from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = _("Procedure catalogue")

    def ready(self) -> None:
        from motcua.core.memo import watch

        from .models import Procedure, ProcedureTimeLimit, ServiceCommitment

        watch(Procedure, ProcedureTimeLimit, ServiceCommitment)  # procedure_current_by_code, commitment_for

    def summary_counts(self) -> dict[str, int]:
        from .selectors import catalog_counts

        counts = catalog_counts()
        return {str(_("Procedures")): counts["procedures"], str(_("Fields")): counts["fields"]}

    def load_demo(self, *, stdout) -> None:
        from .demo import DEMO_FILE, load_demo_commitments, load_demo_procedures

        if not DEMO_FILE.exists():
            stdout.write(f"  (không có {DEMO_FILE.name} / {DEMO_FILE.name} missing, skipped)")
            return
        counts = load_demo_procedures(DEMO_FILE)
        stdout.write(
            f"  thủ tục / procedures: {counts['created']} mới/new, {counts['updated']} cập nhật/updated, "
            f"{counts['unchanged']} không đổi/unchanged"
        )
        committed = load_demo_commitments()
        stdout.write(f"  cam kết thời gian / service commitments: {committed}")

    def demo_is_missing(self) -> bool:
        from .models import Procedure

        return not Procedure.objects.exists()
