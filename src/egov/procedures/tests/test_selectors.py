import datetime as dt
import unicodedata

import pytest

from egov.procedures.selectors import procedure_current_version, procedure_search
from egov.procedures.tests.factories import (
    AgencyFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    trade = FieldFactory(name="Lưu thông hàng hóa trong nước")
    power = FieldFactory(name="Điện")
    agency = AgencyFactory()
    return {
        "wholesale": ProcedureFactory(code="2.000633", name="Cấp Giấy phép bán buôn rượu", field=trade, agency=agency),
        "renewal": ProcedureFactory(code="2.000636", name="Cấp lại Giấy phép bán buôn rượu", field=trade),
        "tobacco": ProcedureFactory(code="2.000176", name="Cấp Giấy phép bán buôn sản phẩm thuốc lá", field=trade),
        "power": ProcedureFactory(code="2.000621", name="Huấn luyện và cấp mới thẻ an toàn điện", field=power),
    }


def codes(queryset):
    return {procedure.code for procedure in queryset}


def test_search_with_and_without_diacritics(catalogue):
    assert codes(procedure_search("ban buon ruou")) == {"2.000633", "2.000636"}
    assert codes(procedure_search("bán buôn rượu")) == {"2.000633", "2.000636"}
    assert codes(procedure_search("BÁN BUÔN RƯỢU")) == {"2.000633", "2.000636"}
    assert codes(procedure_search(unicodedata.normalize("NFD", "bán buôn rượu"))) == {"2.000633", "2.000636"}


def test_every_word_must_match_in_any_order(catalogue):
    assert codes(procedure_search("ruou cap lai")) == {"2.000636"}
    assert codes(procedure_search("ban buon")) == {"2.000633", "2.000636", "2.000176"}
    assert codes(procedure_search("ruou dien")) == set()


def test_d_with_stroke_and_code(catalogue):
    assert codes(procedure_search("an toan dien")) == {"2.000621"}
    assert codes(procedure_search("điện")) == {"2.000621"}
    assert codes(procedure_search("2.000176")) == {"2.000176"}


def test_filters_and_empty_query(catalogue):
    assert len(procedure_search("")) == 4
    assert codes(procedure_search("", field=catalogue["power"].field)) == {"2.000621"}
    assert codes(procedure_search("ban buon", agency=catalogue["wholesale"].agency)) == {"2.000633"}
    assert codes(procedure_search("ban buon", agency=catalogue["wholesale"].agency_id)) == {"2.000633"}


def test_current_version_by_date():
    old = ProcedureVersionFactory(effective_from=dt.date(2020, 1, 1), effective_to=dt.date(2022, 6, 30))
    new = ProcedureVersionFactory(procedure=old.procedure, effective_from=dt.date(2022, 7, 1), time_limit=7)
    procedure = old.procedure

    assert procedure_current_version(procedure, on=dt.date(2019, 12, 31)) is None
    assert procedure_current_version(procedure, on=dt.date(2022, 6, 30)) == old
    assert procedure_current_version(procedure, on=dt.date(2022, 7, 1)) == new
    assert procedure_current_version(procedure) == new
