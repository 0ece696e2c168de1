import unicodedata

import pytest

from egov.organisations.models import Province


@pytest.mark.django_db
def test_nfc_fields_store_and_look_up_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Quảng Ngãi")
    province = Province.objects.create(name=decomposed, code="H48")
    province.refresh_from_db()
    assert province.name == "Quảng Ngãi"
    assert unicodedata.is_normalized("NFC", province.name)
    assert Province.objects.get(name=decomposed) == province
