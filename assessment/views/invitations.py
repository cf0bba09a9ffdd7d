"""Invitation links: joining an organisation (perhaps straight into an assessment) and peer
review share one flow.

1. Open: the link puts the hash of its token in the session (never the token) and redirects,
   so the token leaves the address bar and the browser's history.
2. The invitation's page answers whoever holds the link: a page for each reason the link can
   no longer be used; sign in or create an account (the invited address filled in and fixed);
   "this was sent to someone else", with a button to switch account that keeps the link;
   "confirm your email address first"; then the invitation, accepted only by a POST.
3. Respond: accept, or (a peer review) decline with an optional reason.

What differs between the kinds (the model, what accepting does, the wording) is an
`InvitationLink` subclass; the templates in templates/invitations/ choose their words by
`kind`. Signing up with an invited address by any route also offers the invitations waiting
for it (`Invitation.objects.waiting_for`, on the home page).
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import email_limits, emails
from ..access import get_assessment_for_member, get_invitation_for_invitee
from ..forms.organisations import InvitationForm
from ..forms.reviews import DeclineReviewForm
from ..models import Invitation, PeerReview
from ..models.organisations import InvitationError
from ..models.reviews import ReviewError
from ..ratelimit import rate_limited
from ..tokens import hash_token


class InvitationLink:
    """One kind of invitation sent as a link. The views are the same for every kind; the
    hooks say how to find the invitation, why it cannot be used, and what accepting does."""

    kind: str  # the templates' word for it: "join" or "review"
    session_key: str  # the session holds the hash of the link's token under this key
    page: str  # the URL name of the invitation's page
    switch_page: str  # the URL name of "sign out and switch account"
    unknown_status: int  # the status of "we do not recognise this invitation link"

    def find(self, token_hash: str):
        raise NotImplementedError

    def problem(self, invitation) -> str | None:
        """Why the link can no longer be used ("expired", "used"...), or None."""
        raise NotImplementedError

    def refusal(self, request, invitation) -> str | None:
        """A problem that stops this person accepting, shown before they press the button."""
        return None

    def accept(self, request, invitation):
        """Accept for the signed-in person; the response to give."""
        raise NotImplementedError

    def organisation(self, invitation):
        """The organisation the invitation comes from."""
        raise NotImplementedError

    def context(self, invitation) -> dict:
        return {
            "invitation": invitation,
            "kind": self.kind,
            "organisation": self.organisation(invitation),
            "assessment": invitation.assessment,
            "next": reverse(self.page),
            "switch_page": self.switch_page,
        }

    # The flow --------------------------------------------------------------------------

    def open(self, request, token: str):
        """Keep the token's hash in the session and move the token out of the address bar."""
        request.session[self.session_key] = hash_token(token)
        return redirect(self.page)

    def held(self, request):
        """The invitation whose link this browser opened, if any."""
        link = request.session.get(self.session_key)
        return self.find(link) if link else None

    def problem_page(self, request, problem: str, invitation=None):
        status = {"unknown": self.unknown_status, "wrong_account": 403, "member": 403}
        return render(
            request,
            "invitations/problem.html",
            {"problem": problem, "invitation": invitation, "kind": self.kind},
            status=status.get(problem, 410),
        )

    def switch_account(self, request):
        """Sign out of the wrong account but keep the invitation, so the right person can
        accept."""
        link = request.session.get(self.session_key)
        logout(request)
        if link:
            request.session[self.session_key] = link
        return redirect(self.page)

    def respond(self, request):
        invitation = self.held(request)
        if invitation is None:
            return self.problem_page(request, "unknown")
        problem = self.problem(invitation)
        if problem:
            return self.problem_page(request, problem, invitation)
        context = self.context(invitation)
        if not request.user.is_authenticated:
            return render(request, "invitations/sign_in.html", context)
        if not invitation.is_for(request.user):
            return render(request, "invitations/wrong_account.html", context, status=403)
        if not request.user.has_confirmed_email:
            return render(request, "registration/confirm_email_first.html", context, status=403)
        if request.method == "POST":
            return self.accept(request, invitation)
        refused = self.refusal(request, invitation)
        if refused:
            return self.problem_page(request, refused, invitation)
        return render(request, "invitations/accept.html", context)

    def done(self, request) -> None:
        """The link has been used: it leaves the session."""
        request.session.pop(self.session_key, None)


class JoinLink(InvitationLink):
    """An invitation to join an organisation, and perhaps to answer one of its assessments."""

    kind = "join"
    session_key = "invitation_link"
    page = "respond_to_invitation"
    switch_page = "switch_account_for_invitation"
    unknown_status = 404

    def find(self, token_hash):
        return Invitation.from_token_hash(token_hash)

    def organisation(self, invitation):
        return invitation.organisation

    def problem(self, invitation):
        state = invitation.state
        if state == Invitation.State.PENDING:
            return None
        return "used" if state == Invitation.State.ACCEPTED else state

    def accept(self, request, invitation):
        try:
            membership = invitation.accept(request.user)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect(self.page)
        self.done(request)
        return joined(request, invitation, membership)


class ReviewLink(InvitationLink):
    """An invitation to be the peer reviewer of another organisation's closed assessment."""

    kind = "review"
    session_key = "review_invitation_link"
    page = "respond_to_review_invitation"
    switch_page = "switch_account_for_review"
    unknown_status = 410

    def find(self, token_hash):
        return PeerReview.from_token_hash(token_hash)

    def organisation(self, review):
        return review.assessment.organisation

    def problem(self, review):
        state = review.state
        if state == PeerReview.State.INVITED:
            return None
        return {PeerReview.State.REVOKED: "revoked", PeerReview.State.EXPIRED: "expired"}.get(
            state, "used"
        )

    def refusal(self, request, review):
        if review.assessment.organisation.memberships.filter(user=request.user).exists():
            return "member"  # a peer reviewer comes from another organisation
        return None

    def accept(self, request, review):
        try:
            review.accept(request.user)
        except ReviewError as error:
            return self.problem_page(request, error.problem, review)
        self.done(request)
        messages.success(
            request,
            f"You are now the peer reviewer for {review.assessment.organisation.name}. Start by "
            "telling us about you.",
        )
        return redirect("review_task_list", review.pk)

    def decline(self, request):
        """Whoever holds the link may say no, with or without an account; the organisation's
        admins are told, with the reason if one was given."""
        review = self.held(request)
        if review is None:
            return self.problem_page(request, "unknown")
        problem = self.problem(review)
        if problem:
            return self.problem_page(request, problem, review)
        form = DeclineReviewForm(request.POST if request.method == "POST" else None)
        context = {**self.context(review), "form": form}
        if request.method == "POST" and form.is_valid():
            if not review.decline(form.cleaned_data["reason"].strip()):
                return self.problem_page(request, "used", review)
            self.done(request)
            emails.send_to_admins(review, emails.send_review_declined)
            return render(request, "invitations/declined.html", context)
        return render(request, "invitations/decline.html", context)


JOIN = JoinLink()
REVIEW = ReviewLink()


def joined(request, invitation, membership):
    """Where someone goes once they have joined: the assessment they were asked to answer,
    if they are now one of its respondents, else the organisation (saying why)."""
    organisation = membership.organisation
    request.session["organisation_id"] = organisation.pk
    assessment = invitation.assessment
    if assessment and assessment.respondents.filter(user=request.user).exists():
        messages.success(
            request, f"You have joined {organisation.name} and can now answer {assessment.title}."
        )
        return redirect("colleague:task_list", org=organisation.pk, pk=assessment.pk)
    messages.success(request, f"You have joined {organisation.name}.")
    if assessment:
        messages.info(
            request, f"{assessment.title} has closed, so there is nothing for you to answer."
        )
    return redirect(organisation)


# The views (URLs in assessment/urls.py) ------------------------------------------------------


def open_invitation(request, token):
    return JOIN.open(request, token)


@require_POST
def switch_account_for_invitation(request):
    return JOIN.switch_account(request)


def respond_to_invitation(request):
    return JOIN.respond(request)


@rate_limited("review-link")
def open_review_invitation(request, token):
    return REVIEW.open(request, token)


@require_POST
def switch_account_for_review(request):
    return REVIEW.switch_account(request)


@rate_limited("review-accept", methods=("POST",))
def respond_to_review_invitation(request):
    return REVIEW.respond(request)


@rate_limited("review-accept", methods=("POST",))
def decline_review_invitation(request):
    return REVIEW.decline(request)


def invitation_signing_up(request, next_url: str):
    """The invitation someone is creating an account from: the sign-up page will come back to
    its page, and its link, still usable, is in the session. None otherwise (the header's
    "Create an account", or a link that has stopped working)."""
    for link in (JOIN, REVIEW):
        if next_url == reverse(link.page):
            invitation = link.held(request)
            if invitation is not None and link.problem(invitation) is None:
                return invitation
    return None


# Sending ------------------------------------------------------------------------------------


def email_invitation(request, invitation, token: str) -> None:
    """Email an invitation to join (perhaps into an assessment), saying how it went."""
    if emails.send_invitation(invitation, token):
        messages.success(request, f"We have emailed an invitation to {invitation.email}.")
    else:
        messages.error(
            request,
            f"The invitation for {invitation.email} is saved, but we could not email it. "
            "Use “Send again” on your organisation's page in a few minutes.",
        )


@login_required
def invite_to_assessment(request, org, pk):
    """Invite someone new straight into an assessment: one email; accepting joins the
    organisation and makes them one of the assessment's respondents at once."""
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    organisation = assessment.organisation
    if not assessment.is_open:
        messages.info(request, "This assessment is closed, so nobody new can answer it.")
        return redirect(assessment)
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        assessment=assessment,
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
                assessment=assessment,
            )
        except email_limits.LimitReached as reached:
            form.add_error(None, reached.message)
        except InvitationError as error:
            allowance.give_back()
            form.add_error("email", str(error))
        else:
            email_invitation(request, invitation, token)
            return redirect(assessment)
    return render(
        request,
        "invitations/invite_to_assessment.html",
        {"form": form, "assessment": assessment, "organisation": organisation},
    )


# Invitations waiting for a signed-in person's address (the home page lists them) -------------


@login_required
@require_POST
def accept_waiting_invitation(request, pk):
    """Accept from the home page. The person proves the address is theirs by confirming it,
    as the link's token would; until then accepting is refused."""
    invitation = get_invitation_for_invitee(request, pk)
    try:
        membership = invitation.accept(request.user)
    except InvitationError as error:
        messages.error(request, str(error))
        return redirect("home")
    return joined(request, invitation, membership)
