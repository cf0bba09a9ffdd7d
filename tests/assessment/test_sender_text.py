"""The sender's own words in an email (a personal link's message, a peer review invitation's
message): limited in length, and quoted in both the text and the HTML part, so the reader can
tell them from ours (templates/emails/, assessment/templatetags/email_text.py)."""

import pytest
from django.urls import reverse

from assessment.forms.assessments import MESSAGE_MAX_LENGTH
from assessment.models import Assessment

from .helpers import html_part, said
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import REVIEWER_EMAIL, org_url

WORDS = "Dear Joan,\r\n\r\n\r\n\r\n\r\nClick https://evil.example now!\r\n<b>Urgent</b>"
QUOTED = "> Dear Joan,\n>\n> Click https://evil.example now!\n> <b>Urgent</b>"


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


def add_link(client, assessment, message):
    return client.post(
        reverse("add_link_respondent", args=[assessment.organisation_id, assessment.pk]),
        {"name": "Joan Smith", "email": "joan@example.org", "message": message},
    )


def test_a_personal_links_message_is_quoted_in_the_text_part(admin_client, spring, mailoutbox):
    add_link(admin_client, spring, WORDS)

    [message] = mailoutbox
    assert f"Rita Okafor wrote:\n\n{QUOTED}\n" in message.body
    assert "\nClick https://evil.example" not in message.body  # never as our own line


def test_a_personal_links_message_is_a_blockquote_escaped_in_the_html(
    admin_client, spring, mailoutbox
):
    add_link(admin_client, spring, WORDS)

    html = html_part(mailoutbox[0])
    quote = html[html.index("<blockquote") : html.index("</blockquote>")]
    assert "&lt;b&gt;Urgent&lt;/b&gt;" in quote
    assert "<b>" not in html
    assert "Click https://evil.example now!" in quote


def test_a_personal_links_message_is_limited_in_length(admin_client, spring, mailoutbox):
    response = add_link(admin_client, spring, "x" * (MESSAGE_MAX_LENGTH + 1))

    assert response.status_code == 200
    assert f"The message must be {MESSAGE_MAX_LENGTH} characters or fewer" in said(response)
    assert mailoutbox == []
    assert not spring.respondents.filter(email="joan@example.org").exists()


def test_a_peer_review_invitations_message_is_quoted_in_both_parts(
    admin_client, closed, mailoutbox
):
    admin_client.post(
        org_url("invite_reviewer", closed), {"email": REVIEWER_EMAIL, "message": WORDS}
    )

    [message] = mailoutbox
    assert f"Rita Okafor wrote:\n\n{QUOTED}\n" in message.body
    html = html_part(message)
    quote = html[html.index("<blockquote") : html.index("</blockquote>")]
    assert "&lt;b&gt;Urgent&lt;/b&gt;" in quote
