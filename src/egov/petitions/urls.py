from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("<int:pk>/buoc/<int:event_pk>/thong-bao/", views.notice_download, name="notice"),
]
