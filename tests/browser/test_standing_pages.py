"""Where an organisation stands, in the browser: the results page's ladder and star chart
show the self-assessed, peer reviewer's and agreed rungs, each labelled in words; the
organisation page lists where each closed assessment stands; both axe-clean, and readable on
a phone without scrolling sideways. The ladder's links take keyboard users to the principle."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from assessment.models import AgreedRung
from tests.assessment.working_group_helpers import (
    closed_assessment,
    peer_review,
    principles_of,
    rungs_of,
)

from .a11y import check_accessibility
from .helpers import sign_in

SELF = [5, 5, 4, 6, 3, 3]
PEER = [5, 6, 4, 7, 2, 3]
PHONE = {"width": 390, "height": 844}
KEY = [
    "Self-assessed: the rung your own people reached",
    "The peer reviewer's rung",
    "Agreed with the reviewer (where nothing is agreed, the self-assessed rung)",
]


def test_the_results_and_organisation_pages_show_where_each_principle_stands(
    new_page, transactional_db, live_server, framework, admin, organisation
):
    assessment = closed_assessment(organisation, framework, SELF, shared=False)
    review = peer_review(assessment, framework, PEER, submitted_at=timezone.now())
    AgreedRung.objects.create(
        assessment=assessment,
        principle=principles_of(framework)[3],
        rung=rungs_of(framework)[7],
        review=review,
        recorded_by=admin,
        reviewer_confirmed_at=timezone.now(),
    )
    page: Page = new_page()
    sign_in(page, live_server, admin)

    # -- The organisation page: where the assessment stands ------------------------------
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    check_accessibility(page)
    listed = page.get_by_role(
        "table", name="Assessments by Riverside Community Trust, newest first"
    )
    expect(listed).to_contain_text("4. Peer support networks: 7. Co-production (peer-confirmed)")
    expect(listed).to_contain_text("1. Recognising people as assets: 5. Engagement (self-assessed)")

    # -- The results page: the ladder and the star chart with three labelled series ------
    page.goto(
        f"{live_server.url}/organisations/{organisation.pk}/assessments/{assessment.pk}/results/"
    )
    check_accessibility(page)
    chart = page.get_by_role(
        "img",
        name="Star chart: the self-assessed, peer reviewer's and agreed rung of each of the six "
        "principles",
    )
    expect(chart).to_have_count(1)
    for label in KEY:
        expect(chart.get_by_text(label, exact=True)).to_have_count(1)
    gold = page.locator(".coprod-ladder__rung--gold")
    expect(gold.locator(".coprod-results-ladder__marker")).to_have_text(
        "4. Peer support networks Peer reviewer Agreed, peer-confirmed"
    )
    table = page.get_by_role("table", name="The rung each principle reached")
    expect(table.locator("tbody tr").nth(3).locator("td").last).to_have_text(
        re.compile(r"^7\. Co-production\s*Peer-confirmed$")
    )

    # The marker's link is reached with the keyboard and takes focus to the principle.
    link = gold.get_by_role("link", name="4. Peer support networks")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{page.url.split('#')[0]}#principle-{principles_of(framework)[3].slug}"
    )

    # -- On a phone: nothing wider than the screen ---------------------------------------
    page.set_viewport_size(PHONE)
    page.reload()
    check_accessibility(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the results page scrolls sideways at 390 px ({width}px)"
