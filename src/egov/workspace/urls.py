from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.queues, name="queues"),
    path("hang-doi/<slug:slug>/", views.queues, name="queue"),
    path("tim-kiem/", views.search, name="search"),
    path("nhat-ky-truy-cap/", views.access_log, name="access_log"),
    path("tiep-nhan-tai-quay/", views.counter_intake, name="counter"),
    path("gop-y/", views.feedback_queue, name="feedback_queue"),
    path("gop-y/<int:pk>/", views.feedback_detail, name="feedback"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/thao-tac/<slug:action>/", views.dossier_action, name="action"),
    path("ho-so/<int:pk>/tep/", views.dossier_upload, name="upload"),
    path("ho-so/<int:pk>/thu-phi/", views.dossier_payment, name="payment"),
    path("ho-so/<int:pk>/tep/<int:attachment_id>/", views.dossier_file, name="file"),
]
