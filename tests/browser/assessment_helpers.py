"""Steps the self-assessment browser tests share: answering a section, submitting, and
watching pages opened outside the `new_page` fixture (no JavaScript, a second tab)."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from assessment.models import Answer, Respondent, Section
from tests.assessment.answering_helpers import SLUGS
from tests.factories import PASSWORD

from .a11y import check_accessibility
from .helpers import submit

RUNG_GROUP = re.compile(r"^Where is (your organisation|this service) on the ladder for ")


class PageWatcher:
    """Records console errors (CSP violations among them) and uncaught JavaScript errors of
    pages opened outside the `new_page` fixture, as tests/browser/conftest.py does for its
    own pages. `assert_clean()` fails with everything recorded."""

    def __init__(self):
        self.problems: list[str] = []

    def watch(self, page: Page) -> Page:
        def on_console(message) -> None:
            if message.type == "error":
                self.problems.append(f"console error on {page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JS error on {page.url}: {error}"))
        return page

    def take(self, text: str) -> list[str]:
        """Removes and returns the problems whose text ends with `text`: ones the test expects,
        such as Chromium's console line for a response the server sent with status 409."""
        taken = [p for p in self.problems if p.endswith(text)]
        self.problems = [p for p in self.problems if not p.endswith(text)]
        return taken

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} browser error(s):\n" + "\n".join(
            self.problems
        )


# A page in a context with JavaScript switched off runs no timers, and axe waits on timers,
# so it would hang for ever. Before the check, timers are replaced (until the page is left) by
# microtasks, which do run there. Only what the test itself evaluates uses them: the page's
# own scripts never ran, which is the point of the test, and the check asserts that too.
_TIMERS_AS_MICROTASKS = """() => {
    let id = 0;
    const soon = (fn, ...args) => {
        id += 1;
        Promise.resolve().then(() => (typeof fn === "function" ? fn(...args) : undefined));
        return id;
    };
    window.setTimeout = (fn, _ms, ...args) => soon(fn, ...args);
    window.clearTimeout = () => {};
    window.requestAnimationFrame = (fn) => soon(fn, performance.now());
    window.requestIdleCallback = (fn) => soon(fn, { didTimeout: false, timeRemaining: () => 50 });
}"""


def check_accessibility_without_javascript(page: Page) -> None:
    """`check_accessibility` for a page in a context created with JavaScript switched off."""
    page.wait_for_load_state("load")
    body_class = page.locator("body").get_attribute("class") or ""
    assert "js-enabled" not in body_class, f"JavaScript ran on {page.url}"
    page.evaluate(_TIMERS_AS_MICROTASKS)
    check_accessibility(page)


def path_of(url: str) -> str:
    """An absolute link from an email or the page (it starts with settings.SITE_URL, not the
    live server's address) as a path on the live server."""
    return urlsplit(url).path


def question(page: Page, number: int) -> Locator:
    """The radios of the section's question `number` (its legend starts "1. ...")."""
    return page.get_by_role("group", name=re.compile(rf"^{number}\. "))


def choose(page: Page, number: int, extent: str) -> None:
    question(page, number).get_by_label(extent, exact=True).check()


def rung_group(page: Page) -> Locator:
    return page.get_by_role("group", name=RUNG_GROUP)


def choose_rung(page: Page, rung: str) -> None:
    rung_group(page).get_by_label(rung, exact=True).check()


def evidence(page: Page, number: int) -> Locator:
    """The "An example or evidence" box of question `number`."""
    return page.get_by_label(f"An example or evidence for question {number} (optional)")


def save_and_continue(page: Page) -> None:
    submit(page, page.get_by_role("button", name="Save and continue"))


def choose_perspective(page: Page, perspective: str) -> None:
    """On "About you": says who they answer as, that their examples may be shown, and saves."""
    expect(page.locator("h1")).to_have_text("About you")
    page.get_by_label(perspective, exact=True).check()
    page.get_by_label("Yes, my examples may be shown, without my name").check()
    save_and_continue(page)


def sign_in_without_javascript(page: Page, live_server, user) -> None:
    """`helpers.sign_in`, for a page that runs no JavaScript."""
    page.goto(f"{live_server.url}/account/sign-in/")
    check_accessibility_without_javascript(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_accessibility_without_javascript(page)


def check_and_submit(page: Page, task_list_url: str, check=check_accessibility) -> None:
    """From the task list (every section completed), through "Check your answers" to the
    confirmation panel, checking each page with `check`."""
    page.goto(task_list_url)
    expect(
        page.get_by_text(f"You have completed {len(SLUGS)} of {len(SLUGS)} sections.")
    ).to_be_visible()
    check(page)
    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.locator("h1")).to_have_text("Check your answers")
    expect(page.get_by_text("Not finished")).to_have_count(0)
    check(page)
    submit(page, page.get_by_role("button", name="Submit your answers"))
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.locator("h1")).to_have_text("Your answers have been sent")
    check(page)


def saved_answers(respondent: Respondent, slug: str) -> dict[str, tuple[int | None, str]]:
    """{question code: (extent, evidence)} as the database holds one section."""
    return {
        a.question.code: (a.extent, a.evidence)
        for a in Answer.objects.filter(respondent=respondent, question__principle__slug=slug)
        .select_related("question")
        .order_by("question__position")
    }


def saved_rung(respondent: Respondent, slug: str) -> tuple[str | None, str]:
    section = (
        Section.objects.select_related("rung")
        .filter(respondent=respondent, principle__slug=slug)
        .first()
    )
    assert section is not None, f"Nothing saved for {slug}"
    return (section.rung.name if section.rung_id else None), section.rung_evidence
