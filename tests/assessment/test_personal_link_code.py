"""A personal link's short code, its QR code and a printable letter (views/assessments.py,
views/answering.py `enter_code`, tokens.short_code)."""

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from assessment import ratelimit
from assessment.models import Assessment, Respondent
from assessment.tokens import CODE_ALPHABET, short_code, shown_code

from .answering_helpers import text_of
from .helpers import said
from .pdf_helpers import pdf_text
from .test_assessment_admin import personal_link, token_of, url

CODE_PAGE = reverse("enter_code")
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


@pytest.fixture
def added(admin_client, spring):
    """Joan added by personal link, with no email: the page that shows her link once."""
    response = admin_client.post(
        url("add_link_respondent", spring), {"name": "Joan Smith", "email": "", "message": ""}
    )
    assert response.status_code == 200
    return response


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def code_on(page) -> str:
    return CODE.search(said(page)).group(0)


def test_a_code_is_eight_unambiguous_characters_that_go_with_the_link():
    code = short_code("a-token")

    assert len(code) == 8
    assert set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("0O1IL")
    assert short_code("a-token") == code != short_code("another-token")
    assert shown_code("ABCDEFGH") == "ABCD-EFGH"


def test_the_page_that_shows_the_link_shows_its_code_and_a_qr_code(added):
    link = personal_link(added)
    page = added.content.decode()

    assert code_on(added) == shown_code(short_code(token_of(link)))
    assert '<svg role="img" aria-label="QR code: scan it to open the link for Joan Smith"' in page
    assert "http://127.0.0.1:8000/code/" in said(added)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} "])
def test_typing_the_code_opens_the_answers_like_the_link(added, typed):
    code = code_on(added)
    typed = typed.format(code=code, lower=code.lower(), spaced=" ".join(code.replace("-", "")))
    visitor = Client()

    response = visitor.post(CODE_PAGE, {"code": typed})

    assert response.status_code == 302
    assert response.url == reverse("link:task_list")
    page = text_of(visitor.get(response.url))
    assert "Spring 2027" in page
    assert "Open your personal link again" not in page


def test_a_wrong_code_is_an_error_next_to_the_field_and_keeps_what_was_typed(added):
    response = Client().post(CODE_PAGE, {"code": "ABCD-EFGK"})

    assert response.status_code == 200
    assert "We do not recognise that code. Check it and try again." in said(response)
    assert 'value="ABCD-EFGK"' in response.content.decode()


@pytest.mark.parametrize("typed", ["", "ABC", "A" * 21, "<b>ABCDEFGH</b>"])
def test_a_code_of_the_wrong_shape_gets_a_clear_error(db, typed):
    response = Client().post(CODE_PAGE, {"code": typed})

    assert response.status_code == 200
    assert "<b>ABCDEFGH</b>" not in response.content.decode()
    assert re.search(r"Enter your code|8 letters and numbers", said(response))


def test_guessing_codes_is_rate_limited(added, monkeypatch):
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    guesser = Client()
    for _ in range(ratelimit.LIMIT):
        guesser.post(CODE_PAGE, {"code": "ABCD-EFGK"})

    response = guesser.post(CODE_PAGE, {"code": code_on(added)})

    assert response.status_code == 429


def test_a_new_link_gives_a_new_code_and_ends_sessions_opened_with_the_old_one(
    added,
    admin_client,
    spring,
    joan_from,
):
    old = code_on(added)
    visitor = Client()
    visitor.post(CODE_PAGE, {"code": old})

    renewed = admin_client.post(url("remind_respondent", spring, joan_from(added)))

    assert code_on(renewed) != old
    assert visitor.get(reverse("link:task_list")).status_code == 410
    assert "We do not recognise that code" in said(Client().post(CODE_PAGE, {"code": old}))


def test_a_cancelled_links_code_says_it_was_cancelled(added, admin_client, spring, joan_from):
    admin_client.post(url("cancel_respondent", spring, joan_from(added)))

    response = Client().post(CODE_PAGE, {"code": code_on(added)})

    assert response.status_code == 410
    assert "This link has been cancelled" in said(response)


@pytest.fixture
def joan_from():
    def find(page) -> Respondent:
        return Respondent.objects.get(token_hash__isnull=False, name="Joan Smith")

    return find


def test_the_emailed_link_comes_with_its_code(admin_client, spring):
    admin_client.post(
        url("add_link_respondent", spring),
        {"name": "Joan Smith", "email": "joan@example.org", "message": ""},
    )

    [message] = mail.outbox
    code = CODE.search(message.body).group(0)
    assert "http://127.0.0.1:8000/code/ and type your code" in message.body
    assert f"<strong>{code}</strong>" in message.alternatives[0].content
    assert Respondent.from_code(code).name == "Joan Smith"


# The letter


def letter(client, spring, respondent, token, version="standard"):
    return client.post(
        url("personal_link_letter", spring, respondent), {"token": token, "version": version}
    )


def test_the_admin_prints_a_letter_with_the_link_code_and_who_to_ask(
    added,
    admin_client,
    spring,
    admin,
    joan_from,
):
    token = token_of(personal_link(added))

    response = letter(admin_client, spring, joan_from(added), token)

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Riverside Community Trust would like to hear from you" in text
    assert "Dear Joan Smith" in text
    assert shown_code(short_code(token)) in text
    assert "about 20 minutes" in text
    assert f"contact {admin.name} at {admin.email}" in text


def test_the_easy_read_letter_uses_short_sentences(added, admin_client, spring, joan_from):
    token = token_of(personal_link(added))

    text = pdf_text(letter(admin_client, spring, joan_from(added), token, "easy-read").content)

    assert "Tell us what you think" in text
    assert "It takes about 20 minutes." in text
    assert "You do not need a password." in text
    assert shown_code(short_code(token)) in text


def test_a_letter_needs_the_current_token_and_the_organisations_admin(
    added, admin_client, spring, joan_from, colleague, outsider, other_organisation
):
    joan = joan_from(added)
    token = token_of(personal_link(added))
    address = url("personal_link_letter", spring, joan)

    assert admin_client.post(address, {"token": "not-it"}).status_code == 404
    assert admin_client.get(address).status_code == 405
    for person in (colleague, outsider):
        other = Client()
        other.force_login(person)
        assert other.post(address, {"token": token}).status_code == 404
    assert Client().post(address, {"token": token}).status_code == 302
    joan.new_link()
    assert admin_client.post(address, {"token": token}).status_code == 404
