"""The access matrix: every URL that takes an organisation id, for everyone who must not use it.

The URL patterns are read from the resolver, so a new organisation page is checked as soon as it
is added. Ids in the URL are filled in with real objects where the route says what they are
(a member or an invitation of the organisation); any other id gets a placeholder value, which
still has to answer 404 to outsiders and a redirect to sign in to anonymous visitors.
"""

from dataclasses import dataclass
from uuid import UUID

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from assessment.models import Invitation, Membership
from tests.factories import membership_of

MISSING_ORGANISATION = 999_999


@dataclass(frozen=True)
class OrgPattern:
    name: str  # for reverse(), with its namespace
    route: str  # the whole route, e.g. "organisations/<int:org>/members/<int:pk>/role/"
    converters: dict

    def __str__(self) -> str:
        return self.name


def _route(pattern) -> str:
    return str(pattern.pattern)


def _converters(pattern) -> dict:
    return dict(getattr(pattern.pattern, "converters", {}))


def _walk(patterns, prefix="", namespace="", converters=None):
    for pattern in patterns:
        route = prefix + _route(pattern)
        found = {**(converters or {}), **_converters(pattern)}
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner, found)
        elif isinstance(pattern, URLPattern) and "org" in found:
            yield OrgPattern(f"{namespace}{pattern.name}", route, found)


ORG_PATTERNS = sorted(_walk(get_resolver().url_patterns), key=lambda p: p.route)


def _placeholder(converter):
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return UUID(int=1)
    return "x"


def url_for(pattern: OrgPattern, org: int, *, member=None, invitation=None) -> str:
    kwargs = {}
    for name, converter in pattern.converters.items():
        if name == "org":
            kwargs[name] = org
        elif name == "pk" and "/invitations/<int:pk>/" in pattern.route:
            kwargs[name] = invitation.pk
        elif name == "pk" and "/members/<int:pk>/" in pattern.route:
            kwargs[name] = member.pk
        else:
            kwargs[name] = _placeholder(converter)
    return reverse(pattern.name, kwargs=kwargs)


def is_fully_known(pattern: OrgPattern) -> bool:
    return set(pattern.converters) == {"org"} or (
        set(pattern.converters) == {"org", "pk"}
        and ("/invitations/<int:pk>/" in pattern.route or "/members/<int:pk>/" in pattern.route)
    )


@pytest.fixture
def targets(admin, organisation, colleague):
    """A member and a pending invitation of Riverside, for URLs that need them."""
    invitation, _token = Invitation.create(
        organisation=organisation, email="new@riverside.example", role="member", invited_by=admin
    )
    return {
        "member": Membership.objects.get(organisation=organisation, user=colleague),
        "invitation": invitation,
    }


def riverside_url(pattern, organisation, targets, org=None):
    return url_for(pattern, org or organisation.pk, **targets)


def assert_not_found(client, url, data=None):
    """404 for GET and POST; a page that takes only one of them may answer the other with 405,
    which it does whoever asks, so it gives nothing away."""
    statuses = {
        "GET": client.get(url).status_code,
        "POST": client.post(url, data or {}).status_code,
    }
    assert set(statuses.values()) <= {404, 405}, (url, statuses)
    assert 404 in statuses.values(), (url, statuses)


def everything_is_unchanged(organisation, targets):
    memberships = sorted(organisation.memberships.values_list("user__email", "role"))
    assert memberships == [
        ("admin@riverside.example", "admin"),
        ("member@riverside.example", "member"),
    ]
    invitation = targets["invitation"]
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING
    organisation.refresh_from_db()
    assert organisation.name == "Riverside Community Trust"


def test_the_organisation_urls_are_all_found():
    names = {pattern.name for pattern in ORG_PATTERNS}

    assert {
        "organisation",
        "organisation_edit",
        "switch",
        "invite_member",
        "revoke_invitation",
        "change_role",
        "remove_member",
    } <= names


@pytest.mark.parametrize("pattern", [p for p in ORG_PATTERNS if is_fully_known(p)], ids=str)
def test_the_admin_reaches_each_page_so_the_urls_built_here_are_real(
    client, admin, organisation, targets, pattern
):
    """A control: the URLs this matrix builds lead to real pages for the right person."""
    client.force_login(admin)

    response = client.get(riverside_url(pattern, organisation, targets))

    assert response.status_code in (200, 405)


@pytest.mark.parametrize("pattern", ORG_PATTERNS, ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(client, organisation, targets, pattern):
    url = riverside_url(pattern, organisation, targets)

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (method.__name__, url)
        assert response.url.startswith(f"{reverse('login')}?next="), (method.__name__, url)

    everything_is_unchanged(organisation, targets)


@pytest.mark.parametrize("pattern", ORG_PATTERNS, ids=str)
def test_someone_from_another_organisation_gets_404(
    client, organisation, targets, other_organisation, outsider, pattern
):
    client.force_login(outsider)
    url = riverside_url(pattern, organisation, targets)

    assert_not_found(client, url, {"role": "admin", "email": "x@example.org"})
    everything_is_unchanged(organisation, targets)


@pytest.mark.parametrize("pattern", ORG_PATTERNS, ids=str)
def test_someone_in_no_organisation_gets_404(client, organisation, targets, stranger, pattern):
    client.force_login(stranger)
    url = riverside_url(pattern, organisation, targets)

    assert_not_found(client, url, {"role": "admin"})
    everything_is_unchanged(organisation, targets)


@pytest.mark.parametrize("pattern", ORG_PATTERNS, ids=str)
def test_a_removed_member_gets_404(client, admin, organisation, targets, pattern):
    removed = targets["member"].user
    targets["member"].remove()
    targets["member"] = Membership.objects.get(organisation=organisation, user=admin)
    client.force_login(removed)
    url = riverside_url(pattern, organisation, targets)

    assert_not_found(client, url, {"role": "admin"})
    assert membership_of(organisation, removed) is None


@pytest.mark.parametrize("pattern", ORG_PATTERNS, ids=str)
def test_an_organisation_that_does_not_exist_is_404_even_for_an_admin(
    client, admin, organisation, targets, pattern
):
    client.force_login(admin)
    url = riverside_url(pattern, organisation, targets, org=MISSING_ORGANISATION)

    assert_not_found(client, url, {"role": "member"})
    everything_is_unchanged(organisation, targets)


MEMBER_AND_INVITATION_PATTERNS = [
    pattern
    for pattern in ORG_PATTERNS
    if "/invitations/<int:pk>/" in pattern.route or "/members/<int:pk>/" in pattern.route
]


@pytest.mark.parametrize("pattern", MEMBER_AND_INVITATION_PATTERNS, ids=str)
def test_an_admin_cannot_reach_another_organisations_people_through_their_own(
    client, admin, organisation, outsider, other_organisation, pattern
):
    """Riverside's admin, with Northgate's member or invitation id under Riverside's URL."""
    northgate_invitation, _token = Invitation.create(
        organisation=other_organisation,
        email="new@northgate.example",
        role="member",
        invited_by=outsider,
    )
    northgate_admin = Membership.objects.get(organisation=other_organisation, user=outsider)
    client.force_login(admin)
    url = url_for(pattern, organisation.pk, member=northgate_admin, invitation=northgate_invitation)

    assert_not_found(client, url, {"role": "member"})

    northgate_admin.refresh_from_db()
    assert northgate_admin.role == Membership.Role.ADMIN
    northgate_invitation.refresh_from_db()
    assert northgate_invitation.state == Invitation.State.PENDING
