from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, normalize


def test_fold_strips_vietnamese_diacritics_and_d_bar():
    assert fold("Đăng ký  khai sinh") == "dang ky khai sinh"
    assert fold("Thủ tục cấp Giấy chứng nhận QUYỀN sử dụng đất") == "thu tuc cap giay chung nhan quyen su dung dat"


def test_fold_of_empty_values_is_empty():
    assert fold(None) == ""
    assert fold("") == ""


def test_normalize_keeps_diacritics_in_composed_form():
    decomposed = "Hồ sơ".encode().decode()
    assert normalize("  Hồ\u00a0 sơ  ") == "Hồ sơ"
    assert normalize(decomposed) == "Hồ sơ"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
