"""Fetch-and-authorise helpers: every view gets its objects here, and anything that is not the
person's answers 404, so nobody can learn that someone else's object exists."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership, Organisation


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
