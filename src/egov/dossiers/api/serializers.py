"""Input and output serializers of the dossier API. Inputs are validated here for *shape* only;
every rule of the lifecycle (who, when, what is complete) is the services' business."""

from rest_framework import serializers

from egov.api.serializers import OutputModelSerializer, TextInput, column_integer
from egov.dossiers.models import (
    ApplicantKind,
    Attachment,
    Channel,
    Dossier,
    PauseInterval,
    Rating,
    ReturnMethod,
    Status,
)
from egov.dossiers.selectors import STAFF_ONLY_FIELDS
from egov.organisations.models import Unit, User
from egov.procedures.service import FeeItem, Field, Procedure, RequiredDocument


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField(source="__str__")


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProcedureRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class DossierListItemSerializer(OutputModelSerializer):
    procedure = ProcedureRefSerializer()
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "procedure",
            "applicant_name",
            "channel",
            "status",
            "status_display",
            "submitted_at",
            "received_at",
            "due_date",
            "finished_at",
        ]


class DossierSerializer(OutputModelSerializer):
    """Give context={"staff_view": ...} (dossiers.selectors.sees_as_staff); without it, the
    applicant's view: the fields that name staff are null."""

    procedure = ProcedureRefSerializer()
    field = NamedRefSerializer()
    agency = NamedRefSerializer()
    unit = NamedRefSerializer(allow_null=True)
    assignee = UserBriefSerializer(allow_null=True, help_text="Chuyên viên thụ lý; null với người nộp.")
    status_display = serializers.CharField(source="get_status_display")
    procedure_version = serializers.IntegerField(source="procedure_version_id")

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "procedure",
            "procedure_version",
            "field",
            "agency",
            "unit",
            "assignee",
            "applicant_kind",
            "applicant_name",
            "applicant_id_number",
            "applicant_tax_code",
            "applicant_representative",
            "applicant_address",
            "applicant_phone",
            "applicant_email",
            "channel",
            "status",
            "status_display",
            "sets_count",
            "submitted_at",
            "received_at",
            "due_date",
            "apology_due_date",
            "finished_at",
            "outcome",
            "result_number",
            "result_date",
            "returned_at",
            "return_method",
            "result_delivery",
            "result_address",
            "rating",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("staff_view"):
            data.update(dict.fromkeys(STAFF_ONLY_FIELDS))
        return data


class DossierEventSerializer(serializers.Serializer):
    """One step of the history (dossiers.selectors.HistoryEntry)."""

    id = serializers.IntegerField()
    action = serializers.CharField()
    from_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True)
    to_status = serializers.ChoiceField(choices=Status.choices)
    actor = UserBriefSerializer(allow_null=True, help_text="Người thực hiện; null với người nộp.")
    at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)
    items = serializers.ListField(child=serializers.CharField(), help_text="Các giấy tờ phải bổ sung.")
    new_due_date = serializers.DateField(allow_null=True, help_text="Ngày hẹn trả mới (thư xin lỗi).")


class PauseIntervalSerializer(OutputModelSerializer):
    class Meta:
        model = PauseInterval
        fields = ["requested_at", "completed_at", "reason"]


class DossierStatusSerializer(serializers.Serializer):
    """Status and history in one answer (what a lookup by code shows)."""

    id = serializers.IntegerField()
    code = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    status_display = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    apology_due_date = serializers.DateField(allow_null=True)
    history = DossierEventSerializer(many=True)
    pauses = PauseIntervalSerializer(many=True)


class AttachmentSerializer(OutputModelSerializer):
    class Meta:
        model = Attachment
        fields = [
            "id",
            "kind",
            "required_document",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "is_digitised",
            "uploaded_at",
        ]


class DossierListFilterSerializer(serializers.Serializer):
    q = TextInput(required=False, max_length=200, help_text="Mã hồ sơ, người nộp hoặc thủ tục.")
    status = serializers.MultipleChoiceField(choices=Status.choices, required=False)
    procedure = column_integer(Procedure, "id", required=False, min_value=1)
    field = column_integer(Field, "id", required=False, min_value=1)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)


# --- intake ---------------------------------------------------------------------------------------


class ApplicantSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    name = TextInput(max_length=255)
    id_number = TextInput(max_length=12, required=False, allow_blank=True, default="")
    tax_code = TextInput(max_length=14, required=False, allow_blank=True, default="")
    representative = TextInput(max_length=255, required=False, allow_blank=True, default="")
    address = TextInput(max_length=500, required=False, allow_blank=True, default="")
    phone = TextInput(max_length=20, required=False, allow_blank=True, default="")
    email = TextInput(max_length=254, required=False, allow_blank=True, default="")


class DossierCreateSerializer(serializers.Serializer):
    procedure = serializers.SlugRelatedField(
        slug_field="code", queryset=Procedure.objects.all(), help_text="Mã thủ tục, ví dụ 2.000648."
    )
    applicant = ApplicantSerializer()
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        default=Channel.ONLINE,
        help_text="online cho người nộp; direct / postal khi cán bộ Bộ phận Một cửa nhận tại quầy, qua bưu chính.",
    )
    sets_count = column_integer(Dossier, "sets_count", default=1, min_value=1)
    note = TextInput(required=False, allow_blank=True, default="", max_length=2000)
    result_delivery = serializers.ChoiceField(
        choices=ReturnMethod.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Hình thức nhận kết quả người nộp chọn: electronic (trong tài khoản người nộp), desk, post.",
    )
    result_address = TextInput(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="Địa chỉ nhận kết quả qua bưu chính; trống: địa chỉ của người nộp.",
    )


# --- transitions ----------------------------------------------------------------------------------


class AllowedActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField(help_text="Đường dẫn POST để thực hiện thao tác.")


def _note(**kwargs):
    return TextInput(required=False, allow_blank=True, default="", max_length=4000, **kwargs)


def _text(**kwargs):
    # Required by the API; an empty text reaches the service, whose refusal says what is missing.
    return TextInput(allow_blank=True, max_length=4000, **kwargs)


class NoteSerializer(serializers.Serializer):
    note = _note()


class ReasonSerializer(serializers.Serializer):
    reason = _text()


class SupplementItemsSerializer(serializers.Serializer):
    items = serializers.ListField(child=TextInput(max_length=500, allow_blank=True), allow_empty=True)
    reason = _note()


class ProcessingSupplementItemsSerializer(SupplementItemsSerializer):
    override_reason = _note(help_text="Lý do lãnh đạo cho phép yêu cầu bổ sung quá 3 ngày làm việc.")


class ReceiveSerializer(serializers.Serializer):
    appointment = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Chỉ cần khi thủ tục chưa có thời hạn giải quyết."
    )
    note = _note()


class TransferSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None, help_text="Mặc định: phòng chủ trì."
    )
    note = _note()


class AssignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(agency__isnull=False))
    note = _note()


class ConsultSerializer(serializers.Serializer):
    consulted = _text(help_text="Cơ quan được lấy ý kiến.")
    reply_due = serializers.DateField()
    note = _note()


class ConsultReplySerializer(serializers.Serializer):
    note = _text()


class SignSerializer(serializers.Serializer):
    result_number = _text(help_text="Số, ký hiệu của kết quả, ví dụ 12/GP-SCT.")
    result_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = _note()


class ApologiseSerializer(serializers.Serializer):
    reason = _text()
    new_due_date = serializers.DateField()


class ReturnResultSerializer(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=ReturnMethod.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Mặc định: hình thức người nộp đã chọn (result_delivery); cách khác bị từ chối.",
    )
    postal_tracking = TextInput(
        required=False, allow_blank=True, default="", max_length=50, help_text="Số hiệu bưu gửi, khi trả qua bưu chính."
    )
    note = _note()


class ChangeResultDeliverySerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=ReturnMethod.choices)
    address = TextInput(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="Địa chỉ nhận kết quả qua bưu chính; trống: địa chỉ của người nộp.",
    )
    note = _note()


class AssessFeeSerializer(serializers.Serializer):
    fee_item = serializers.PrimaryKeyRelatedField(
        queryset=FeeItem.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Mức thu áp dụng, khi thủ tục có nhiều mức (theo địa bàn, loại cơ sở).",
    )
    amount_vnd = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=10**12,
        help_text="Số tiền (đồng) theo quy định, khi danh mục chưa ghi được mức thu.",
    )
    name = TextInput(required=False, allow_blank=True, default="", max_length=255)
    note = _note()


class EmptySerializer(serializers.Serializer):
    pass


class RateSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = _note()


# --- attachments ----------------------------------------------------------------------------------


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG, PNG, DOCX hoặc XLSX; kiểm tra theo nội dung tệp.")
    kind = serializers.ChoiceField(choices=Attachment.Kind.choices, default=Attachment.Kind.APPLICATION)
    required_document = serializers.PrimaryKeyRelatedField(
        queryset=RequiredDocument.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Thành phần hồ sơ mà tệp này đáp ứng (theo thủ tục của hồ sơ).",
    )
