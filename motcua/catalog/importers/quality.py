"""An outside check of parsed procedures: per-field counts of values that cannot be right.

Independent of the parser's own confidence, so it measures a parser (before/after a change) instead of repeating
it. Each check states the rule it enforces:

- a document's name is never only a quantity ("1 bản chính"): the portal's count cell is a separate column;
- a document's form is a file name ending in an extension (the portal's "Mẫu đơn, tờ khai" column holds uploaded
  files) or a "Mẫu số …" reference taken from the name; a form starting inside a word ("doi).docx", "mẫu điện")
  or a name ending in an unclosed parenthesis means a file name was cut;
- a legal-basis number has the shape of a Vietnamese legal document number (Decree 30/2020/ND-CP art. 8 and
  Appendix I, Law 80/2015/QH13 art. 8): `serial/year/TYPE-ISSUER` or `serial/year/QHnn`, serial without the
  year's digits glued in front, issuer known; the issuer is filled for every known issuer code;
- a fee of 0 is "Miễn phí"; a text stating an amount in đồng or "HĐND … quy định" is never 0.
"""

from __future__ import annotations

import re
from collections import Counter

from ..schema import ProcedureData
from .issuers import DOCUMENT_NUMBER_STRICT, issuer_name

_QUANTITY_ONLY = re.compile(r"^\s*\d+\s*bản\s*(chính|sao)", re.IGNORECASE)
_FILE = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf|odt|zip|rar)$", re.IGNORECASE)
_STATED_AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3})+\s*(?:đồng|VNĐ|Việt Nam Đồng)", re.IGNORECASE)

FIELDS = ("documents", "forms", "legal_number", "legal_issuer", "fees")


def check(data: ProcedureData) -> Counter:
    """Counts of suspicious values per field for one parsed procedure."""
    bad: Counter = Counter()
    for doc in data.documents:
        if _QUANTITY_ONLY.match(doc.name) or not doc.name.strip():
            bad["documents"] += 1
        if doc.name.count("(") > doc.name.count(")"):
            bad["documents"] += 1
        if doc.form:
            for form in doc.form.split(" | "):
                head = form[:1]
                if _FILE.search(form):
                    if (
                        head.islower() and not form.lower().startswith(("mẫu", "mau", "phụ lục", "phu luc"))
                    ) or form.count(")") > form.count("("):
                        bad["forms"] += 1
                elif not re.match(r"(?i)(theo )?(mẫu|phụ lục|biểu)", form) or len(form.split()) < 2:
                    bad["forms"] += 1
                elif not re.search(r"\d|[A-Z]{2}", form):
                    bad["forms"] += 1  # "mẫu điện", "mẫu quy định": ordinary words, not a form reference
    for row in data.legal_basis:
        if row.number and not DOCUMENT_NUMBER_STRICT.fullmatch(row.number):
            bad["legal_number"] += 1
        elif (row.number and issuer_name(row.number) and not row.issuer) or (
            row.number and not issuer_name(row.number)
        ):
            bad["legal_issuer"] += 1
    for fee in data.fees:
        text = fee.text or ""
        if fee.amount == 0 and (_STATED_AMOUNT.search(text) or "HĐND" in text or "Hội đồng nhân dân" in text):
            bad["fees"] += 1
    return bad


def check_fee_channels(data: ProcedureData, published: dict[str, bool]) -> int:
    """Fees on a channel whose row publishes no fee ("Không có thông tin"): `published` maps channel → whether
    its row states a fee. An `all` fee row counts against every channel without one."""
    wrong = 0
    for fee in data.fees:
        channels = list(published) if fee.channel == "all" else [fee.channel]
        wrong += sum(1 for channel in channels if not published.get(channel, False))
    return wrong
