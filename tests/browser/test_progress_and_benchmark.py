"""The results page with progress between assessments and a comparison with organisations like
yours, in the browser (issue 13): the change in standing, the trend chart and its table, and
the benchmark, axe-clean on a wide screen and a phone's."""

from datetime import UTC, date, datetime

from django.urls import reverse
from playwright.sync_api import expect

from assessment.models import AgreedRung, Assessment, Organisation, Round
from tests.assessment.working_group_helpers import (
    closed_assessment,
    peer_review,
    principles_of,
    rungs_of,
)
from tests.factories import make_organisation, make_user

from .a11y import check_accessibility
from .helpers import sign_in

NEIGHBOURS = ["Brook Lane Tenants", "Hillside Play", "Canal Side Food Bank", "Mill Yard Club"]


def closed_on(organisation, framework, rungs, title, at, round):
    assessment = closed_assessment(
        organisation, framework, rungs, shared=True, round=round, title=title
    )
    Assessment.objects.filter(pk=assessment.pk).update(closed_at=at)
    return assessment


def test_the_results_page_shows_the_change_the_trend_and_organisations_like_yours(
    page, transactional_db, live_server, framework, admin, organisation
):
    Organisation.objects.filter(pk=organisation.pk).update(sector="community")
    last_year = Round.objects.create(
        name="London 2025/26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )
    london = Round.objects.create(
        name="London 2026/27", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31)
    )
    spring = closed_on(
        organisation,
        framework,
        [3, 5, 4, 6, 7, 3],
        "Spring 2025",
        datetime(2025, 5, 1, tzinfo=UTC),
        last_year,
    )
    AgreedRung.objects.create(
        assessment=spring,
        principle=principles_of(framework)[3],
        rung=rungs_of(framework)[6],
        review=peer_review(spring, framework, [6] * 6, submitted_at=datetime.now(UTC)),
        reviewer_confirmed_at=datetime.now(UTC),
    )
    autumn = closed_on(
        organisation,
        framework,
        [5, 5, 3, 6, 7, 4],
        "Autumn 2026",
        datetime(2026, 10, 1, tzinfo=UTC),
        london,
    )
    for n, name in enumerate(NEIGHBOURS):
        neighbour = make_organisation(
            name, make_user(f"admin{n}@neighbour.example"), sector="community"
        )
        closed_on(
            neighbour,
            framework,
            [n + 2] * 6,
            "Autumn 2026",
            datetime(2026, 10, 1, tzinfo=UTC),
            london,
        )

    sign_in(page, live_server, admin)
    page.goto(live_server.url + reverse("results", args=[organisation.pk, autumn.pk]))

    main = page.locator("main")
    expect(page.get_by_role("heading", name="Since your last assessment")).to_be_visible()
    expect(main).to_contain_text(
        "2 principles moved up, 3 stayed on the same rung and 1 moved down."
    )
    change = page.get_by_role("table", name="Change in standing since Spring 2025")
    expect(change.locator("tbody tr")).to_have_count(6)
    expect(change.locator("tbody tr").nth(3).locator("td")).to_have_text(
        ["6. Co-designPeer-confirmed", "6. Co-designSelf-assessed", "The same rung"]
    )
    chart = page.get_by_role(
        "img", name="Trend chart: the rung each principle stood on in each assessment, oldest first"
    )
    expect(chart).to_have_count(1)
    expect(chart.locator("desc")).to_contain_text(
        "4. Peer support networks: assessment 1 rung 6 (peer-confirmed), assessment 2 rung 6."
    )
    trend = page.get_by_role("table", name="Where each principle stood in each assessment")
    expect(trend.locator("thead th")).to_have_count(3)
    expect(page.get_by_role("heading", name="Organisations like yours")).to_be_visible()
    benchmark = page.get_by_role(
        "table", name="How many of the 5 organisations like yours stand on each rung"
    )
    expect(benchmark.locator("tbody tr")).to_have_count(6)
    for name in NEIGHBOURS:
        expect(main).not_to_contain_text(name)
    check_accessibility(page)

    # On a phone, the wide tables scroll sideways in regions a keyboard can reach.
    page.set_viewport_size({"width": 375, "height": 800})
    region = page.get_by_role(
        "region", name="How organisations like yours stand (table, scrolls sideways)"
    )
    region.focus()
    expect(region).to_be_focused()
    check_accessibility(page)
