"""Steps the browser tests share: submitting forms and signing in through the real pages."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import Locator, Page, expect

from tests.factories import PASSWORD

from .a11y import check_accessibility


def submit(page: Page, button: Locator) -> None:
    """Clicks a submit button and waits for the page the server answers with."""
    with page.expect_navigation():
        button.click()


def error_summary_links(page: Page) -> list[str]:
    return page.locator(".govuk-error-summary a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )


def focus_is_in_error_summary(page: Page) -> bool:
    return page.evaluate("() => !!document.activeElement?.closest('.govuk-error-summary')")


def sign_in(page: Page, live_server, user, password: str = PASSWORD) -> None:
    """Signs in through the sign-in form, checking that page and the page it leads to."""
    page.goto(f"{live_server.url}/account/sign-in/")
    check_accessibility(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_accessibility(page)


def confirm_email_from_the_email(page: Page, live_server, email: str) -> None:
    """Open the link we emailed to confirm `email` (the locmem outbox, in this process) and
    press its button, as the owner of the address does."""
    [message] = [m for m in mail.outbox if m.to == [email] and "Confirm" in m.subject]
    [link] = re.findall(r"https?://\S+/account/confirm-email/\S+/", message.body)
    page.goto(f"{live_server.url}{urlsplit(link).path}")
    expect(page.locator("h1")).to_have_text("Confirm your email address")
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Confirm my email address"))
