"""Organisations: create one, see its people, invite colleagues and manage their roles."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import email_limits
from ..access import get_membership
from ..forms.organisations import InvitationForm, OrganisationForm, RoleForm
from ..models import Invitation, Membership
from ..models.organisations import InvitationError, LastAdminError
from .invitations import email_invitation


def home(request):
    if not request.user.is_authenticated:
        return render(request, "assessment/start.html")
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .annotate(member_count=Count("organisation__memberships"))
        .order_by("organisation__name")
    )
    invitations = list(Invitation.objects.waiting_for(request.user))
    if not memberships and not invitations and request.user.in_working_group:
        # A working-group member with no organisation of their own: their work is there.
        return redirect("working_group")
    return render(
        request,
        "assessment/home.html",
        {"memberships": memberships, "invitations": invitations},
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, submit="Create organisation"
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False).create_with_admin(request.user)
        request.session["organisation_id"] = organisation.pk
        messages.success(request, f"{organisation.name} has been created. You are its admin.")
        return redirect(organisation)
    return render(request, "assessment/organisation_form.html", {"form": form, "creating": True})


@login_required
def organisation_detail(request, org):
    membership = get_membership(request, org)
    organisation = membership.organisation
    request.session["organisation_id"] = organisation.pk
    context = {
        "membership": membership,
        "organisation": organisation,
        "members": organisation.memberships.select_related("user"),
        "invitations": (
            organisation.invitations.pending().select_related("assessment")
            if membership.is_admin
            else []
        ),
        "assessments": organisation.assessments.order_by("-created_at"),
        "overdue_actions": organisation.actions.overdue().select_related("owner").in_plan_order(),
    }
    return render(request, "assessment/organisation_detail.html", context)


@login_required
def organisation_edit(request, org):
    organisation = get_membership(request, org, admin=True).organisation
    # The form edits a copy, so a rejected change never shows as the name in the page heading.
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        instance=copy(organisation),
        submit="Save changes",
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your organisation's details have been saved.")
        return redirect(organisation)
    return render(
        request, "assessment/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def switch_organisation(request, org):
    organisation = get_membership(request, org).organisation
    request.session["organisation_id"] = organisation.pk
    return redirect(organisation)


@login_required
def invite_member(request, org):
    organisation = get_membership(request, org, admin=True).organisation
    form = InvitationForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            allowance = email_limits.take(
                request, recipients=[form.cleaned_data["email"]], organisation=organisation
            )
            invitation, token = Invitation.create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except email_limits.LimitReached as reached:
            form.add_error(None, reached.message)
        except InvitationError as error:
            allowance.give_back()
            form.add_error("email", str(error))
        else:
            email_invitation(request, invitation, token)
            return redirect(organisation)
    return render(
        request, "assessment/invite_member.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def resend_invitation(request, org, pk):
    """A new link for an invitation still waiting (lost, expired soon, or never delivered)."""
    organisation = get_membership(request, org, admin=True).organisation
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    try:
        allowance = email_limits.take(
            request, recipients=[invitation.email], organisation=organisation
        )
        token = invitation.resend()
    except email_limits.LimitReached as reached:
        messages.error(request, reached.message)
    except InvitationError as error:
        allowance.give_back()
        messages.error(request, str(error))
    else:
        email_invitation(request, invitation, token)
    return redirect(organisation)


@login_required
@require_POST
def revoke_invitation(request, org, pk):
    organisation = get_membership(request, org, admin=True).organisation
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    if invitation.state != Invitation.State.PENDING:
        messages.error(
            request,
            f"The invitation for {invitation.email} cannot be cancelled: it is "
            f"{invitation.get_state_display().lower()}.",
        )
        return redirect(organisation)
    invitation.revoke()
    messages.success(request, f"The invitation for {invitation.email} has been cancelled.")
    return redirect(organisation)


@login_required
@require_POST
def change_role(request, org, pk):
    organisation = get_membership(request, org, admin=True).organisation
    member = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose admin or member.")
    else:
        try:
            member.change_role(form.cleaned_data["role"], by=request.user)
        except LastAdminError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{member.user} is now {member.get_role_display().lower()}.")
    return redirect(organisation)


@login_required
def remove_member(request, org, pk):
    organisation = get_membership(request, org, admin=True).organisation
    member = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            member.remove(by=request.user)
        except LastAdminError as error:
            messages.error(request, error.message)
            return redirect(organisation)
        messages.success(request, f"{member.user} has been removed from {organisation.name}.")
        if member.user == request.user:
            return redirect("home")
        return redirect(organisation)
    return render(
        request, "assessment/remove_member.html", {"organisation": organisation, "member": member}
    )
