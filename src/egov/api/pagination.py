"""Pagination for every list endpoint."""

from rest_framework.pagination import LimitOffsetPagination


class DefaultPagination(LimitOffsetPagination):
    # A cap keeps one request from pulling a whole year of dossiers (hundreds of thousands of rows).
    default_limit = 50
    max_limit = 200


def paginated_response(*, view, request, queryset, serializer_class, context: dict | None = None):
    """Paginate a selector's queryset in a thin APIView (HackSoft style).

    The view declares `pagination_class` too, so that drf-spectacular documents the page envelope
    and the limit/offset parameters.
    """
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)
