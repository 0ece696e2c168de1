from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import RedirectView, TemplateView

from egov.core.views import health, set_language

urlpatterns = [
    path("", TemplateView.as_view(template_name="egov/home.html"), name="home"),
    path("healthz", health, name="health"),
    # The admin's log-in page offers "Forgotten your password?" once this name exists: the site's reset.
    path(
        "admin/quen-mat-khau/",
        RedirectView.as_view(pattern_name="portal:password_reset"),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("van-ban/", include("egov.documents.urls")),
    # The task pages keep the addresses they had under the documents.
    path("van-ban/", include("egov.assignments.urls")),
    path("can-bo/", include("egov.dossiers.urls_forms")),
    path("api/v1/", include("egov.api.urls")),
    path("bao-cao/", include("egov.reports.urls")),
    path("", include("egov.portal.urls")),
    path("can-bo/", include("egov.workspace.urls")),
    path("can-bo/don-thu/", include("egov.petitions.urls")),
    path("thu-nghiem/", include("egov.outbox.urls")),
]

handler400 = "egov.core.views.bad_request"
handler403 = "egov.core.views.permission_denied"
handler404 = "egov.core.views.page_not_found"
handler500 = "egov.core.views.server_error"

admin.site.site_header = _("Hệ thống quản lý hành chính")
admin.site.site_title = _("Quản trị")
admin.site.index_title = pgettext_lazy("admin index title", "Quản trị hệ thống")
