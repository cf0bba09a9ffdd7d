"""Creating an account, signing in and signing out, in a real browser."""

from playwright.sync_api import Page, expect

from assessment.models import User
from tests.factories import PASSWORD

from .a11y import check_accessibility
from .helpers import error_summary_links, focus_is_in_error_summary, sign_in, submit


def focused_field_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_a_visitor_creates_an_account_using_only_the_keyboard(page, transactional_db, live_server):
    page.goto(f"{live_server.url}/account/create/")
    check_accessibility(page)

    # Into the first field, then from field to field with Tab, as a keyboard user would.
    page.get_by_label("Name").focus()
    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    assert focused_field_id(page) == "id_email"
    page.keyboard.type("Kim@Example.org")
    page.keyboard.press("Tab")
    assert focused_field_id(page) == "id_password1"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused_field_id(page) == "id_password2"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Create account")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Your organisations")
    check_accessibility(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    user = User.objects.get(email="kim@example.org")
    assert user.name == "Kim Keyboard"
    assert user.check_password(PASSWORD)


def test_signing_in_with_mistakes_shows_an_error_summary_that_takes_focus(
    page, transactional_db, live_server, stranger
):
    page.goto(f"{live_server.url}/account/sign-in/")
    check_accessibility(page)

    # Nothing filled in.
    submit(page, page.get_by_role("button", name="Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title("Error: Sign in – Coprod")
    assert focus_is_in_error_summary(page), "The error summary should take focus"
    links = error_summary_links(page)
    assert links == ["#id_username", "#id_password"], links
    for href in links:
        expect(page.locator(href)).to_have_count(1)
        expect(page.locator(f"{href}[aria-describedby]")).to_have_count(1)
    check_accessibility(page)

    # Following a link in the summary puts the cursor in that field.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Email address")).to_be_focused()

    # A wrong password: the email address stays, the password does not.
    page.get_by_label("Email address").fill(stranger.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(summary).to_contain_text("The email address or password is not right")
    assert focus_is_in_error_summary(page), "The error summary should take focus"
    expect(page.get_by_label("Email address")).to_have_value(stranger.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    check_accessibility(page)


def test_a_person_signs_in_and_signs_out_with_the_header_button(
    page, transactional_db, live_server, stranger
):
    sign_in(page, live_server, stranger)
    expect(page.locator("h1")).to_have_text("Your organisations")
    expect(page.get_by_role("navigation", name="Main menu")).not_to_contain_text("Sign in")

    sign_out = page.get_by_role("button", name="Sign out")
    sign_out.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # a real form POST, from the keyboard

    expect(page.locator("h1")).to_have_text(
        "See how well your organisation co-produces its services"
    )
    check_accessibility(page)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="Sign in")).to_be_visible()
    # Signed out for real: a page that needs an account now asks to sign in.
    page.goto(f"{live_server.url}/organisations/new/")
    expect(page).to_have_url(f"{live_server.url}/account/sign-in/?next=/organisations/new/")
    check_accessibility(page)


def test_a_link_to_confirm_an_address_that_does_not_work_says_what_to_do(
    page, transactional_db, live_server
):
    page.goto(f"{live_server.url}/account/confirm-email/not-a-real-link/")
    expect(page.locator("h1")).to_have_text("We do not recognise this link")
    check_accessibility(page)

    newcomer = User.objects.create_user("new@example.org", PASSWORD, name="Nia Newcomer")
    sign_in(page, live_server, newcomer)
    page.goto(f"{live_server.url}/account/confirm-email/not-a-real-link/")
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Send me a new link"))

    expect(page.get_by_role("alert")).to_contain_text("We have emailed a link to new@example.org")
    check_accessibility(page)
