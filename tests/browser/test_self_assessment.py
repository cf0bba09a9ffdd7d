"""A team answers a self-assessment in the browser: with and without JavaScript, by keyboard,
from two tabs at once, and with the session time-out warning.

Only the first section of each person's answers is filled in through the pages; the rest are
put straight into the database (`fill_in`), which is what saving them would have done.
"""

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from assessment.models import Assessment, Extent, Respondent
from tests.assessment.answering_helpers import SLUGS, fill_in

from .a11y import assert_no_axe_violations, assert_one_h1, check_accessibility
from .assessment_helpers import (
    PageWatcher,
    check_accessibility_without_javascript,
    check_and_submit,
    choose,
    choose_perspective,
    choose_rung,
    evidence,
    path_of,
    question,
    rung_group,
    save_and_continue,
    saved_answers,
    saved_rung,
    sign_in_without_javascript,
)
from .conftest import TIMEOUT_MS, VIEWPORT
from .helpers import error_summary_links, focus_is_in_error_summary, sign_in, submit

FIRST = SLUGS[0]  # "people-as-assets": three questions, the first section everyone sees
FIRST_NAME = "Recognising people as assets"
SECOND_NAME = "Building on people's existing capabilities"
TOO_LONG = "x" * 5001


@pytest.fixture
def page_without_javascript(playwright_browser: Browser) -> Iterator[Page]:
    """A separate person whose browser runs no JavaScript at all."""
    context = playwright_browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    watcher = PageWatcher()
    page = watcher.watch(context.new_page())
    yield page
    context.close()
    watcher.assert_clean()


@pytest.fixture
def open_assessment(organisation, admin, colleague, framework) -> Assessment:
    """Riverside's "Spring 2027", started by its admin, with the colleague down to answer."""
    assessment = Assessment(organisation=organisation, title="Spring 2027").start(admin)
    assessment.add_colleagues([colleague])
    return assessment


def answer_url(live_server, assessment: Assessment, slug: str = "") -> str:
    base = f"{live_server.url}/organisations/{assessment.organisation_id}/assessments/"
    return f"{base}{assessment.pk}/answer/{slug + '/' if slug else ''}"


# A team of three shows each perspective (small groups: tests/assessment/test_small_groups.py).
@pytest.mark.usefixtures("every_group_shown")
def test_a_team_of_three_answers_one_without_javascript_and_the_admin_reads_the_results(
    new_page,
    page_without_javascript,
    transactional_db,
    live_server,
    framework,
    admin,
    organisation,
    colleague,
):
    # -- The admin starts the assessment -------------------------------------------------
    page = new_page()
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    check_accessibility(page)
    page.get_by_role("button", name="Start an assessment").click()
    expect(page.locator("h1")).to_have_text("Start an assessment")
    check_accessibility(page)
    page.get_by_label("Give the assessment a name").fill("Spring 2027")
    submit(page, page.get_by_role("button", name="Start the assessment"))

    assessment = Assessment.objects.get(organisation=organisation, title="Spring 2027")
    assessment_url = f"{live_server.url}{assessment.get_absolute_url()}"
    expect(page).to_have_url(assessment_url)
    expect(page.locator("h1")).to_have_text("Spring 2027")
    expect(page.get_by_role("alert")).to_contain_text("Spring 2027 has started")
    check_accessibility(page)

    # ... adds the colleague ...
    page.get_by_role("button", name="Add colleagues").click()
    expect(page.locator("h1")).to_have_text("Add colleagues")
    check_accessibility(page)
    page.get_by_label("Sam Patel").check()
    submit(page, page.get_by_role("button", name="Add and email them"))
    expect(page.get_by_role("alert")).to_contain_text(
        "We have emailed Sam Patel a link to answer the assessment."
    )
    check_accessibility(page)
    assert [message.to for message in mail.outbox] == [[colleague.email]]
    links = re.findall(r"https?://\S+/answer/", mail.outbox[0].body)
    assert links, mail.outbox[0].body
    colleague_task_list = f"{live_server.url}{path_of(links[0])}"
    assert colleague_task_list == answer_url(live_server, assessment)

    # ... and someone without an account, by personal link, read off the page shown once.
    page.get_by_role("button", name="Add someone by personal link").click()
    expect(page.locator("h1")).to_have_text("Add someone by personal link")
    check_accessibility(page)
    page.get_by_label("Their name").fill("Joan Riley")
    submit(page, page.get_by_role("button", name="Create their personal link"))
    expect(page.locator("h1")).to_have_text("Joan Riley has been added")
    check_accessibility(page)
    link = page.get_by_label("Joan Riley's personal link").input_value()
    assert "/respond/" in link, link
    code = page.locator(".coprod-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    expect(
        page.get_by_role("img", name="QR code: scan it to open the link for Joan Riley")
    ).to_be_visible()
    page.get_by_role("button", name="Back to Spring 2027").click()
    expect(page).to_have_url(assessment_url)
    people = page.get_by_role("table", name="People answering Spring 2027")
    for name in ("Rita Okafor (you)", "Sam Patel", "Joan Riley"):
        expect(people).to_contain_text(name)
    expect(page.get_by_text("3 invited, 0 started, 0 submitted.")).to_be_visible()
    check_accessibility(page)

    # -- (a) The admin answers, with JavaScript ----------------------------------------------
    page.get_by_role("link", name="Your answers").click()
    task_list_url = answer_url(live_server, assessment)
    expect(page).to_have_url(task_list_url)
    expect(page.locator("h1")).to_have_text("Your answers")
    expect(page.locator("#about-you-status")).to_have_text("Not started")
    check_accessibility(page)

    page.get_by_role("link", name="About you").click()
    expect(page.locator("h1")).to_have_text("About you")
    check_accessibility(page)
    expect(page.get_by_label("Your name")).to_have_value("Rita Okafor")
    # Saving without saying who they answer as, or whether their examples may be shown.
    save_and_continue(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert focus_is_in_error_summary(page), "The error summary should take focus"
    check_accessibility(page)
    first_radio = page.locator("input[type=radio][name=perspective]").first
    consent_radio = page.locator("input[type=radio][name=agreed_to_be_quoted]").first
    assert error_summary_links(page) == [
        f"#{first_radio.get_attribute('id')}",
        f"#{consent_radio.get_attribute('id')}",
    ]
    page.locator(".govuk-error-summary").get_by_role("link").first.click()
    expect(first_radio).to_be_focused()
    choose_perspective(page, "Staff")

    # The first section: each radio is saved in the background at once.
    expect(page.locator("h1")).to_have_text(FIRST_NAME)
    check_accessibility(page)
    status = page.locator("[data-autosave-status]")
    expect(status).to_be_empty()
    choose(page, 1, "Mostly")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    admin_response = Respondent.objects.get(assessment=assessment, user=admin)
    assert saved_answers(admin_response, FIRST)["nef-1"] == (Extent.MOSTLY, "")
    choose(page, 2, "Fully")
    choose(page, 3, "A little")
    choose_rung(page, "Engagement")

    # Evidence one character too long: counted as it is typed, refused when saved.
    evidence(page, 1).fill(TOO_LONG)
    count = page.locator(".govuk-character-count__status").first
    expect(count).to_have_text("You have 1 character too many")
    save_and_continue(page)  # at once, before the typing delay sends it in the background
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("h1")).to_have_text(FIRST_NAME)
    assert focus_is_in_error_summary(page), "The error summary should take focus"
    check_accessibility(page)
    assert error_summary_links(page) == ["#id_nef-1-evidence"]
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The example for question 1 must be 5,000 characters or fewer"
    )
    expect(evidence(page, 1)).to_have_value(TOO_LONG)  # nothing typed is lost
    expect(count).to_have_text("You have 1 character too many")
    expect(question(page, 1).get_by_label("Mostly", exact=True)).to_be_checked()
    expect(rung_group(page).get_by_label("Engagement", exact=True)).to_be_checked()
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(evidence(page, 1)).to_be_focused()

    evidence(page, 1).fill("Members sit on the board and vote on the budget.")
    save_and_continue(page)
    expect(page.locator("h1")).to_have_text(SECOND_NAME)
    check_accessibility(page)
    assert saved_answers(admin_response, FIRST) == {
        "nef-1": (Extent.MOSTLY, "Members sit on the board and vote on the budget."),
        "nef-9": (Extent.FULLY, ""),
        "cp-1": (Extent.A_LITTLE, ""),
    }
    assert saved_rung(admin_response, FIRST) == ("Engagement", "")

    fill_in(admin_response, SLUGS[1:], rung=5)
    check_and_submit(page, task_list_url)

    # -- (b) The colleague answers with JavaScript switched off -----------------------------
    other = page_without_javascript
    sign_in_without_javascript(other, live_server, colleague)
    other.goto(colleague_task_list)
    expect(other.locator("h1")).to_have_text("Your answers")
    check_accessibility_without_javascript(other)
    other.get_by_role("link", name="About you").click()
    check_accessibility_without_javascript(other)
    save_and_continue(other)  # forgetting who they answer as, once more
    expect(other).to_have_title(re.compile(r"^Error: "))
    check_accessibility_without_javascript(other)
    # Without JavaScript the error summary link is a plain link to the first radio.
    other.locator(".govuk-error-summary").get_by_role("link").first.click()
    expect(other.locator("input[type=radio][name=perspective]").first).to_be_focused()
    choose_perspective(other, "Staff")

    expect(other.locator("h1")).to_have_text(FIRST_NAME)
    check_accessibility_without_javascript(other)
    choose(other, 1, "A little")
    choose(other, 2, "Mostly")
    choose(other, 3, "Not yet")
    choose_rung(other, "Consultation")
    evidence(other, 2).fill("We ask families what they can bring.")
    expect(other.locator("[data-autosave-status]")).to_be_empty()  # nothing in the background
    save_and_continue(other)
    expect(other.locator("h1")).to_have_text(SECOND_NAME)
    check_accessibility_without_javascript(other)
    colleague_response = Respondent.objects.get(assessment=assessment, user=colleague)
    assert saved_answers(colleague_response, FIRST) == {
        "nef-1": (Extent.A_LITTLE, ""),
        "nef-9": (Extent.MOSTLY, "We ask families what they can bring."),
        "cp-1": (Extent.NOT_YET, ""),
    }
    fill_in(colleague_response, SLUGS[1:], rung=5)
    check_and_submit(other, colleague_task_list, check_accessibility_without_javascript)

    # -- (c) Joan types the code from her letter: no account, no password --------------------
    joan = new_page()
    joan.goto(f"{live_server.url}/code/")
    expect(joan.locator("h1")).to_have_text("Enter your code")
    check_accessibility(joan)
    joan.get_by_label("Your code").fill(code.lower().replace("-", " "))
    submit(joan, joan.get_by_role("button", name="Continue"))
    link_task_list = f"{live_server.url}/your-answers/"
    expect(joan).to_have_url(link_task_list)
    expect(joan.locator("h1")).to_have_text("Your answers")
    check_accessibility(joan)
    joan.get_by_role("link", name="About you").click()
    check_accessibility(joan)
    expect(joan.get_by_label("Your name")).to_have_value("Joan Riley")
    choose_perspective(joan, "Person who uses services")
    expect(joan.locator("h1")).to_have_text(FIRST_NAME)
    check_accessibility(joan)
    choose(joan, 1, "Not yet")
    choose(joan, 2, "Don't know")
    choose(joan, 3, "A little")
    choose_rung(joan, "Educating")
    expect(joan.locator("[data-autosave-status]")).to_have_text(re.compile(r"^Saved at "))
    save_and_continue(joan)
    expect(joan.locator("h1")).to_have_text(SECOND_NAME)
    check_accessibility(joan)
    joan_response = Respondent.objects.get(assessment=assessment, name="Joan Riley")
    assert joan_response.user is None
    assert saved_rung(joan_response, FIRST) == ("Educating", "")
    fill_in(joan_response, SLUGS[1:], rung=5)
    check_and_submit(joan, link_task_list)

    # -- The admin closes the assessment and reads the results ------------------------------
    page.goto(assessment_url)
    expect(page.get_by_text("3 invited, 3 started, 3 submitted.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Close the assessment").click()
    expect(page.locator("h1")).to_have_text("Close the assessment")
    expect(page.get_by_text("3 responses have been submitted.")).to_be_visible()
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Close the assessment"))

    expect(page.locator("h1")).to_have_text("Results: Spring 2027")
    expect(page.get_by_role("alert")).to_contain_text(
        "Assessment closed. Every response was counted."
    )
    expect(page.get_by_text("3 people sent their answers")).to_be_visible()
    check_accessibility(page)
    first = page.locator("section", has=page.locator(f"#principle-{FIRST}"))
    # Rungs 5 (admin), 4 (colleague) and 2 (Joan): the median is 4, Consultation.
    expect(first).to_contain_text("Consultation (rung 4 of 7)")
    expect(first).to_contain_text("From rung 2 to rung 5")
    # Staff placed it at 4 (the lower middle of 5 and 4), Joan, who uses services, at 2.
    expect(first).to_contain_text("Perspectives differ")
    # Each principle's answers to the questions are on a page of their own.
    first.get_by_role("link", name=re.compile("^How people answered the questions about")).click()
    expect(page.locator("h1")).to_have_text(
        "1. Recognising people as assets: answers to the questions"
    )
    expect(page.get_by_role("table", name="How many people gave each answer")).to_be_visible()
    check_accessibility(page)
    assessment.refresh_from_db()
    assert not assessment.is_open


def test_a_colleague_completes_a_section_with_the_keyboard_alone(
    page, transactional_db, live_server, open_assessment, colleague
):
    slug = "mutuality-reciprocity"  # two questions: nef-2 and nef-4
    sign_in(page, live_server, colleague)
    page.goto(answer_url(live_server, open_assessment, slug))
    expect(page.locator("h1")).to_have_text("Mutuality and reciprocity")
    check_accessibility(page)
    keyboard = page.keyboard

    def focused() -> dict:
        return page.evaluate(
            """() => {
                const el = document.activeElement;
                return {tag: el.tagName, name: el.name || "", value: el.value || "",
                        type: el.type || "", checked: !!el.checked};
            }"""
        )

    # From the top of the page, Tab through the links to the first question's radios.
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    for _ in range(30):
        keyboard.press("Tab")
        if focused()["name"] == "nef-2-extent":
            break
    else:
        pytest.fail(f"Tab never reached the first question; focus is on {focused()}")
    assert focused() == {
        "tag": "INPUT",
        "name": "nef-2-extent",
        "value": "1",
        "type": "radio",
        "checked": False,
    }

    # Question 1: the arrow keys move along the scale and choose.
    keyboard.press("ArrowRight")
    keyboard.press("ArrowRight")
    assert focused()["value"] == str(Extent.MOSTLY) and focused()["checked"]
    keyboard.press("Tab")
    assert focused()["name"] == "nef-2-evidence"
    keyboard.type("We thank volunteers at every meeting.")
    # Back to the scale to change the answer, then on again.
    keyboard.press("Shift+Tab")
    assert focused()["name"] == "nef-2-extent" and focused()["value"] == str(Extent.MOSTLY)
    keyboard.press("ArrowLeft")
    assert focused()["value"] == str(Extent.A_LITTLE) and focused()["checked"]
    keyboard.press("Tab")
    assert focused()["name"] == "nef-2-evidence"
    keyboard.press("Tab")

    # Question 2: Space chooses the radio that has focus.
    assert focused()["name"] == "nef-4-extent" and not focused()["checked"]
    keyboard.press("Space")
    assert focused()["value"] == str(Extent.NOT_YET) and focused()["checked"]
    for _ in range(3):
        keyboard.press("ArrowRight")
    assert focused()["value"] == str(Extent.FULLY) and focused()["checked"]
    keyboard.press("Tab")
    assert focused()["name"] == "nef-4-evidence"
    keyboard.press("Tab")

    # The ladder: the gold standard (7) comes first; two steps down is Engagement (5).
    assert focused()["name"] == "rung" and focused()["value"] == "7"
    keyboard.press("ArrowDown")
    keyboard.press("ArrowDown")
    assert focused()["value"] == "5" and focused()["checked"]
    keyboard.press("Tab")
    assert focused()["name"] == "rung_evidence"
    keyboard.type("Staff and members plan the year together.")
    keyboard.press("Tab")
    button = focused()
    assert button["value"] == "Save and continue", button
    with page.expect_navigation():
        keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Peer support networks")
    check_accessibility(page)
    response = Respondent.objects.get(assessment=open_assessment, user=colleague)
    assert saved_answers(response, slug) == {
        "nef-2": (Extent.A_LITTLE, "We thank volunteers at every meeting."),
        "nef-4": (Extent.FULLY, ""),
    }
    assert saved_rung(response, slug) == ("Engagement", "Staff and members plan the year together.")


def test_saving_a_section_from_two_tabs_shows_both_versions_to_choose_from(
    page, transactional_db, live_server, open_assessment, colleague
):
    slug = "peer-support-networks"  # two questions: nef-6 and nef-7
    sign_in(page, live_server, colleague)
    url = answer_url(live_server, open_assessment, slug)
    page.goto(url)
    check_accessibility(page)
    watcher = PageWatcher()
    second = watcher.watch(page.context.new_page())
    second.goto(url)
    expect(second.locator("h1")).to_have_text("Peer support networks")
    check_accessibility(second)

    # The first tab saves.
    choose(page, 1, "Fully")
    choose(page, 2, "Fully")
    choose_rung(page, "Co-production (the gold standard)")
    save_and_continue(page)
    expect(page.locator("h1")).to_have_text("Breaking down barriers")
    check_accessibility(page)

    # The second tab, loaded before that save, sends different answers.
    choose(second, 1, "Not yet")
    # Its background save is refused at once: it says so, and saves nothing more.
    expect(second.locator("[data-autosave-status]")).to_have_text(
        "Someone saved this section in another window. "
        "Press “Save and continue” to compare both versions."
    )
    choose(second, 2, "A little")
    choose_rung(second, "Informing")
    evidence(second, 1).fill("There is no peer group yet.")
    save_and_continue(second)
    expect(second.locator("h1")).to_have_text("These answers were changed somewhere else")
    check_accessibility(second)
    table = second.get_by_role("table", name="Your answers and the saved answers")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    # Each row: the question, what this tab just sent, what is saved now.
    expect(rows.nth(0).locator("td")).to_have_text(
        [re.compile(r"^Not yet\s*There is no peer group yet\.$"), "Fully"]
    )
    expect(rows.nth(1).locator("td")).to_have_text(["A little", "Fully"])
    expect(rows.nth(2).locator("th")).to_have_text("Rung on the ladder")
    expect(rows.nth(2).locator("td")).to_have_text(
        ["Informing", "Co-production (the gold standard)"]
    )
    response = Respondent.objects.get(assessment=open_assessment, user=colleague)
    assert saved_rung(response, slug) == ("Co-production", "")  # nothing overwritten

    submit(second, second.get_by_role("button", name="Keep what I just sent"))
    expect(second.locator("h1")).to_have_text("Breaking down barriers")
    check_accessibility(second)
    assert saved_answers(response, slug) == {
        "nef-6": (Extent.NOT_YET, "There is no peer group yet."),
        "nef-7": (Extent.A_LITTLE, ""),
    }
    assert saved_rung(response, slug) == ("Informing", "")
    # Chromium logs every 4xx response as a console error. The two 409s (the refused background
    # save and the page comparing both versions) are the ones expected; anything else fails.
    conflicts = watcher.take(
        "Failed to load resource: the server responded with a status of 409 (Conflict)"
    )
    assert len(conflicts) == 2, conflicts
    watcher.assert_clean()


def test_the_session_time_out_warning_can_be_extended(
    page, transactional_db, live_server, open_assessment, colleague
):
    sign_in(page, live_server, colleague)
    url = answer_url(live_server, open_assessment)
    page.goto(url)
    check_accessibility(page)
    # The time really left: the session's clock last restarted when they signed in.
    assert 28800 - 60 < int(page.locator("body").get_attribute("data-session-timeout")) <= 28800

    # An 8-second session: the warning opens 4 seconds after the page loads.
    def short_session(route) -> None:
        response = route.fetch()
        body = re.sub(r'data-session-timeout="\d+"', 'data-session-timeout="8"', response.text())
        route.fulfill(response=response, body=body)

    page.route(url, short_session)
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-session-timeout", "8")
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_contain_text("We will sign you out in 1 minute.")
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert page.evaluate("() => !!document.activeElement.closest('dialog[open]')")
    assert_no_axe_violations(page)
    assert_one_h1(page)

    with page.expect_response(re.compile(r"/account/keep-alive/$")) as keep_alive:
        stay.click()
    assert keep_alive.value.status == 200
    assert keep_alive.value.json() == {"expires_in": 28800}
    expect(dialog).to_be_hidden()
    check_accessibility(page)
