"""Someone without an account answers on a phone through their personal link: says who may see
their examples, answers "I don't know" for a rung, submits; the admin closes with a message;
the same link then shows "What we found". Every page axe-clean."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.models import Assessment, Extent, Respondent
from tests.assessment.answering_helpers import SLUGS, complete, fill_in

from .a11y import check_accessibility
from .assessment_helpers import (
    check_and_submit,
    choose,
    choose_rung,
    evidence,
    save_and_continue,
    saved_rung,
)
from .conftest import TIMEOUT_MS
from .helpers import sign_in, submit

PHONE = {"width": 390, "height": 844}
MESSAGE = "Thank you. We will set up a menu group in May."
EXAMPLE = "Staff ask us what to cook"


@pytest.fixture
def phone(playwright_browser: Browser) -> Iterator[Page]:
    context = playwright_browser.new_context(viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_a_link_respondent_says_i_dont_know_and_later_hears_what_was_found(
    phone, new_page, transactional_db, live_server, framework, admin, organisation
):
    assessment = Assessment(organisation=organisation, title="Spring 2027").start(admin)
    # Three staff and two more people who use services, so Joan's group is big enough to show.
    for number, perspective in enumerate(["staff", "staff", "staff", "person", "person"]):
        other = Respondent.objects.create(assessment=assessment, name=f"Someone {number}")
        complete(other, perspective=perspective, rung=5, submit=True)
    joan, token = assessment.add_by_link(name="Joan Riley")

    # -- Joan answers on her phone -------------------------------------------------------
    page = phone
    page.goto(f"{live_server.url}/respond/{token}/")
    expect(page.locator("h1")).to_contain_text("Your answers")
    page.get_by_role("link", name="About you").click()
    expect(page.get_by_role("heading", name="Who sees your answers and examples")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Person who uses services", exact=True).check()
    page.get_by_label("Yes, my examples may be shown, without my name").check()
    save_and_continue(page)

    for number in (1, 2, 3):
        choose(page, number, "Mostly")
    evidence(page, 1).fill(EXAMPLE)
    choose_rung(page, "I don't know")
    check_accessibility(page)
    save_and_continue(page)
    assert saved_rung(joan, SLUGS[0]) == (None, "")
    joan.refresh_from_db()
    fill_in(joan, SLUGS[1:], extent=Extent.A_LITTLE, rung=4)

    check_and_submit(page, f"{live_server.url}/your-answers/")

    # -- The admin closes the assessment with a message ----------------------------------
    admin_page = new_page()
    sign_in(admin_page, live_server, admin)
    admin_page.goto(
        f"{live_server.url}/organisations/{organisation.pk}/assessments/{assessment.pk}/close/"
    )
    admin_page.get_by_label("A message for everyone who answered (optional)").fill(MESSAGE)
    check_accessibility(admin_page)
    submit(admin_page, admin_page.get_by_role("button", name="Close the assessment"))
    expect(admin_page.get_by_text("Assessment closed.")).to_be_visible()

    # -- Joan opens her link again -------------------------------------------------------
    page.goto(f"{live_server.url}/respond/{token}/")
    expect(page.locator("h1")).to_have_text("What we found")
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    expect(page.get_by_text(EXAMPLE)).to_be_visible()
    check_accessibility(page)
