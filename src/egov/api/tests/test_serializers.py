"""Query parameters are read strictly (egov.api.serializers.read_query)."""

import datetime as dt

import pytest
from django.http import QueryDict
from rest_framework import exceptions, serializers

from egov.api.serializers import read_query


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
