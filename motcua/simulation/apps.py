from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationConfig(AppConfig):
    name = "motcua.simulation"
    label = "simulation"
    verbose_name = _("Simulated dossier traffic")

    def load_demo(self, *, stdout) -> None:
        """A few months of recent, seeded traffic in a handful of communes, ending now (skipped if present)."""
        from .services import demo_history_load

        summary = demo_history_load()
        if summary is None:
            stdout.write("  đã có hồ sơ mô phỏng, bỏ qua / simulated dossiers already present, skipped")
            return
        stdout.write(
            f"  {summary.dossiers} hồ sơ mô phỏng/simulated dossiers, {summary.events} sự kiện/events, "
            f"{summary.offices} xã/communes, {summary.seconds:.1f} s"
        )
