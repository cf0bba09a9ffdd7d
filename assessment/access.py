"""Fetch-and-authorise helpers: every view gets its objects here, and anything that is not the
person's answers 404, so nobody can learn that someone else's object exists."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from principles.models import CaseStudy

from .models import (
    Action,
    AgreedRung,
    Assessment,
    Invitation,
    Membership,
    PeerReview,
    Respondent,
    Round,
    RoundSummary,
)


def get_membership(request, org_pk: int, *, admin: bool = False) -> Membership:
    """The signed-in person's membership of organisation `org_pk`, or 404.

    With `admin=True`, only an admin's membership will do: a member gets 404 too, since
    admin pages are not theirs to see.
    """
    if not request.user.is_authenticated:
        raise Http404
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        organisation_id=org_pk,
        user=request.user,
    )
    if admin and not membership.is_admin:
        raise Http404
    return membership


def get_assessment_for_member(request, org_pk: int, pk: int, *, admin: bool = False):
    """An assessment of one of the person's organisations, with their membership, or 404."""
    membership = get_membership(request, org_pk, admin=admin)
    assessment = get_object_or_404(
        Assessment.objects.select_related("organisation", "framework"),
        organisation=membership.organisation,
        pk=pk,
    )
    return membership, assessment


def get_open_assessment_for_admin(request, org_pk: int, pk: int):
    """An open assessment of an organisation the person is an admin of, with their membership,
    or 404: paper questionnaires are printed and entered only while answers are taken."""
    membership, assessment = get_assessment_for_member(request, org_pk, pk, admin=True)
    if not assessment.is_open:
        raise Http404
    return membership, assessment


def get_paper_response(request, org_pk: int, pk: int, respondent_pk: int) -> Respondent:
    """A response an admin entered from paper, in an open assessment of their organisation, or
    404 (anyone else's response, a colleague's or a personal link's, is not theirs to enter)."""
    _, assessment = get_open_assessment_for_admin(request, org_pk, pk)
    respondent = get_object_or_404(
        assessment.respondents, pk=respondent_pk, entered_on_paper=True, user__isnull=True
    )
    respondent.assessment = assessment
    return respondent


RESPONDENT_SESSION_KEY = "respondent_id"
# Which issue of the personal link opened this session (the hash of its token, never the
# token): a new link or a cancelled one ends every session opened with the old.
RESPONDENT_LINK_SESSION_KEY = "respondent_link"


def open_link_session(request, respondent) -> None:
    """Start a session for someone who opened their personal link."""
    request.session.cycle_key()
    request.session[RESPONDENT_SESSION_KEY] = respondent.pk
    request.session[RESPONDENT_LINK_SESSION_KEY] = respondent.token_hash


def get_respondent(
    request, org_pk: int | None = None, pk: int | None = None, *, hearing_back: bool = False
) -> Respondent:
    """The response the person is answering, or 404.

    A colleague reaches theirs through the assessment's URL; someone with a personal link
    through the respondent id the link put in their session. Either way it is only ever their
    own response. `hearing_back`: for "What we found", which an expired link still opens
    (`Respondent.hears_back`).
    """
    respondents = Respondent.objects.select_related(
        "assessment__organisation", "assessment__framework"
    )
    if org_pk is not None:
        membership = get_membership(request, org_pk)
        return get_object_or_404(
            respondents,
            assessment__organisation=membership.organisation,
            assessment_id=pk,
            user=request.user,
        )
    respondent_id = request.session.get(RESPONDENT_SESSION_KEY)
    if respondent_id is None:
        raise Http404
    respondent = get_object_or_404(respondents, pk=respondent_id, user__isnull=True)
    if problem := respondent.link_problem(hearing_back=hearing_back):
        raise PersonalLinkProblem(problem)
    if request.session.get(RESPONDENT_LINK_SESSION_KEY) != respondent.token_hash:
        raise PersonalLinkProblem("replaced")
    return respondent


class PersonalLinkProblem(Http404):
    """The personal link was cancelled or expired while its page was open."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


# --- The working group -------------------------------------------------------------------------


def require_working_group(request) -> None:
    """404 unless the person has the working group's permission (given in the admin, to a
    person or through a group; superusers have it). Being staff is not enough."""
    if not request.user.is_authenticated or not request.user.in_working_group:
        raise Http404


def get_round(request, pk: int) -> Round:
    require_working_group(request)
    return get_object_or_404(Round, pk=pk)


def get_round_summary(request, round_pk: int, pk: int) -> RoundSummary:
    require_working_group(request)
    return get_object_or_404(RoundSummary.objects.select_related("round"), round_id=round_pk, pk=pk)


def get_shared_assessment(request, org_pk: int, pk: int) -> Assessment:
    """An assessment shared with the working group, for a working-group member, or 404.

    Withdrawn, open or never-shared assessments are 404 like anything else that does not exist.
    """
    require_working_group(request)
    return get_object_or_404(
        Assessment.objects.shared().select_related("organisation", "framework", "round"),
        organisation_id=org_pk,
        pk=pk,
    )


# Peer review -------------------------------------------------------------------------------


def get_closed_assessment_for_member(request, org_pk: int, pk: int, *, admin: bool = False):
    """A closed assessment of one of the person's organisations, with their membership, or
    404: peer review only ever looks at results that can no longer change."""
    membership, assessment = get_assessment_for_member(request, org_pk, pk, admin=admin)
    if assessment.is_open:
        raise Http404
    return membership, assessment


def get_review_for_member(
    request, org_pk: int, pk: int, review_pk: int, *, admin: bool = False
) -> tuple[Membership, PeerReview]:
    """A peer review of a closed assessment of the person's organisation, or 404."""
    membership, assessment = get_closed_assessment_for_member(request, org_pk, pk, admin=admin)
    review = get_object_or_404(
        PeerReview.objects.select_related("reviewer", "invited_by"),
        assessment=assessment,
        pk=review_pk,
    )
    review.assessment = assessment
    return membership, review


def get_review_for_reviewer(request, review_pk: int) -> PeerReview:
    """A review the signed-in person accepted and still has (not cancelled), of a closed
    assessment of an organisation they are not part of; 404 for anyone else, signed in or not."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        PeerReview.objects.accepted()
        .select_related("assessment__organisation", "assessment__framework")
        .exclude(assessment__organisation__memberships__user=request.user),
        pk=review_pk,
        reviewer=request.user,
        assessment__status=Assessment.Status.CLOSED,
    )


def get_agreed_for_reviewer(review: PeerReview, principle_slug: str) -> AgreedRung:
    """The position on one principle agreed with this review (the reviewer's own, from
    `get_review_for_reviewer`), or 404."""
    return get_object_or_404(
        AgreedRung.objects.select_related("rung", "principle"),
        assessment_id=review.assessment_id,
        review=review,
        principle__slug=principle_slug,
        principle__framework_id=review.assessment.framework_id,
    )


# Case studies ------------------------------------------------------------------------------


def get_case_study_for_submitter(request, pk: int) -> CaseStudy:
    """A case study the signed-in person deposited, whatever its status, or 404: until it is
    published nobody else sees it, not even their colleagues."""
    return get_object_or_404(
        CaseStudy.objects.deposited_by(request.user).prefetch_related("principle_links"), pk=pk
    )


def get_case_study_for_working_group(request, pk: int) -> CaseStudy:
    """Any case study, for a working-group member deciding on it, or 404."""
    require_working_group(request)
    return get_object_or_404(
        CaseStudy.objects.select_related("submitted_by").prefetch_related("principle_links"),
        pk=pk,
    )


# Action plans ------------------------------------------------------------------------------


def get_action_for_member(request, org_pk: int, pk: int, *, admin: bool = False):
    """An action in the plan of one of the person's organisations, with their membership, or
    404. Every member may change an action (the plan is the team's); deleting needs an admin."""
    membership = get_membership(request, org_pk, admin=admin)
    action = get_object_or_404(
        Action.objects.select_related("assessment", "principle", "owner", "practice"),
        organisation=membership.organisation,
        pk=pk,
    )
    return membership, action


# Invitations waiting for someone's address --------------------------------------------------


def get_invitation_for_invitee(request, pk: int) -> Invitation:
    """An invitation to join an organisation, still waiting and sent to the signed-in person's
    address, or 404: nobody learns of invitations sent to anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(Invitation.objects.waiting_for(request.user), pk=pk)
