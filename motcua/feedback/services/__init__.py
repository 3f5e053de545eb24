"""Every write of the feedback app, behind one import path: `from motcua.feedback.services import …`.

Split by subject (docs/architecture.md, "One module or a package"): `ratings` (the applicant's rating online, at
the counter's rating device, or sent by a connected system; the rating devices) and `pakn` (PAKN feedback: send,
classify, ask for more, answer, publish, react). Callers import this package, not the modules.
"""

from .pakn import (
    MAX_TEXT,
    FeedbackError,
    feedback_accept,
    feedback_answer,
    feedback_provide_info,
    feedback_publish,
    feedback_react,
    feedback_reject,
    feedback_request_info,
    feedback_submit,
    session_hash,
)
from .ratings import (
    RATEABLE,
    Answers,
    RatingError,
    kiosk_device_for_token,
    kiosk_device_register,
    kiosk_device_rename,
    kiosk_device_revoke,
    rating_submit_at_kiosk,
    rating_submit_by_applicant,
    rating_submit_by_system,
)

__all__ = [
    "MAX_TEXT",
    "RATEABLE",
    "Answers",
    "FeedbackError",
    "RatingError",
    "feedback_accept",
    "feedback_answer",
    "feedback_provide_info",
    "feedback_publish",
    "feedback_react",
    "feedback_reject",
    "feedback_request_info",
    "feedback_submit",
    "kiosk_device_for_token",
    "kiosk_device_register",
    "kiosk_device_rename",
    "kiosk_device_revoke",
    "rating_submit_at_kiosk",
    "rating_submit_by_applicant",
    "rating_submit_by_system",
    "session_hash",
]
