"""Pagination for every list endpoint."""

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

from .serializers import read_query

MAX_OFFSET = 2_147_483_647  # far past any list; keeps the value an ordinary integer


class PageQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET)


class DefaultPagination(LimitOffsetPagination):
    # A cap keeps one request from pulling a whole year of dossiers (hundreds of thousands of rows).
    default_limit = 50
    max_limit = 200

    # DRF ignores a limit or offset it cannot read and caps a large one silently; here either is
    # refused (400) like any other malformed query parameter, so a client learns of its mistake
    # and the answer is what openapi.yaml documents.
    def _page_query(self, request) -> dict:
        return read_query(PageQuerySerializer, request.query_params)

    def get_limit(self, request):
        return self._page_query(request).get("limit", self.default_limit)

    def get_offset(self, request):
        return self._page_query(request).get("offset", 0)

    def get_schema_operation_parameters(self, view):
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, MAX_OFFSET)}
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"].update(minimum=low, maximum=high)
        return parameters


def paginated_response(*, view, request, queryset, serializer_class, context: dict | None = None):
    """Paginate a selector's queryset in a thin APIView (HackSoft style).

    The view declares `pagination_class` too, so that drf-spectacular documents the page envelope
    and the limit/offset parameters.
    """
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)
