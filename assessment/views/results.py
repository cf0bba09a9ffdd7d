"""An assessment's results, for the organisation's members."""

from django.http import Http404


def results(request, org, pk):
    raise Http404


def results_csv(request, org, pk):
    raise Http404
