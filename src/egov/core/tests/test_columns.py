"""Input code asks core.columns what a column holds, instead of writing its size again."""

from egov.core.columns import integer_error, integer_range, max_length
from egov.dossiers.models import Dossier
from egov.procedures.models import ProcedureVersion, RequiredDocument


def test_an_integer_column_holds_its_type_narrowed_by_the_field_validators():
    assert integer_range(Dossier._meta.get_field("sets_count")) == (0, 32767)  # positive smallint
    assert integer_range(ProcedureVersion._meta.get_field("time_limit")) == (0, 2**31 - 1)
    assert integer_range(RequiredDocument._meta.get_field("count")) == (1, 32767)  # MinValueValidator(1)


def test_the_reason_names_the_bounds_in_vietnamese_figures():
    field = Dossier._meta.get_field("sets_count")
    assert integer_error(20, field) is None
    assert integer_error(1_000_000, field) == "phải từ 0 đến 32.767"
    assert integer_error(0, field, low=1) == "phải từ 1 đến 32.767"


def test_max_length_is_the_model_column():
    assert max_length(Dossier, "applicant_name") == 255
