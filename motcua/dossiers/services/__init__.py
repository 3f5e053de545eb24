"""Every write to a dossier, behind one import path: `from motcua.dossiers.services import …`.

One keyword-only function per action, each one transaction and one history event (`engine.apply_action`).
The package is split by who acts and when; callers never import the modules below, only this package:

- `intake`: filing and reception (online submission, the counter's intake, supplement requests before and after
  reception, refusal), the code and register number, the limits a procedure commits to (`intake_limits`);
- `processing`: after reception (forwarding and liên thông steps, appraisal, approval, signature, pauses,
  extension, payment, closing and return);
- `applicant`: the citizen's own actions online (withdraw, answer a supplement request, ask for the result by post);
- `documents`: uploads (type by content, size, checksum, private storage), files added before reception, and the
  one private download response (`file_response`).

The calendar re-plan (`dossier_replan`) lives in `dossiers.replan` and is re-exported here with the other writes.
Reads are in `dossiers.selectors` / `dossiers.public`; rules shared by reads and writes in `dossiers.policy`;
neither imports this package (import-linter contract in pyproject.toml).
"""

from ..replan import dossier_replan
from .applicant import (
    REQUEST_POSTAL_RESULT,
    applicant_actions,
    dossier_request_postal_result,
    dossier_supplement_by_applicant,
    dossier_withdraw_by_applicant,
)
from .documents import (
    CheckedFile,
    Upload,
    check_upload,
    dossier_attach_documents,
    file_response,
    max_upload_bytes,
)
from .intake import (
    APPLICANT_FIELDS,
    SUBMITTER_FIELDS,
    dossier_receive,
    dossier_receive_at_counter,
    dossier_refuse_at_counter,
    dossier_refuse_reception,
    dossier_request_supplement,
    dossier_request_supplement_at_counter,
    dossier_submit,
    dossier_supplement_received,
    intake_limits,
)
from .processing import (
    dossier_appraise,
    dossier_approve,
    dossier_assign,
    dossier_consult,
    dossier_consult_reply,
    dossier_deliver,
    dossier_extend,
    dossier_finish_part,
    dossier_forward,
    dossier_notify_early_return,
    dossier_record_payment,
    dossier_reject,
    dossier_request_payment,
    dossier_request_withdrawal,
    dossier_resume,
    dossier_return_for_rework,
    dossier_sign,
    dossier_stop,
    dossier_suspend,
)

__all__ = [
    "APPLICANT_FIELDS",
    "REQUEST_POSTAL_RESULT",
    "SUBMITTER_FIELDS",
    "CheckedFile",
    "Upload",
    "applicant_actions",
    "check_upload",
    "dossier_appraise",
    "dossier_approve",
    "dossier_assign",
    "dossier_attach_documents",
    "dossier_consult",
    "dossier_consult_reply",
    "dossier_deliver",
    "dossier_extend",
    "dossier_finish_part",
    "dossier_forward",
    "dossier_notify_early_return",
    "dossier_receive",
    "dossier_receive_at_counter",
    "dossier_record_payment",
    "dossier_refuse_at_counter",
    "dossier_refuse_reception",
    "dossier_reject",
    "dossier_replan",
    "dossier_request_payment",
    "dossier_request_postal_result",
    "dossier_request_supplement",
    "dossier_request_supplement_at_counter",
    "dossier_request_withdrawal",
    "dossier_resume",
    "dossier_return_for_rework",
    "dossier_sign",
    "dossier_stop",
    "dossier_submit",
    "dossier_supplement_by_applicant",
    "dossier_supplement_received",
    "dossier_suspend",
    "dossier_withdraw_by_applicant",
    "file_response",
    "intake_limits",
    "max_upload_bytes",
]
