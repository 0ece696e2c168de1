"""/api/v1/: each domain app mounts its own api/urls.py; the schema is served here."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from .views import UnknownPathApi

app_name = "api"

urlpatterns = [
    path("", include("egov.procedures.api.urls")),
    path("", include("egov.dossiers.api.urls")),
    path("", include("egov.reports.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Last: only paths ending with "/", so that a path missing its slash is still redirected to it.
    re_path(r"^([\s\S]*/)?$", UnknownPathApi.as_view(), name="unknown"),
]
