"""Colleagues in one step, in a browser: an admin invites someone new into an assessment; they
sign up from the email with the address filled in and fixed, accept once, and land in the
assessment. Someone who signs up from the header instead finds the invitation at home."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessment.models import Assessment, Invitation, User
from tests.factories import PASSWORD, membership_of

from .a11y import check_accessibility
from .helpers import confirm_email_from_the_email, sign_in, submit

INVITEE = "nia@riverside.example"


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


def link_from_the_email() -> str:
    [message] = [m for m in mail.outbox if m.to == [INVITEE]]
    [link] = re.findall(r"https?://\S+/join/\S+/", message.body)
    return urlsplit(link).path


def create_account(page) -> None:
    page.get_by_label("Name").fill("Nia Newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type your password again").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Create account"))


def test_an_invited_colleague_signs_up_accepts_once_and_lands_in_the_assessment(
    new_page, transactional_db, live_server, admin, organisation, spring
):
    page = new_page()
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}{spring.get_absolute_url()}")
    page.get_by_role("button", name="Add colleagues").click()
    check_accessibility(page)
    page.get_by_role("link", name="invite a new colleague by email").click()
    expect(page.locator("h1")).to_have_text("Invite a new colleague to answer")
    check_accessibility(page)

    # A mistyped address is shown next to the field, and kept.
    page.get_by_label("Their email address").fill("nia at riverside")
    submit(page, page.get_by_role("button", name="Send invitation"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Their email address")).to_have_value("nia at riverside")
    check_accessibility(page)
    page.get_by_label("Their email address").fill(INVITEE)
    submit(page, page.get_by_role("button", name="Send invitation"))
    expect(page.get_by_role("alert")).to_contain_text(f"We have emailed an invitation to {INVITEE}")
    check_accessibility(page)
    assert [m.to for m in mail.outbox] == [[INVITEE]]  # one email

    # Nia opens the link in her own browser and creates an account from it.
    nia = new_page()
    nia.goto(f"{live_server.url}{link_from_the_email()}")
    expect(nia).to_have_url(f"{live_server.url}/join/")
    expect(nia.locator("h1")).to_have_text("Join Riverside Community Trust on Coprod")
    expect(
        nia.get_by_text("and to answer its co-production self-assessment, Spring 2027")
    ).to_be_visible()
    check_accessibility(nia)
    nia.get_by_role("button", name="Create an account").click()
    expect(nia.get_by_label("Email address")).to_have_value(INVITEE)
    expect(nia.get_by_label("Email address")).not_to_be_editable()
    check_accessibility(nia)
    create_account(nia)

    expect(nia.locator("h1")).to_have_text("Confirm your email address first")
    check_accessibility(nia)
    confirm_email_from_the_email(nia, live_server, INVITEE)
    expect(nia.locator("h1")).to_have_text("Join Riverside Community Trust")
    check_accessibility(nia)
    submit(nia, nia.get_by_role("button", name="Accept and join"))

    task_list = f"{spring.get_absolute_url()}answer/"
    expect(nia).to_have_url(f"{live_server.url}{task_list}")
    expect(nia.get_by_role("alert")).to_contain_text(
        "You have joined Riverside Community Trust and can now answer Spring 2027."
    )
    check_accessibility(nia)
    newcomer = User.objects.get(email=INVITEE)
    assert spring.respondents.filter(user=newcomer).exists()
    assert membership_of(organisation, newcomer) is not None


def test_a_colleague_who_signs_up_from_the_header_finds_the_invitation_at_home(
    new_page, transactional_db, live_server, admin, organisation, spring
):
    Invitation.create(
        organisation=organisation,
        email=INVITEE,
        role="member",
        invited_by=admin,
        assessment=spring,
    )
    nia = new_page()
    nia.goto(f"{live_server.url}/")
    nia.get_by_role("link", name="Create an account").first.click()
    expect(nia.locator("h1")).to_have_text("Create an account")
    nia.get_by_label("Email address").fill(INVITEE)
    create_account(nia)

    expect(nia.get_by_role("heading", name="You have been invited")).to_be_visible()
    expect(nia.get_by_text("To accept, first confirm")).to_be_visible()
    check_accessibility(nia)
    confirm_email_from_the_email(nia, live_server, INVITEE)
    expect(nia.get_by_role("heading", name="Join Riverside Community Trust")).to_be_visible()
    check_accessibility(nia)
    submit(nia, nia.get_by_role("button", name="Accept and join Riverside Community Trust"))

    expect(nia).to_have_url(f"{live_server.url}{spring.get_absolute_url()}answer/")
    check_accessibility(nia)
