"""A personal link works for 28 days, but people hear back after that: once the assessment has
closed, the expired link (or its code) of someone who submitted still opens "What we found",
and only that page (`Respondent.hears_back` says why)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Respondent
from assessment.tokens import short_code

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import Urls, complete, text_of

LINK = Urls()
MESSAGE = "Thank you. We will start a menu group in May."


def expire(respondent) -> None:
    Respondent.objects.filter(pk=respondent.pk).update(
        link_expires_at=timezone.now() - timedelta(days=1)
    )


def open_link(client, token):
    return client.get(reverse("open_personal_link", args=[token]))


@pytest.fixture
def submitted(link_respondent, assessment):
    """Joan submitted, with two more people so the results show."""
    complete(link_respondent, perspective="person", rung=4, quoted=True, submit=True)
    for name in ("Olu", "Pat"):
        other = Respondent.objects.create(assessment=assessment, name=name)
        complete(other, perspective="person", rung=5, submit=True)
    return link_respondent


@pytest.fixture
def closed(submitted, assessment):
    assessment.close(message=MESSAGE)
    return assessment


def test_an_expired_link_still_opens_what_we_found_once_closed(client, token, submitted, closed):
    expire(submitted)

    response = open_link(client, token)

    assert response.status_code == 302
    assert response.url == LINK.found
    page = client.get(LINK.found)
    assert page.status_code == 200
    assert "What we found" in text_of(page)
    assert MESSAGE in text_of(page)
    # Only that page: not what they sent.
    assert f'href="{LINK.check}"' not in page.content.decode()


def test_the_short_code_does_the_same(client, token, submitted, closed):
    expire(submitted)

    response = client.post(reverse("enter_code"), {"code": short_code(token)})

    assert response.status_code == 302
    assert response.url == LINK.found


@pytest.mark.parametrize("page", ["task_list", "check", "about_you"])
def test_an_expired_link_opens_nothing_else(client, token, submitted, closed, page):
    expire(submitted)
    open_link(client, token)

    response = client.get(getattr(LINK, page))

    assert response.status_code == 410
    assert "This link has expired" in text_of(response)


def test_a_session_whose_link_expires_keeps_what_we_found(link_client, submitted, closed):
    expire(submitted)

    assert link_client.get(LINK.found).status_code == 200
    assert link_client.get(LINK.check).status_code == 410


def test_while_still_open_an_expired_link_says_to_keep_it_for_what_we_found(
    client, token, submitted
):
    expire(submitted)

    response = open_link(client, token)

    assert response.status_code == 410
    page = text_of(response)
    assert "This link has expired" in page
    assert "once the organisation closes the assessment, it will show you what they found" in page


def test_someone_who_never_submitted_does_not_hear_back_through_an_expired_link(
    client, token, link_respondent, assessment
):
    other = Respondent.objects.create(assessment=assessment, name="Olu")
    complete(other, perspective="person", rung=5, submit=True)
    assessment.close()
    expire(link_respondent)

    response = open_link(client, token)

    assert response.status_code == 410
    assert "This link has expired" in text_of(response)
    assert "What we found" not in text_of(client.get(LINK.found))


def test_a_cancelled_link_stays_cancelled(client, token, submitted, assessment):
    submitted.revoke()
    assessment.close()

    response = open_link(client, token)

    assert response.status_code == 410
    assert "This link has been cancelled" in text_of(response)


def test_once_personal_details_are_removed_the_link_opens_nothing(client, token, submitted, closed):
    expire(submitted)
    Respondent.objects.filter(pk=submitted.pk).remove_personal_details()

    response = open_link(client, token)

    assert response.status_code == 410
    assert "We do not recognise this link" in text_of(response)
