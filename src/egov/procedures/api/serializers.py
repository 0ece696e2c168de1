"""Output and input serializers of the catalogue API (read-only: the catalogue is edited in the admin)."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.api.serializers import OutputModelSerializer, TextInput, column_integer
from egov.organisations.models import Agency
from egov.procedures.models import (
    BlankForm,
    FeeItem,
    Field,
    FilingMethod,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    WorkflowStep,
)


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


class FilingMethodSerializer(OutputModelSerializer):
    time_limit = serializers.IntegerField(
        allow_null=True, help_text="Thời hạn của hình thức nộp này; null: thời hạn của phiên bản (cùng đơn vị)."
    )
    fee_text = serializers.CharField(help_text="Phí, lệ phí của hình thức nộp này; trống: phí của phiên bản.")

    class Meta:
        model = FilingMethod
        fields = ["channel", "time_limit", "fee_text", "description"]


class BlankFormSerializer(OutputModelSerializer):
    url = serializers.SerializerMethodField(help_text="Địa chỉ tải mẫu (công khai).")
    required_document = serializers.IntegerField(
        source="required_document_id", allow_null=True, help_text="id của thành phần hồ sơ lập theo mẫu này."
    )

    class Meta:
        model = BlankForm
        fields = ["id", "name", "required_document", "original_name", "content_type", "size", "sha256", "url"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, form: BlankForm) -> str:
        path = reverse("portal:blank_form", args=[form.version.procedure.code, form.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


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
    steps = serializers.CharField(help_text="Trình tự thực hiện, mỗi bước một dòng.")
    applicants = serializers.CharField(help_text="Đối tượng thực hiện, mỗi đối tượng một dòng.")
    requirements = serializers.CharField(help_text="Yêu cầu, điều kiện, mỗi mục một dòng.")
    legal_basis = serializers.CharField(help_text="Căn cứ pháp lý, mỗi văn bản một dòng.")
    filing_methods = FilingMethodSerializer(many=True, help_text="Cách thức thực hiện.")
    blank_forms = BlankFormSerializer(many=True, help_text="Mẫu đơn, tờ khai.")
    online_regime = serializers.SerializerMethodField(
        help_text="Văn bản quy định mức độ trực tuyến áp dụng cho phiên bản hôm nay (hoặc ngày cuối hiệu lực)."
    )

    def get_online_regime(self, version) -> str | None:
        day = timezone.localdate()
        if version.effective_to is not None:
            day = min(day, version.effective_to)
        regime = version.online_regime(max(day, version.effective_from))
        return regime.instrument if regime else None

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
            "online_regime",
            "online_partial_reason",
            "online_partial_note",
            "proactive_level",
            "online_payment",
            "on_the_spot",
            "afternoon_cutoff",
            "cutoff_time",
            "result_document",
            "legal_basis",
            "submission_place",
            "steps",
            "filing_methods",
            "applicants",
            "requirements",
            "documents",
            "blank_forms",
            "workflow",
        ]


class ProcedureDetailSerializer(ProcedureListItemSerializer):
    current_version = ProcedureVersionSerializer(allow_null=True)

    class Meta(ProcedureListItemSerializer.Meta):
        fields = [*ProcedureListItemSerializer.Meta.fields, "current_version"]


class ProcedureFilterSerializer(serializers.Serializer):
    q = TextInput(
        required=False, allow_blank=True, max_length=200, help_text="Tìm theo mã hoặc tên, có hoặc không dấu."
    )
    field = column_integer(Field, "id", required=False, min_value=1)
    agency = column_integer(Agency, "id", required=False, min_value=1)


class ProcedureDetailQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text="Quy định có hiệu lực vào ngày này (mặc định: hôm nay), ví dụ ngày nhận một hồ sơ."
    )
