"""The fee for certifying a copy from its original (lệ phí chứng thực bản sao từ bản chính).

TT 226/2016/TT-BTC art. 4 (fee levels for certification): "Lệ phí chứng thực bản sao từ bản chính: 2.000
đồng/trang. Từ trang thứ ba trở lên thu 1.000 đồng/trang, nhưng mức thu tối đa không quá 200.000 đồng/bản."
The same fee is applied to an electronic copy certified from the original. The text is quoted from the circular
as recalled — it is not in shared/reference; confirm against the official text (the figures are constants here
because a fee change is a new circular, i.e. a code change with its citation).
"""

from __future__ import annotations

FIRST_PAGES = 2
FIRST_PAGE_FEE = 2_000
LATER_PAGE_FEE = 1_000
MAX_FEE = 200_000


def certified_copy_fee(pages: int) -> int:
    """Fee in đồng for one certified copy of an original of `pages` pages."""
    if pages < 1:
        raise ValueError("a copy has at least one page")
    first = min(pages, FIRST_PAGES) * FIRST_PAGE_FEE
    later = max(pages - FIRST_PAGES, 0) * LATER_PAGE_FEE
    return min(first + later, MAX_FEE)
