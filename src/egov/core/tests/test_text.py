import unicodedata

from egov.core.text import clean_text, fold, nfc


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
