"""Task pages, mounted under the documents' prefix (van-ban/): the addresses users bookmarked
before the tasks had their own app stay the same."""

from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("nhiem-vu/qua-han/", views.overdue_tasks, name="overdue"),
    path("nhiem-vu/ky/<int:pk>/bao-cao/", views.occurrence_report, name="occurrence_report"),
    path("nhiem-vu/<int:pk>/trang-thai/", views.task_status, name="task_status"),
    path("<int:pk>/nhiem-vu/", views.document_tasks, name="tasks"),
    path("<int:pk>/nhiem-vu/giao-theo-muc/", views.tasks_from_items, name="tasks_from_items"),
    path("<int:pk>/nhiem-vu/bao-cao-theo-doi.docx", views.followup_export, name="followup_export"),
]
