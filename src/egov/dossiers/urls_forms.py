"""Printing of dossier forms for staff (mounted under /can-bo/); the number is read in the dossier's form set."""

from django.urls import path, re_path

from . import views_forms

app_name = "dossier_forms"

urlpatterns = [
    re_path(r"^ho-so/(?P<pk>\d+)/mau/(?P<form_no>0[1-7])/$", views_forms.dossier_form, name="form"),
    path("so-theo-doi/<int:year>/", views_forms.register, name="register"),
]
