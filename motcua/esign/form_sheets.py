"""The official one-stop forms 01–03 as A5 PDF sheets (TT 01/2018/TT-VPCP art 9: forms printed on A5; TT 03/2025
/TT-VPCP Appendix I, Mẫu số 01–03), ready to be signed like an e-result (`signing.sign_pdf`, PAdES).

The sheet is one A5 page with its signature blocks (the receipt is handed over as one sheet): the body is set at
10 pt and, when a long list of components would push the signatures onto a second page, set again at a smaller
size down to 7 pt (`render_form` raises if even that does not fit). The words come from the caller, already in
Vietnamese (the form text itself, see `motcua.dossiers.official_forms`); fonts are the bundled DejaVu Serif.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pdf import FONT, MM, RenderedResult, _Document

A5_WIDTH_MM, A5_HEIGHT_MM = 148.0, 210.0
LEFT, RIGHT, TOP, BOTTOM = 15.0, 10.0, 10.0, 8.0
SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
SIGNATURE_HEIGHT_MM = 17.0
# Printed under the signer's block of a form issued electronically (TT 03/2025 Appendix I, Mẫu số 01 and 03 for
# the receiving officer; the other signers "+ chữ ký số nếu là biểu mẫu điện tử").
E_SIGNATURE_NOTE = "(Chữ ký số của người tiếp nhận hồ sơ nếu là biểu mẫu điện tử)"
E_SIGNATURE_NOTE_OTHER = "(Chữ ký số nếu là biểu mẫu điện tử)"


@dataclass(frozen=True)
class SignerBlock:
    title: str
    note: str = "(Ký và ghi rõ họ tên)"
    name: str = ""
    # The block that receives the visible digital signature (at most one per form), with its note.
    digital: bool = False
    digital_note: str = E_SIGNATURE_NOTE


@dataclass(frozen=True)
class FormContent:
    """One form: header, title, body lines (`(style, text)`, style "p", "b" bold, "i" italic, "li" list item)."""

    parent_agency: str
    agency: str
    number_line: str
    date_line: str
    title: str
    lines: list[tuple[str, str]]
    signers: list[SignerBlock]
    subject: str = ""
    footer: str = ""
    signature_lines: list[str] = field(default_factory=list)


class FormDoesNotFit(ValueError):
    """The form's text does not fit one A5 sheet even at the smallest size."""


class _Sheet(_Document):
    def __init__(self) -> None:
        super().__init__(page_format="A5")
        self.set_margins(LEFT, TOP, RIGHT)
        self.set_auto_page_break(auto=True, margin=BOTTOM)


def _layout(content: FormContent, size: float) -> tuple[_Sheet, tuple[int, int, int, int] | None, bool]:
    """The sheet at `size` pt, the signature box, and whether everything fits on page 1."""
    pdf = _Sheet()
    pdf.set_title(content.title)
    pdf.set_author(content.agency)
    pdf.set_subject(content.subject or content.title)
    pdf.set_creator("motcua")
    pdf.add_page()
    width = A5_WIDTH_MM - LEFT - RIGHT
    line = size * 0.42  # line height in mm for a font size in points

    # Header: agency left, national motto right (ND 30/2020 appendix I), the form's number under the agency.
    left_w, right_w, top = width * 0.42, width * 0.58, pdf.get_y()
    small = size - 1.5
    if content.parent_agency:
        pdf.set_font(FONT, "", small)
        pdf.multi_cell(left_w, small * 0.45, content.parent_agency.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", small)
    pdf.multi_cell(left_w, small * 0.45, content.agency.upper(), align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.line(LEFT + left_w / 2 - 8, left_bottom + 0.8, LEFT + left_w / 2 + 8, left_bottom + 0.8)
    pdf.set_xy(LEFT + left_w, top)
    pdf.set_font(FONT, "B", small - 0.5)
    pdf.cell(right_w, small * 0.45, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", small)
    motto = "Độc lập - Tự do - Hạnh phúc"
    pdf.cell(right_w, small * 0.45, motto, align="C", new_x="LEFT", new_y="NEXT")
    motto_w, centre = pdf.get_string_width(motto), LEFT + left_w + right_w / 2
    pdf.line(centre - motto_w / 2, pdf.get_y() + 0.4, centre + motto_w / 2, pdf.get_y() + 0.4)
    row = max(left_bottom, pdf.get_y()) + 2
    pdf.set_xy(LEFT, row)
    pdf.set_font(FONT, "", small)
    pdf.multi_cell(left_w, small * 0.45, content.number_line, align="C", new_x="LEFT", new_y="NEXT")
    number_bottom = pdf.get_y()
    pdf.set_xy(LEFT + left_w, row)
    pdf.set_font(FONT, "I", small)
    pdf.multi_cell(right_w, small * 0.45, content.date_line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(number_bottom, pdf.get_y()) + 3)

    pdf.set_font(FONT, "B", size + 1.5)
    pdf.multi_cell(width, (size + 1.5) * 0.48, content.title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    for style, text in content.lines:
        if style == "li":
            pdf.set_font(FONT, "", size)
            pdf.set_x(LEFT + 4)
            pdf.multi_cell(width - 4, line, text, align="L", new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font(FONT, {"b": "B", "i": "I"}.get(style, ""), size)
        pdf.multi_cell(width, line, text, align="J" if style == "p" else "L", new_x="LMARGIN", new_y="NEXT")

    # Signature blocks side by side (the digital one on the right, as the forms place the receiver). They are
    # never split from the text: when they would not fit under it, this size does not fit (the caller shrinks).
    pdf.ln(2)
    pdf.set_font(FONT, "I", size - 2)
    footer_lines = len(pdf.multi_cell(width, 4, content.footer, dry_run=True, output="LINES")) if content.footer else 0
    needed = 4 * line + 2 * (size - 2) * 0.45 + SIGNATURE_HEIGHT_MM + 2 + footer_lines * (size - 2) * 0.45
    if pdf.page > 1 or pdf.get_y() + needed > A5_HEIGHT_MM - BOTTOM:
        return pdf, None, False
    blocks = content.signers
    block_w = width / max(1, len(blocks)) if len(blocks) > 1 else width / 2
    start_x = LEFT if len(blocks) > 1 else LEFT + width / 2
    top = pdf.get_y()
    box = None
    bottom = top
    space_tops = []
    for index, block in enumerate(blocks):
        x = start_x + index * block_w
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(block_w, line, block.title, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "I", size - 1)
        pdf.multi_cell(block_w, line, block.note, align="C", new_x="LEFT", new_y="NEXT")
        if block.digital:
            pdf.set_font(FONT, "I", size - 2)
            pdf.multi_cell(block_w, (size - 2) * 0.45, block.digital_note, align="C", new_x="LEFT", new_y="NEXT")
        space_tops.append(pdf.get_y() + 1)
    names_y = max(space_tops, default=top) + SIGNATURE_HEIGHT_MM  # the names on one line under every block
    for index, block in enumerate(blocks):
        x, space_top = start_x + index * block_w, space_tops[index]
        if block.digital and content.signature_lines:
            pdf.set_xy(x + 3, space_top + 3)
            pdf.set_font(FONT, "", size - 2)
            for text in content.signature_lines:
                pdf.set_x(x + 3)
                pdf.multi_cell(block_w - 6, (size - 2) * 0.45, text, align="L", new_x="LMARGIN", new_y="NEXT")
            box_top, box_bottom = space_top, names_y - 1
            box = (
                round((x + 1) * MM),
                round((A5_HEIGHT_MM - box_bottom) * MM),
                round((x + block_w - 1) * MM),
                round((A5_HEIGHT_MM - box_top) * MM),
            )
        pdf.set_xy(x, names_y)
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(block_w, line, block.name or " ", align="C", new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom + 1)
    if content.footer:
        pdf.set_font(FONT, "I", size - 2)
        pdf.multi_cell(width, (size - 2) * 0.45, content.footer, align="C", new_x="LMARGIN", new_y="NEXT")
    return pdf, box, pdf.page == 1 and pdf.get_y() <= A5_HEIGHT_MM - BOTTOM


def render_form(content: FormContent) -> RenderedResult:
    """Lay the form out on one A5 page (shrinking the type if needed) and return the PDF and the signature box
    (PDF points from the bottom-left corner; (0, 0, 0, 0) when no block is digital or no signature lines)."""
    for size in SIZES:
        pdf, box, fits = _layout(content, size)
        if fits:
            return RenderedResult(pdf=bytes(pdf.output()), signature_box=box or (0, 0, 0, 0))
    raise FormDoesNotFit(content.title)
