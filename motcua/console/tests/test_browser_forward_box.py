"""The forward box on a commune centre's dossier, in Chromium: the lead list offers the receiving commune's committee
(pre-selected) and the province's agencies, not another commune's committee; the parallel units are grouped
checkboxes whose group headings and unit names read in full (a list box in the 360 px column cut them off). Screenshot in
/work/notes/shots/fixes1/ (and var/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine

from motcua.bundles.tests.conftest import BundleWorld
from motcua.catalog.selectors import procedure_get_current
from motcua.dossiers import services
from motcua.dossiers.tests.factories import vn

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/notes/shots/fixes1")

# Every group heading and unit name of the parallel list, and whether it is cut off (its text wider than its box).
CLIPPED = """(el) => [...el.querySelectorAll('label')].map(l => ({
  text: l.textContent.trim(), clipped: l.scrollWidth > l.clientWidth + 1 || l.getBoundingClientRect().right > el.getBoundingClientRect().right + 1,
}))"""


def test_the_forward_box_offers_this_commune_and_reads_in_full(live_server, login, screenshot):
    bw = BundleWorld()
    bw.centre_officer.set_password(PASSWORD)
    bw.centre_officer.save()
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        dossier = services.dossier_receive_at_counter(
            officer=bw.centre_officer,
            unit=bw.centre,
            procedure=procedure_get_current("1.001193"),
            applicant_name="Nguyễn Thị Mai",
            applicant_phone="0912345678",
            presented_document_ids=[],
        )
    with time_machine.travel(vn(2026, 3, 2, 9, 30), tick=True):
        page = login(bw.centre_officer)
        page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
        box = page.locator("details[data-action=forward]")
        if box.get_attribute("open") is None:
            box.locator("summary").press("Enter")
        lead = box.locator("select[name='forward-to_unit']")
        assert lead.locator("option:checked").inner_text() == "Ủy ban nhân dân xã Tân Lập"
        names = lead.locator("option").all_inner_texts()
        assert "Công an tỉnh" in names and "Ủy ban nhân dân xã Tân Phú" not in names
        parallel = box.locator("div.cs-choices")
        parallel.scroll_into_view_if_needed()
        labels = parallel.evaluate(CLIPPED)
        texts = [label["text"] for label in labels]
        assert texts == [
            "Cơ quan có thẩm quyền theo danh mục thủ tục",
            "Ủy ban nhân dân xã Tân Lập",
            "Cơ quan cấp tỉnh",
            "Công an tỉnh",
            "Bảo hiểm xã hội tỉnh",
        ]
        assert not [label for label in labels if label["clipped"]], labels  # every heading and name in full
        path = screenshot(page, "fixes1-forward-box")
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / path.name).write_bytes(path.read_bytes())
        # the officer picks the police to work in parallel and forwards: the dossier goes to the committee
        police = parallel.get_by_label("Công an tỉnh")
        police.focus()
        police.press("Space")
        assert police.is_checked()
        box.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Đã thực hiện" in page.locator("main").inner_text()
    dossier.refresh_from_db()
    assert dossier.current_unit == bw.committee
