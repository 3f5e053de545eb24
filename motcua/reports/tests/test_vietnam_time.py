"""Report tables show moments in Vietnam time whatever the display zone (the test settings' zone is deliberately
not Vietnam's): a dossier received at 09:00 on 18/11 in Vietnam reads 18/11/2026 09:00, not 17/11 18:00."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.template.loader import render_to_string

UTC = dt.UTC


def test_the_dossier_table_shows_vietnam_time():
    dossier = SimpleNamespace(
        code="000.00.00.H00-261118-0001",
        procedure=SimpleNamespace(name="Đăng ký khai sinh"),
        receiving_unit=SimpleNamespace(name="Trung tâm"),
        received_at=dt.datetime(2026, 11, 18, 2, 0, tzinfo=UTC),
        submitted_at=None,
        due_at=dt.datetime(2026, 11, 19, 10, 0, tzinfo=UTC),
        finished_at=None,
        outcome="",
        get_status_display="Đang giải quyết",
        late_step_units=[],
    )
    html = render_to_string("reports/_dossier_table.html", {"dossiers": [dossier]})
    assert "18/11/2026 09:00" in html and "19/11/2026 17:00" in html
