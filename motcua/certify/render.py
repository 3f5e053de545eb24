"""Lay out the electronic certified copy: page 1 carries the certification statement and the box of the visible
signature (esign signs on page 1), the following pages the scanned pages of the original, each fitted to A4.

The statement follows the certification wording for copies from originals (ND 23/2015/NĐ-CP, form of the
certification statement: "Chứng thực bản sao đúng với bản chính", number, book, date, certifier).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from fpdf import FPDF

from motcua.esign.pdf import FONT, FONT_DIR

A4_W, A4_H, MARGIN = 210, 297, 12


@dataclass(frozen=True)
class CopyContent:
    agency: str
    parent_agency: str
    title: str
    book_reference: str
    pages: int
    fee: int
    issued_on: dt.date
    signature_lines: tuple[str, ...]


@dataclass(frozen=True)
class RenderedCopy:
    pdf: bytes
    signature_box: tuple[int, int, int, int]


def _document() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(auto=False)
    return pdf


def render_copy(content: CopyContent, scans: list[bytes]) -> RenderedCopy:
    pdf = _document()
    pdf.set_title(f"Bản sao điện tử chứng thực {content.book_reference}")
    pdf.set_author(content.agency)
    pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    if content.parent_agency:
        pdf.cell(90, 6, content.parent_agency.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(90, 6, content.agency.upper(), align="C")
    pdf.set_xy(105, 15)
    pdf.cell(90, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(90, 6, "Độc lập - Tự do - Hạnh phúc", align="C")
    pdf.set_xy(20, 45)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(175, 8, "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FONT, "", 12)
    lines = [
        f"Giấy tờ, văn bản được chứng thực: {content.title}",
        f"Bản sao gồm {content.pages} trang, theo sau trang này.",
        f"Số chứng thực: {content.book_reference}",
        f"Lệ phí: {content.fee:,} đồng".replace(",", "."),
        f"Ngày {content.issued_on.day:02d} tháng {content.issued_on.month:02d} năm {content.issued_on.year}",
    ]
    for line in lines:
        pdf.multi_cell(175, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, "B", 12)
    pdf.set_x(105)
    pdf.cell(90, 7, "NGƯỜI THỰC HIỆN CHỨNG THỰC", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    top = pdf.get_y() + 2
    pdf.set_xy(108, top + 5)
    for line in content.signature_lines:
        pdf.set_x(108)
        pdf.multi_cell(84, 5, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(20, 270)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        175, 5, "Bản sao điện tử được chứng thực từ bản chính, có chữ ký số của cơ quan chứng thực.", align="C"
    )
    for scan in scans:
        pdf.add_page()
        pdf.image(
            io.BytesIO(scan), x=MARGIN, y=MARGIN, w=A4_W - 2 * MARGIN, h=A4_H - 2 * MARGIN, keep_aspect_ratio=True
        )
    # PDF points from the bottom-left corner: x1, y1, x2, y2 of the signer block on page 1
    to_pt = 72 / 25.4
    box = (round(105 * to_pt), round((A4_H - top - 28) * to_pt), round(195 * to_pt), round((A4_H - top) * to_pt))
    return RenderedCopy(pdf=bytes(pdf.output()), signature_box=box)
