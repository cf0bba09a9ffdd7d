"""The working group's dashboards and downloads: only assessments shared with it."""

from django.http import Http404
from django.urls import path

ASSESSMENT = "organisations/<int:org>/assessments/<int:pk>/"


def sharing(request, org, pk):
    raise Http404


def dashboard(request):
    raise Http404


urlpatterns = [
    path(f"{ASSESSMENT}sharing/", sharing, name="sharing"),
    path("working-group/", dashboard, name="working_group"),
]
