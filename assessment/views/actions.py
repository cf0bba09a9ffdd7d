"""An organisation's action plan: actions made from the results page's suggestions or written
from scratch, changed as they go, followed up by the next assessment, downloaded as a CSV.

Who may do what: every member may add an action, change it and record what happened, since
the plan is the team's work and owners are often members rather than admins; only an admin
may delete one, since deleting takes it out of the report and its history, and "dropped"
keeps the record for everyone else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from principles.models import Practice, Principle

from ..access import (
    get_action_for_member,
    get_assessment_for_member,
    get_closed_assessment_for_member,
    get_membership,
)
from ..forms.actions import ActionForm, DigestForm, FollowUpForm
from ..models import Action
from ..reports.csv import csv_response, download_name

# An organisation's plan holds at most this many actions: far more than a team works through,
# few enough that nobody can fill the database through the form.
PLAN_MAX = 500
PLAN_FULL = (
    f"Your action plan already has {PLAN_MAX} actions, the most it can hold. Delete some that "
    "are done or dropped (an admin can), then add this one."
)
GET_OR_POST = ["GET", "HEAD", "POST"]


def _plan_is_full(organisation) -> bool:
    return Action.objects.filter(organisation=organisation).count() >= PLAN_MAX


def _owned_actions(organisation):
    return (
        Action.objects.filter(organisation=organisation)
        .select_related("principle", "owner", "assessment")
        .in_plan_order()
    )


@login_required
@require_safe
@never_cache
def action_plan(request, org):
    membership = get_membership(request, org)
    actions = list(_owned_actions(membership.organisation))
    return render(
        request,
        "actions/plan.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "open_actions": [a for a in actions if a.is_open],
            "finished_actions": [a for a in actions if not a.is_open],
            "latest_closed": membership.organisation.assessments.filter(status="closed")
            .order_by("-closed_at")
            .first(),
        },
    )


@login_required
@require_POST
def action_from_practice(request, org, pk):
    """One press on a suggestion: the practice goes into the plan, then the person gives it an
    owner and a due date."""
    _, assessment = get_closed_assessment_for_member(request, org, pk)
    principle = get_object_or_404(
        Principle, framework_id=assessment.framework_id, slug=request.POST.get("principle", "")
    )
    practice_id = request.POST.get("practice", "")
    if not practice_id.isdigit():
        raise Http404
    practice = get_object_or_404(
        Practice, framework_id=assessment.framework_id, principles=principle, pk=practice_id
    )
    existing = Action.objects.filter(
        assessment=assessment, principle=principle, practice=practice
    ).first()
    if existing:
        messages.info(request, f"“{existing.what}” is already in your action plan.")
        return redirect(_edit_url(existing))
    if _plan_is_full(assessment.organisation):
        messages.error(request, PLAN_FULL)
        return redirect("results", org=org, pk=pk)
    action = Action.from_practice(assessment, practice, principle, by=request.user)
    messages.success(
        request,
        f"“{action.what}” is in your action plan. Say who leads it and when it is due.",
    )
    return redirect(_edit_url(action))


@login_required
@require_http_methods(GET_OR_POST)
def action_add(request, org, pk):
    """An action written from scratch, from an assessment's results."""
    _, assessment = get_closed_assessment_for_member(request, org, pk)
    organisation = assessment.organisation
    initial = {}
    if slug := request.GET.get("principle"):
        initial["principle"] = Principle.objects.filter(
            framework_id=assessment.framework_id, slug=slug
        ).first()
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=organisation,
        framework_id=assessment.framework_id,
        submit="Add to the action plan",
    )
    if request.method == "POST" and form.is_valid():
        if _plan_is_full(organisation):
            form.add_error(None, PLAN_FULL)
        else:
            action = form.save(commit=False)
            action.organisation = organisation
            action.assessment = assessment
            action.created_by = request.user
            action.save()
            messages.success(request, f"“{action.what}” is in your action plan.")
            return redirect("action_plan", org=org)
    return render(
        request,
        "actions/add.html",
        {"form": form, "organisation": organisation, "assessment": assessment},
    )


def _edit_url(action) -> str:
    return reverse("action_edit", args=[action.organisation_id, action.pk])


@login_required
@require_http_methods(GET_OR_POST)
def action_edit(request, org, pk):
    membership, action = get_action_for_member(request, org, pk)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        instance=action,
        organisation=membership.organisation,
        framework_id=action.assessment.framework_id,
        submit="Save changes",
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{action.what}” has been saved.")
        return redirect("action_plan", org=org)
    # A rejected change must not show in the heading: it names the action as saved.
    saved = Action.objects.filter(pk=action.pk).values_list("what", flat=True).first()
    return render(
        request,
        "actions/edit.html",
        {
            "form": form,
            "membership": membership,
            "organisation": membership.organisation,
            "action": action,
            "saved_what": saved,
        },
    )


@login_required
@require_http_methods(GET_OR_POST)
def action_delete(request, org, pk):
    membership, action = get_action_for_member(request, org, pk, admin=True)
    if request.method == "POST":
        what = action.what
        action.delete()
        messages.success(request, f"“{what}” has been deleted from your action plan.")
        return redirect("action_plan", org=org)
    return render(
        request,
        "actions/delete.html",
        {"organisation": membership.organisation, "action": action},
    )


@login_required
@require_safe
@never_cache
def earlier_actions(request, org, pk):
    """The next assessment asks what happened to the actions still open from earlier ones."""
    _, assessment = get_assessment_for_member(request, org, pk)
    actions = list(
        Action.objects.carried_into(assessment)
        .select_related("principle", "owner", "assessment")
        .in_plan_order()
    )
    return render(
        request,
        "actions/earlier.html",
        {
            "organisation": assessment.organisation,
            "assessment": assessment,
            "to_ask": [a for a in actions if a.followed_up_in_id != assessment.pk],
            "answered": [a for a in actions if a.followed_up_in_id == assessment.pk],
        },
    )


@login_required
@require_http_methods(GET_OR_POST)
def follow_up(request, org, pk, action):
    _, assessment = get_assessment_for_member(request, org, pk)
    action = get_object_or_404(
        Action.objects.carried_into(assessment).select_related("principle", "assessment"),
        pk=action,
    )
    form = FollowUpForm(request.POST if request.method == "POST" else None, instance=action)
    if request.method == "POST" and form.is_valid():
        action.follow_up(
            assessment, status=form.cleaned_data["status"], notes=form.cleaned_data["notes"]
        )
        messages.success(request, f"What happened to “{action.what}” has been saved.")
        return redirect("earlier_actions", org=org, pk=pk)
    return render(
        request,
        "actions/follow_up.html",
        {
            "form": form,
            "organisation": assessment.organisation,
            "assessment": assessment,
            "action": action,
        },
    )


@login_required
@require_safe
@never_cache
def actions_csv(request, org):
    organisation = get_membership(request, org).organisation
    filename = download_name(organisation.name, suffix="action-plan.csv")
    return csv_response(filename, PLAN_HEADER, plan_rows(organisation))


PLAN_HEADER = (
    "Assessment",
    "Principle",
    "What",
    "Who leads it",
    "Due by",
    "Status",
    "Notes",
    "From the practice",
)


def plan_rows(organisation):
    for action in _owned_actions(organisation).select_related("practice"):
        yield (
            action.assessment.title,
            action.principle.name,
            action.what,
            action.owner_label,
            action.due_date.isoformat() if action.due_date else "",
            action.get_status_display(),
            action.notes,
            action.practice.name if action.practice else "",
        )


@login_required
@require_http_methods(GET_OR_POST)
def digest_setting(request):
    """Whether the person gets the weekly email about the actions they lead."""
    form = DigestForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "You will get a weekly email about the actions you lead."
            if request.user.action_digest
            else "You will not get emails about the actions you lead.",
        )
        return redirect("digest_setting")
    return render(request, "actions/digest_setting.html", {"form": form})
