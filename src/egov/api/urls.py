"""/api/v1/: each domain app mounts its own api/urls.py; the schema is served here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

app_name = "api"

urlpatterns = [
    path("", include("egov.procedures.api.urls")),
    path("", include("egov.dossiers.api.urls")),
    path("", include("egov.reports.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
