"""Base classes for API serializers."""

from django.db import models
from rest_framework import serializers


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
        help_text="Chỉ có với lỗi dữ liệu: tên trường -> các thông báo.",
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer of the API (egov.api.exceptions)."""

    error = ErrorDetailSerializer()


def error_responses(**descriptions: str) -> dict:
    """{status: OpenApiResponse(ErrorSerializer)} for extend_schema, e.g. error_responses(r404="...")."""
    from drf_spectacular.utils import OpenApiResponse

    return {int(key[1:]): OpenApiResponse(ErrorSerializer, description=text) for key, text in descriptions.items()}
