"""Catalogue API: public reads (the TTHC catalogue is published information), throttled per address."""

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.api.pagination import DefaultPagination, paginated_response
from egov.api.serializers import read_query
from egov.procedures.models import Field, Procedure
from egov.procedures.selectors import procedure_published_version, procedure_search

from .serializers import (
    FieldSerializer,
    ProcedureDetailQuerySerializer,
    ProcedureDetailSerializer,
    ProcedureFilterSerializer,
    ProcedureListItemSerializer,
)


class FieldListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="fields_list", responses=FieldSerializer(many=True), tags=["catalogue"])
    def get(self, request: Request) -> Response:
        # A few dozen rows; no pagination so that a form can fill its select in one request.
        return Response(FieldSerializer(Field.objects.order_by("name"), many=True).data)


class ProcedureListApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = DefaultPagination

    @extend_schema(
        operation_id="procedures_list",
        parameters=[ProcedureFilterSerializer],
        responses=ProcedureListItemSerializer(many=True),
        tags=["catalogue"],
    )
    def get(self, request: Request) -> Response:
        data = read_query(ProcedureFilterSerializer, request.query_params)
        procedures = procedure_search(data.get("q", ""), field=data.get("field"), agency=data.get("agency"))
        return paginated_response(
            view=self, request=request, queryset=procedures, serializer_class=ProcedureListItemSerializer
        )


class ProcedureDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="procedures_retrieve",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã thủ tục, ví dụ 2.000648."),
            ProcedureDetailQuerySerializer,
        ],
        responses=ProcedureDetailSerializer,
        tags=["catalogue"],
    )
    def get(self, request: Request, code: str) -> Response:
        query = read_query(ProcedureDetailQuerySerializer, request.query_params)
        procedure = get_object_or_404(Procedure.objects.select_related("field", "agency"), code=code)
        # The rules in force today, or on `on`: a dossier keeps the version it was received under.
        version = procedure_published_version(procedure, query.get("on"))
        if version is not None:
            prefetch_related_objects([version], "workflow_steps__unit")
        procedure.current_version = version
        return Response(ProcedureDetailSerializer(procedure, context={"request": request}).data)
