"""Vietnamese legal document numbers: the document types and the issuing bodies' abbreviations.

The number of a legal document is `serial/year/TYPE-ISSUER` (Decree 30/2020/ND-CP on administrative documents,
art. 8 and Appendix I (abbreviations of document types); Law 80/2015/QH13 on legal documents, art. 8), e.g.
`85/2019/TT-BTC`, `104/2022/NĐ-CP`, `01/2021/TTLT-BTC-BTP` (joint circular: issuers joined by "-"). Laws and
ordinances carry the legislature instead: `60/2014/QH13`, `02/2011/UBTVQH12`, `01/2011/PL-UBTVQH12`. Individual
decisions often have no year: `1383/QĐ-BCA`.

The issuers are the Government bodies of Decree 39/2022/ND-CP and of the 2025 reorganisation (Resolution
176/2025/QH15: 14 ministries and 3 ministerial agencies), plus the abbreviations of bodies that existed when older
documents still cited by the catalogue were issued (Bộ Kế hoạch và Đầu tư, Bộ Giao thông vận tải, …).
Matching the issuer against this list, longest first, is what stops a number at its real end when the portal
glues the next title to it (`NĐ-CPLuật`, `TT-BGTVTThông tư`).
"""

from __future__ import annotations

import re

ISSUERS: dict[str, str] = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BTC": "Bộ Tài chính",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "UBDT": "Ủy ban Dân tộc",
    # ministries merged or renamed in 2025 (documents they issued stay in force and are cited)
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    # older abbreviations still found in cited documents
    "BKH": "Bộ Kế hoạch và Đầu tư",
    "BNN": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BVHTT": "Bộ Văn hóa - Thông tin",
    "BBCVT": "Bộ Bưu chính, Viễn thông",
    "BTM": "Bộ Thương mại",
    "BCN": "Bộ Công nghiệp",
    "BTS": "Bộ Thủy sản",
    # other central bodies that issue documents the catalogue cites
    "TANDTC": "Tòa án nhân dân tối cao",
    "HĐTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
    "BHXH": "Bảo hiểm xã hội Việt Nam",
    "TCHQ": "Tổng cục Hải quan",
    "TCT": "Tổng cục Thuế",
    "KBNN": "Kho bạc Nhà nước",
    "UBCK": "Ủy ban Chứng khoán Nhà nước",
    "TLĐ": "Tổng Liên đoàn Lao động Việt Nam",
    # local bodies
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
}
# Decree 30/2020/ND-CP Appendix III: abbreviations of document types (plus the legal types of Law 80/2015).
TYPES = ("TTLT", "NQLT", "VBHN", "NĐ", "TT", "QĐ", "NQ", "CT", "PL", "HD", "TB", "KH", "L")

_ISSUER_ALT = "|".join(sorted(map(re.escape, ISSUERS), key=len, reverse=True))
_TYPE_ALT = "|".join(sorted(TYPES, key=len, reverse=True))
# legislature numbers: I … XVI; "QH1354" is QH13 glued to the next serial "54", so two digits win from 10 on
_LEGISLATURE = r"(?:1[0-6]|[1-9])"
SUFFIX = (
    rf"(?:(?:NQ|PL)-)?(?:UBTVQH|QH){_LEGISLATURE}"
    rf"|(?:(?:{_TYPE_ALT})-)?(?:{_ISSUER_ALT})(?:-(?:{_ISSUER_ALT}))*"
)
# A number as it appears in the flattened text: a digit run (maybe the title's digits glued in front), optional
# year, suffix; the issuer alternation stops the match where the glued next title starts.
DOCUMENT_NUMBER = re.compile(
    rf"(?P<run>\d+(?:\.\d+)?)/(?:(?P<year>(?:19|20)\d{{2}})/)?(?P<suffix>(?:{SUFFIX})(?:\([A-ZĐ]+\d*\))?)"
)
# The shape of a well-formed number (what the checker and the tests accept).
DOCUMENT_NUMBER_STRICT = re.compile(
    rf"(?:\d{{1,3}}(?:\.\d+)?/(?:19|20)\d{{2}}|\d{{1,5}}(?:\.\d+)?)/(?:{SUFFIX})(?:\([A-ZĐ]+\d*\))?"
)


def issuer_name(number: str) -> str:
    """The issuing body of a document number ("85/2019/TT-BTC" → "Bộ Tài chính"; joint numbers → all issuers)."""
    suffix = number.rsplit("/", 1)[-1].split("(")[0]  # "TT-BCA(X13)": the issuing unit inside the ministry
    legislature = re.fullmatch(rf"(?:(?:NQ|PL)-)?(UBTVQH|QH){_LEGISLATURE}", suffix)
    if legislature:
        return ISSUERS[legislature.group(1)]
    parts = suffix.split("-")
    if parts and parts[0] in TYPES:
        parts = parts[1:]
    names = [ISSUERS[part] for part in parts if part in ISSUERS]
    if not names or len(names) != len(parts):
        return ""
    return ", ".join(dict.fromkeys(names))
