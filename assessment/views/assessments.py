"""Starting an assessment, inviting the people who answer it, and closing it (admins)."""

from django.http import Http404


def assessment_create(request, org):
    raise Http404


def assessment_detail(request, org, pk):
    raise Http404


def add_colleagues(request, org, pk):
    raise Http404


def add_link_respondent(request, org, pk):
    raise Http404


def remind_respondent(request, org, pk, respondent):
    raise Http404


def cancel_respondent(request, org, pk, respondent):
    raise Http404


def reopen_response(request, org, pk, respondent):
    raise Http404


def close_assessment(request, org, pk):
    raise Http404
