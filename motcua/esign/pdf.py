"""The e-result as a PDF page in the layout of an administrative document (ND 30/2020/NĐ-CP, appendix I).

The document itself is always Vietnamese (Luật Ngôn ngữ: official documents are written in Vietnamese), so its
fixed words are not translated. Fonts are the DejaVu Serif TTFs bundled in `fonts/` (Bitstream Vera licence,
see `fonts/LICENSE-DejaVu`): nothing is read from the system, so the PDF is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSerif"
MM = 72 / 25.4  # PDF points per millimetre
PAGE_HEIGHT_MM = 297.0


@dataclass(frozen=True)
class ResultContent:
    """Everything printed on an e-result."""

    parent_agency: str
    agency: str
    result_code: str
    dossier_code: str
    procedure: str
    applicant: str
    decision: str
    issued_on: dt.date
    place: str = ""
    title: str = "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    address: str = ""
    subject: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"
    verify_hint: str = ""
    # Printed inside the visible signature box (pyHanko draws the field's border over it).
    signature_lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RenderedResult:
    pdf: bytes
    # Where the visible signature goes, in PDF points from the bottom-left corner of page 1 (x1, y1, x2, y2).
    signature_box: tuple[int, int, int, int]


def _date_line(place: str, day: dt.date) -> str:
    date = f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"{place}, {date}" if place else date.capitalize()


class _Document(FPDF):
    def __init__(self, page_format: str = "A4") -> None:
        super().__init__(orientation="P", unit="mm", format=page_format)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSerif.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSerif-Italic.ttf"))
        self.set_margins(20, 15, 15)
        self.set_auto_page_break(auto=True, margin=20)


def render_result(content: ResultContent) -> RenderedResult:
    """Lay out the e-result on A4 and return the PDF bytes and the box reserved for the visible signature."""
    pdf = _Document()
    pdf.set_title(f"{content.title} {content.result_code}")
    pdf.set_author(content.agency)
    pdf.set_subject(content.procedure)
    pdf.set_creator("motcua")
    pdf.add_page()

    # Header: the agency on the left, the national motto on the right (ND 30/2020 appendix I, items 1–2).
    left_w, right_w, top = 75, 100, pdf.get_y()
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(left_w, 5, content.parent_agency.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(left_w, 5, content.agency.upper(), align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.line(20 + left_w / 2 - 12, left_bottom + 1, 20 + left_w / 2 + 12, left_bottom + 1)
    pdf.set_xy(20 + left_w, top)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(right_w, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.cell(right_w, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LEFT", new_y="NEXT")
    motto_w = pdf.get_string_width("Độc lập - Tự do - Hạnh phúc")
    centre = 20 + left_w + right_w / 2
    pdf.line(centre - motto_w / 2, pdf.get_y() + 0.5, centre + motto_w / 2, pdf.get_y() + 0.5)

    pdf.set_y(max(left_bottom, pdf.get_y()) + 5)
    row = pdf.get_y()
    pdf.set_font(FONT, "", 10)
    pdf.set_x(20)
    pdf.cell(left_w, 6, f"Số: {content.result_code}", align="C")
    pdf.set_xy(20 + left_w, row)
    pdf.set_font(FONT, "I", 10)
    pdf.cell(right_w, 6, _date_line(content.place, content.issued_on), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(10)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, content.title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    rows = [
        ("Mã hồ sơ", content.dossier_code),
        ("Mã kết quả điện tử", content.result_code),
        ("Thủ tục hành chính", content.procedure),
        ("Tổ chức, cá nhân", content.applicant),
    ]
    if content.address:
        rows.append(("Địa chỉ", content.address))
    if content.subject:
        rows.append(("Nội dung yêu cầu", content.subject))
    rows.extend(content.fields)
    for label, value in rows:
        pdf.set_font(FONT, "B", 11)
        pdf.cell(48, 7, f"{label}:")
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 7, value or "—", new_x="LMARGIN", new_y="NEXT")

    if content.decision:
        pdf.ln(4)
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 6.5, content.decision, align="J", new_x="LMARGIN", new_y="NEXT")

    # Signature block on the right; the visible signature field is placed under the signer's title.
    pdf.ln(10)
    if pdf.get_y() > PAGE_HEIGHT_MM - 80:
        pdf.add_page()
    sig_x, sig_w = 20 + left_w + 5, right_w - 10
    pdf.set_x(sig_x)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(sig_w, 6, content.signer_title, align="C", new_x="LMARGIN", new_y="NEXT")
    sig_top = pdf.get_y() + 2
    sig_height = 28
    if pdf.page != 1:
        raise ValueError("the e-result must fit on one page")  # the signature field is placed on page 1
    pdf.set_xy(sig_x + 3, sig_top + 5)
    for line in content.signature_lines:
        pdf.set_x(sig_x + 3)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(sig_w - 6, 5, line, align="L", new_x="LMARGIN", new_y="NEXT")

    if content.verify_hint:
        # The hint (with the full verification URL) sits at the foot of page 1, above the bottom margin: placed
        # from its own height with page breaks off, so it can never spill onto a page of its own.
        pdf.set_font(FONT, "I", 8.5)
        hint_lines = pdf.multi_cell(0, 4.5, content.verify_hint, align="C", dry_run=True, output="LINES")
        hint_top = max(sig_top + sig_height + 2, PAGE_HEIGHT_MM - 12 - 4.5 * len(hint_lines))
        pdf.set_auto_page_break(auto=False)
        pdf.set_y(hint_top)
        pdf.multi_cell(0, 4.5, content.verify_hint, align="C", new_x="LMARGIN", new_y="NEXT")
        if pdf.get_y() > PAGE_HEIGHT_MM - 5:
            raise ValueError("the e-result must fit on one page")

    box = (
        round(sig_x * MM),
        round((PAGE_HEIGHT_MM - sig_top - sig_height) * MM),
        round((sig_x + sig_w) * MM),
        round((PAGE_HEIGHT_MM - sig_top) * MM),
    )
    return RenderedResult(pdf=bytes(pdf.output()), signature_box=box)
