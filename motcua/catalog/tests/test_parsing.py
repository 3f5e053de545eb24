"""Parsing of the national export's flattened tables, on short snippets copied from real files."""

from decimal import Decimal

import pytest

from motcua.catalog.importers.national import ParseError, infer_online_level, parse_record
from motcua.catalog.importers.tables import (
    collapse_channels,
    parse_amount,
    parse_channel_table,
    parse_documents,
    parse_legal_basis,
    parse_levels,
    parse_results,
)

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


def test_same_time_limit_on_every_channel_collapses_to_one_general_row():
    table = parse_channel_table(
        HEADER + "Trực tuyến10 Ngày làm việcMiễn phíDịch vụ bưu chính10 Ngày làm việcMiễn phí"
        "Trực tiếp10 Ngày làm việcMiễn phí"
    )
    limits = collapse_channels(table.time_limits, key=lambda r: (r.value, r.unit))
    assert table.channels == ["online", "post", "counter"]
    assert [(t.channel, t.value, t.unit) for t in limits] == [("all", Decimal("10"), "working_days")]
    assert table.warnings == []


def test_different_time_limits_per_channel_stay_per_channel():
    table = parse_channel_table(HEADER + "Trực tiếp7 NgàyMiễn phíTrực tuyến5 NgàyMiễn phí")
    limits = collapse_channels(table.time_limits, key=lambda r: (r.value, r.unit))
    assert [(t.channel, t.value, t.unit) for t in limits] == [
        ("counter", Decimal("7"), "days"),
        ("online", Decimal("5"), "days"),
    ]


def test_hours_and_months_units_are_recognised():
    """A bare "Giờ" is clock hours (Civil Code 2015 art. 147.1), not working hours: "24 Giờ" is one day, not
    three working days (issue 13); "giờ làm việc" stays working hours."""
    table = parse_channel_table(HEADER + "Trực tuyến24 GiờKhông có thông tinTrực tiếp3 ThángKhông có thông tin")
    assert [(t.value, t.unit) for t in table.time_limits] == [
        (Decimal("24"), "hours"),
        (Decimal("3"), "months"),
    ]
    table = parse_channel_table(HEADER + "Trực tuyến8 Giờ làm việcKhông có thông tin")
    assert [(t.value, t.unit) for t in table.time_limits] == [(Decimal("8"), "working_hours")]


def test_time_limit_without_unit_is_read_as_working_days_with_a_warning():
    table = parse_channel_table(HEADER + "Trực tuyến7Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định.)")
    assert (table.time_limits[0].value, table.time_limits[0].unit) == (Decimal("7"), "working_days")
    assert "working days assumed" in table.time_limits[0].note
    assert table.fees[0].amount is None  # "Miễn phí" but the note says the province sets a fee
    assert any("without a unit" in w for w in table.warnings)


def test_fractional_time_limit():
    table = parse_channel_table(HEADER + "Trực tiếp0.5 Ngày làm việcMiễn phí")
    assert table.time_limits[0].value == Decimal("0.5")


def test_time_limit_glued_to_fee_is_split_into_time_and_amount():
    table = parse_channel_table(HEADER + "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp1800,000 Việt Nam Đồng")
    assert [t.value for t in table.time_limits] == [Decimal("1"), Decimal("1")]
    assert table.fees[1].amount == Decimal("800000")
    assert table.fees[0].amount == Decimal("20000")  # "20 VNĐ" is truncated; the note states "20.000 vnđ"
    assert "20.000 vnđ" in table.fees[0].text


def test_fee_amounts_in_dong_and_usd():
    table = parse_channel_table(
        HEADER + "Trực tuyến5 Ngày làm việc5 USD(Chuyển ngang giá trị thị thực)Nộp hồ sơ trực tuyến qua Cổng."
        "Trực tiếp3 Ngày làm việc150,000 Việt Nam ĐồngNộp hồ sơ trực tiếp tại Cục."
    )
    assert [(f.amount, f.currency) for f in table.fees] == [(Decimal("5"), "USD"), (Decimal("150000"), "VND")]
    assert table.time_limits[1].note == "Nộp hồ sơ trực tiếp tại Cục."


def test_channel_words_inside_a_description_do_not_start_a_row():
    table = parse_channel_table(
        HEADER + "Trực tuyến7 Ngày làm việcKhông có thông tin- Trực tiếp: nộp hồ sơ trực tiếp tại trụ sở Cục."
        "\n- Trực tuyến: nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia."
    )
    assert table.channels == ["online"]
    assert len(table.time_limits) == 1


def test_time_cell_in_words_is_a_warning_not_a_limit():
    table = parse_channel_table(
        HEADER + "Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phíQua Cổng dịch vụ công quốc gia"
    )
    assert table.time_limits == []
    assert table.fees[0].amount == Decimal("0")
    assert any("not a number" in w for w in table.warnings)


def test_missing_time_limit_is_reported():
    table = parse_channel_table(HEADER + "Trực tiếpKhông có thông tinKhông có thông tin")
    assert table.time_limits == []
    assert table.fees == []
    assert table.warnings == ["counter: no time limit published"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("800,000", Decimal("800000")), ("50.000", Decimal("50000")), ("1.5", Decimal("1.5")), ("20", Decimal("20"))],
)
def test_amounts_with_thousands_separators(raw, expected):
    assert parse_amount(raw) == expected


def test_documents_with_groups_counts_and_form_files():
    docs, warnings, _uncertain = parse_documents(
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng ký khai sinhmau.TK.docx1 bản chính"
        "- Chứng cứ chứng minh quan hệ cha, con gồm:0 bản chính"
        "* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượngHộ chiếu hoặc căn cước.1 bản chính,1 bản sao"
    )
    assert [(d.name, d.form, d.originals, d.copies, d.required, d.group) for d in docs] == [
        ("Tờ khai đăng ký khai sinh", "mau.TK.docx", 1, 0, True, "Giấy tờ phải nộp"),
        ("- Chứng cứ chứng minh quan hệ cha, con gồm:", "", 0, 0, False, "Giấy tờ phải nộp"),
        ("Hộ chiếu hoặc căn cước.", "", 1, 1, True, "Giấy tờ phải xuất trình"),
    ]
    assert warnings == []


def test_a_count_inside_a_document_name_is_not_a_row_end():
    docs, _, _ = parse_documents(
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngBản dự kiến quy trình.1 bản chính,1 bản sao"
        "01 bản chính danh sách nhân viên theo Mẫu số 03 Phụ lục II;1 bản chính,1 bản sao"
        "- Tờ khai hải quan nhập khẩu: 02 bản chính. Tại ô chứng từ ghi số tờ khai.2 bản chính"
    )
    assert [d.name[:30] for d in docs] == [
        "Bản dự kiến quy trình.",
        "01 bản chính danh sách nhân vi",
        "- Tờ khai hải quan nhập khẩu: ",
    ]
    assert docs[1].form == "Mẫu số 03"


def test_empty_document_list_is_a_warning():
    assert parse_documents("Không có thông tin") == ([], ["no document list"], [])


def test_legal_basis_rows_with_dates_and_issuers():
    rows, warnings, _uncertain = parse_legal_basis(
        "Tên văn bản pháp lýMã văn bảnThông tư Hướng dẫn về phí và lệ phí85/2019/TT-BTC"
        "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ hướng dẫn Luật Hộ tịch123/2015/NĐ-CP"
        "Luật 60/2014/QH1360/2014/QH13"
    )
    assert [(r.number, r.issuer) for r in rows] == [
        ("85/2019/TT-BTC", "Bộ Tài chính"),
        ("123/2015/NĐ-CP", "Chính phủ"),
        ("60/2014/QH13", "Quốc hội"),
    ]
    assert rows[1].date.isoformat() == "2015-11-15"
    assert rows[2].title == "Luật 60/2014/QH13"
    assert warnings == []


def test_results_with_codes_and_portal_widgets_dropped():
    results, _ = parse_results(
        "Văn bản điều chỉnh giá hàng hóa, dịch vụMã: KQ.G12.000798Trường hợp không hợp lý thì có văn bản trả lời."
        "Mã: KQ.G12.000799Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiện"
    )
    assert [(r.name[:20], r.code) for r in results] == [
        ("Văn bản điều chỉnh g", "KQ.G12.000798"),
        ("Trường hợp không hợp", "KQ.G12.000799"),
    ]


def test_levels_are_mapped():
    assert parse_levels("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác") == (
        ["ministry", "province", "commune", "other"],
        [],
    )


def test_online_level_is_inferred_from_channels_and_text():
    assert infer_online_level("Đăng ký xe", "", [], ["counter"]) == "none"
    assert infer_online_level("Đăng ký xe", "", [], ["counter", "online"]) == "partial"
    assert infer_online_level("Đăng ký xe trực tuyến toàn trình", "", [], ["counter", "online"]) == "full"


def test_record_without_code_is_a_parse_error():
    with pytest.raises(ParseError, match="no procedure code"):
        parse_record({"ten_thu_tuc": "X"})


def test_record_that_is_not_an_object_is_a_parse_error():
    with pytest.raises(ParseError, match="not an object"):
        parse_record(["a"])


def test_full_record_is_converted():
    parsed = parse_record(
        {
            "ma_thu_tuc": "1.000080",
            "ten_thu_tuc": "Thủ tục đăng ký nhận cha, mẹ, con",
            "so_quyet_dinh": "163/QĐ-BTP",
            "cap_thuc_hien": "Cấp xã",
            "linh_vuc": "Hộ tịch",
            "co_quan_thuc_hien": "Ủy ban Nhân dân\xa0xã",
            "yeu_cau_dieu_kien": "Không có thông tin",
            "cach_thuc_thuc_hien": HEADER + "Trực tiếp7 Ngày làm việcMiễn phí",
            "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai1 bản chính",
            "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13",
            "ket_qua_xu_ly": "Trích lụcMã: KQ.G15.000033Từ khóa",
        }
    )
    data = parsed.data
    assert (data.code, data.field, data.levels, data.channels) == ("1.000080", "Hộ tịch", ["commune"], ["counter"])
    assert data.implementing_agency == "Ủy ban Nhân dân xã"
    assert data.requirements_text == ""
    assert data.online_level == "none"
    assert [r.code for r in data.results] == ["KQ.G15.000033"]


def test_a_table_field_that_is_not_text_is_treated_as_missing_not_a_crash():
    from motcua.catalog.importers.national import parse_record

    parsed = parse_record(
        {"ma_thu_tuc": "1.000001", "ten_thu_tuc": "Thủ tục thử", "cach_thuc_thuc_hien": 7, "thanh_phan_ho_so": True}
    )
    assert parsed.data.code == "1.000001"
    assert parsed.data.documents == []


def test_a_fee_published_for_one_channel_is_not_copied_to_a_channel_that_publishes_none():
    """1.014064 of the shared export: the counter row states 50.000 đồng, the online row "Không có thông tin"."""
    from motcua.catalog.importers.national import parse_record

    data = parse_record(
        {
            "ma_thu_tuc": "1.000001",
            "ten_thu_tuc": "Thủ tục",
            "cach_thuc_thuc_hien": HEADER
            + "Trực tiếp5 Ngày làm việc50,000 VNĐTrực tuyến5 Ngày làm việcKhông có thông tin",
        }
    ).data
    assert [(f.channel, f.amount) for f in data.fees] == [("counter", Decimal("50000"))]
    assert [t.channel for t in data.time_limits] == ["all"]


def test_free_fee_cell_with_amounts_in_its_note():
    """Law 97/2015/QH13 art. 21: the council sets local fees, so no amount; a stated amount is never 0."""
    council = parse_channel_table(
        HEADER
        + "Trực tiếp5 Ngày làm việcMiễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định. Miễn lệ phí cho hộ nghèo)"
    )
    assert council.fees[0].amount is None and council.fees[0].name == "Lệ phí do HĐND cấp tỉnh quy định"
    one = parse_channel_table(HEADER + "Trực tiếp5 Ngày làm việcMiễn phí(20.000.000 đồng/lần)")
    assert one.fees[0].amount == Decimal("20000000") and one.uncertain
    several = parse_channel_table(
        HEADER + "Trực tiếp5 Ngày làm việcMiễn phí(Cấp mới: 1.200.000 VNĐ; cấp lại: 300.000 VNĐ)"
    )
    assert several.fees[0].amount is None and several.uncertain
    truncated = parse_channel_table(HEADER + "Trực tiếp5 Ngày làm việc135 VNĐ(Lệ phí: 135.000 đồng/lần.)")
    assert truncated.fees[0].amount == Decimal("135000") and not truncated.uncertain
