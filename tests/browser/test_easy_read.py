"""A person who uses services answers through a personal link on a 390 px phone, in easy read
with the larger text: the section page reads easily, its pictures show, the text is at least
19 px, nothing scrolls sideways, and axe finds nothing."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from assessment.models import Assessment, Respondent
from principles.models import Question

from .a11y import check_accessibility
from .conftest import TIMEOUT_MS

PHONE = {"width": 390, "height": 844}
FIRST = "people-as-assets"


@pytest.fixture
def link(organisation, admin, framework) -> str:
    assessment = Assessment(organisation=organisation, title="Spring 2027").start(admin)
    respondent = Respondent.objects.create(assessment=assessment, user=None, name="Joan")
    return respondent.new_link()


def test_easy_read_on_a_phone_with_larger_text(playwright_browser: Browser, live_server, link):
    context = playwright_browser.new_context(viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("open_personal_link", args=[link]))
        expect(page.get_by_role("heading", level=1)).to_have_text("Your answers")
        expect(page.get_by_role("link", name="Sign in")).to_have_count(0)

        page.get_by_role("link", name="Make the text larger").click()
        page.get_by_role("link", name="Show the easy-read version").click()
        expect(page.get_by_role("link", name="Make the text smaller")).to_be_visible()
        page.get_by_role("link", name="Everyone has something to give").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Everyone has something to give"
        )
        question = Question.objects.get(principle__framework__version="2026.1", code="nef-1")
        expect(page.get_by_text(question.service_easy_read)).to_be_visible()
        expect(page.get_by_text("Where is this service on the ladder?")).to_be_visible()
        expect(page.get_by_role("img", name="A person with a star beside them")).to_be_visible()
        expect(page.get_by_role("radio", name="Rung 7: Equal partners")).to_have_count(1)
        assert page.locator("html").get_attribute("class").endswith("coprod-larger-text")

        body_size = page.eval_on_selector(
            "main .govuk-body", "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        hint_size = page.eval_on_selector(
            "main .govuk-hint", "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert body_size >= 19 and hint_size >= 19, (body_size, hint_size)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        check_accessibility(page)
    finally:
        context.close()
