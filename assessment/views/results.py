"""An assessment's results, for the organisation's members, once an admin has closed it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from principles.views import easy_read

from ..access import get_assessment_for_member
from ..reports import charts
from ..reports.csv import ANSWER_HEADER, answer_rows, csv_response, download_name
from ..results import EXTENT_ORDER, NOTABLE_GAP, assessment_results
from .report_download import report_response


@login_required
@require_safe
@never_cache
def results(request, org, pk):
    membership, assessment = get_assessment_for_member(request, org, pk)
    context = {
        "membership": membership,
        "organisation": assessment.organisation,
        "assessment": assessment,
        "easy_read": easy_read(request),
    }
    if not assessment.is_open:
        summary = assessment_results(assessment)
        context |= {
            "results": summary,
            "chart": charts.principles_radar(summary),
            "ladder": charts.ladder(summary),
            "unanswered": [s for s in summary.principles if s.rung is None],
            "answer_labels": [extent.label for extent in EXTENT_ORDER],
            "notable_gap": NOTABLE_GAP,
        }
    return render(request, "assessment/results.html", context)


@login_required
@require_safe
@never_cache
def results_csv(request, org, pk):
    _, assessment = get_assessment_for_member(request, org, pk)
    if assessment.is_open:
        raise Http404
    filename = download_name(assessment.organisation.name, assessment.title, suffix="answers.csv")
    return csv_response(filename, ANSWER_HEADER, answer_rows(assessment))


@login_required
@require_safe
@never_cache
def results_pdf(request, org, pk):
    """The report as a PDF download, for the organisation's members once the assessment closes."""
    _, assessment = get_assessment_for_member(request, org, pk)
    if assessment.is_open:
        raise Http404
    return report_response(request, assessment)
