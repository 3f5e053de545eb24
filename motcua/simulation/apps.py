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
        else:
            stdout.write(
                f"  {summary.dossiers} hồ sơ mô phỏng/simulated dossiers, {summary.events} sự kiện/events, "
                f"{summary.offices} xã/communes, {summary.seconds:.1f} s"
            )
        self._load_try_me(stdout)

    def _load_try_me(self, stdout) -> None:
        """A few dossiers with a phone number to look up at /tra-cuu/ (issue 17; `tryme`)."""
        from .services import _demo_accounts_centre
        from .tryme import try_me_load

        centre = _demo_accounts_centre()
        for item in try_me_load(one_stop=centre[0]) if centre else []:
            stdout.write(f"  tra cứu / look up at /tra-cuu/: {item.code}  điện thoại/phone {item.phone}")
