"""An assessment's results, for the organisation's members, once an admin has closed it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from principles.models import Principle
from principles.views import easy_read

from ..access import get_assessment_for_member
from ..benchmark import benchmark
from ..reports import pages
from ..reports.csv import ANSWER_HEADER, answer_rows, csv_response, download_name
from ..suggestions import suggestions
from .report_download import report_response


@login_required
@require_safe
@never_cache
def results(request, org, pk):
    membership, assessment = get_assessment_for_member(request, org, pk)
    wording = easy_read(request)
    context = {
        "membership": membership,
        "organisation": assessment.organisation,
        "assessment": assessment,
        "easy_read": wording,
    }
    if not assessment.is_open:
        context["summary"] = pages.results_summary(assessment, easy_read=wording)
        context["progress"], context["next_steps"] = pages.results_after_summary(
            assessment, easy_read=wording
        )
        context["benchmark"] = benchmark(assessment)
    return render(request, "assessment/results.html", context)


@login_required
@require_safe
@never_cache
def results_principle(request, org, pk, principle):
    """One principle's answers to the questions: the detail behind the results page."""
    _, assessment = get_assessment_for_member(request, org, pk)
    if assessment.is_open:
        raise Http404
    principle = get_object_or_404(Principle, framework_id=assessment.framework_id, slug=principle)
    wording = easy_read(request)
    return render(
        request,
        "assessment/results_principle.html",
        {
            "organisation": assessment.organisation,
            "assessment": assessment,
            "principle": principle,
            "answers": pages.principle_answers(assessment, principle, easy_read=wording),
            "easy_read": wording,
        },
    )


@login_required
@require_safe
@never_cache
def results_next_steps(request, org, pk):
    """The practices and case studies behind the results page's next steps, with a button to
    put each practice in the action plan: a page of their own keeps the results short."""
    membership, assessment = get_assessment_for_member(request, org, pk)
    if assessment.is_open:
        raise Http404
    return render(
        request,
        "assessment/results_next_steps.html",
        {
            "membership": membership,
            "organisation": assessment.organisation,
            "assessment": assessment,
            "suggestions": suggestions(assessment),
            "easy_read": easy_read(request),
        },
    )


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
