"""Who may use each peer review page: every route served by assessment.views.reviews and
the review invitation link's, with real ids, for everyone who must not use it (and, to show the
ids are real, for those who may).

- the organisation's pages are @login_required: anonymous visitors are sent to sign in;
  signed-in people who are not the organisation's members (or admins, where it acts) get 404
- the reviewer's workspace answers 404 to anyone but the reviewer who accepted and still has
  the review, signed in or not (anonymous visitors get a 404 page that offers sign-in)
- the reviewer never reaches the organisation's own pages, only ever sees a closed assessment,
  and never sees the name of a respondent who did not agree to be named
"""

from dataclasses import dataclass

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessment import urls
from assessment.models import (
    Action,
    AgreedRung,
    Assessment,
    Membership,
    PeerRating,
    PeerReview,
    PositionStatement,
)
from assessment.views import reviews
from principles.models import Principle
from tests.factories import add_member, make_organisation, make_user, membership_of

from .answering_helpers import SLUGS
from .helpers import headings, routes_of, said, text
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import (
    DRAFT_NAME,
    NAMED,
    RESPONDENTS,
    UNNAMED,
    close_with_respondents,
    declare,
    invite,
    principle,
    rate_everything,
    rung,
    signed_in,
)

GOLD = "peer-support-networks"

# Every route of the module, by who may use it. A new route fails the first test until it is
# put in one of these and so checked below.
ORG_ROUTES = {
    "peer_reviews",
    "position_statement",
    "invite_reviewer",
    "resend_review",
    "revoke_review",
    "review_comparison",
    "record_agreed",
    "willing_reviewers",
    "review_offer",
}
ORG_ADMIN_ONLY = ORG_ROUTES - {"peer_reviews", "review_comparison"}
REVIEWER_ROUTES = {
    "review_task_list",
    "review_about_you",
    "review_organisation",
    "review_principle",
    "review_feedback",
    "review_check",
    "review_submitted",
    "reviewer_comparison",
    "confirm_agreed",
    "confirm_all_agreed",
    "dissent_agreed",
}
# A signed-in person's own list: nothing in it but their own reviews.
ACCOUNT_ROUTES = {"my_reviews"}
# The invitation link works for whoever holds it, until it is accepted: see
# test_reviews_invitation.py. Without a live link in the session they only say so.
LINK_ROUTES = {
    "open_review_invitation",
    "respond_to_review_invitation",
    "decline_review_invitation",
    "switch_account_for_review",
}
POST_ONLY = {
    "resend_review",
    "revoke_review",
    "confirm_agreed",
    "confirm_all_agreed",
    "switch_account_for_review",
}

# The invitation link's routes are shared with joining an organisation (views/invitations.py).
PATTERNS = {pattern.name: pattern for pattern in routes_of(reviews)} | {
    pattern.name: pattern
    for pattern in urls.urlpatterns
    if getattr(pattern, "name", None) in LINK_ROUTES
}


def url(name: str, review: PeerReview, slug: str = GOLD, link: str = "unknown-link") -> str:
    """The route `name` with the ids of `review` (its organisation, its assessment, itself)."""
    kwargs = {}
    for converter in PATTERNS[name].pattern.converters:
        kwargs[converter] = {
            "org": review.assessment.organisation_id,
            "pk": review.assessment_id,
            "review": review.pk,
            "principle": slug,
            "token": link,
        }[converter]
    return reverse(name, kwargs=kwargs)


def responses(client, address: str) -> dict[str, object]:
    return {"GET": client.get(address), "POST": client.post(address, {})}


def assert_not_found(client, address: str) -> None:
    """404 for GET and POST; a page that takes only POST may answer GET with 405, as it does
    whoever asks, so that gives nothing away either."""
    found = {method: r.status_code for method, r in responses(client, address).items()}
    assert set(found.values()) <= {404, 405}, (address, found)
    assert 404 in found.values(), (address, found)


def assert_sent_to_sign_in(client, address: str) -> None:
    for method, response in responses(client, address).items():
        assert response.status_code == 302, (address, method, response.status_code)
        assert response.url == f"{reverse('login')}?next={address}", (address, method)


@dataclass
class Snapshot:
    """What the intruders must not change."""

    reviews: list
    ratings: list
    agreed: list
    statement: list
    outbox: int

    @classmethod
    def take(cls) -> "Snapshot":
        return cls(
            list(PeerReview.objects.order_by("pk").values()),
            list(PeerRating.objects.order_by("pk").values()),
            list(AgreedRung.objects.order_by("pk").values()),
            list(PositionStatement.objects.values()),
            len(mail.outbox),
        )


@pytest.fixture
def world(submitted, closed, admin, framework, mailoutbox):
    """Evan's submitted review of Riverside, a position agreed for peer support networks, and
    a position statement: every route has something real behind it."""
    PositionStatement.objects.create(
        assessment=closed, context="Context", proud_of="Proud", look_at="Look", updated_by=admin
    )
    submitted.agree(
        {principle(framework, GOLD): (rung(framework, 7), "Agreed")},
        by=admin,
        seen=AgreedRung.fingerprint(closed.pk),
    )
    mailoutbox.clear()
    return submitted


@pytest.fixture
def elsewhere_reviewer(other_organisation, outsider, framework):
    """Dana, who reviews Northgate's closed assessment (and nothing of Riverside's)."""
    assessment = close_with_respondents(
        other_organisation, framework, outsider, RESPONDENTS, title="Northgate 2026"
    )
    dana = make_user("dana@southside.example", "Dana Cole")
    make_organisation("Southside Forum", dana, area="Southside")
    review, _token = invite(assessment, outsider, email=dana.email)
    review.accept(dana)
    declare(review, organisation="Southside Forum")
    return dana, review


@pytest.fixture
def revoked_reviewer(closed, admin):
    """Rory accepted an invitation to review Riverside, started, and had it cancelled."""
    rory = make_user("rory@gone.example", "Rory Revoked")
    review, _token = invite(closed, admin, email=rory.email)
    review.accept(rory)
    declare(review, organisation="Gone Ltd")
    rate_everything(review)
    assert review.revoke()
    return rory, review


# The matrix covers every route --------------------------------------------------------------


def test_every_peer_review_route_is_in_the_access_matrix():
    groups = [ORG_ROUTES, REVIEWER_ROUTES, ACCOUNT_ROUTES, LINK_ROUTES]

    assert set(PATTERNS) == set().union(*groups)
    assert sum(len(g) for g in groups) == len(PATTERNS)  # each in one group only


# Those who may: proof that the ids below are real --------------------------------------------


def test_the_admin_reaches_every_organisation_page(world):
    client = signed_in(world.invited_by)

    for name in sorted(ORG_ROUTES - POST_ONLY - {"position_statement"}):
        assert client.get(url(name, world)).status_code == 200, name
    # The review is submitted, so the statement is frozen: it is read on the reviews page.
    assert client.get(url("position_statement", world)).url == url("peer_reviews", world)


def test_a_member_reads_but_does_not_act(world, member_client):
    for name in ("peer_reviews", "review_comparison"):
        assert member_client.get(url(name, world)).status_code == 200, name
    before = Snapshot.take()

    for name in sorted(ORG_ADMIN_ONLY):
        assert_not_found(member_client, url(name, world))

    assert Snapshot.take() == before


def test_the_reviewer_reaches_every_workspace_page(world, reviewer_client):
    for name in sorted(REVIEWER_ROUTES - POST_ONLY):
        response = reviewer_client.get(url(name, world))
        # A submitted review's forms send the reviewer to what they sent: read-only.
        assert response.status_code in (200, 302), (name, response.status_code)
        if response.status_code == 302:
            assert response.url == url("review_check", world), name
    assert reviewer_client.get(url("my_reviews", world)).status_code == 200


# Those who may not -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_for_the_organisations_pages(world, anonymous):
    before = Snapshot.take()

    for name in sorted(ORG_ROUTES):
        assert_sent_to_sign_in(anonymous, url(name, world))
    assert_sent_to_sign_in(anonymous, url("my_reviews", world))

    assert Snapshot.take() == before


def test_anonymous_visitors_get_404_on_every_workspace_page(world, anonymous):
    before = Snapshot.take()

    for name in sorted(REVIEWER_ROUTES):
        address = url(name, world)
        for method, response in responses(anonymous, address).items():
            assert response.status_code == 404, (name, method, response.status_code)
            assert headings(response) == ["Page not found"], (name, method)
            assert f"{reverse('login')}?next=" in response.content.decode()
            assert "Riverside" not in said(response), (name, method)

    assert Snapshot.take() == before


@pytest.mark.parametrize(
    "who",
    ["outsider", "uninvited", "elsewhere_reviewer", "revoked_reviewer", "member"],
)
def test_no_one_else_reaches_any_workspace_page(request, world, who):
    client = _client_for(request, who)
    before = Snapshot.take()

    for name in sorted(REVIEWER_ROUTES):
        assert_not_found(client, url(name, world))

    assert Snapshot.take() == before


@pytest.mark.parametrize("who", ["outsider", "uninvited", "elsewhere_reviewer", "revoked_reviewer"])
def test_no_one_outside_the_organisation_reaches_its_pages(request, world, who):
    client = _client_for(request, who)
    before = Snapshot.take()

    for name in sorted(ORG_ROUTES):
        assert_not_found(client, url(name, world))

    assert Snapshot.take() == before


def _client_for(request, who: str) -> Client:
    if who == "member":
        return signed_in(request.getfixturevalue("colleague"))
    if who == "outsider":
        request.getfixturevalue("other_organisation")
        return signed_in(request.getfixturevalue("outsider"))
    if who == "uninvited":
        return signed_in(request.getfixturevalue("uninvited"))
    user, _review = request.getfixturevalue(who)
    return signed_in(user)


def test_a_revoked_reviewer_loses_their_own_review_too(revoked_reviewer):
    rory, review = revoked_reviewer
    client = signed_in(rory)

    for name in sorted(REVIEWER_ROUTES):
        assert_not_found(client, url(name, review))
    assert "Riverside" not in said(client.get(reverse("my_reviews")))


def test_a_reviewer_of_another_assessment_keeps_only_their_own(elsewhere_reviewer, world):
    dana, review = elsewhere_reviewer
    client = signed_in(dana)

    assert client.get(url("review_task_list", review)).status_code == 200
    assert client.get(url("review_task_list", world)).status_code == 404
    page = said(client.get(reverse("my_reviews")))
    assert "Northgate Borough Council" in page
    assert "Riverside Community Trust" not in page


def test_an_admin_cannot_reach_another_assessments_review_through_their_own_address(
    world, elsewhere_reviewer, admin_client
):
    _dana, northgate_review = elsewhere_reviewer
    for name in ("review_comparison", "record_agreed", "resend_review", "revoke_review"):
        address = reverse(
            name, args=[world.assessment.organisation_id, world.assessment_id, northgate_review.pk]
        )
        assert_not_found(admin_client, address)
    northgate_review.refresh_from_db()
    assert northgate_review.revoked_at is None


def test_the_invitation_link_once_used_shows_nothing_to_anyone_else(
    world, token, uninvited_client, outsider_client, member_client
):
    """The link routes work for whoever holds a live link (test_reviews_invitation.py); the
    world's link has been used, so nobody else learns anything from it or from the others."""
    for client in (Client(), uninvited_client, outsider_client, member_client):
        opened = client.get(url("open_review_invitation", world, link=token))
        assert opened.status_code == 302
        assert opened.url == url("respond_to_review_invitation", world)
        for method, page in responses(client, opened.url).items():
            assert page.status_code == 410, method
            assert headings(page) == ["This invitation has already been used"], method
            assert "Riverside" not in said(page), method
        assert client.get(url("switch_account_for_review", world)).status_code == 405
    assert PeerReview.objects.get(pk=world.pk).reviewer == world.reviewer


# The reviewer and the organisation's own pages ---------------------------------------------


def _org_urls(review, respondent_pk: int, membership_pk: int, action_pk: int):
    """Every route in the site that takes an organisation id, with Riverside's real ids."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and "<int:org>" in route:
                yield f"{namespace}{pattern.name}", route

    ids = {
        "org": review.assessment.organisation_id,
        "review": review.pk,
        "respondent": respondent_pk,
        "principle": SLUGS[0],
        "action": action_pk,
    }
    for name, route in walk(get_resolver().url_patterns):
        kwargs = {}
        for part in route.split("<")[1:]:
            key = part.split(">")[0].split(":")[1]
            if key == "pk":
                kwargs[key] = membership_pk if "/members/" in route else review.assessment_id
            else:
                kwargs[key] = ids[key]
        yield name, reverse(name, kwargs=kwargs)


def test_the_reviewer_never_reaches_the_organisations_own_pages(world, reviewer_client, colleague):
    respondent = world.assessment.respondents.first()
    membership = Membership.objects.get(user=colleague)
    action = Action.objects.create(
        organisation=world.assessment.organisation,
        assessment=world.assessment,
        principle=Principle.objects.get(framework=world.assessment.framework, slug=SLUGS[0]),
        what="Ask regulars to run the welcome desk",
    )
    before = Snapshot.take()
    checked = []

    for name, address in _org_urls(world, respondent.pk, membership.pk, action.pk):
        assert_not_found(reviewer_client, address)
        checked.append(name)

    assert Snapshot.take() == before
    for must in ("assessment", "results", "results_csv", "add_colleagues", "peer_reviews"):
        assert must in checked
    assert membership_of(world.assessment.organisation, world.reviewer) is None


def test_a_reviewer_who_joins_the_organisation_loses_the_workspace(
    world, reviewer_client, organisation, reviewer
):
    add_member(organisation, reviewer)

    for name in sorted(REVIEWER_ROUTES):
        assert_not_found(reviewer_client, url(name, world))


# Only ever a closed assessment -------------------------------------------------------------


def test_the_workspace_is_not_reachable_while_the_assessment_is_open(declared, reviewer_client):
    Assessment.objects.filter(pk=declared.assessment_id).update(status=Assessment.Status.OPEN)

    for name in sorted(REVIEWER_ROUTES):
        assert_not_found(reviewer_client, url(name, declared))
    assert "Riverside" not in said(reviewer_client.get(reverse("my_reviews")))


def test_a_review_of_an_open_assessment_gives_nothing_away(
    organisation, framework, admin, reviewer, reviewer_client
):
    still_open = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Draft", created_by=admin
    )
    review = PeerReview(assessment=still_open, email=reviewer.email, invited_by=admin)
    review.new_link()
    review.save()
    review.accept(reviewer)

    for name in sorted(REVIEWER_ROUTES):
        assert_not_found(reviewer_client, url(name, review))
    for name in ("invite_reviewer", "position_statement", "review_comparison", "record_agreed"):
        assert_not_found(signed_in(admin), url(name, review))


# Respondents' names --------------------------------------------------------------------------


def _every_reviewer_page(client, review) -> list[str]:
    pages = []
    for name in sorted(REVIEWER_ROUTES - POST_ONLY):
        slugs = SLUGS if name == "review_principle" else [GOLD]
        for slug in slugs:
            response = client.get(url(name, review, slug), follow=True)
            assert response.status_code in (200, 404), name
            # The agreed positions' pages do not exist before submitting: a bare 404.
            pages.append(said(response) if response.status_code == 200 else text(response))
    return pages


def test_the_reviewer_never_sees_the_names_of_respondents_who_did_not_agree(
    declared, reviewer_client
):
    pages = _every_reviewer_page(reviewer_client, declared)

    for page in pages:
        for name in [*UNNAMED, DRAFT_NAME]:
            assert name not in page
    seen = " ".join(pages)
    for name in NAMED:
        assert name in seen  # the others are shown by name: the check is not vacuous


def test_nor_after_submitting_nor_in_the_emails(world, reviewer_client, admin_client, mailoutbox):
    record = reverse(
        "record_agreed", args=[world.assessment.organisation_id, world.assessment_id, world.pk]
    )
    pages = _every_reviewer_page(reviewer_client, world)
    data = {"version": AgreedRung.fingerprint(world.assessment_id), f"{SLUGS[0]}-rung": "5"}
    data[f"{GOLD}-rung"] = "7"
    data[f"{GOLD}-note"] = "Agreed"
    assert admin_client.post(record, data).status_code == 302
    assert [m.to for m in mailoutbox] == [[world.email]]  # asked to confirm the new position

    for page in pages:
        for name in [*UNNAMED, DRAFT_NAME]:
            assert name not in page
    for message in mailoutbox:
        for name in [*UNNAMED, DRAFT_NAME]:
            assert name not in message.body


# The reviewer's lists ----------------------------------------------------------------------


def test_the_reviewers_home_page_lists_their_review(world, reviewer_client):
    page = reviewer_client.get(reverse("home"))

    assert page.status_code == 200
    assert "Riverside Community Trust: Autumn 2026" in said(page)
    assert url("reviewer_comparison", world) in text(page)


def test_a_revoked_review_leaves_the_reviewers_lists(revoked_reviewer):
    rory, _review = revoked_reviewer
    client = signed_in(rory)

    for page in (client.get(reverse("home")), client.get(reverse("my_reviews"))):
        assert "Riverside Community Trust" not in said(page)


def test_a_review_the_reviewer_can_no_longer_open_is_not_listed(
    declared, reviewer_client, organisation, reviewer
):
    """Once the reviewer joins the organisation the workspace answers 404, so their lists
    must not offer a link to it."""
    add_member(organisation, reviewer)
    assert reviewer_client.get(url("review_task_list", declared)).status_code == 404

    my_reviews = reviewer_client.get(reverse("my_reviews"))

    assert url("review_task_list", declared) not in text(my_reviews)
    assert "You have no peer reviews." in said(my_reviews)


def test_an_accepted_review_stays_open_after_the_link_would_have_expired(declared, reviewer_client):
    from datetime import timedelta

    from django.utils import timezone

    PeerReview.objects.filter(pk=declared.pk).update(expires_at=timezone.now() - timedelta(days=30))

    assert reviewer_client.get(url("review_task_list", declared)).status_code == 200
    assert reviewer_client.get(url("review_principle", declared, SLUGS[0])).status_code == 200
