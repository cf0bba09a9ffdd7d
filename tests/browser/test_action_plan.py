"""The action plan in the browser.

A member adds a suggestion by mistake, is told to drop it (members cannot delete) and does.
Riverside's admin reads the next steps on a closed assessment's results, adds a suggested
practice with the keyboard, is told how to take it back, gives it an owner, a due date and a
status, writes an action of her own (after an empty first try shows what is missing), deletes
it, turns the weekly email off, and downloads the report, whose text shows the plan. Every page
is checked with axe.
"""

import re
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Page, expect

from assessment.models import Perspective
from tests.assessment.pdf_helpers import close_assessment, pdf_text

from .a11y import check_accessibility
from .helpers import error_summary_links, focus_is_in_error_summary, sign_in, submit

PRACTICE = "Design and plan services with the people who use them"
PRINCIPLE = "Recognising people as assets"
MISTAKE = "Give people real roles in running the organisation"
# Everyone on Consultation, so every principle has a next rung and practices to suggest.
RUNGS = dict.fromkeys(
    [
        "people-as-assets",
        "building-capabilities",
        "mutuality-reciprocity",
        "peer-support-networks",
        "breaking-down-barriers",
        "facilitating-not-delivering",
    ],
    4,
)


def heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_have_text(text)


def banner(page: Page):
    return page.locator(".govuk-notification-banner")


def press_with_the_keyboard(page: Page, button) -> None:
    """Tab-reachable and pressed with Enter, as someone without a mouse does."""
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def open_the_next_steps(page: Page, results_url: str) -> None:
    """The results page lists each principle's way up; its link leads to the practices."""
    page.goto(results_url)
    page.get_by_role(
        "link", name=f"{PRINCIPLE}: from Consultation to Engagement", exact=True
    ).click()
    heading(page, "Next steps: moving up a rung")


def add_the_suggestion(page: Page, results_url: str) -> None:
    page.goto(results_url)
    check_accessibility(page)
    open_the_next_steps(page, results_url)
    check_accessibility(page)
    expect(
        page.get_by_role("heading", name=f"1. {PRINCIPLE}: from Consultation to Engagement")
    ).to_be_visible()
    # The hidden words after "Add to our action plan" name the practice and the principle.
    button = page.get_by_role(
        "button", name=re.compile(rf"^Add to our action plan ?: {PRACTICE}, for {PRINCIPLE}$")
    )
    press_with_the_keyboard(page, button)

    heading(page, PRACTICE)
    expect(banner(page)).to_contain_text(
        f"“{PRACTICE}” is in your action plan, for {PRINCIPLE}. Say who leads it"
    )
    expect(banner(page).get_by_role("link", name="Delete it from the plan")).to_be_visible()
    check_accessibility(page)

    # Back on the next steps, the practice shows as planned and cannot be added twice.
    open_the_next_steps(page, results_url)
    expect(page.locator("#next-people-as-assets ~ ul").first).to_contain_text("In your action plan")


def give_it_an_owner_a_date_and_a_status(page: Page) -> None:
    page.get_by_role("link", name="Your action plan").first.click()
    heading(page, "Action plan")
    check_accessibility(page)

    page.get_by_role("link", name=PRACTICE).click()
    heading(page, PRACTICE)
    page.get_by_label("Who leads it?").select_option(label="Sam Patel")
    due = page.get_by_role("group", name="Due date (optional)")
    due.get_by_label("Day").fill("31")
    due.get_by_label("Month").fill("3")
    due.get_by_label("Year").fill("2027")
    page.get_by_role("radio", name="Under way").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Under way")).to_be_checked()
    submit(page, page.get_by_role("button", name="Save changes"))

    heading(page, "Action plan")
    expect(banner(page)).to_contain_text(f"“{PRACTICE}” has been saved.")
    row = page.get_by_role("row", name=re.compile(PRACTICE))
    for words in ("Sam Patel", "31 March 2027", "Under way", PRINCIPLE):
        expect(row).to_contain_text(words)
    check_accessibility(page)


def write_and_delete_an_action(page: Page) -> None:
    page.get_by_role("link", name="write your own action").click()
    heading(page, "Write an action")
    check_accessibility(page)

    submit(page, page.get_by_role("button", name="Add to the action plan"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert focus_is_in_error_summary(page)
    assert "#id_what" in error_summary_links(page)
    check_accessibility(page)

    page.get_by_role("radio", name="Peer support networks").check()
    page.get_by_label("What will you do?").fill("Start a <b>peer</b> group for carers")
    submit(page, page.get_by_role("button", name="Add to the action plan"))
    heading(page, "Action plan")
    expect(page.get_by_role("link", name="Start a <b>peer</b> group for carers")).to_be_visible()

    page.get_by_role("link", name="Start a <b>peer</b> group for carers").click()
    page.get_by_role("link", name="Delete this action").click()
    heading(page, "Delete “Start a <b>peer</b> group for carers”?")
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Delete the action"))
    heading(page, "Action plan")
    expect(banner(page)).to_contain_text("has been deleted from your action plan")
    expect(page.get_by_role("link", name="Start a <b>peer</b> group for carers")).to_have_count(0)
    check_accessibility(page)


def turn_the_weekly_email_off(page: Page) -> None:
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Emails about the actions you lead").click()
    heading(page, "Emails about your actions")
    check_accessibility(page)

    checkbox = page.get_by_role("checkbox", name="Send me a weekly email about the actions I lead")
    expect(checkbox).to_be_checked()
    checkbox.focus()
    page.keyboard.press("Space")
    submit(page, page.get_by_role("button", name="Save"))
    expect(banner(page)).to_contain_text("You will not get emails about the actions you lead.")
    expect(checkbox).not_to_be_checked()
    check_accessibility(page)


def a_member_drops_what_they_added_by_mistake(page: Page, live_server, member, results_url):
    """A member cannot delete: the page they land on tells them to drop it instead."""
    sign_in(page, live_server, member)
    open_the_next_steps(page, results_url)
    button = page.get_by_role(
        "button", name=re.compile(rf"^Add to our action plan ?: {MISTAKE}, for {PRINCIPLE}$")
    )
    press_with_the_keyboard(page, button)
    heading(page, MISTAKE)
    expect(banner(page)).to_contain_text(
        "Added it by mistake? Choose “Dropped” as its status and save. Only an admin can delete"
    )
    expect(page.get_by_role("link", name="Delete this action")).to_have_count(0)
    check_accessibility(page)

    page.get_by_role("radio", name="Dropped").check()
    submit(page, page.get_by_role("button", name="Save changes"))
    expect(page.get_by_role("table", name="Done or dropped")).to_contain_text(MISTAKE)


def test_a_suggestion_becomes_an_action_that_the_report_shows(
    new_page, transactional_db, live_server, framework, admin, colleague, organisation
):
    closed = close_assessment(
        organisation,
        framework,
        admin,
        [{"name": "Ann", "perspective": Perspective.STAFF, "rungs": RUNGS}],
        title="Autumn 2026",
    )
    results_url = live_server.url + reverse("results", args=[organisation.pk, closed.pk])
    a_member_drops_what_they_added_by_mistake(new_page(), live_server, colleague, results_url)
    page = new_page()
    sign_in(page, live_server, admin)

    add_the_suggestion(page, results_url)
    give_it_an_owner_a_date_and_a_status(page)
    write_and_delete_an_action(page)
    turn_the_weekly_email_off(page)

    page.goto(results_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    start = text.index("Action plan What Riverside Community Trust plans to do")
    plan = text[start : text.index("How this report was made", start)]
    # pdftotext reads wrapped table cells line by line, so each is looked for on its own.
    for words in (PRACTICE, "Recognising people as", "Sam Patel", "31 March 2027", "Under way"):
        assert words in plan, plan
    assert MISTAKE in plan and "Dropped" in plan
    assert "peer group for carers" not in text
