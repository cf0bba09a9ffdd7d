"""The working group's dashboards and downloads: only assessments shared with it.

Every page here needs the `assessment.view_working_group` permission (access.py); everyone else
gets 404. Every list, figure and download starts from `Assessment.objects.shared()`.
An organisation's admins choose what to share on the `sharing` page, or when they close an
assessment.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .. import dashboards
from ..access import (
    get_assessment_for_member,
    get_round,
    get_round_summary,
    get_shared_assessment,
    require_working_group,
)
from ..forms.working_group import DashboardFilterForm, RoundForm, SharingForm
from ..models import Assessment, Round, RoundSummary
from ..reports.csv import csv_response, download_name
from ..round_movement import round_movement
from ..tasks import request_round_summary
from .report_download import report_response

# --- For the organisation's admins ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sharing(request, org, pk):
    """Share a closed assessment's results with the working group, or stop sharing them."""
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    if assessment.is_open:
        raise Http404
    form = SharingForm(request.POST if request.method == "POST" else None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        assessment = assessment.set_sharing(form.shares, form.chosen_round, by=request.user)
        if assessment.shared_with_working_group:
            where = f" as part of {assessment.round.name}" if assessment.round else ""
            messages.success(request, f"The results are shared with the working group{where}.")
        else:
            messages.success(request, "The results are not shared with the working group.")
        return redirect(assessment)
    return render(
        request,
        "working_group/sharing.html",
        {"form": form, "assessment": assessment, "organisation": assessment.organisation},
    )


# --- For the working group ----------------------------------------------------------------------


@login_required
@require_safe
def dashboard(request):
    """The rounds, with how many assessments were shared in each, and any shared outside one."""
    require_working_group(request)
    counts = dashboards.shared_counts_by_round()
    rounds = list(Round.objects.all())
    for round in rounds:
        round.shared_count = counts.get(round.pk, 0)
    outside = (
        Assessment.objects.shared()
        .filter(round__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )
    return render(
        request, "working_group/home.html", {"rounds": rounds, "outside_rounds": list(outside)}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_create(request):
    require_working_group(request)
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        round = form.save()
        messages.success(
            request,
            f"{round.name} is set up. Organisations can now choose it when they share results.",
        )
        return redirect("round_dashboard", round_id=round.pk)
    return render(request, "working_group/round_form.html", {"form": form})


def _filtered(request, round):
    """The round's shared assessments, narrowed by the filters in the query string."""
    form = DashboardFilterForm(request.GET or None, areas=dashboards.round_areas(round))
    filters = form.filters()
    return form, filters, dashboards.round_assessments(round, **filters)


# Organisations listed on one page of the round dashboard: the figures above the list count
# them all, and the page stays small however many shared their results.
ORGANISATIONS_PER_PAGE = 50


def _page_url(filters: dict, number: int) -> str:
    return f"?{urlencode(filters | {'page': number})}#organisations"


@login_required
@require_safe
@never_cache
def round_dashboard(request, round_id):
    round = get_round(request, round_id)
    form, filters, assessments = _filtered(request, round)
    if filters:
        figures = dashboards.round_dashboard(assessments)
        figures_html = dashboards.figures_html(figures)
    else:
        figures, figures_html = dashboards.kept_round_dashboard(round)
    paginator = Paginator(assessments, ORGANISATIONS_PER_PAGE)
    paginator.count = figures.total  # counted already, for the figures
    organisations = paginator.get_page(request.GET.get("page"))
    query = f"?{urlencode(filters)}" if filters else ""
    return render(
        request,
        "working_group/round_dashboard.html",
        {
            "round": round,
            "form": form,
            "filters": filters,
            "figures": figures,
            "figures_html": figures_html,
            "organisations": organisations,
            "previous_url": _page_url(filters, organisations.number - 1)
            if organisations.has_previous()
            else "",
            "next_url": _page_url(filters, organisations.number + 1)
            if organisations.has_next()
            else "",
            "csv_url": reverse("round_scores_csv", args=[round.pk]) + query,
            "summary": round.summaries.defer("pdf").first(),
            "movement": round_movement(round, assessments),
        },
    )


@login_required
@require_safe
@never_cache
def round_scores_csv(request, round_id):
    round = get_round(request, round_id)
    _, filters, assessments = _filtered(request, round)
    filename = download_name(round.name, *filters.values(), suffix="scores.csv")
    return csv_response(filename, dashboards.SCORES_HEADER, dashboards.score_rows(assessments))


@login_required
@require_safe
@never_cache
def round_summary_status(request, round_id):
    """Where the latest summary is up to, for the status page's script to follow."""
    round = get_round(request, round_id)
    summary = round.summaries.defer("pdf").first()
    if summary is None:
        return JsonResponse({"status": "none"})
    return JsonResponse(
        {
            "status": "failed" if summary.has_failed else summary.status,
            "done": summary.organisations_done,
            "total": summary.organisations_total,
        }
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def round_summary(request, round_id):
    """POST: ask for a summary PDF of the whole round, built in the background. GET: how the
    latest one is getting on, with the download once it is ready. A summary whose worker died
    is marked failed first, so it can be asked for again."""
    round = get_round(request, round_id)
    round.summaries.fail_stalled()
    if request.method == "POST":
        if request_round_summary(round, by=request.user) is None:
            messages.info(
                request,
                "No organisation has shared its results in this round yet, so there is "
                "nothing to summarise.",
            )
            return redirect("round_dashboard", round_id=round.pk)
        return redirect("round_summary", round_id=round.pk)
    return render(
        request,
        "working_group/round_summary.html",
        {"round": round, "summary": round.summaries.defer("pdf").first()},
    )


@login_required
@require_safe
@never_cache
def round_summary_pdf(request, round_id, summary):
    summary = get_round_summary(request, round_id, summary)
    if summary.status != RoundSummary.Status.DONE or summary.pdf is None:
        raise Http404
    filename = download_name(
        summary.round.name,
        f"{timezone.localdate(summary.requested_at):%Y-%m-%d}",
        suffix="summary.pdf",
    )
    return _pdf_response(bytes(summary.pdf), filename)


@login_required
@require_safe
@never_cache
def shared_report_pdf(request, org, pk):
    """One shared organisation's assessment report, as the organisation itself downloads it."""
    return report_response(request, get_shared_assessment(request, org, pk))


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
