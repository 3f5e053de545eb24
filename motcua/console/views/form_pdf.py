"""Forms 01–03 as signed A5 PDFs (TT 03/2025/TT-VPCP Appendix I; TT 01/2018 art 9–10: the forms are printed on
A5 and, kept in the system, digitally signed). The sheet prints what the HTML form prints (`views.prints.
form_context`), signed PAdES with the credential of the unit that issued it (the receiving unit for form 01,
the unit of the supplement request or refusal for 02 and 03) (`esign.services.official_form_pdf`) so that it
verifies at /xac-thuc/ like an e-result.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from motcua.accounts.access import officer_required
from motcua.dossiers.official_forms import FORM_03_CLOSING
from motcua.esign.form_sheets import E_SIGNATURE_NOTE, E_SIGNATURE_NOTE_OTHER, FormContent, FormDoesNotFit, SignerBlock
from motcua.esign.services import official_form_pdf, verification_url

from ..templatetags.console import vn_long_date, vn_money, vn_number, vn_time_long
from .dossier import _get
from .prints import PDF_FORMS, form_context

TITLES = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
}
DOTS = "…………………"


def _name(user) -> str:
    return user.display_name() if user is not None else ""


def _applicant_lines(c: dict, *, intro: str) -> list[tuple[str, str]]:
    a = c["applicant"]
    lines = [
        ("p", f"{intro}: {a['name']}"),
        ("p", f"Số định danh cá nhân/tổ chức: {a['id_number'] or DOTS}"),
        ("p", f"Địa chỉ: {a['address'] or DOTS}"),
        ("p", f"Số điện thoại: {a['phone'] or DOTS}    Email: {a['email'] or DOTS}"),
    ]
    s = c["submitter"]
    if s["name"]:
        lines += [
            ("b", f"{c['authorised_heading']} {s['name']}"),
            ("p", f"Số định danh cá nhân: {s['id_number'] or DOTS}    Số điện thoại: {s['phone'] or DOTS}"),
            ("p", f"Giấy tờ ủy quyền: {s['authorisation'] or DOTS}"),
        ]
    return lines


def _content(number: str, c: dict, verify_url: str) -> FormContent:
    dossier, agency = c["dossier"], c["agency"]
    date_line = f"{c['place']}, {vn_long_date(c['today'])}" if c["place"] else vn_long_date(c["today"]).capitalize()
    footer = f"Kiểm tra chữ ký số của biểu mẫu điện tử tại: {verify_url}"
    submitter_or_applicant = c["submitter"]["name"] or c["applicant"]["name"]
    if number == "01":
        lines = [("b", f"Mã hồ sơ: {c['code']}"), ("p", agency.name)]
        lines += _applicant_lines(c, intro="Tiếp nhận hồ sơ của Ông (Bà)/Tổ chức")
        lines.append(("p", f"Nội dung yêu cầu giải quyết: {c['subject']}"))
        lines.append(("p", "1. Thành phần hồ sơ nộp gồm:"))
        lines += [("li", f"{i}. {name}") for i, name in enumerate(c["documents"], 1)] or [("li", DOTS)]
        lines += [
            ("p", f"2. Số lượng hồ sơ: {dossier.sets_count:02d} (bộ)"),
            (
                "p",
                "3. Thời gian giải quyết hồ sơ theo quy định là: "
                f"{vn_number(dossier.time_limit_value)} {c['time_limit_unit']}",
            ),
            ("p", f"4. Thời gian nhận hồ sơ: {vn_time_long(dossier.received_at)}"),
            ("b", f"5. Thời gian trả kết quả giải quyết hồ sơ: {vn_time_long(dossier.due_at)}"),
        ]
        commitment = c.get("commitment")
        if commitment is not None:
            decision = f" theo {commitment.decision}" if commitment.decision else ""
            lines += [
                ("b", f"{c['commitment_label']}: {vn_time_long(commitment.due_at)}"),
                (
                    "p",
                    f"(thời gian cam kết {commitment.limit}{decision}; thời hạn theo quy định "
                    f"{commitment.legal_limit}, hẹn trả chậm nhất tại mục 5)",
                ),
            ]
        lines += [
            ("p", f"6. Đăng ký nhận kết quả tại: {c['collect_at']}"),
        ]
        if dossier.fee_amount:
            lines.append(("p", f"Phí, lệ phí: {vn_money(dossier.fee_amount)}"))
        lines.append(
            (
                "p",
                f"Vào Sổ theo dõi hồ sơ, Quyển số: {dossier.register_year or '…'}, "
                f"Số thứ tự: {dossier.register_number or '…'}",
            )
        )
        signers = [
            SignerBlock("NGƯỜI NỘP HỒ SƠ", name=submitter_or_applicant),
            SignerBlock("NGƯỜI TIẾP NHẬN HỒ SƠ", name=_name(c["receiver"]), digital=True),
        ]
        number_line = f"Mã hồ sơ: {c['code']}"
        footer = f"Tra cứu hồ sơ: {c['status_url']}\n{footer}"
    elif number == "02":
        a = c["applicant"]
        lines = [
            ("p", f"Hồ sơ của: {a['name']}    (Mã hồ sơ: {c['code']})"),
            ("p", f"Nội dung yêu cầu giải quyết: {c['subject']}"),
            ("p", f"Địa chỉ: {a['address'] or DOTS}"),
            ("p", f"Số điện thoại: {a['phone'] or DOTS}    Email: {a['email'] or DOTS}"),
            ("p", "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"),
            *[("li", f"{i}. {item}") for i, item in enumerate(c["items"], 1)],
            ("p", f"Lý do: {c['reason'] or 'Hồ sơ chưa đầy đủ thành phần theo quy định.'}"),
            (
                "p",
                "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "
                f"{_name(c['officer']) or DOTS}, {agency.name}, số điện thoại {c['contact_phone'] or DOTS} "
                "để được hướng dẫn.",
            ),
        ]
        signers = [
            SignerBlock("NGƯỜI HƯỚNG DẪN", name=_name(c["officer"]), digital=True, digital_note=E_SIGNATURE_NOTE_OTHER)
        ]
        number_line = "Số: ……/PBS"
    else:
        refusal = c["refusal"]
        lines = [("p", agency.name)]
        lines += _applicant_lines(c, intro="Tiếp nhận hồ sơ của")
        lines += [
            ("p", f"Mã hồ sơ (nếu có): {c['code']}"),
            ("p", f"Nội dung yêu cầu giải quyết: {c['subject']}"),
            ("p", refusal.sentence),
            ("i", c["reason"] or DOTS),
            ("p", FORM_03_CLOSING),
        ]
        note = E_SIGNATURE_NOTE if refusal.at_counter else E_SIGNATURE_NOTE_OTHER
        officer = SignerBlock(refusal.signers[-1], name=_name(c["officer"]), digital=True, digital_note=note)
        signers = [SignerBlock("NGƯỜI NỘP HỒ SƠ", name=submitter_or_applicant), officer]
        signers = signers if refusal.at_counter else [officer]
        number_line = "Số: ……/PTC"
    return FormContent(
        parent_agency=c["governing_body"],
        agency=agency.name,
        number_line=number_line,
        date_line=date_line,
        title=TITLES[number].upper(),
        subject=f"{TITLES[number]} {c['code']}",
        lines=lines,
        signers=signers,
        footer=footer,
    )


@officer_required
def dossier_form_pdf(request, code: str, number: str):
    """The signed A5 PDF of form 01, 02 or 03 of a dossier the officer may see."""
    if number not in PDF_FORMS:
        raise Http404
    dossier = _get(request, code)
    context = form_context(request, dossier, number)
    verify_url = verification_url(site_url=request.build_absolute_uri("/"))
    try:
        pdf, _signed = official_form_pdf(
            content=_content(number, context, verify_url),
            unit=context.get("issuing_unit") or dossier.receiving_unit,
            reason=f"{TITLES[number]} {dossier.code}",
        )
    except FormDoesNotFit:
        messages.error(request, _("This form is too long for one A5 sheet; print it from this page instead."))
        return redirect("console:dossier_form", code=dossier.code, number=number)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{number}-{dossier.code}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
