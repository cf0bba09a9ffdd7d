"""Fetch-and-authorise helpers: every view gets its objects here, and anything that is not the
person's answers 404, so nobody can learn that someone else's object exists."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Assessment, Membership, Organisation, Respondent


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


def get_organisation_for_member(request, org_pk: int) -> Organisation:
    return get_membership(request, org_pk).organisation


def get_assessment_for_member(request, org_pk: int, pk: int, *, admin: bool = False):
    """An assessment of one of the person's organisations, with their membership, or 404."""
    membership = get_membership(request, org_pk, admin=admin)
    assessment = get_object_or_404(
        Assessment.objects.select_related("organisation", "framework"),
        organisation=membership.organisation,
        pk=pk,
    )
    return membership, assessment


RESPONDENT_SESSION_KEY = "respondent_id"


def get_respondent(request, org_pk: int | None = None, pk: int | None = None) -> Respondent:
    """The response the person is answering, or 404.

    A colleague reaches theirs through the assessment's URL; someone with a personal link
    through the respondent id the link put in their session. Either way it is only ever their
    own response.
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
    if problem := respondent.link_problem():
        raise PersonalLinkProblem(problem)
    return respondent


class PersonalLinkProblem(Http404):
    """The personal link was cancelled or expired while its page was open."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem
