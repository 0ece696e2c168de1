from django.urls import path

from . import views

urlpatterns = [
    path("reports/tthc-statistics/", views.TthcStatisticsApi.as_view(), name="reports-tthc-statistics"),
    path("reports/service-quality/", views.ServiceQualityApi.as_view(), name="reports-service-quality"),
]
