"""What we found: the admin's message written when closing, and the easy-read page everyone who
answered sees afterwards (through their personal link, or from a colleague's home page), with
each principle's standing, the examples people agreed to share and the message. Who may see it,
and how many queries it makes."""

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Respondent
from assessment.models.assessments import CLOSING_MESSAGE_MAX_LENGTH
from assessment.standing import standings

from ..factories import add_member, make_user
from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import Urls, complete
from .helpers import said

MESSAGE = "Thank you all.\nWe will start a <b>menu group</b> in May."
SHARED = "We choose the menu together"
KEPT = "Please keep this one private"
# Session, respondent (with its assessment and organisation), the standings (5), the examples
# (3), and the framework's content from the cache.
FOUND_QUERIES = 13


def close_url(assessment) -> str:
    return reverse("close_assessment", args=[assessment.organisation_id, assessment.pk])


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def answered(assessment, link_respondent, respondent):
    """Joan (personal link) and Sam (a colleague) submitted with two more staff; Joan agreed
    to her examples being shown, the others did not."""
    complete(link_respondent, perspective="staff", rung=5, evidence=SHARED, quoted=True)
    assert link_respondent.submit()
    complete(respondent, perspective="staff", rung=5, evidence=KEPT, quoted=False)
    assert respondent.submit()
    other = Respondent.objects.create(assessment=assessment, name="Third")
    complete(other, perspective="staff", rung=6, quoted=False, submit=True)
    return assessment


# Writing the message


def test_the_close_page_offers_a_message_for_everyone(admin_client, answered):
    page = said(admin_client.get(close_url(answered)))

    assert "A message for everyone who answered (optional)" in page


def test_closing_keeps_the_message(admin_client, answered):
    response = admin_client.post(close_url(answered), {"closing_message": f"  {MESSAGE}  "})

    assert response.status_code == 302
    answered.refresh_from_db()
    assert (answered.is_open, answered.closing_message) == (False, MESSAGE)


def test_closing_without_a_message_is_fine(admin_client, answered):
    admin_client.post(close_url(answered), {})

    answered.refresh_from_db()
    assert (answered.is_open, answered.closing_message) == (False, "")


def test_a_message_too_long_is_an_error_and_nothing_closes(admin_client, answered):
    typed = "x" * (CLOSING_MESSAGE_MAX_LENGTH + 1)

    response = admin_client.post(close_url(answered), {"closing_message": typed})

    assert response.status_code == 200
    page = said(response)
    assert "There is a problem" in page
    assert "The message must be 1,000 characters or fewer" in page
    assert typed in response.content.decode()
    answered.refresh_from_db()
    assert answered.is_open


# Hearing back


@pytest.fixture
def closed(answered):
    answered.close(message=MESSAGE)
    return answered


def test_the_personal_link_leads_to_what_we_found_after_closing(client, token, closed):
    urls = Urls()

    response = client.get(reverse("open_personal_link", args=[token]), follow=True)

    assert response.redirect_chain[-1][0] == urls.found
    page = said(response)
    assert "What we found" in page
    assert "Thank you all. We will start a <b>menu group</b> in May." in page
    assert "<b>menu" not in response.content.decode()  # the admin's text is plain text
    for standing in standings(closed):
        # In easy read: the principle's and the rung's easy-read names and words.
        principle, rung = standing.principle, standing.rung
        assert principle.easy_read_name in page
        assert principle.easy_read in page
        assert principle.plain_english not in page
        assert f"We are on rung {rung.position} of 7: {rung.easy_read_name}." in page
        assert standing.descriptor.easy_read in page
        assert f'alt="{principle.pictogram.alt}"' in response.content.decode()
    assert "This is what our people said." in page
    assert SHARED in page
    assert KEPT not in page


def test_what_we_found_waits_for_the_assessment_to_close(link_client, answered):
    urls = Urls()

    response = link_client.get(urls.found)

    assert response.url == urls.task_list


def test_a_colleague_finds_it_from_their_home_page(client, colleague, closed):
    client.force_login(colleague)
    urls = Urls(closed)

    home = client.get(reverse("home"))

    assert f'href="{urls.found}"' in home.content.decode()
    page = said(client.get(urls.found))
    assert "What we found" in page and SHARED in page


def test_what_we_found_makes_a_fixed_number_of_queries(
    link_client, closed, django_assert_max_num_queries
):
    for number in range(20):
        other = Respondent.objects.create(assessment=closed, name=f"More {number}")
        complete(other, perspective="person", rung=3, evidence=f"More {number}", quoted=True)
    link_client.get(Urls().found)  # the framework's content is cached now

    with django_assert_max_num_queries(FOUND_QUERIES):
        response = link_client.get(Urls().found)

    assert response.status_code == 200


# Who may see it


def test_nobody_without_the_link_sees_it(closed):
    response = Client().get(Urls().found)

    assert "Open your personal link again" in said(response)
    assert "What we found" not in said(response)


@pytest.mark.parametrize("who", ["outsider", "stranger", "staff", "working_group_member"])
def test_nobody_else_sees_a_colleagues_page(client, closed, who, request, other_organisation):
    if who == "working_group_member":
        from django.contrib.auth.models import Permission

        user = make_user("wanda@wg.example", "Wanda Green")
        user.user_permissions.add(Permission.objects.get(codename="view_working_group"))
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(Urls(closed).found).status_code == 404


def test_a_member_who_did_not_answer_gets_404(client, organisation, closed):
    member = make_user("nobody@riverside.example", "Nora Body")
    add_member(organisation, member)
    client.force_login(member)

    assert client.get(Urls(closed).found).status_code == 404
