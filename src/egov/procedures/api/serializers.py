"""Output and input serializers of the catalogue API (read-only: the catalogue is edited in the admin)."""

from rest_framework import serializers

from egov.api.serializers import OutputModelSerializer
from egov.procedures.models import FeeItem, Field, Procedure, ProcedureVersion, RequiredDocument, WorkflowStep


class FieldSerializer(OutputModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "code", "name"]


class AgencyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    identifier = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class ProcedureListItemSerializer(OutputModelSerializer):
    field = FieldSerializer()
    agency = AgencyBriefSerializer()

    class Meta:
        model = Procedure
        fields = ["id", "code", "has_national_code", "name", "field", "agency", "is_active"]


class FeeItemSerializer(OutputModelSerializer):
    class Meta:
        model = FeeItem
        fields = ["name", "amount_vnd", "condition"]


class RequiredDocumentSerializer(OutputModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["id", "name", "form", "count", "is_mandatory"]


class WorkflowStepSerializer(OutputModelSerializer):
    unit = serializers.CharField(source="unit.name", default=None, allow_null=True)

    class Meta:
        model = WorkflowStep
        fields = ["order", "action", "name", "unit", "role", "budget_days"]


class ProcedureVersionSerializer(OutputModelSerializer):
    effective_time_limit = serializers.IntegerField(allow_null=True)
    total_fee_vnd = serializers.IntegerField(help_text="Tổng các khoản phí, lệ phí (đồng).")
    fees = FeeItemSerializer(source="fee_items", many=True)
    documents = RequiredDocumentSerializer(source="required_documents", many=True)
    workflow = WorkflowStepSerializer(source="workflow_steps", many=True)

    class Meta:
        model = ProcedureVersion
        fields = [
            "id",
            "effective_from",
            "effective_to",
            "decision",
            "name",
            "time_limit",
            "time_limit_unit",
            "reduced_time_limit",
            "effective_time_limit",
            "time_limit_text",
            "fee_text",
            "total_fee_vnd",
            "fees",
            "online_level",
            "legacy_online_level",
            "on_the_spot",
            "afternoon_cutoff",
            "cutoff_time",
            "result_document",
            "legal_basis",
            "submission_place",
            "documents",
            "workflow",
        ]


class ProcedureDetailSerializer(ProcedureListItemSerializer):
    current_version = ProcedureVersionSerializer(allow_null=True)

    class Meta(ProcedureListItemSerializer.Meta):
        fields = [*ProcedureListItemSerializer.Meta.fields, "current_version"]


class ProcedureFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Tìm theo mã hoặc tên, có hoặc không dấu."
    )
    field = serializers.IntegerField(required=False, min_value=1)
    agency = serializers.IntegerField(required=False, min_value=1)
