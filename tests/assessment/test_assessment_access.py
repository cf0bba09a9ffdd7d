"""Who may use each of an assessment's URLs, built with real ids: Riverside's own assessment and
the people answering it. Anything that is not someone's to see answers 404, so nobody can learn
that it exists; anyone not signed in is sent to sign in."""

from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse

from assessment.models import Assessment, Membership, PrincipleResult, Respondent

from ..factories import add_member, make_user
from .answering_helpers import FIRST, complete


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # "org", "assessment", "respondent" (and which one) or "section"
    respondent: str = ""  # for respondent pages: "joan" (in progress) or "olu" (submitted)

    def __str__(self) -> str:
        return self.name

    def url(self, org: int, assessment: int | None = None, respondent: int | None = None) -> str:
        if self.kind == "org":
            return reverse(self.name, kwargs={"org": org})
        kwargs = {"org": org, "pk": assessment}
        if self.kind == "respondent":
            kwargs["respondent"] = respondent
        elif self.kind == "section":
            kwargs["principle"] = FIRST
        return reverse(self.name, kwargs=kwargs)


START = Page("assessment_create", "org")
ADMIN_ONLY = [
    Page("add_colleagues", "assessment"),
    Page("add_link_respondent", "assessment"),
    Page("close_assessment", "assessment"),
    Page("remind_respondent", "respondent", "joan"),
    Page("cancel_respondent", "respondent", "joan"),
    Page("reopen_response", "respondent", "olu"),
]
FOR_MEMBERS = [
    Page("assessment", "assessment"),
    Page("results", "assessment"),
    Page("results_csv", "assessment"),
]
ANSWERING = [
    Page("colleague:task_list", "assessment"),
    Page("colleague:about_you", "assessment"),
    Page("colleague:check", "assessment"),
    Page("colleague:submitted", "assessment"),
    Page("colleague:section", "section"),
]
ASSESSMENT_PAGES = ADMIN_ONLY + FOR_MEMBERS + ANSWERING
EVERY_PAGE = [START, *ASSESSMENT_PAGES]
RESPONDENT_PAGES = [p for p in ADMIN_ONLY if p.kind == "respondent"]

# What someone might send, whichever form the URL shows.
HOSTILE_POST = {
    "title": "Hijacked",
    "name": "Mallory",
    "email": "mallory@example.org",
    "people": ["1", "2", "3"],
    "perspective": "staff",
    "version": "0",
}


@dataclass
class World:
    spring: Assessment
    joan: Respondent  # answers by personal link, in progress
    olu: Respondent  # answers by personal link, submitted
    token: str  # Joan's personal link

    def url(self, page: Page, org: int | None = None, assessment=None, respondent=None) -> str:
        assessment = assessment or self.spring
        respondent = respondent or getattr(self, page.respondent or "joan")
        return page.url(org or assessment.organisation_id, assessment.pk, respondent.pk)


@pytest.fixture
def world(admin, organisation, colleague, framework) -> World:
    """Riverside's Spring 2027: the admin and the colleague answer with their accounts, Joan
    and Olu through personal links; Olu has submitted."""
    spring = Assessment(organisation=organisation, title="Spring 2027").start(admin)
    spring.add_colleagues([colleague])
    joan, token = spring.add_by_link(name="Joan Smith", email="joan@example.org")
    olu, _ = spring.add_by_link(name="Olu Ade", email="olu@example.org")
    complete(olu, perspective="person", submit=True)
    olu.refresh_from_db()
    joan.refresh_from_db()
    return World(spring=spring, joan=joan, olu=olu, token=token)


def assert_unchanged(world: World) -> None:
    spring = Assessment.objects.get(pk=world.spring.pk)
    assert spring.is_open
    assert spring.closed_at is None
    assert not Assessment.objects.filter(title="Hijacked").exists()
    assert not Respondent.objects.filter(name="Mallory").exists()
    assert sorted(spring.respondents.values_list("name", flat=True)) == [
        "Joan Smith",
        "Olu Ade",
        "Rita Okafor",
        "Sam Patel",
    ]
    joan = Respondent.objects.get(pk=world.joan.pk)
    assert (joan.revoked_at, joan.reminded_at) == (None, None)
    assert joan.token_hash == world.joan.token_hash
    assert not joan.sections.exists()
    olu = Respondent.objects.get(pk=world.olu.pk)
    assert olu.submitted_at == world.olu.submitted_at
    assert olu.reopened_at is None
    assert olu.token_hash == world.olu.token_hash
    assert not PrincipleResult.objects.exists()
    assert mail.outbox == []


def assert_sent_to_sign_in(client, url: str) -> None:
    for method in (client.get, client.post):
        response = method(url, HOSTILE_POST) if method == client.post else method(url)
        assert response.status_code == 302, (method.__name__, url, response.status_code)
        assert response.url.startswith(f"{reverse('login')}?next="), (method.__name__, url)


def assert_not_found(client, url: str) -> None:
    """404 for GET and POST; a page that takes only one of them may answer the other with 405,
    as it does for anyone, which gives nothing away."""
    statuses = {
        "GET": client.get(url).status_code,
        "POST": client.post(url, HOSTILE_POST).status_code,
    }
    assert set(statuses.values()) <= {404, 405}, (url, statuses)
    assert 404 in statuses.values(), (url, statuses)


# A control: the URLs built here are real pages for the right people.

ADMIN_GETS = {
    "assessment_create": 200,
    "add_colleagues": 200,
    "add_link_respondent": 200,
    "close_assessment": 200,
    "remind_respondent": 405,
    "cancel_respondent": 405,
    "reopen_response": 405,
    "assessment": 200,
    "results": 200,
    "results_csv": 404,  # while the assessment is open; 200 once closed (below)
    "colleague:task_list": 200,
    "colleague:about_you": 200,
    "colleague:check": 200,
    "colleague:submitted": 302,  # to "check your answers", until submitted
    "colleague:section": 200,
}


def test_every_page_is_in_the_control():
    assert {page.name for page in EVERY_PAGE} == set(ADMIN_GETS)


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_the_admin_reaches_each_page_so_the_urls_built_here_are_real(client, admin, world, page):
    client.force_login(admin)

    response = client.get(world.url(page))

    assert response.status_code == ADMIN_GETS[page.name]


def test_the_admin_can_use_each_respondent_action(client, admin, world):
    client.force_login(admin)

    for page in RESPONDENT_PAGES:
        response = client.post(world.url(page))
        assert response.status_code in (200, 302), page

    world.joan.refresh_from_db()
    world.olu.refresh_from_db()
    assert world.joan.revoked_at is not None
    assert world.olu.submitted_at is None


def test_once_closed_members_download_the_csv(client, admin, colleague, world):
    world.spring.close()

    for person in (admin, colleague):
        client.force_login(person)
        response = client.get(world.url(Page("results_csv", "assessment")))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")


# Anyone not signed in


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, page):
    assert_sent_to_sign_in(client, world.url(page))

    assert_unchanged(world)


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_someone_with_a_personal_link_cannot_open_the_organisations_pages(client, world, page):
    opened = client.get(reverse("open_personal_link", args=[world.token]))
    assert opened.status_code == 302
    assert client.get(reverse("link:task_list")).status_code == 200

    assert_sent_to_sign_in(client, world.url(page))

    assert_unchanged(world)


# Signed in, but not Riverside's


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_a_member_of_another_organisation_gets_404(
    client, world, outsider, other_organisation, page
):
    client.force_login(outsider)

    assert_not_found(client, world.url(page))

    assert_unchanged(world)


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_someone_in_no_organisation_gets_404(client, world, stranger, page):
    client.force_login(stranger)

    assert_not_found(client, world.url(page))

    assert_unchanged(world)


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_a_removed_member_gets_404_even_on_their_own_answers(
    client, world, organisation, colleague, page
):
    Membership.objects.get(organisation=organisation, user=colleague).remove()
    assert world.spring.respondents.filter(user=colleague).exists()
    client.force_login(colleague)

    assert_not_found(client, world.url(page))

    assert_unchanged(world)


# Riverside's members who are not admins


@pytest.mark.parametrize("page", [START, *ADMIN_ONLY], ids=str)
def test_a_member_who_is_not_an_admin_gets_404_on_admin_pages(client, world, colleague, page):
    client.force_login(colleague)

    assert_not_found(client, world.url(page))

    assert_unchanged(world)


@pytest.mark.parametrize("name", ["assessment", "results"])
def test_a_member_who_is_not_an_admin_sees_the_assessment_and_its_results(
    client, world, colleague, name
):
    client.force_login(colleague)

    response = client.get(world.url(Page(name, "assessment")))

    assert response.status_code == 200
    assert "Spring 2027" in response.content.decode()
    assert_unchanged(world)


@pytest.mark.parametrize("page", [p for p in ANSWERING if p.name != "colleague:submitted"], ids=str)
def test_a_member_answers_their_own_response(client, world, colleague, page):
    client.force_login(colleague)

    assert client.get(world.url(page)).status_code == 200


@pytest.mark.parametrize("page", ANSWERING, ids=str)
def test_a_member_not_down_to_answer_gets_404_on_the_answering_pages(
    client, world, organisation, page
):
    tom = make_user("tom@riverside.example", "Tom Lee")
    add_member(organisation, tom)
    client.force_login(tom)

    assert_not_found(client, world.url(page))

    assert not world.spring.respondents.filter(user=tom).exists()
    assert_unchanged(world)


# Ids that belong somewhere else


@pytest.fixture
def northgate(outsider, other_organisation, framework):
    """Northgate's own assessment, with someone answering it by link."""
    autumn = Assessment(organisation=other_organisation, title="Northgate autumn").start(outsider)
    nadia = autumn.respondents.get(user=outsider)
    pat, _ = autumn.add_by_link(name="Pat Quinn")
    complete(pat, perspective="person", submit=True)
    pat.refresh_from_db()
    return autumn, nadia, pat


def assert_northgate_unchanged(northgate) -> None:
    autumn, nadia, pat = northgate
    autumn.refresh_from_db()
    assert autumn.is_open
    assert autumn.organisation.name == "Northgate Borough Council"
    assert autumn.respondents.count() == 2
    for respondent in (nadia, pat):
        fresh = Respondent.objects.get(pk=respondent.pk)
        assert (fresh.submitted_at, fresh.revoked_at, fresh.reminded_at) == (
            respondent.submitted_at,
            None,
            None,
        )


@pytest.mark.parametrize("page", ASSESSMENT_PAGES, ids=str)
def test_another_organisations_assessment_under_riversides_url_is_404_for_riversides_admin(
    client, admin, world, organisation, northgate, page
):
    autumn, _nadia, pat = northgate
    client.force_login(admin)

    assert_not_found(
        client, world.url(page, org=organisation.pk, assessment=autumn, respondent=pat)
    )

    assert_northgate_unchanged(northgate)
    assert_unchanged(world)


@pytest.mark.parametrize("page", ASSESSMENT_PAGES, ids=str)
def test_another_organisations_assessment_under_riversides_url_is_404_for_its_own_admin(
    client, outsider, world, organisation, northgate, page
):
    autumn, _nadia, pat = northgate
    client.force_login(outsider)

    assert_not_found(
        client, world.url(page, org=organisation.pk, assessment=autumn, respondent=pat)
    )

    assert_northgate_unchanged(northgate)


@pytest.mark.parametrize("page", ASSESSMENT_PAGES, ids=str)
def test_another_organisations_assessment_under_its_own_url_is_404_for_riversides_admin(
    client, admin, world, northgate, page
):
    autumn, _nadia, pat = northgate
    client.force_login(admin)

    assert_not_found(client, world.url(page, assessment=autumn, respondent=pat))

    assert_northgate_unchanged(northgate)


@pytest.mark.parametrize("page", RESPONDENT_PAGES, ids=str)
def test_a_respondent_from_another_assessment_is_404(client, admin, world, organisation, page):
    autumn = Assessment(organisation=organisation, title="Autumn 2027").start(admin)
    kim, _ = autumn.add_by_link(name="Kim Lowe")
    complete(kim, perspective="carer", submit=True)
    kim.refresh_from_db()
    client.force_login(admin)

    assert_not_found(client, world.url(page, respondent=kim))

    fresh = Respondent.objects.get(pk=kim.pk)
    assert (fresh.submitted_at, fresh.revoked_at, fresh.reminded_at, fresh.reopened_at) == (
        kim.submitted_at,
        None,
        None,
        None,
    )
    assert fresh.token_hash == kim.token_hash
    assert mail.outbox == []
    assert_unchanged(world)


@pytest.mark.parametrize("page", RESPONDENT_PAGES, ids=str)
def test_a_respondent_from_another_organisation_is_404(client, admin, world, northgate, page):
    _autumn, _nadia, pat = northgate
    client.force_login(admin)

    assert_not_found(client, world.url(page, respondent=pat))

    assert_northgate_unchanged(northgate)
    assert_unchanged(world)


@pytest.mark.parametrize("page", ASSESSMENT_PAGES, ids=str)
def test_an_assessment_that_does_not_exist_is_404_even_for_the_admin(client, admin, world, page):
    client.force_login(admin)
    missing = Assessment.objects.order_by("-pk").first().pk + 1000

    url = page.url(world.spring.organisation_id, missing, world.joan.pk)

    assert_not_found(client, url)
    assert_unchanged(world)
