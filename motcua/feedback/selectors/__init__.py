"""The reads of the feedback app, split by subject (docs/architecture.md, "One module or a package").

`ratings` (aggregates of ratings only, ND 61/2018 art 27: raters stay confidential) is re-exported here, so
`from motcua.feedback.selectors import satisfaction_rate` keeps meaning the ratings' share. `pakn` (the officer's
inbox, the sender's own feedback, the published answers, Decision 766 indicators 5.1–5.3) is imported as its
module, `from motcua.feedback.selectors import pakn`, because it has a `satisfaction_rate` of its own (Decision 766
indicator 5.3, over PAKN).
"""

from . import pakn
from .ratings import (
    CriterionSummary,
    Rate,
    dossier_is_rated,
    rating_summary,
    satisfaction_rate,
    signed_in,
    vn_bounds,
)

__all__ = [
    "CriterionSummary",
    "Rate",
    "dossier_is_rated",
    "pakn",
    "rating_summary",
    "satisfaction_rate",
    "signed_in",
    "vn_bounds",
]
