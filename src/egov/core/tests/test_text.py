import unicodedata

import pytest

from egov.core.text import TextRefused, boundary_text, clean_text, fit, fold, nfc, xml_safe


def test_nfc_composes_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Sở Công Thương")
    assert decomposed != "Sở Công Thương"
    assert nfc(decomposed) == "Sở Công Thương"


def test_clean_text_collapses_spaces():
    assert clean_text("  Phòng   Quản lý\tthương mại ") == "Phòng Quản lý thương mại"


def test_fold_removes_diacritics_and_maps_d():
    assert fold("Bán buôn RƯỢU") == "ban buon ruou"
    assert fold("Điện lực Đà Nẵng") == "dien luc da nang"
    assert fold(unicodedata.normalize("NFD", "Hóa chất")) == "hoa chat"


# --- the boundary rule ---------------------------------------------------------------------------


def test_the_boundary_stores_nfc_with_newline_line_ends_and_keeps_tabs():
    decomposed = unicodedata.normalize("NFD", "Sở Công Thương")
    assert boundary_text(decomposed) == "Sở Công Thương"
    assert boundary_text("Dòng 1\r\nDòng 2\rDòng 3\tcột") == "Dòng 1\nDòng 2\nDòng 3\tcột"


@pytest.mark.parametrize(
    ("text", "char", "position"),
    [("Dự\x1bthảo", "U+001B", 3), ("\x00", "U+0000", 1), ("a\x7f", "U+007F", 2), ("ab\x85", "U+0085", 3)],
)
def test_the_boundary_refuses_a_control_character_with_where_it_is(text, char, position):
    with pytest.raises(TextRefused) as refused:
        boundary_text(text)
    assert refused.value.code == "control_character"
    assert refused.value.message == f"có ký tự điều khiển {char} ở vị trí {position}"


def test_the_boundary_refuses_a_lone_surrogate_and_what_is_not_text():
    with pytest.raises(TextRefused):
        boundary_text("\ud800")  # JSON can carry it ("\\ud800"); UTF-8 and the database cannot
    for value in (5, True, None, ["a"], {"a": 1}):
        with pytest.raises(TextRefused) as refused:
            boundary_text(value)
        assert refused.value.code == "not_text"


def test_the_boundary_checks_the_length():
    assert boundary_text("a" * 255, max_length=255) == "a" * 255
    with pytest.raises(TextRefused, match="dài 256 ký tự, tối đa 255"):
        boundary_text("a" * 256, max_length=255)


def test_stored_text_is_made_writable_into_documents_and_fitted_to_a_column():
    assert xml_safe("Dự\x1bthảo\x00\tđi\n") == "Dựthảo\tđi\n"
    assert fit("a" * 300, 255) == "a" * 254 + "…"
    assert fit("ngắn", 255) == "ngắn"
