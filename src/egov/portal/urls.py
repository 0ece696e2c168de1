from django.urls import path, re_path

from . import account_views, views

app_name = "portal"

# Procedure codes are like 2.000648 or LOCAL-…
CODE = r"(?P<code>[0-9A-Za-z.\-_]{1,40})"

urlpatterns = [
    path("thu-tuc/", views.catalogue, name="catalogue"),
    re_path(rf"^thu-tuc/{CODE}/$", views.procedure_detail, name="procedure"),
    re_path(rf"^thu-tuc/{CODE}/mau/(?P<form_id>[0-9]{{1,9}})/$", views.procedure_blank_form, name="blank_form"),
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
    path("cong-dan/ho-so/<int:pk>/mau/<str:form_no>/", views.my_dossier_form, name="my_dossier_form"),
    path("cong-dan/gop-y/", views.feedback, name="feedback"),
    # Accounts (every user): passwords, second factor, API tokens.
    path("dang-nhap/xac-thuc/", account_views.login_verify, name="login_verify"),
    path("tai-khoan/doi-mat-khau/", account_views.password_change, name="password_change"),
    path("tai-khoan/doi-mat-khau/xong/", account_views.password_change_done, name="password_change_done"),
    path("quen-mat-khau/", account_views.password_reset, name="password_reset"),
    path("quen-mat-khau/da-gui/", account_views.password_reset_done, name="password_reset_done"),
    path("quen-mat-khau/<uidb64>/<token>/", account_views.password_reset_confirm, name="password_reset_confirm"),
    path("quen-mat-khau/xong/", account_views.password_reset_complete, name="password_reset_complete"),
    path("tai-khoan/xac-thuc-hai-lop/", account_views.second_factor_settings, name="second_factor"),
    path("tai-khoan/xac-thuc-hai-lop/thiet-lap/", account_views.second_factor_enrol, name="second_factor_enrol"),
    path(
        "tai-khoan/xac-thuc-hai-lop/ma-du-phong/",
        account_views.second_factor_recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path("tai-khoan/xac-thuc-hai-lop/tat/", account_views.second_factor_disable, name="second_factor_disable"),
    path("tai-khoan/khoa-api/", account_views.api_tokens, name="api_tokens"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", account_views.api_token_revoke, name="api_token_revoke"),
]
