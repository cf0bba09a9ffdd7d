"""Paper in the browser: the admin prints the questionnaire, types in one that came back on
the person's behalf, and it counts in the results after closing; the facilitation guide."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.models import Assessment, PrincipleResult
from tests.assessment.answering_helpers import SLUGS
from tests.assessment.pdf_helpers import pdf_text

from .a11y import check_accessibility
from .helpers import error_summary_links, sign_in, submit


@pytest.fixture
def spring(transactional_db, framework, organisation, admin) -> Assessment:
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


def test_the_admin_prints_the_questionnaire_and_enters_a_paper_response_that_counts(
    new_page, live_server, admin, spring
):
    page = new_page()
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}{spring.get_absolute_url()}")
    check_accessibility(page)

    # -- Printing ---------------------------------------------------------------------------
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the paper questionnaire (PDF)").click()
    assert download.value.suggested_filename.endswith("questionnaire.pdf")
    words = pdf_text(Path(download.value.path()).read_bytes())
    assert "Do people's opinions have equal weighting to those of the staff and volunteers?" in (
        words
    )
    assert "Not yet A little Mostly Fully Don't know" in words
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the easy-read paper questionnaire (PDF)").click()
    assert "Tell us what you think" in pdf_text(Path(download.value.path()).read_bytes())

    # -- Who answered ----------------------------------------------------------------------
    page.get_by_role("button", name="Enter a paper response").click()
    expect(page.locator("h1")).to_have_text("Enter a paper response")
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Continue to their answers"))
    assert error_summary_links(page) == ["#id_perspective_1", "#id_agreed_to_be_quoted_1"]
    check_accessibility(page)
    page.get_by_label("Their name (optional)").fill("May Brown")
    page.get_by_label("Person who uses services", exact=True).check()
    page.get_by_label(
        "Yes: they ticked that their examples may be shown, without their name"
    ).check()
    submit(page, page.get_by_role("button", name="Continue to their answers"))

    # -- Their answers, every section on one page -------------------------------------------
    expect(page.locator("h1")).to_have_text("Enter every section")
    expect(page.locator("h2.govuk-heading-l")).to_have_count(6)
    check_accessibility(page)
    # A person who uses services is asked about this service.
    first = page.get_by_role(
        "group", name=re.compile(r"^1\. At this service, do the opinions of the people")
    ).first
    first.get_by_label("Mostly", exact=True).check()
    page.get_by_label("An example or evidence for question 1 (optional)").first.fill(
        "We asked them first about the new café."
    )
    # The rest as the admin would tick them from the paper: every answer Mostly, rung 3.
    page.locator('input[type=radio][name$="-extent"][value="3"]').evaluate_all(
        "inputs => inputs.forEach(input => { input.checked = true; })"
    )
    page.locator('input[type=radio][name$="-rung"][value="3"]').evaluate_all(
        "inputs => inputs.forEach(input => { input.checked = true; })"
    )
    submit(page, page.get_by_role("button", name="Save their answers"))

    expect(page.locator("h1")).to_have_text("Paper response from May Brown")
    expect(page.get_by_text(f"{len(SLUGS)} of {len(SLUGS)} sections entered.")).to_be_visible()
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Submit their answers"))

    expect(page.locator("h1")).to_have_text("Spring 2027")
    expect(page.get_by_role("alert")).to_contain_text("marked as entered on their behalf")
    row = page.get_by_role("row", name=re.compile("May Brown"))
    expect(row).to_contain_text("Paper, entered on their behalf")
    expect(row).to_contain_text("Submitted")
    check_accessibility(page)

    # -- Closing: the paper response is counted ----------------------------------------------
    page.get_by_role("button", name="Close the assessment").click()
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Close the assessment"))
    expect(page.locator("h1")).to_have_text("Results: Spring 2027")
    expect(page.get_by_text("1 person sent their answers")).to_be_visible()
    expect(page.locator("#entered-on-paper")).to_have_text(
        re.compile(r"^1 response was given on a paper questionnaire and entered on the person's")
    )
    check_accessibility(page)
    everyone = PrincipleResult.objects.get(
        assessment=spring, principle__slug=SLUGS[0], perspective=""
    )
    assert (everyone.respondents, everyone.rung.position) == (1, 3)


def test_the_facilitation_guide_from_the_footer(new_page, live_server, transactional_db):
    page = new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("contentinfo").get_by_role(
        "link", name="How to run an assessment with people who use services"
    ).click()
    expect(page.locator("h1")).to_have_text("How to run an assessment with people who use services")
    check_accessibility(page)
    page.get_by_role("link", name="3. Running a session").click()
    expect(page).to_have_url(re.compile(r"/guide/#session$"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this guide to print (PDF)").click()
    assert "5. Agreeing actions" in pdf_text(Path(download.value.path()).read_bytes())
