"""Depositing case studies for the library, and the working group deciding on them.

Here rather than in `principles` because who may deposit (a member of the organisation) and who
may decide (the working group) are settled by access.py, and the emails go through emails.py.
A study is published only when a working-group member approves it; until then only its
submitter and the working group can see it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from principles.forms import CaseStudyForm, SendBackForm
from principles.models import CaseStudy, Principle

from .. import emails
from ..access import (
    get_case_study_for_submitter,
    get_case_study_for_working_group,
    get_membership,
    require_working_group,
)

PER_PAGE = 20


# --- For members of an organisation ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def deposit(request, org):
    membership = get_membership(request, org)
    data = request.POST if request.method == "POST" else None
    form = CaseStudyForm(data, principles=Principle.objects.current())
    if request.method == "POST" and form.is_valid():
        form.instance.deposit(
            by=request.user,
            organisation_name=membership.organisation.name,
            principle_slugs=form.principle_slugs,
        )
        messages.success(
            request,
            "Thank you: your case study has gone to the working group. We will email you when "
            "they have looked at it.",
        )
        return redirect("your_case_studies")
    return render(
        request,
        "case_studies/deposit.html",
        {"form": form, "organisation": membership.organisation},
    )


@login_required
@require_safe
def your_case_studies(request):
    return render(
        request,
        "case_studies/yours.html",
        {
            "studies": CaseStudy.objects.deposited_by(request.user).order_by("-updated_at"),
            "memberships": request.user.memberships.select_related("organisation").order_by(
                "organisation__name"
            ),
        },
    )


@login_required
@require_safe
def your_case_study(request, pk):
    study = get_case_study_for_submitter(request, pk)
    study.shown_principles = study.principles_in(Principle.objects.current_by_slug())
    return render(request, "case_studies/your_case_study.html", {"study": study})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_case_study(request, pk):
    """Change a study that is not yet published; it then waits for approval again."""
    study = get_case_study_for_submitter(request, pk)
    if not study.can_be_changed:
        messages.error(request, "A published case study can no longer be changed.")
        return redirect("your_case_study", pk)
    form = CaseStudyForm(
        request.POST if request.method == "POST" else None,
        instance=study,
        principles=Principle.objects.current(),
        submit="Send it again",
    )
    if request.method == "POST" and form.is_valid():
        form.instance.resubmit(form.principle_slugs)
        messages.success(request, "Your changes have gone to the working group for approval.")
        return redirect("your_case_study", pk)
    return render(request, "case_studies/change.html", {"form": form, "study": study})


# --- For the working group ---------------------------------------------------------------------


@login_required
@require_safe
def case_study_queue(request):
    require_working_group(request)
    waiting = CaseStudy.objects.awaiting_approval().order_by("updated_at")
    page = Paginator(waiting, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "case_studies/queue.html", {"page": page})


def _moderation_page(request, study, send_back_form=None):
    study.shown_principles = study.principles_in(Principle.objects.current_by_slug())
    send_back_form = send_back_form or SendBackForm(
        action=reverse("send_back_case_study", args=[study.pk])
    )
    return render(
        request,
        "case_studies/moderate.html",
        {"study": study, "form": send_back_form},
    )


@login_required
@require_safe
def moderate_case_study(request, pk):
    return _moderation_page(request, get_case_study_for_working_group(request, pk))


@login_required
@require_POST
def publish_case_study(request, pk):
    study = get_case_study_for_working_group(request, pk)
    if study.publish():
        emails.send_case_study_decision(study)
        messages.success(request, f"“{study.title}” is published in the library.")
    else:
        messages.error(request, "Someone has already decided on this case study.")
    return redirect("case_study_queue")


@login_required
@require_POST
def send_back_case_study(request, pk):
    study = get_case_study_for_working_group(request, pk)
    form = SendBackForm(request.POST, action=reverse("send_back_case_study", args=[pk]))
    if not form.is_valid():
        return _moderation_page(request, study, form)
    if study.send_back(form.cleaned_data["reason"]):
        emails.send_case_study_decision(study)
        messages.success(request, f"“{study.title}” has been sent back with your reason.")
    else:
        messages.error(request, "Someone has already decided on this case study.")
    return redirect("case_study_queue")
