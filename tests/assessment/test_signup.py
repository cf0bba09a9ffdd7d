import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from assessment.models import User

from .helpers import said, text

GOOD_PASSWORD = "river-otters-sing-at-dawn"


def signup_data(**fields):
    return {
        "name": "Priya Shah",
        "email": "Priya.Shah@Example.ORG",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **fields,
    }


def test_signing_up_creates_an_account_with_a_lower_case_email(client, db):
    response = client.post(reverse("signup"), signup_data())

    user = User.objects.get()
    assert user.email == "priya.shah@example.org"
    assert user.name == "Priya Shah"
    assert user.check_password(GOOD_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_signing_up_signs_the_new_person_in(client, db):
    client.post(reverse("signup"), signup_data())

    assert client.session[SESSION_KEY] == str(User.objects.get().pk)
    home = client.get(reverse("home"))
    assert "Your organisations" in said(home)
    assert "Sign out" in text(home)


def test_signing_up_returns_to_a_safe_next_page(client, db):
    response = client.post(reverse("signup"), signup_data(next="/organisations/new/"))

    assert response.status_code == 302
    assert response.url == "/organisations/new/"


def test_next_page_from_the_address_bar_is_carried_through_the_form(client, db):
    page = client.get(reverse("signup"), {"next": "/join/"})

    assert '<input type="hidden" name="next" value="/join/">' in text(page)


@pytest.mark.parametrize(
    "next_url", ["https://evil.example", "https://evil.example/join/", "//evil.example/"]
)
def test_signing_up_ignores_an_off_site_next_page(client, db, next_url):
    response = client.post(reverse("signup"), signup_data(next=next_url))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert User.objects.count() == 1


def test_a_next_page_with_markup_is_escaped_in_the_form(client, db):
    page = client.get(reverse("signup"), {"next": '"><script>alert(1)</script>'})

    assert "<script>alert(1)</script>" not in text(page)
    assert "&lt;script&gt;" in text(page)


@pytest.mark.parametrize(
    ("password1", "password2", "error"),
    [
        ("k3y!", "k3y!", "This password is too short"),
        ("password123", "password123", "This password is too common"),
        ("8472910365193", "8472910365193", "This password is entirely numeric"),
        (GOOD_PASSWORD, "river-otters-sing-at-dusk", "The two password fields"),
    ],
    ids=["short", "common", "numeric", "mismatched"],
)
def test_a_weak_or_mismatched_password_is_refused_and_what_was_typed_is_kept(
    client, db, password1, password2, error
):
    response = client.post(reverse("signup"), signup_data(password1=password1, password2=password2))

    assert response.status_code == 200
    assert not User.objects.exists()
    errors = response.context["form"].errors
    assert any(error in message for message in errors["password2"])
    assert error in said(response)
    assert 'value="Priya Shah"' in text(response)
    assert 'value="Priya.Shah@Example.ORG"' in text(response)
    assert SESSION_KEY not in client.session


def test_a_password_too_like_the_email_is_refused(client, db):
    response = client.post(
        reverse("signup"),
        signup_data(
            email="riverotter@example.org", password1="riverotter1", password2="riverotter1"
        ),
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "too similar" in said(response)


@pytest.mark.parametrize(
    "email", ["admin@riverside.example", "ADMIN@RIVERSIDE.EXAMPLE", "Admin@Riverside.Example"]
)
def test_an_email_that_already_has_an_account_is_refused_in_any_case(client, admin, email):
    response = client.post(reverse("signup"), signup_data(email=email))

    assert response.status_code == 200
    assert User.objects.count() == 1
    assert response.context["form"].errors["email"] == [
        "An account with this email address already exists. Sign in, or reset your password "
        "if you have forgotten it."
    ]
    assert "An account with this email address already exists" in said(response)
    assert SESSION_KEY not in client.session


def test_a_name_longer_than_150_characters_is_an_error_not_a_crash(client, db):
    response = client.post(reverse("signup"), signup_data(name="N" * 151))

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "name" in response.context["form"].errors
    assert "at most 150 characters" in said(response)


def test_a_name_of_150_characters_is_accepted(client, db):
    client.post(reverse("signup"), signup_data(name="N" * 150))

    assert User.objects.get().name == "N" * 150


@pytest.mark.parametrize("field", ["name", "email", "password1", "password2"])
def test_every_field_is_required(client, db, field):
    response = client.post(reverse("signup"), signup_data(**{field: ""}))

    assert response.status_code == 200
    assert not User.objects.exists()
    assert field in response.context["form"].errors


def test_an_invalid_email_is_refused_and_kept(client, db):
    response = client.post(reverse("signup"), signup_data(email="priya at example"))

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "email" in response.context["form"].errors
    assert 'value="priya at example"' in text(response)


def test_markup_in_a_name_is_escaped_on_the_home_page(client, db):
    client.post(reverse("signup"), signup_data(name="<b>Bold</b> Priya"))
    client.post(
        reverse("organisation_create"),
        {"name": "Priya's Place", "kind": "charity", "area": "Hackney", "size": "micro"},
    )

    home = client.get(reverse("home"))

    assert User.objects.get().name == "<b>Bold</b> Priya"
    assert "&lt;b&gt;Bold&lt;/b&gt; Priya" in text(home)
    assert "<b>Bold</b>" not in text(home)


def test_someone_already_signed_in_is_sent_home_from_the_signup_page(client, admin):
    client.force_login(admin)

    assert client.get(reverse("signup")).url == reverse("home")
    response = client.post(reverse("signup"), signup_data())
    assert response.url == reverse("home")
    assert User.objects.count() == 1
