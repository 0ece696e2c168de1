from django.urls import path

from .views import FieldListApi, ProcedureDetailApi, ProcedureListApi

urlpatterns = [
    path("fields/", FieldListApi.as_view(), name="field-list"),
    path("procedures/", ProcedureListApi.as_view(), name="procedure-list"),
    path("procedures/<str:code>/", ProcedureDetailApi.as_view(), name="procedure-detail"),
]
