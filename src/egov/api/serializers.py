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
