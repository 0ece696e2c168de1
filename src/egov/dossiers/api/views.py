"""Dossier API: thin views, one per operation. Rules live in the lifecycle services and selectors."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.api.exceptions import APIError
from egov.api.pagination import DefaultPagination, paginated_response
from egov.api.permissions import HasRequiredPermissions
from egov.api.serializers import error_responses, read_query
from egov.dossiers import transitions as t
from egov.dossiers.access import dossier_access_record
from egov.dossiers.attachments import DEFAULT_TYPES, attachment_add, attachment_download
from egov.dossiers.dvcqg import StatusNotMapped, dvcqg_payload
from egov.dossiers.models import Attachment
from egov.dossiers.selectors import dossier_attachments_for, dossier_history, sees_as_staff
from egov.dossiers.services import DOSSIERS, SERVICES, ApplicantData, dossier_submit
from egov.dossiers.transitions import TRANSITIONS, Action

from . import serializers as s
from .access import dossier_for_user_or_404, dossier_list
from .serializers import (
    AttachmentSerializer,
    DossierListFilterSerializer,
    DossierListItemSerializer,
    DossierSerializer,
    DossierStatusSerializer,
)

TAGS = ["dossiers"]
APPLICANT_FORBIDDEN_KINDS = {Attachment.Kind.RESULT, Attachment.Kind.INTERNAL}


def dossier_body(user, dossier) -> dict:
    """The dossier as this user may see it (staff in scope, or the applicant's view)."""
    return DossierSerializer(dossier, context={"staff_view": sees_as_staff(user, dossier)}).data


class DossierApi(APIView):
    # Authenticated; what the user reaches is decided per object (404 outside it). A comment, not a
    # docstring: drf-spectacular would copy a docstring into every operation's description.

    permission_classes = [HasRequiredPermissions]
    # Applicants hold no model permissions: reaching a dossier is the scope rule's decision.
    required_permissions: tuple[str, ...] = ()


class DossierCollectionApi(DossierApi):
    # GET lists the user's dossiers; POST files a new one (two operations on one URL).

    pagination_class = DefaultPagination

    @extend_schema(
        operation_id="dossiers_list",
        description="Hồ sơ trong phạm vi của tài khoản: cán bộ theo cơ quan / phòng; người nộp hồ sơ của mình.",
        parameters=[DossierListFilterSerializer],
        responses=DossierListItemSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        filters = read_query(DossierListFilterSerializer, request.query_params)
        dossiers = dossier_list(request.user, filters=filters)
        return paginated_response(
            view=self, request=request, queryset=dossiers, serializer_class=DossierListItemSerializer
        )

    @extend_schema(
        operation_id="dossiers_create",
        request=s.DossierCreateSerializer,
        responses={
            201: DossierSerializer,
            **error_responses(r400="Dữ liệu không hợp lệ.", r403="Tài khoản không được nộp hồ sơ theo kênh này."),
        },
        tags=TAGS,
        description=(
            "Nộp hồ sơ trực tuyến (tài khoản người nộp hoặc hệ thống tích hợp; hồ sơ thuộc tài khoản này), "
            "hoặc cán bộ Bộ phận Một cửa nhận hồ sơ trực tiếp / qua bưu chính. Hồ sơ ở trạng thái "
            "“Đã nộp, chờ tiếp nhận”; tiếp nhận bằng thao tác receive."
        ),
    )
    def post(self, request: Request) -> Response:
        data_in = s.DossierCreateSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data
        user = request.user
        on_behalf = user.is_superuser or user.scope is not None
        if on_behalf and not user.has_perm("dossiers.receive_dossier"):
            # A staff account files for an applicant only as a one-stop officer; a staff member's
            # own application goes through a citizen account.
            raise APIError(
                "Chỉ cán bộ Bộ phận Một cửa mới nộp hồ sơ thay người nộp; "
                "hồ sơ của cá nhân cán bộ được nộp bằng tài khoản người nộp.",
                code="forbidden",
                status_code=403,
            )
        dossier = dossier_submit(
            procedure=data["procedure"],
            applicant=ApplicantData(**data["applicant"]),
            channel=data["channel"],
            actor=user,
            owner=None if on_behalf else user,
            sets_count=data["sets_count"],
            note=data["note"],
            result_delivery=data["result_delivery"],
            result_address=data["result_address"],
        )
        return Response(dossier_body(user, dossier), status=201)


class DossierDetailApi(DossierApi):
    @extend_schema(
        operation_id="dossiers_retrieve",
        responses=DossierSerializer,
        tags=TAGS,
        description="Chi tiết hồ sơ; hồ sơ ngoài phạm vi trả 404 như hồ sơ không tồn tại.",
    )
    def get(self, request: Request, pk: int) -> Response:
        dossier = dossier_for_user_or_404(request.user, pk)
        dossier_access_record(request, dossier)
        return Response(dossier_body(request.user, dossier))


class DossierNationalPortalApi(DossierApi):
    # Staff only: the record the DVCQG sync will send, personal data included.
    required_permissions = ("dossiers.view_dossier",)

    @extend_schema(
        operation_id="dossiers_dvcqg",
        responses={
            200: OpenApiTypes.OBJECT,
            **error_responses(
                r403="Chỉ cán bộ có quyền xem hồ sơ.",
                r404="Hồ sơ không tồn tại hoặc ngoài phạm vi của tài khoản.",
                r409="Trạng thái của hồ sơ chưa có mã trạng thái DVCQG.",
            ),
        },
        tags=TAGS,
        description=(
            "Bản ghi đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia (MaHoSo, TrangThaiHoSo theo mã DVCQG, "
            "NgayTiepNhan, NgayHenTra, DanhSachLePhi, tienTrinhDongBo…), để bộ chuyển dữ liệu gửi đi."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        dossier = dossier_for_user_or_404(request.user, pk)
        try:
            return Response(dvcqg_payload(dossier))
        except StatusNotMapped as exc:
            raise APIError(str(exc), code="status_not_mapped", status_code=409) from exc


class DossierStatusApi(DossierApi):
    @extend_schema(
        operation_id="dossiers_status",
        responses=DossierStatusSerializer,
        tags=TAGS,
        description=(
            "Trạng thái, hạn giải quyết và lịch sử xử lý của hồ sơ. Cán bộ trong phạm vi thấy toàn bộ lịch sử; "
            "người nộp thấy như trên Cổng dịch vụ công: các bước liên quan đến mình, các ghi chú gửi mình, "
            "không có tên cán bộ."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        dossier = dossier_for_user_or_404(request.user, pk)
        dossier_access_record(request, dossier)
        data = {
            "id": dossier.pk,
            "code": dossier.code,
            "status": dossier.status,
            "status_display": dossier.get_status_display(),
            "due_date": dossier.due_date,
            "apology_due_date": dossier.apology_due_date,
            "history": dossier_history(dossier, staff_view=sees_as_staff(request.user, dossier)),
            "pauses": dossier.pauses.order_by("requested_at"),
        }
        return Response(DossierStatusSerializer(data).data)


class AttachmentCollectionApi(DossierApi):
    # GET lists the files of a dossier; POST uploads one (multipart).

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="dossiers_attachments_list",
        responses=AttachmentSerializer(many=True),
        tags=TAGS,
        description="Các tệp của hồ sơ (người nộp không thấy tài liệu xử lý nội bộ).",
    )
    def get(self, request: Request, pk: int) -> Response:
        dossier = dossier_for_user_or_404(request.user, pk)
        return Response(AttachmentSerializer(dossier_attachments_for(request.user, dossier), many=True).data)

    @extend_schema(
        operation_id="dossiers_attachments_create",
        request={"multipart/form-data": s.AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            **error_responses(
                r400=(
                    "Tệp không hợp lệ: `invalid_type` (định dạng theo nội dung), `empty`, `too_large`, "
                    "`archive_too_large` / `archive_ratio` / `archive_members` / `archive_corrupt` / "
                    "`archive_encrypted` / `archive_method` (tệp nén: DOCX, XLSX, ZIP), `dossier_quota` "
                    "(tổng dung lượng tệp của hồ sơ vượt EGOV_DOSSIER_MAX_BYTES)."
                ),
                r403="Không được gửi loại tệp này.",
                r404="Hồ sơ không tồn tại hoặc ngoài phạm vi của tài khoản.",
                r409="`invalid_state`: hồ sơ đã kết thúc, hoặc đã có kết quả (người nộp), không nhận thêm tệp.",
            ),
        },
        tags=TAGS,
        description=(
            "Tải lên một tệp; định dạng được kiểm tra theo nội dung, không theo tên tệp; tệp nén được kiểm "
            "tra dung lượng khi giải nén, tỷ lệ nén và số tệp bên trong mà không giải nén."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = dossier_for_user_or_404(request.user, pk)
        data_in = s.AttachmentUploadSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data
        if data["kind"] in APPLICANT_FORBIDDEN_KINDS and dossier.owner_id == request.user.pk:
            # Results and working papers come from the agency, never from the applicant's account.
            raise APIError("Người nộp chỉ gửi thành phần hồ sơ hoặc hồ sơ bổ sung.", code="forbidden", status_code=403)
        attachment = attachment_add(
            dossier=dossier,
            upload=data["file"],
            actor=request.user,
            required_document=data["required_document"],
            kind=data["kind"],
        )
        return Response(AttachmentSerializer(attachment).data, status=201)


class AttachmentDownloadApi(DossierApi):
    @extend_schema(
        operation_id="dossiers_attachments_download",
        description="Tải tệp về, sau khi kiểm tra quyền truy cập hồ sơ.",
        # The stored file's own type: one of the types an upload is accepted as.
        responses={(200, content_type): bytes for content_type in DEFAULT_TYPES},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int, attachment_id: int) -> FileResponse:
        # The dossier check comes first: a file of an out-of-scope dossier is as absent as the dossier.
        dossier = dossier_for_user_or_404(request.user, pk)
        attachment = get_object_or_404(dossier_attachments_for(request.user, dossier), pk=attachment_id)
        return attachment_download(request, attachment)


# --- transitions ------------------------------------------------------------------------------------

# The serializer that reads each kind of lifecycle input (transitions.py: a row's `input`; None: the
# action takes none). Its fields are the input's fields (tests check both stay in step).
INPUT_SERIALIZERS: dict[type | None, type] = {
    t.SupplementItems: s.SupplementItemsSerializer,
    t.ProcessingSupplementItems: s.ProcessingSupplementItemsSerializer,
    t.Note: s.NoteSerializer,
    t.Reason: s.ReasonSerializer,
    t.Receive: s.ReceiveSerializer,
    t.Transfer: s.TransferSerializer,
    t.Assign: s.AssignSerializer,
    t.Consult: s.ConsultSerializer,
    t.ConsultReply: s.ConsultReplySerializer,
    t.Sign: s.SignSerializer,
    t.Apologise: s.ApologiseSerializer,
    t.AssessFee: s.AssessFeeSerializer,
    t.ChangeResultDelivery: s.ChangeResultDeliverySerializer,
    t.ReturnResult: s.ReturnResultSerializer,
    t.Rate: s.RateSerializer,
    None: s.EmptySerializer,
}
TRANSITION_INPUTS: dict[Action, type] = {
    action: INPUT_SERIALIZERS[transition.input] for action, transition in TRANSITIONS.items()
}


def transition_url(dossier_pk: int, action: str) -> str:
    return reverse(f"api:dossier-transition-{action}", kwargs={"pk": dossier_pk})


class AllowedTransitionsApi(DossierApi):
    @extend_schema(
        operation_id="dossiers_transitions_list",
        responses=s.AllowedActionSerializer(many=True),
        tags=TAGS,
        description="Các thao tác người dùng được thực hiện với hồ sơ ở trạng thái hiện tại.",
    )
    def get(self, request: Request, pk: int) -> Response:
        dossier = dossier_for_user_or_404(request.user, pk)
        actions = [
            {"action": str(action), "label": str(TRANSITIONS[action].label), "url": transition_url(pk, action)}
            for action in DOSSIERS.allowed(dossier, request.user)
        ]
        return Response(s.AllowedActionSerializer(actions, many=True).data)


class DossierTransitionApi(DossierApi):
    # Performs one lifecycle action through its service; one subclass (and schema operation) per action.

    action: Action
    input_serializer: type

    def perform(self, request: Request, pk: int) -> Response:
        # Scope first: an out-of-scope dossier is absent, whatever the action.
        dossier = dossier_for_user_or_404(request.user, pk)
        data_in = self.input_serializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        dossier = SERVICES[self.action](dossier=dossier, actor=request.user, **data_in.validated_data)
        return Response(dossier_body(request.user, dossier))


def _transition_view(action: Action, input_serializer: type) -> type[DossierTransitionApi]:
    transition = TRANSITIONS[action]

    @extend_schema(
        operation_id=f"dossiers_transitions_{action}",
        request=input_serializer,
        responses={
            200: DossierSerializer,
            **error_responses(
                r400="Dữ liệu không hợp lệ hoặc quy tắc nghiệp vụ không cho phép.",
                r403="Vai trò không được thực hiện thao tác này.",
                r404="Hồ sơ không tồn tại hoặc ngoài phạm vi của tài khoản.",
                r409="Trạng thái hiện tại của hồ sơ không cho phép thao tác.",
            ),
        },
        summary=transition.label,
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.perform(request, pk)

    name = "".join(part.capitalize() for part in str(action).split("_")) + "TransitionApi"
    return type(name, (DossierTransitionApi,), {"action": action, "input_serializer": input_serializer, "post": post})


TRANSITION_VIEWS = {action: _transition_view(action, serializer) for action, serializer in TRANSITION_INPUTS.items()}


class UnknownTransitionApi(DossierApi):
    @extend_schema(exclude=True)
    def post(self, request: Request, pk: int, action: str) -> Response:
        dossier_for_user_or_404(request.user, pk)
        raise APIError(f"Không có thao tác “{action}” đối với hồ sơ.", code="unknown_action", status_code=404)
