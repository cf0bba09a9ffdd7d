"""Issue 12's journey, end to end in Chromium, axe on every page: people who use services take
part as equals, by any channel, and hear back.

The admin adds Joan by personal link and prints her letter and the paper questionnaire (the
PDFs' text checked). Joan, on a 390 px phone with easy read and the larger text, says who may
see her examples, answers "I don't know" for a rung, saves and comes back later, and returns
by typing her short code at the code page; she answers another part and sends her answers.
The admin types in May's paper questionnaire (her consent to show examples included) and
closes the assessment with a message. Joan's link then shows "What we found": the message,
each principle's standing in easy-read words, and the examples people agreed to share.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Page, expect

from assessment.models import Assessment, Respondent
from assessment.standing import standings
from tests.assessment.answering_helpers import SLUGS, complete, fill_in
from tests.assessment.pdf_helpers import pdf_text

from .a11y import check_accessibility
from .assessment_helpers import PageWatcher, path_of, question, saved_rung
from .conftest import TIMEOUT_MS
from .helpers import sign_in, submit

PHONE = {"width": 390, "height": 844}
MESSAGE = "Thank you all. From May, the menu group meets every month, and you run it."
JOANS_EXAMPLE = "Staff ask us what to cook"
MAYS_EXAMPLE = "We painted the cafe together"
SERVICE_RUNG = "Where is this service on the ladder?"
SAVED_FOR_LATER = (
    "We saved your answers. To come back, open your link again. Or type the code from your "
    "letter or email on the Enter your code page."
)


@pytest.fixture
def phones(playwright_browser: Browser) -> Iterator:
    """Opens a 390 px phone (its own cookies, as a new visit is), watched for console and
    JavaScript errors like the `new_page` fixture's pages."""
    watcher = PageWatcher()
    contexts: list[BrowserContext] = []

    def open_phone() -> Page:
        context = playwright_browser.new_context(viewport=PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return watcher.watch(context.new_page())

    yield open_phone
    for context in contexts:
        context.close()
    watcher.take("status of 410 (Gone)")  # none expected, but never a reason to fail
    watcher.assert_clean()


@pytest.fixture
def spring(transactional_db, framework, organisation, admin) -> Assessment:
    """Open, with three staff and one more person who uses services who already submitted,
    so that the people who use services (Joan, May and this one) are a group big enough to
    show on their own."""
    cache.clear()  # the code page's rate limit counts in the cache, which outlives tests
    assessment = Assessment(organisation=organisation, title="Spring 2027").start(admin)
    for number, perspective in enumerate(["staff", "staff", "staff", "person"]):
        other = Respondent.objects.create(assessment=assessment, name=f"Someone {number}")
        complete(other, perspective=perspective, rung=5, quoted=False, submit=True)
    return assessment


def downloaded_text(page: Page, button) -> str:
    with page.expect_download() as download:
        button.click()
    return pdf_text(Path(download.value.path()).read_bytes())


def assert_fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_someone_who_uses_services_answers_on_a_phone_and_hears_back(
    new_page, phones, live_server, admin, organisation, spring
):
    # -- The admin adds Joan by personal link, and prints her letter -------------------------
    admin_page = new_page()
    sign_in(admin_page, live_server, admin)
    admin_page.goto(f"{live_server.url}{spring.get_absolute_url()}")
    check_accessibility(admin_page)
    admin_page.get_by_role("button", name="Add someone by personal link").click()
    admin_page.get_by_label("Their name").fill("Joan Riley")
    check_accessibility(admin_page)
    submit(admin_page, admin_page.get_by_role("button", name="Create their personal link"))
    expect(admin_page.locator("h1")).to_have_text("Joan Riley has been added")
    check_accessibility(admin_page)
    link = path_of(admin_page.locator("#personal-link").input_value())
    code = admin_page.locator(".coprod-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    joan = spring.respondents.get(name="Joan Riley")

    letter = downloaded_text(
        admin_page, admin_page.get_by_role("button", name="Print a letter (PDF)")
    )
    assert "Dear Joan Riley," in letter
    assert code in letter
    assert "/code/" in letter
    easy_letter = downloaded_text(
        admin_page, admin_page.get_by_role("button", name="Print an easy-read letter (PDF)")
    )
    assert "Tell us what you think" in easy_letter
    assert code in easy_letter

    # -- ... and the paper questionnaire, standard and easy read -----------------------------
    admin_page.get_by_role("button", name="Back to Spring 2027").click()
    expect(admin_page.locator("h1")).to_have_text("Spring 2027")
    questionnaire = downloaded_text(
        admin_page,
        admin_page.get_by_role("link", name="Download the paper questionnaire (PDF)"),
    )
    assert "Do people's opinions have equal weighting to those of the staff and volunteers?" in (
        questionnaire
    )
    assert "May we show your examples? Tick one." in questionnaire
    easy_questionnaire = downloaded_text(
        admin_page,
        admin_page.get_by_role("link", name="Download the easy-read paper questionnaire (PDF)"),
    )
    assert "Can we show your examples? Tick one box." in easy_questionnaire

    # -- Joan opens her link on her phone, in easy read with the larger text -----------------
    phone = phones()
    phone.goto(f"{live_server.url}{link}")
    expect(phone.locator("h1")).to_have_text("Your answers")
    expect(phone.get_by_role("link", name="Sign in")).to_have_count(0)
    phone.get_by_role("link", name="Show the easy-read version").click()
    expect(phone.get_by_text("You are reading the easy-read version.")).to_be_visible()
    assert phone.locator("html").get_attribute("class").endswith("coprod-larger-text")
    assert_fits_the_phone(phone)
    check_accessibility(phone)

    phone.get_by_role("link", name="About you").click()
    expect(phone.locator("h1")).to_have_text("About you")
    expect(phone.get_by_role("heading", name="Who sees your answers")).to_be_visible()
    expect(phone.get_by_label("What is your name?")).to_have_value("Joan Riley")
    check_accessibility(phone)
    phone.get_by_label("I use this service", exact=True).check()
    phone.get_by_label("Yes, my examples may be shown, without my name").check()
    submit(phone, phone.get_by_role("button", name="Save and continue"))

    # The first part: an answer, an example, and "I don't know" for the rung.
    expect(phone.locator("h1")).to_have_text("Everyone has something to give")
    expect(phone.get_by_role("img", name="A person with a star beside them")).to_be_visible()
    for number in (1, 2, 3):
        question(phone, number).get_by_label("Mostly", exact=True).check()
    phone.get_by_label("Tell us an example for question 1. You do not have to.").fill(JOANS_EXAMPLE)
    phone.get_by_role("group", name=SERVICE_RUNG).get_by_label("I don't know").check()
    assert_fits_the_phone(phone)
    check_accessibility(phone)
    submit(phone, phone.get_by_role("button", name="Save and come back later"))
    expect(phone.locator("h1")).to_have_text("Your answers")
    expect(phone.get_by_text(SAVED_FOR_LATER)).to_be_visible()
    expect(phone.get_by_text("You have done 1 of 6 parts.")).to_be_visible()
    check_accessibility(phone)
    assert saved_rung(joan, SLUGS[0]) == (None, "")
    joan.refresh_from_db()
    assert (joan.perspective, joan.agreed_to_be_quoted) == ("person", True)

    # -- She leaves, and comes back another day with her code --------------------------------
    phone = phones()
    phone.goto(f"{live_server.url}/your-answers/")  # her bookmark, with no session
    expect(phone.locator("h1")).to_have_text("Open your personal link again")
    check_accessibility(phone)
    phone.get_by_role("link", name="Show the easy-read version").click()
    phone.get_by_role("link", name="type your code").click()
    expect(phone.locator("h1")).to_have_text("Enter your code")
    check_accessibility(phone)
    phone.get_by_label("Your code").fill(code.lower().replace("-", " "))  # as she types it
    submit(phone, phone.get_by_role("button", name="Continue"))
    expect(phone.locator("h1")).to_have_text("Your answers")
    expect(phone.get_by_text("You have done 1 of 6 parts.")).to_be_visible()
    check_accessibility(phone)

    # The second part, on the phone; the other four as if answered the same way.
    phone.get_by_role("link", name="Build on what people can do").click()
    for number in (1, 2, 3):
        question(phone, number).get_by_label("A little", exact=True).check()
    phone.get_by_role("group", name=SERVICE_RUNG).get_by_label(re.compile("Rung 4: ")).check()
    check_accessibility(phone)
    submit(phone, phone.get_by_role("button", name="Save and continue"))
    fill_in(joan, SLUGS[2:], rung=4)

    phone.goto(f"{live_server.url}/your-answers/")
    expect(phone.get_by_text("You have done 6 of 6 parts.")).to_be_visible()
    phone.get_by_role("link", name="Check your answers and send them").click()
    expect(phone.locator("h1")).to_have_text("Check your answers")
    expect(phone.get_by_text("I don't know", exact=True)).to_be_visible()
    expect(phone.get_by_text(JOANS_EXAMPLE)).to_be_visible()
    assert_fits_the_phone(phone)
    check_accessibility(phone)
    submit(phone, phone.get_by_role("button", name="Send your answers"))
    expect(phone.locator("h1")).to_have_text("Your answers have been sent")
    check_accessibility(phone)

    # -- The admin types in May's paper questionnaire ----------------------------------------
    admin_page.goto(f"{live_server.url}{spring.get_absolute_url()}")
    admin_page.get_by_role("button", name="Enter a paper response").click()
    admin_page.get_by_label("Their name (optional)").fill("May Brown")
    admin_page.get_by_label("Person who uses services", exact=True).check()
    admin_page.get_by_label(
        "Yes: they ticked that their examples may be shown, without their name"
    ).check()
    check_accessibility(admin_page)
    submit(admin_page, admin_page.get_by_role("button", name="Continue to their answers"))
    expect(admin_page.locator("h1")).to_have_text("Enter every section")
    # As she ticked: every answer "Mostly", rung 3, and "I don't know" for the first rung.
    admin_page.locator('input[type=radio][name$="-extent"][value="3"]').evaluate_all(
        "inputs => inputs.forEach(input => { input.checked = true; })"
    )
    admin_page.locator('input[type=radio][name$="-rung"][value="3"]').evaluate_all(
        "inputs => inputs.forEach(input => { input.checked = true; })"
    )
    admin_page.locator(f'input[name="{SLUGS[0]}-rung"][value="0"]').check()
    admin_page.locator(f'textarea[name="{SLUGS[0]}-rung_evidence"]').fill(MAYS_EXAMPLE)
    check_accessibility(admin_page)
    submit(admin_page, admin_page.get_by_role("button", name="Save their answers"))
    expect(admin_page.get_by_text("6 of 6 sections entered.")).to_be_visible()
    check_accessibility(admin_page)
    submit(admin_page, admin_page.get_by_role("button", name="Submit their answers"))
    row = admin_page.get_by_role("row", name=re.compile("May Brown"))
    expect(row).to_contain_text("Paper, entered on their behalf")
    expect(row).to_contain_text("Submitted")
    may = spring.respondents.get(name="May Brown")
    assert (may.entered_on_paper, may.agreed_to_be_quoted) == (True, True)
    assert saved_rung(may, SLUGS[0]) == (None, MAYS_EXAMPLE)

    # -- ... and closes the assessment with a message ----------------------------------------
    admin_page.get_by_role("button", name="Close the assessment").click()
    admin_page.get_by_label("A message for everyone who answered (optional)").fill(MESSAGE)
    check_accessibility(admin_page)
    submit(admin_page, admin_page.get_by_role("button", name="Close the assessment"))
    expect(admin_page.locator("h1")).to_have_text("Results: Spring 2027")
    check_accessibility(admin_page)

    # -- Joan's link now shows what they found -----------------------------------------------
    phone.goto(f"{live_server.url}{link}")
    expect(phone.locator("h1")).to_have_text("What we found")
    expect(phone.get_by_text(MESSAGE)).to_be_visible()
    for standing in standings(spring):
        principle, rung = standing.principle, standing.rung
        section = phone.locator(f"#found-{principle.slug}").locator("..")
        expect(section.get_by_role("heading")).to_have_text(principle.easy_read_name)
        expect(section).to_contain_text(
            f"We are on rung {rung.position} of 7: {rung.easy_read_name}."
        )
    expect(phone.get_by_text(JOANS_EXAMPLE)).to_be_visible()
    expect(phone.get_by_text(MAYS_EXAMPLE)).to_be_visible()
    assert_fits_the_phone(phone)
    check_accessibility(phone)

    # Her code leads there too.
    phone.context.clear_cookies()
    phone.goto(f"{live_server.url}/code/")
    phone.get_by_label("Your code").fill(code)
    submit(phone, phone.get_by_role("button", name="Continue"))
    expect(phone.locator("h1")).to_have_text("What we found")
    check_accessibility(phone)
