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


def _fold_by_character(text):
    """`fold` as first written: every character's Unicode category looked up in Python (the reference)."""
    import re
    import unicodedata

    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", stripped).strip().lower()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_fold_by_translation_table_equals_the_character_by_character_rule(text):
    assert fold(text) == _fold_by_character(text)


def test_fold_of_every_combining_mark_block_equals_the_character_by_character_rule():
    text = "".join(chr(code) for code in (*range(0x300, 0x370), *range(0x1AB0, 0x1B00), *range(0x20D0, 0x2100)))
    assert fold("Á" + text + " Ệ") == _fold_by_character("Á" + text + " Ệ")
