from django.urls import path, re_path

from . import views

app_name = "portal"

# Procedure codes are like 2.000648 or LOCAL-…
CODE = r"(?P<code>[0-9A-Za-z.\-_]{1,40})"

urlpatterns = [
    path("thu-tuc/", views.catalogue, name="catalogue"),
    re_path(rf"^thu-tuc/{CODE}/$", views.procedure_detail, name="procedure"),
    re_path(rf"^thu-tuc/{CODE}/nop-truc-tuyen/$", views.file_contact, name="file_contact"),
    re_path(rf"^thu-tuc/{CODE}/nop-truc-tuyen/ho-so/$", views.file_form, name="file_form"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("cong-dan/dang-ky/", views.signup, name="signup"),
    path("cong-dan/ho-so/", views.my_dossiers, name="my_dossiers"),
    path("cong-dan/ho-so/<int:pk>/", views.my_dossier, name="my_dossier"),
    path("cong-dan/ho-so/<int:pk>/bo-sung/", views.my_dossier_supplement, name="my_dossier_supplement"),
    path("cong-dan/ho-so/<int:pk>/danh-gia/", views.my_dossier_rate, name="my_dossier_rate"),
    path("cong-dan/ho-so/<int:pk>/thanh-toan/", views.my_dossier_pay, name="my_dossier_pay"),
    path("cong-dan/ho-so/<int:pk>/tep/<int:attachment_id>/", views.my_dossier_file, name="my_dossier_file"),
    path("cong-dan/gop-y/", views.feedback, name="feedback"),
]
