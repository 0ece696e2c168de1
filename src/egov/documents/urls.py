from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("den/", views.incoming_register, name="incoming"),
    path("den/vao-so/", views.incoming_create, name="incoming_create"),
    path("di/", views.outgoing_register, name="outgoing"),
    path("di/du-thao/", views.draft_create, name="draft_create"),
    path("trich-dan-chua-xac-dinh/", views.unresolved_citations, name="unresolved"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/sua-du-thao/", views.draft_update, name="draft_update"),
    path("<int:pk>/cap-so/", views.document_issue, name="issue"),
    path("<int:pk>/chuyen/", views.document_dispatch, name="dispatch"),
    path("<int:pk>/giai-quyet/", views.document_handling, name="handling"),
    path("<int:pk>/tep/", views.document_attach, name="attach"),
    path("<int:pk>/tep/<int:file_pk>/", views.document_file, name="file"),
]
