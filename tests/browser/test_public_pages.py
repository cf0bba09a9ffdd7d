"""Pages anyone can read without an account."""

import re

import pytest
from playwright.sync_api import expect

from .a11y import check_accessibility

PUBLIC_PAGES = [
    ("/", "See how well your organisation co-produces its services"),
    ("/framework/", "The co-production framework"),
    ("/framework/people-as-assets/", "Recognising people as assets"),
    ("/framework/?view=easy-read", "The co-production framework"),
    ("/framework/people-as-assets/", "Everyone has something to give"),
    ("/account/sign-in/", "Sign in"),
    ("/account/create/", "Create an account"),
    ("/account/password/reset/", "Reset your password"),
]

FULL_WORDING = "transforming the perception of people from passive recipients"
EASY_READ = "They have skills and ideas to give."


@pytest.fixture
def site(transactional_db, framework, live_server):
    return live_server


def test_public_pages_are_accessible_to_anonymous_visitors(page, site):
    for path, heading in PUBLIC_PAGES:
        response = page.goto(f"{site.url}{path}")
        assert response is not None and response.status == 200, path
        expect(page.locator("h1")).to_have_text(heading)
        check_accessibility(page)


def test_the_easy_read_link_switches_the_wording_back_and_forth(page, site):
    page.goto(f"{site.url}/framework/")
    check_accessibility(page)
    expect(page.get_by_text(FULL_WORDING, exact=False)).to_be_visible()
    expect(page.get_by_text(EASY_READ)).to_have_count(0)

    page.get_by_role("link", name="Show the easy-read version").click()
    expect(page).to_have_url(re.compile(r"/framework/\?view=easy-read$"))
    check_accessibility(page)
    expect(page.get_by_text("You are reading the easy-read version")).to_be_visible()
    expect(page.get_by_text(EASY_READ)).to_be_visible()
    expect(page.get_by_text(FULL_WORDING, exact=False)).to_have_count(0)

    # The easy-read view carries on into a principle's own page, and back.
    page.get_by_role("link", name="Everyone has something to give").click()
    expect(page).to_have_url(re.compile(r"/framework/people-as-assets/\?view=easy-read$"))
    check_accessibility(page)
    expect(page.get_by_text(EASY_READ)).to_be_visible()

    page.get_by_role("link", name="Show the full wording").click()
    expect(page).to_have_url(re.compile(r"/framework/people-as-assets/\?view=full$"))
    check_accessibility(page)
    expect(page.get_by_text(FULL_WORDING, exact=False)).to_be_visible()
    expect(page.get_by_text(EASY_READ)).to_have_count(0)


def test_pages_reflow_at_320_pixels_without_horizontal_scrolling(page, site):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/framework/", "/account/sign-in/"]:
        page.goto(f"{site.url}{path}")
        check_accessibility(page)
        widths = page.evaluate(
            """() => ({
                scroll: document.documentElement.scrollWidth,
                client: document.documentElement.clientWidth,
                wide: [...document.querySelectorAll("body *")]
                    .filter(el => el.getBoundingClientRect().right > 321)
                    .slice(0, 5)
                    .map(el => el.tagName.toLowerCase() + "." + el.className),
            })"""
        )
        assert widths["scroll"] <= 320 + 1, f"{path} scrolls sideways at 320px: {widths}"


def test_the_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_main_content(page, site):
    page.goto(f"{site.url}/framework/")
    check_accessibility(page)
    page.goto(f"{site.url}/framework/")  # fresh load: nothing has been focused yet

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    expect(page.locator("main#main-content")).to_be_focused()

    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert in_main, "After the skip link, Tab should move to the first link in the content"
