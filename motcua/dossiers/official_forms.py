"""Fixed wording of the official one-stop forms that depends on the dossier (one place for the HTML print and
the signed PDF).

Sources (see /work/shared/reference/legal-details.md §4.2 and onestop-rules.md §2.3, §2.5, §3):
- TT 01/2018/TT-VPCP art 9, Mẫu số 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ", kept as Mẫu số 03 of TT 03/2025
  /TT-VPCP Appendix I. The form's sentence is "Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không
  tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:" — one form for two moments: a refusal at the counter
  (ND 61/2018 art 17.1(c): the one-stop unit does not *receive* the dossier, the applicant is present and signs)
  and a refusal after appraisal (ND 61/2018 art 19.6, TT 01/2018: the processing agency does not *settle* a
  received dossier, the notice is entered in the result section; the applicant is not at the counter).
  `refusal_wording` fills the form's slashed alternatives ("tiếp nhận, giải quyết"; "Bộ phận Tiếp nhận và Trả
  kết quả" / the processing agency) with the one that applies.
- Service commitments (docs/domain/deadlines.md §10): when a province or unit committed to a time shorter than
  the legal limit, form 01 adds the committed appointment ("Hẹn trả kết quả theo cam kết") beside the legal
  limit and due date it prints anyway (items 3 and 5), with the decision that set the commitment
  (`commitment_wording`). The form's own items are unchanged.
- TT 03/2025 Appendix I, Mẫu số 01: the authorised-person block ("trường hợp được ủy quyền": họ và tên, số định
  danh cá nhân, số điện thoại, giấy tờ ủy quyền), see `AUTHORISED_HEADING`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .choices import Action

if TYPE_CHECKING:
    from .models import Dossier

# The sentence of TT 01/2018 (TT 03/2025) Mẫu số 03, word for word as reproduced (legal-details.md §4.2).
FORM_03_SENTENCE = (
    "Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này "
    "với lý do cụ thể như sau:"
)
FORM_03_CLOSING = "Xin thông báo cho Ông/Bà được biết và thực hiện./."
AUTHORISED_HEADING = "Người được ủy quyền/người nộp thay:"


@dataclass(frozen=True)
class RefusalWording:
    """Mẫu số 03 as it applies: `sentence` replaces FORM_03_SENTENCE, `signers` the signature titles."""

    at_counter: bool
    sentence: str
    signers: tuple[str, ...]


def refusal_wording(*, action: str, unit_name: str = "") -> RefusalWording:
    """The form 03 wording for a refusal recorded by `action` (REFUSE_RECEPTION at the counter, REJECT after
    appraisal). At the counter: the one-stop unit "không tiếp nhận"; the applicant and the receiving officer
    sign. After appraisal: the agency (`unit_name`, else the form's generic one-stop unit) "không giải quyết",
    signed by the agency's officer only (the dossier was received, the applicant is not present)."""
    if action == Action.REJECT:
        agency = unit_name or "Cơ quan giải quyết hồ sơ"
        return RefusalWording(
            at_counter=False,
            sentence=(
                f"Qua xem xét, thẩm định hồ sơ, {agency} thông báo không giải quyết hồ sơ này với lý do cụ thể như sau:"
            ),
            signers=("CƠ QUAN GIẢI QUYẾT HỒ SƠ",),
        )
    return RefusalWording(
        at_counter=True,
        sentence="Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận hồ sơ này với lý do cụ thể như sau:",
        signers=("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"),
    )


COMMITMENT_LABEL = "Hẹn trả kết quả theo cam kết"
LIMIT_UNITS = {
    "working_days": "ngày làm việc",
    "working_hours": "giờ làm việc",
    "hours": "giờ",
    "days": "ngày",
    "months": "tháng",
}


def _number(value: Decimal | None) -> str:
    text = f"{value.normalize():f}" if value is not None else ""
    return text.replace(".", ",")


def limit_text(value: Decimal | None, unit: str) -> str:
    """ "4 giờ làm việc", "1,5 ngày làm việc": a time limit as written on the forms."""
    if value is None or not unit:
        return ""
    return f"{_number(value)} {LIMIT_UNITS.get(unit, unit)}"


@dataclass(frozen=True)
class CommitmentWording:
    """The committed appointment of a dossier under a service commitment, as form 01 and the tracking page say it."""

    due_at: dt.datetime
    limit: str
    legal_limit: str
    decision: str


def commitment_wording(dossier: Dossier) -> CommitmentWording | None:
    """None when no commitment applies to the dossier (the forms then print the legal limit only)."""
    if dossier.committed_due_at is None:
        return None
    commitment = dossier.commitment
    decision = ""
    if commitment is not None:
        decision = f"Quyết định số {commitment.decision_number} ngày {commitment.decision_date:%d/%m/%Y}"
        if commitment.decision_issuer:
            decision += f" của {commitment.decision_issuer}"
    return CommitmentWording(
        due_at=dossier.committed_due_at,
        limit=limit_text(dossier.committed_limit_value, dossier.committed_limit_unit),
        legal_limit=limit_text(dossier.time_limit_value, dossier.time_limit_unit),
        decision=decision,
    )
