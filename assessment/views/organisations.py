"""Organisations: create one, see its people, invite colleagues and manage their roles."""

from copy import copy

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import email_limits, emails
from ..access import get_membership
from ..forms.organisations import InvitationForm, OrganisationForm, RoleForm
from ..models import Assessment, Invitation, Membership, Respondent
from ..models.organisations import InvitationError, LastAdminError
from ..tokens import hash_token

# Closed assessments listed on the home page with a link to "What we found": the latest few.
HEARD_BACK_SHOWN = 5
# The hash of the invitation link's token: sessions never hold the token itself.
INVITATION_SESSION_KEY = "invitation_link"


def home(request):
    if not request.user.is_authenticated:
        return render(request, "assessment/start.html")
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .annotate(member_count=Count("organisation__memberships"))
        .order_by("organisation__name")
    )
    if not memberships and request.user.in_working_group:
        # A working-group member with no organisation of their own: their work is there.
        return redirect("working_group")
    # Closed assessments they answered, in organisations they still belong to: "What we found".
    heard_back = (
        Respondent.objects.filter(
            user=request.user,
            assessment__status=Assessment.Status.CLOSED,
            assessment__organisation__memberships__user=request.user,
        )
        .select_related("assessment__organisation")
        .order_by("-assessment__closed_at")[:HEARD_BACK_SHOWN]
    )
    return render(
        request, "assessment/home.html", {"memberships": memberships, "heard_back": heard_back}
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
        "invitations": organisation.invitations.pending() if membership.is_admin else [],
        "assessments": organisation.assessments.order_by("-created_at"),
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
            _email_invitation(request, invitation, token)
            return redirect(organisation)
    return render(
        request, "assessment/invite_member.html", {"form": form, "organisation": organisation}
    )


def _email_invitation(request, invitation, token: str) -> None:
    if emails.delivered(emails.send_invitation, invitation, token):
        messages.success(request, f"We have emailed an invitation to {invitation.email}.")
    else:
        messages.error(
            request,
            f"The invitation for {invitation.email} is saved, but we could not email it. "
            "Use “Send again” below in a few minutes.",
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
        _email_invitation(request, invitation, token)
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


def open_invitation(request, token):
    """Keep the token in the session and move it out of the address bar."""
    request.session[INVITATION_SESSION_KEY] = hash_token(token)
    return redirect("respond_to_invitation")


@require_POST
def switch_account_for_invitation(request):
    """Sign out of the wrong account but keep the invitation, so the right person can accept."""
    link = request.session.get(INVITATION_SESSION_KEY)
    logout(request)
    if link:
        request.session[INVITATION_SESSION_KEY] = link
    return redirect("respond_to_invitation")


def respond_to_invitation(request):
    link = request.session.get(INVITATION_SESSION_KEY)
    invitation = Invitation.from_token_hash(link) if link else None
    if invitation is None:
        return render(
            request, "assessment/invitation_problem.html", {"problem": "unknown"}, status=404
        )
    if invitation.state != Invitation.State.PENDING:
        return render(
            request, "assessment/invitation_problem.html", {"problem": invitation.state}, status=410
        )
    here = reverse("respond_to_invitation")
    context = {"invitation": invitation, "next": here}
    if not request.user.is_authenticated:
        return render(request, "assessment/invitation_sign_in.html", context)
    if not invitation.is_for(request.user):
        return render(request, "assessment/invitation_wrong_account.html", context, status=403)
    if not request.user.has_confirmed_email:
        return render(request, "registration/confirm_email_first.html", context, status=403)
    if request.method == "POST":
        try:
            membership = invitation.accept(request.user)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("respond_to_invitation")
        del request.session[INVITATION_SESSION_KEY]
        request.session["organisation_id"] = membership.organisation_id
        messages.success(request, f"You have joined {membership.organisation.name}.")
        return redirect(membership.organisation)
    return render(request, "assessment/invitation_accept.html", context)
