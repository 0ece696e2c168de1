"""Base classes for API serializers."""

from django.db import models
from rest_framework import serializers

from egov.core.columns import integer_range
from egov.core.text import TextRefused, boundary_text


class OutputModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer for responses.

    Drops the integer bounds DRF copies from model validators: Django derives them from the
    database backend (32767 for a small integer on PostgreSQL, 2**63-1 on SQLite), which would
    make the committed openapi.yaml depend on the database that generated it, and bounds say
    nothing useful about an output anyway.
    """

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.IntegerField):  # plain, small, big, positive, with choices
            field_kwargs.pop("max_value", None)
            field_kwargs.pop("min_value", None)
            # The validator objects carry the same bounds and are rendered too.
            field_kwargs.pop("validators", None)
        return field_class, field_kwargs


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã lỗi cho máy đọc, ví dụ invalid, not_found, invalid_state.")
    message = serializers.CharField(help_text="Thông báo bằng tiếng Việt.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=(
            "Chỉ có với lỗi dữ liệu: trường (đường dẫn với dữ liệu lồng nhau, ví dụ applicant.name, items.0) "
            "-> các thông báo."
        ),
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer of the API (egov.api.exceptions)."""

    error = ErrorDetailSerializer()


class TextInput(serializers.CharField):
    """Text in a request: a JSON string, as openapi.yaml says, through the boundary rule
    (core.text.boundary_text): NFC, "\n" line ends, no control character. DRF's CharField would
    take the number 5 as "5"; a client sending a number where text is expected has made a mistake.
    Every text input of the API is one of these (api/tests/test_serializers.py walks them)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            data = boundary_text(data)
        except TextRefused as exc:
            raise serializers.ValidationError(f"Văn bản {exc.message}.", code=exc.code) from None
        return super().to_internal_value(data)


def column_integer(model: type[models.Model], name: str, *, min_value: int | None = None, **kwargs):
    """An integer input bounded by the column it is stored in (core.columns), so a value the
    column cannot hold is refused here with the bounds named, not wrapped or refused by the database."""
    low, high = integer_range(model._meta.get_field(name))
    low = low if min_value is None else max(low, min_value)
    return serializers.IntegerField(min_value=low, max_value=high, **kwargs)


def read_query(serializer_class: type[serializers.Serializer], query_params) -> dict:
    """The validated query parameters of `serializer_class`, read strictly (else a 400).

    DRF reads a query string like an HTML form: a parameter sent empty counts as not sent. An API
    client that sends `?received_from=` has made a mistake, and the contract (openapi.yaml) says
    a date, so an empty or malformed value is refused with the field named; a list-valued field
    takes every occurrence of its parameter.
    """
    fields = serializer_class().fields
    data = {
        name: query_params.getlist(name)
        if isinstance(field, serializers.ListField | serializers.MultipleChoiceField)
        else query_params[name]
        for name, field in fields.items()
        if name in query_params
    }
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data


def error_responses(**descriptions: str) -> dict:
    """{status: OpenApiResponse(ErrorSerializer)} for extend_schema, e.g. error_responses(r404="...")."""
    from drf_spectacular.utils import OpenApiResponse

    return {int(key[1:]): OpenApiResponse(ErrorSerializer, description=text) for key, text in descriptions.items()}
