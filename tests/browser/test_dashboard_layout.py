"""The working group's round dashboard fits the screen it is read on: at 1280 px wide every
table shows all its columns without scrolling, and on a phone (390 px) the tables reflow
instead of hiding columns off to the side. Measured in Chromium: no table, region or cell is
wider than the space it has (scrollWidth against clientWidth)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessment.models import AgreedRung
from tests.assessment.working_group_helpers import peer_review, principles_of, rungs_of
from tests.factories import make_user

from .a11y import check_accessibility
from .helpers import sign_in
from .working_group_helpers import LONDON, london_round, shared_in

RIVERSIDE = "Riverside Community Trust"
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

CLIPPED = """() => {
  const problems = [];
  const named = (element) => (element.getAttribute("aria-label")
    || element.querySelector("caption")?.textContent || element.textContent).trim().slice(0, 60);
  for (const box of document.querySelectorAll("main .coprod-table-scroll, main table")) {
    if (box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${box.tagName} "${named(box)}": ${box.scrollWidth} > ${box.clientWidth}`);
    }
  }
  for (const cell of document.querySelectorAll("main th, main td")) {
    if (cell.scrollWidth > cell.clientWidth + 1) {
      problems.push(`cell "${named(cell)}": ${cell.scrollWidth} > ${cell.clientWidth}`);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    problems.push(`the page: ${page.scrollWidth} > ${page.clientWidth}`);
  }
  return problems;
}"""


@pytest.fixture
def wg_member(db):
    group, _ = Group.objects.get_or_create(name="Working group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="assessment", codename="view_working_group")
    )
    user = make_user("wanda@workinggroup.example", "Wanda Green")
    user.groups.add(group)
    return user


def test_the_round_dashboard_fits_a_1280_px_screen_and_reflows_on_a_phone(
    new_page,
    transactional_db,
    live_server,
    framework,
    wg_member,
    admin,
    organisation,
    other_organisation,
):
    london = london_round()
    shared = shared_in(london, framework, [organisation, other_organisation])
    review = peer_review(
        shared[RIVERSIDE], framework, [4, 5, 5, 7, 6, 4], submitted_at=timezone.now()
    )
    AgreedRung.objects.create(
        assessment=shared[RIVERSIDE],
        principle=principles_of(framework)[3],
        rung=rungs_of(framework)[7],
        review=review,
        recorded_by=admin,
        reviewer_confirmed_at=timezone.now(),
    )
    page: Page = new_page()
    sign_in(page, live_server, wg_member)

    for viewport in (WIDE, PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/working-group/rounds/{london.pk}/")
        expect(page.locator("h1")).to_have_text(LONDON)
        expect(page.locator("main table")).not_to_have_count(0)
        assert page.evaluate(CLIPPED) == [], viewport
        check_accessibility(page)
