from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bieu-06.xlsx", views.export_xlsx, name="export_xlsx"),
    path("bao-cao.docx", views.export_docx, name="export_docx"),
    path("chi-so-chat-luong/", views.scorecard, name="scorecard"),
]
