"""The app's URLs with one more: a view that answers "ok", the ceiling every page is compared to."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ok/", trivial, name="bench_ok"),
    path("", include("coprod_site.urls")),
]
