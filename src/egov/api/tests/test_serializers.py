"""Query parameters are read strictly (read_query); text inputs follow the boundary rule (TextInput)."""

import datetime as dt
import inspect
import re
import sys
import unicodedata

import pytest
from django.http import QueryDict
from rest_framework import exceptions, serializers

from egov.api import pagination
from egov.api.serializers import TextInput, read_query
from egov.dossiers.api import serializers as dossier_serializers
from egov.dossiers.api import views as dossier_views
from egov.procedures.api import views as procedure_views
from egov.reports.api import views as report_views


class Query(serializers.Serializer):
    day = serializers.DateField(required=False)
    q = serializers.CharField(required=False, min_length=1)
    kind = serializers.MultipleChoiceField(choices=["a", "b"], required=False)


@pytest.mark.parametrize("query", ["day=", "day=05/02/2021", "q=", "kind=", "kind=a&kind=c"])
def test_an_empty_or_malformed_parameter_is_refused_with_its_name(query):
    with pytest.raises(exceptions.ValidationError) as refused:
        read_query(Query, QueryDict(query))
    assert list(refused.value.detail) == [query.split("=")[0]]


def test_absent_parameters_are_absent_and_lists_take_every_occurrence():
    assert read_query(Query, QueryDict("")) == {}
    query = read_query(Query, QueryDict("day=2021-02-05&kind=a&kind=b&other=x"))
    assert query.keys() == {"day", "kind"}
    assert (query["day"], set(query["kind"])) == (dt.date(2021, 2, 5), {"a", "b"})


# --- text inputs: the boundary rule (core.text) --------------------------------------------------


class Body(serializers.Serializer):
    name = TextInput(max_length=20)


@pytest.mark.parametrize("value", [5, 5.5, True, ["a"], {"a": "b"}])
def test_a_text_input_refuses_what_is_not_a_string(value):
    body = Body(data={"name": value})
    assert not body.is_valid()
    assert list(body.errors) == ["name"]


def test_a_text_input_is_nfc_with_newline_line_ends_and_refuses_a_control_character():
    body = Body(data={"name": unicodedata.normalize("NFD", "Hồ sơ") + "\r\nmới"})
    assert body.is_valid(), body.errors
    assert body.validated_data["name"] == "Hồ sơ\nmới"
    body = Body(data={"name": "Hồ\x1bsơ"})
    assert not body.is_valid()
    assert body.errors["name"] == ["Văn bản có ký tự điều khiển U+001B ở vị trí 3."]


def _input_serializers() -> set[type]:
    """Every serializer the API reads a request with: the transition inputs, and every class a
    view reads with read_query(...) or instantiates with data=... (found in the API views' source)."""
    from egov.dossiers.api.views import TRANSITION_INPUTS

    found = set(TRANSITION_INPUTS.values())
    pattern = re.compile(r"read_query\((?:\w+\.)?(\w+)|(?:\w+\.)?(\w+)\(data=")
    for module in (dossier_views, procedure_views, report_views, pagination):
        source = inspect.getsource(module)
        for match in pattern.finditer(source):
            name = match.group(1) or match.group(2)
            if name == "serializer_class" or name == "input_serializer":
                continue
            found.add(getattr(sys.modules[module.__name__], name, None) or getattr(dossier_serializers, name))
    return found


def _text_fields(field, path):
    if isinstance(field, serializers.BaseSerializer) and hasattr(field, "fields"):
        for name, child in field.fields.items():
            yield from _text_fields(child, f"{path}.{name}")
    elif isinstance(field, serializers.ListField):
        yield from _text_fields(field.child, f"{path}[]")
    elif isinstance(field, serializers.CharField) and not field.read_only:
        yield path, field


def test_every_text_input_of_the_api_is_a_text_input():
    inputs = _input_serializers()
    assert len(inputs) > 20
    plain = [
        path
        for serializer in inputs
        for path, field in _text_fields(serializer(), serializer.__name__)
        if not isinstance(field, TextInput)
    ]
    assert plain == []
