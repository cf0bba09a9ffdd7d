"""Answering through a personal link: people without an account (people who use services,
volunteers, carers, partners) open the link they were sent and answer in that session."""

import secrets
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.models import Extent, Respondent
from principles.models import Question

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import (
    FIRST,
    SECOND,
    SLUGS,
    Urls,
    complete,
    fill_in,
    form_of,
    saved_answers,
    saved_section,
    section_data,
    send_after_session_ended,
    text_of,
)

LINK = Urls()
LINK_NEEDED = "Open your personal link again"
HEADINGS = {
    "expired": "This link has expired",
    "revoked": "This link has been cancelled",
    "closed": "This assessment has closed",
    "unknown": "We do not recognise this link",
}


def open_link(client, token):
    return client.get(reverse("open_personal_link", args=[token]))


def assert_link_problem(response, problem):
    assert response.status_code == 410
    text = text_of(response)
    assert HEADINGS[problem] in text
    for other, heading in HEADINGS.items():
        if other != problem:
            assert heading not in text


def close_with_someone_else_submitted(assessment):
    other = Respondent.objects.create(assessment=assessment, name="Olu")
    complete(other, perspective="volunteer", submit=True)
    assessment.close()


# Opening the link


def test_opening_the_link_takes_the_token_out_of_the_address(client, token):
    response = open_link(client, token)

    assert response.status_code == 302
    assert response.url == LINK.task_list
    assert token not in response.url
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Your answers" in text_of(page)
    assert token not in page.content.decode()


def test_opening_the_link_starts_a_fresh_session(client, token):
    session = client.session
    session["before"] = "kept"
    session.save()
    before = session.session_key

    open_link(client, token)

    assert client.session.session_key != before
    assert client.session["before"] == "kept"


def test_a_link_respondent_answers_and_submits(link_client, link_respondent):
    about = link_client.post(
        LINK.about_you,
        {
            "name": "Joan Smith",
            "perspective": "person",
            "agreed_to_be_quoted": "no",
            "agreed_to_be_named": "",
        },
    )
    assert about.url == LINK.section(FIRST)
    for number, slug in enumerate(SLUGS):
        response = link_client.post(LINK.section(slug), section_data(slug, rung=number + 1))
        assert response.status_code == 302
    assert response.url == LINK.check

    check = link_client.get(LINK.check)
    assert "Person who uses services" in text_of(check)
    submitted = link_client.post(LINK.check)

    assert submitted.url == LINK.submitted
    link_respondent.refresh_from_db()
    assert link_respondent.submitted_at is not None
    assert (link_respondent.name, link_respondent.perspective) == ("Joan Smith", "person")
    assert not link_respondent.agreed_to_be_named
    assert saved_section(link_respondent, SLUGS[-1]).rung.position == 6
    assert "Your answers have been sent" in text_of(link_client.get(LINK.submitted))


def test_a_link_respondent_sees_the_task_list_statuses(link_client, link_respondent):
    link_client.post(LINK.section(FIRST), section_data(FIRST))
    link_client.post(LINK.section(SECOND), section_data(SECOND, rung=None))

    text = text_of(link_client.get(LINK.task_list))

    assert f"You have completed 1 of {len(SLUGS)} sections." in text
    assert text.count("In progress") == 1
    assert text.count("Not started") == 5  # about you and four sections


def test_a_link_respondent_can_come_back_to_saved_answers(link_client, link_respondent):
    link_client.post(
        LINK.section(FIRST),
        section_data(FIRST, extent=Extent.A_LITTLE, rung=2, **{"cp-1-evidence": "Coffee mornings"})
        | {"later": ""},
    )

    form = form_of(link_client.get(LINK.section(FIRST)))

    assert form.checked["nef-1-extent"] == "2"
    assert form.checked["rung"] == "2"
    assert form.values["cp-1-evidence"] == "Coffee mornings"


def test_two_link_respondents_each_see_only_their_own_answers(
    link_client, link_respondent, assessment
):
    olu = Respondent.objects.create(assessment=assessment, name="Olu")
    other_client = Client()
    open_link(other_client, olu.new_link())

    link_client.post(LINK.section(FIRST), section_data(FIRST, evidence="Joan's example"))
    other_client.post(LINK.section(FIRST), section_data(FIRST, evidence="Olu's example"))

    assert form_of(link_client.get(LINK.section(FIRST))).values["nef-1-evidence"] == (
        "Joan's example"
    )
    assert "Olu's example" not in text_of(link_client.get(LINK.check))
    assert saved_answers(olu, FIRST)["nef-1"] == (Extent.FULLY, "Olu's example")
    assert saved_answers(link_respondent, FIRST)["nef-1"] == (Extent.FULLY, "Joan's example")


# Links that cannot be used


def test_an_expired_link_says_so(client, link_respondent, token):
    link_respondent.link_expires_at = timezone.now() - timedelta(minutes=1)
    link_respondent.save()

    response = open_link(client, token)

    assert_link_problem(response, "expired")
    assert LINK_NEEDED in text_of(client.get(LINK.task_list))


def test_a_cancelled_link_says_so(client, link_respondent, token):
    link_respondent.revoke()

    response = open_link(client, token)

    assert_link_problem(response, "revoked")
    assert LINK_NEEDED in text_of(client.get(LINK.task_list))


def test_an_unknown_link_says_so(client, link_respondent, token):
    response = open_link(client, "not-a-link-we-sent")

    assert_link_problem(response, "unknown")
    assert LINK_NEEDED in text_of(client.get(LINK.task_list))


def test_a_link_to_a_closed_assessment_not_submitted_says_it_has_closed(
    client, assessment, link_respondent, token
):
    fill_in(link_respondent, [FIRST])
    close_with_someone_else_submitted(assessment)

    response = open_link(client, token)

    assert_link_problem(response, "closed")


def test_a_link_to_a_closed_assessment_still_shows_what_was_sent(
    client, assessment, link_respondent, token
):
    complete(link_respondent, perspective="carer", evidence="What Joan sent", submit=True)
    assessment.close()

    response = open_link(client, token)

    assert response.url == LINK.found  # what the organisation found (test_what_we_found.py)
    check = client.get(LINK.check)
    assert "What Joan sent" in text_of(check)
    assert "Submit your answers" not in text_of(check)
    assert client.get(LINK.section(FIRST)).url == LINK.check


def test_a_new_link_replaces_the_old_one(client, link_respondent, token):
    new = link_respondent.new_link()

    assert_link_problem(open_link(client, token), "unknown")
    assert open_link(client, new).url == LINK.task_list


def test_a_link_cancelled_after_it_was_opened_stops_working(link_client, link_respondent):
    link_respondent.revoke()

    page = link_client.get(LINK.task_list)
    assert page.status_code == 410
    assert "This link has been cancelled" in text_of(page)
    response = link_client.post(LINK.section(FIRST), section_data(FIRST))
    assert response.status_code == 410
    assert saved_answers(link_respondent, FIRST) == {}


def test_a_cancelled_link_stays_dead_for_open_pages_when_a_new_link_is_sent(
    link_client, link_respondent, admin, assessment
):
    admin_client = Client()
    admin_client.force_login(admin)
    link_respondent.revoke()
    assert link_client.get(LINK.task_list).status_code == 410
    remind = reverse(
        "remind_respondent", args=[assessment.organisation_id, assessment.pk, link_respondent.pk]
    )
    admin_client.post(remind)
    link_respondent.refresh_from_db()
    assert link_respondent.revoked_at is None  # the admin chose to send a new link

    response = link_client.post(
        LINK.section(FIRST), section_data(FIRST), headers={"X-Autosave": "1"}
    )

    assert response.status_code == 410
    assert "This link has been replaced" in text_of(response)
    assert saved_answers(link_respondent, FIRST) == {}


def test_sending_a_new_link_ends_sessions_opened_with_the_old_one(link_client, link_respondent):
    new = link_respondent.new_link()

    page = link_client.get(LINK.task_list)

    assert page.status_code == 410
    assert "Open the new link from your most recent email or letter." in text_of(page)
    assert open_link(link_client, new).url == LINK.task_list
    assert link_client.get(LINK.task_list).status_code == 200


def test_the_session_holds_no_personal_link_token(link_client, token):
    from django.contrib.sessions.models import Session

    key = link_client.cookies[settings.SESSION_COOKIE_NAME].value
    stored = Session.objects.get(session_key=key)

    assert token not in stored.session_data
    assert token not in str(stored.get_decoded())


def test_a_link_that_expires_while_open_stops_working(link_client, link_respondent):
    Respondent.objects.filter(pk=link_respondent.pk).update(
        link_expires_at=timezone.now() - timedelta(seconds=1)
    )

    page = link_client.get(LINK.section(FIRST))
    assert page.status_code == 410
    assert "This link has expired" in text_of(page)


# Who may answer


def test_every_link_page_needs_the_link_to_have_been_opened(client, link_respondent):
    """A bookmark without a session explains how to get back in; a post is refused."""
    for url in LINK.all():
        response = client.get(url)
        assert response.status_code == 200, url
        assert LINK_NEEDED in text_of(response), url
        assert "Joan" not in text_of(response)
        assert client.post(url, {}).status_code == 403, url


def test_a_link_session_cannot_open_the_colleague_pages(link_client, assessment):
    for url in Urls(assessment).all():
        response = link_client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_a_signed_in_colleague_cannot_use_the_link_pages(client, colleague, respondent):
    client.force_login(colleague)

    response = client.get(LINK.task_list)

    assert response.status_code == 200
    assert LINK_NEEDED in text_of(response)
    assert client.post(LINK.task_list, {}).status_code == 403


def test_the_link_pages_never_serve_a_colleagues_response(client, respondent):
    session = client.session
    session["respondent_id"] = respondent.pk
    session.save()

    assert client.get(LINK.task_list).status_code == 404


# When the session ends


def test_what_was_typed_is_kept_until_the_link_is_opened_again(client, link_respondent, token):
    typed = section_data(FIRST, evidence="Typed as the session ended", rung=3)

    response = send_after_session_ended(
        client, LINK.section(FIRST), typed, open_page=lambda: open_link(client, token)
    )

    assert response.status_code == 403
    assert LINK_NEEDED in text_of(response)
    assert saved_answers(link_respondent, FIRST) == {}

    open_link(client, token)
    page = client.get(LINK.section(FIRST))

    assert "We kept what you typed" in text_of(page)
    form = form_of(page)
    assert form.values["nef-9-evidence"] == "Typed as the session ended"
    assert form.checked["rung"] == "3"
    assert saved_answers(link_respondent, FIRST) == {}
    assert saved_section(link_respondent, FIRST) is None

    client.post(LINK.section(FIRST), form.values | form.checked)
    assert saved_section(link_respondent, FIRST).rung.position == 3


def session_size(client) -> int:
    """How many bytes the visitor's session takes in the session store."""
    from django.contrib.sessions.models import Session

    key = client.cookies.get(settings.SESSION_COOKIE_NAME)
    row = Session.objects.filter(session_key=key.value if key else "").first()
    return len(row.session_data) if row else 0


def test_a_strangers_posts_to_answering_pages_store_nothing(client, db):
    big = "x" * 2_000_000

    for number in range(12):
        response = client.post(LINK.section(FIRST), {"nef-9-evidence": big, "n": str(number)})
        assert response.status_code == 403

    assert session_size(client) == 0
    assert "enter your code" in text_of(response)
    assert "kept in this browser" not in text_of(response)


def test_a_respondents_post_too_long_to_keep_is_refused_with_a_clear_message(
    client, link_respondent, token
):
    typed = section_data(FIRST, evidence="x" * 200_000)

    response = send_after_session_ended(
        client, LINK.section(FIRST), typed, open_page=lambda: open_link(client, token)
    )

    assert response.status_code == 403
    assert "What you sent last was too long for us to keep." in text_of(response)
    assert session_size(client) < 10_000


def test_a_session_keeps_at_most_a_few_pages_of_typing(client, link_respondent, token):
    open_link(client, token)
    owner = form_of(client.get(LINK.section(FIRST))).values["owner"]
    client.logout()

    for number in range(40):
        # Typing that does not compress, as real words barely do at this length.
        typed = section_data(FIRST, evidence=secrets.token_hex(5_000))
        client.post(f"{LINK.section(FIRST)}?page={number}", {**typed, "owner": owner})
        client.post(LINK.section(f"made-up-{number}"), {**typed, "owner": owner})

    assert 0 < session_size(client) < 250_000


def test_what_one_person_typed_is_not_shown_to_the_next_person_on_the_same_device(
    client, link_respondent, assessment, token
):
    joan_token = token
    olu = Respondent.objects.create(assessment=assessment, name="Olu")
    send_after_session_ended(
        client,
        LINK.section(FIRST),
        section_data(FIRST, evidence="Joan's private example"),
        open_page=lambda: open_link(client, joan_token),
    )

    open_link(client, olu.new_link())
    page = client.get(LINK.section(FIRST))

    assert "Joan's private example" not in text_of(page)
    assert "We kept what you typed" not in text_of(page)


# Easy read


@pytest.mark.parametrize("start", ["task_list", "about_you"])
def test_easy_read_is_remembered_for_a_link_respondent(
    link_client, framework, start, link_respondent
):
    question = Question.objects.get(principle__framework=framework, code="nef-6")

    link_client.get(getattr(LINK, start) + "?view=easy-read")
    text = text_of(link_client.get(LINK.section("peer-support-networks")))

    # Someone with a link is asked about the service until they say they are staff.
    assert question.service_easy_read in text
    assert question.service_text not in text
