import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

from .helpers import said, text

WRONG = "not-the-password-at-all"
INVALID_LOGIN = "The email address or password is not right"


def sign_in(client, email, password, **extra):
    return client.post(reverse("login"), {"username": email, "password": password, **extra})


def is_signed_in(client, user) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


@pytest.mark.parametrize(
    "email", ["admin@riverside.example", "ADMIN@RIVERSIDE.EXAMPLE", "Admin@Riverside.Example"]
)
def test_signing_in_works_with_any_case_of_email(client, admin, email):
    response = sign_in(client, email, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert is_signed_in(client, admin)


def test_signing_in_returns_to_a_safe_next_page(client, admin):
    response = sign_in(client, admin.email, PASSWORD, next="/organisations/new/")

    assert response.url == "/organisations/new/"


def test_signing_in_ignores_an_off_site_next_page(client, admin):
    response = sign_in(client, admin.email, PASSWORD, next="https://evil.example/")

    assert response.url == reverse("home")
    assert is_signed_in(client, admin)


def test_a_wrong_password_shows_the_error_and_keeps_the_email_typed(client, admin):
    response = sign_in(client, "Admin@Riverside.example", WRONG)

    assert response.status_code == 200
    assert INVALID_LOGIN in said(response)
    assert 'value="Admin@Riverside.example"' in text(response)
    assert WRONG not in text(response)
    assert not is_signed_in(client, admin)


def test_an_unknown_email_gets_the_same_error_as_a_wrong_password(client, admin):
    response = sign_in(client, "nobody@riverside.example", WRONG)

    assert response.status_code == 200
    assert INVALID_LOGIN in said(response)
    assert SESSION_KEY not in client.session


def test_a_closed_account_cannot_sign_in(client, admin):
    admin.is_active = False
    admin.save()

    response = sign_in(client, admin.email, PASSWORD)

    assert response.status_code == 200
    assert not is_signed_in(client, admin)


def test_after_five_wrong_passwords_even_the_right_one_is_locked_out(client, admin):
    for _ in range(5):
        sign_in(client, admin.email, WRONG)

    response = sign_in(client, admin.email, PASSWORD)

    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "locked" in said(response)
    assert "Signing in is locked for an hour" in said(response)
    assert response.status_code != 200
    assert not is_signed_in(client, admin)


def test_lockout_cannot_be_dodged_by_changing_the_case_of_the_email(client, admin):
    for email in [
        "admin@riverside.example",
        "Admin@riverside.example",
        "ADMIN@riverside.example",
        "admin@Riverside.example",
        "admin@RIVERSIDE.example",
    ]:
        sign_in(client, email, WRONG)

    response = sign_in(client, "Admin@Riverside.Example", PASSWORD)

    assert not is_signed_in(client, admin)
    assert "locked" in said(response)


def test_four_wrong_passwords_do_not_lock_the_account(client, admin):
    for _ in range(4):
        sign_in(client, admin.email, WRONG)

    response = sign_in(client, admin.email, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client, admin)


def test_a_successful_sign_in_resets_the_count_of_wrong_tries(client, admin):
    for _ in range(4):
        sign_in(client, admin.email, WRONG)
    sign_in(client, admin.email, PASSWORD)
    client.post(reverse("logout"))
    for _ in range(4):
        sign_in(client, admin.email, WRONG)

    response = sign_in(client, admin.email, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client, admin)


def test_one_locked_account_does_not_lock_another(client, admin, colleague):
    for _ in range(6):
        sign_in(client, admin.email, WRONG)

    response = sign_in(client, colleague.email, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client, colleague)


def test_signing_out_is_a_post(client, admin):
    client.force_login(admin)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert SESSION_KEY not in client.session
    assert "Sign in" in text(client.get(reverse("home")))


def test_a_get_does_not_sign_out(client, admin):
    client.force_login(admin)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert is_signed_in(client, admin)


def test_the_sign_out_button_is_a_form_that_posts(client, admin):
    client.force_login(admin)

    page = text(client.get(reverse("home")))

    assert f'<form method="post" action="{reverse("logout")}"' in page


def test_someone_signed_in_is_sent_on_from_the_sign_in_page(client, admin):
    client.force_login(admin)

    response = client.get(reverse("login"))

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_passwords_for_many_accounts_from_one_address_are_stopped(client, admin):
    for number in range(30):
        response = sign_in(client, f"person{number}@example.org", WRONG)
        assert INVALID_LOGIN in said(response)

    refused = sign_in(client, admin.email, PASSWORD)

    assert refused.status_code == 200
    assert "too many wrong tries to sign in from your network" in said(refused)
    assert "Wait 10 minutes, then try again." in said(refused)
    assert 'value="admin@riverside.example"' in text(refused)
    assert not is_signed_in(client, admin)


def test_wrong_passwords_from_another_address_do_not_stop_this_one(client, admin):
    other = Client(REMOTE_ADDR="192.0.2.50")
    for number in range(30):
        sign_in(other, f"person{number}@example.org", WRONG)

    assert sign_in(client, admin.email, PASSWORD).status_code == 302


def test_right_passwords_do_not_count_towards_the_address_limit(client, admin):
    for _ in range(35):
        assert sign_in(Client(), admin.email, PASSWORD).status_code == 302

    assert sign_in(client, admin.email, PASSWORD).status_code == 302
