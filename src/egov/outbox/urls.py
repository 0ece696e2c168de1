from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("hop-thu/", views.demo_outbox, name="demo"),
]
