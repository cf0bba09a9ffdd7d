import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

from .helpers import headings, html_part, main_content, only_link, said, site_path

NEW_PASSWORD = "kingfishers-nest-by-the-weir"
EXPIRED_OR_USED = "This link has expired or has been used"


def ask_for_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def choose_new_password(client, link, password=NEW_PASSWORD):
    """Follow a reset link from an email and save a new password; return the final response."""
    opened = client.get(site_path(link))
    assert opened.status_code == 302  # the token moves from the address into the session
    form_url = opened.url
    assert "Choose a new password" in headings(client.get(form_url))
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.mark.parametrize("email", ["admin@riverside.example", "Admin@Riverside.EXAMPLE"])
def test_asking_for_a_reset_sends_one_email_with_a_link(client, admin, mailoutbox, email):
    response = ask_for_reset(client, email)

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["admin@riverside.example"]
    assert message.subject == "Reset your Coprod password"
    link = only_link(message)  # the same link in the text and in the HTML
    assert link.startswith("http://testserver/account/password/reset/")
    assert "Hello Rita Okafor" in message.body
    assert "Choose a new password" in html_part(message)


def test_asking_for_an_unknown_address_looks_the_same_and_sends_nothing(client, admin):
    known = ask_for_reset(client, admin.email)
    sent_page = client.get(known.url)
    mail.outbox.clear()

    unknown = ask_for_reset(client, "nobody@riverside.example")

    assert unknown.status_code == 302
    assert unknown.url == known.url == reverse("password_reset_done")
    assert mail.outbox == []
    unknown_page = client.get(unknown.url)
    assert main_content(unknown_page) == main_content(sent_page)
    assert "If the address you entered has an account" in said(unknown_page)


def test_a_closed_account_is_sent_no_reset_email(client, admin, mailoutbox):
    admin.is_active = False
    admin.save()

    response = ask_for_reset(client, admin.email)

    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_an_invalid_address_is_an_error_on_the_form(client, db, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "not an address"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="not an address"' in response.content.decode()
    assert mailoutbox == []


def test_the_reset_link_sets_a_new_password(client, admin, mailoutbox):
    ask_for_reset(client, admin.email)

    response = choose_new_password(client, only_link(mailoutbox[0]))

    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    assert "Your new password has been saved" in headings(client.get(response.url))
    admin.refresh_from_db()
    assert admin.check_password(NEW_PASSWORD)
    assert not admin.check_password(PASSWORD)


def test_after_a_reset_the_old_password_fails_and_the_new_one_works(client, admin, mailoutbox):
    ask_for_reset(client, admin.email)
    choose_new_password(client, only_link(mailoutbox[0]))

    old = sign_in(client, admin.email, PASSWORD)
    assert old.status_code == 200
    assert "The email address or password is not right" in said(old)
    assert SESSION_KEY not in client.session

    new = sign_in(client, admin.email, NEW_PASSWORD)
    assert new.status_code == 302
    assert client.session[SESSION_KEY] == str(admin.pk)


def test_a_weak_new_password_is_refused(client, admin, mailoutbox):
    ask_for_reset(client, admin.email)

    response = choose_new_password(client, only_link(mailoutbox[0]), password="password")

    assert response.status_code == 200
    assert "This password is too common" in said(response)
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)


def test_a_used_reset_link_shows_the_expired_page(client, admin, mailoutbox):
    ask_for_reset(client, admin.email)
    link = only_link(mailoutbox[0])
    choose_new_password(client, link)

    response = client.get(site_path(link), follow=True)

    assert response.status_code == 200
    assert EXPIRED_OR_USED in headings(response)
    assert "Ask for a new link" in said(response)


def test_a_reset_link_stops_working_once_the_password_changes_another_way(
    client, admin, mailoutbox
):
    ask_for_reset(client, admin.email)
    link = only_link(mailoutbox[0])
    admin.set_password("changed-some-other-way-77")
    admin.save()

    response = client.get(site_path(link), follow=True)

    assert EXPIRED_OR_USED in headings(response)


@pytest.mark.parametrize(
    "path",
    [
        "/account/password/reset/MQ/garbage-token/",
        "/account/password/reset/!!!!/garbage/",
        "/account/password/reset/YWJj/abc-123/",  # uid "abc"
        "/account/password/reset/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/abc-123/",  # uid beyond bigint
        "/account/password/reset/MQ/set-password/",  # no token in the session
    ],
)
def test_a_garbage_reset_link_shows_the_expired_page_not_an_error(client, admin, path):
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert EXPIRED_OR_USED in headings(response)


def test_changing_password_needs_a_signed_in_person(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.post(reverse("password_change"), {}).url.startswith(reverse("login"))


def test_changing_password_needs_the_old_password(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("password_change"),
        {"old_password": "a-guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert "Your old password was entered incorrectly" in said(response)
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)


def test_changing_password_with_the_old_one_keeps_the_person_signed_in(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    admin.refresh_from_db()
    assert admin.check_password(NEW_PASSWORD)
    done = client.get(response.url)
    assert done.status_code == 200
    assert "Your password has been changed" in headings(done)
    assert client.session[SESSION_KEY] == str(admin.pk)


def test_a_weak_new_password_is_refused_when_changing_it(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)
