"""The application's URLs plus /bench/hello/: the smallest Django response, the framework's floor."""

from django.http import HttpResponse
from django.urls import path

from egov.urls import urlpatterns as application_urls


def hello(request):
    return HttpResponse("Xin chào", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello), *application_urls]
