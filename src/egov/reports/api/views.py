"""Statistics API: thin views; the figures come from reports.selectors within the caller's scope."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.api.exceptions import APIError
from egov.api.permissions import HasRequiredPermissions
from egov.api.serializers import error_responses, read_query

from ..indices import NoRuleSet, scorecard
from ..selectors import StatisticsError, resolve_scope, tthc_statistics
from .serializers import ServiceQualitySerializer, StatisticsQuerySerializer, StatisticsSerializer

TAGS = ["reports"]
ERRORS = error_responses(
    r400="Tham số không hợp lệ (ngày, cơ quan, lĩnh vực, thủ tục).",
    r401="Chưa đăng nhập.",
    r403="Tài khoản không được xem số liệu thống kê.",
)


class ReportsApi(APIView):
    permission_classes = [HasRequiredPermissions]
    required_permissions: tuple[str, ...] = ("reports.view_statistics",)

    def _query(self, request: Request):
        data = read_query(StatisticsQuerySerializer, request.query_params)
        try:
            scope = resolve_scope(
                agency_code=data["agency"], field_name=data["field"], procedure_code=data["procedure"]
            )
        except StatisticsError as exc:
            raise APIError(str(exc), code="unknown_filter") from None
        return data, scope


class TthcStatisticsApi(ReportsApi):
    # Biểu 06 for a period, limited to what the caller may see (agency, or unit for unit roles).

    @extend_schema(
        operation_id="reports_tthc_statistics",
        parameters=[StatisticsQuerySerializer],
        responses={200: StatisticsSerializer, **ERRORS},
        tags=TAGS,
        description=(
            "Số liệu giải quyết TTHC (Biểu 06) cho kỳ [from, to] theo giờ Việt Nam, trong phạm vi của "
            "tài khoản; cùng định dạng với lệnh tthc_stats. Tỷ lệ phần trăm 0–100, hai chữ số thập phân; "
            "`rows` chỉ có khi truyền `by`."
        ),
    )
    def get(self, request: Request) -> Response:
        data, scope = self._query(request)
        stats = tthc_statistics(
            date_from=data["from"], date_to=data["to"], scope=scope, by=data.get("by"), user=request.user
        )
        return Response(stats.as_dict())


class ServiceQualityApi(ReportsApi):
    # The QĐ 766 indices scored by the rules in force on the period's last day.

    @extend_schema(
        operation_id="reports_service_quality",
        parameters=[StatisticsQuerySerializer],
        responses={200: ServiceQualitySerializer, **ERRORS},
        tags=TAGS,
        description=(
            "Chỉ số chất lượng phục vụ (Quyết định 766/QĐ-TTg) theo bộ quy tắc chấm áp dụng ngày `to`: mỗi chỉ "
            "số kèm cách chấm, điểm, nhóm theo Quyết định (5 nhóm) và theo Cổng DVCQG (6 nhóm); chỉ số chấm "
            "trên hệ thống quốc gia có `status` external và `score` null."
        ),
    )
    def get(self, request: Request) -> Response:
        data, scope = self._query(request)
        try:
            card = scorecard(date_from=data["from"], date_to=data["to"], scope=scope, user=request.user)
        except NoRuleSet as exc:
            raise APIError(str(exc), code="no_index_rules") from None
        body = {
            "from": data["from"],
            "to": data["to"],
            "rule_set": card.rule_set.name,
            "indices": card.results,
            "total_score": card.total_score,
            "total_max": card.total_max,
        }
        return Response(ServiceQualitySerializer(body).data)
