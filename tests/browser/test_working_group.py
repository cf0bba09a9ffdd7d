"""The working group in the browser.

Riverside's admin closes an assessment, sharing it with the working group on the close page,
then attaches it to a round on the sharing page. A working-group member (the permission comes
through the "Working group" Group, as seed_demo grants it) signs in, creates a round, reads a
round's dashboard, filters it, and downloads the round summary and an organisation's report.
An ordinary organisation admin gets "Page not found" for the working group's pages.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from assessment.models import Assessment, Round, RoundSummary
from tests.factories import make_user

from .a11y import check_accessibility
from .helpers import error_summary_links, focus_is_in_error_summary, sign_in, submit
from .working_group_helpers import LONDON, build_open_assessment, london_round, shared_in

RIVERSIDE = "Riverside Community Trust"
NORTHGATE = "Northgate Borough Council"
NEW_ROUND = "Midlands 2027"
CHART = "Bar chart: how many of the 2 organisations reached each rung, for each principle"


@pytest.fixture
def wg_member(db):
    group, _ = Group.objects.get_or_create(name="Working group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="assessment", codename="view_working_group")
    )
    user = make_user("wanda@workinggroup.example", "Wanda Green")
    user.groups.add(group)
    return user


def heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_have_text(text)


def expect_error_summary(page: Page, links: list[str], message: str) -> None:
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(message)
    assert focus_is_in_error_summary(page), f"The error summary on {page.url} should take focus"
    assert error_summary_links(page) == links, error_summary_links(page)
    for href in links:
        expect(page.locator(href)).to_have_count(1)
    expect(page.locator(".govuk-error-message")).to_contain_text([message])


def test_an_admin_shares_results_when_closing_then_attaches_them_to_a_round(
    page, transactional_db, live_server, framework, admin, organisation
):
    london = london_round()
    assessment = build_open_assessment(organisation, admin, framework)
    base = f"{live_server.url}/organisations/{organisation.pk}/assessments/{assessment.pk}"

    sign_in(page, live_server, admin)
    page.goto(f"{base}/")
    check_accessibility(page)
    page.get_by_role("button", name="Close the assessment").click()
    heading(page, "Close the assessment")
    expect(page.get_by_text("1 response has been submitted.")).to_be_visible()
    expect(page.get_by_text("1 response is still in progress")).to_be_visible()
    check_accessibility(page)

    share = page.get_by_role("group", name="Share the results with the working group?")
    expect(share.get_by_role("radio")).to_have_count(2)
    expect(share.locator("input:checked")).to_have_count(0)  # nothing chosen for them
    rounds = page.get_by_label("Which round are the results part of? (optional)")
    expect(rounds.locator("option")).to_have_text(["Not part of a round", LONDON])

    # -- A round that is no longer there (deleted meanwhile): the error state -------------
    share.get_by_label("Yes, share the results").check()
    rounds.evaluate(
        """select => {
            select.add(new Option("A round deleted meanwhile", "999999"));
            select.value = "999999";
        }"""
    )
    submit(page, page.get_by_role("button", name="Close the assessment"))
    heading(page, "Close the assessment")
    expect_error_summary(page, ["#id_round"], "Choose a round from the list")
    check_accessibility(page)
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(rounds).to_be_focused()
    assessment.refresh_from_db()
    assert assessment.is_open and not assessment.shared_with_working_group
    # The choice made is kept.
    expect(share.get_by_label("Yes, share the results")).to_be_checked()

    # -- Shared, outside any round --------------------------------------------------------
    rounds.select_option(label="Not part of a round")
    submit(page, page.get_by_role("button", name="Close the assessment"))
    heading(page, "Results: Spring 2027")
    expect(page.get_by_role("alert")).to_contain_text(
        "Assessment closed. 1 response in progress was not counted. "
        "The results are shared with the working group."
    )
    check_accessibility(page)
    assessment.refresh_from_db()
    assert not assessment.is_open
    assert assessment.shared_with_working_group and assessment.shared_at is not None
    assert assessment.round is None

    # -- The sharing page: attach the results to the round ---------------------------------
    page.goto(f"{base}/")
    heading(page, "Spring 2027")
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("Share with the working group (shared)")
    page.get_by_role("link", name="Share with the working group").click()
    expect(page).to_have_url(f"{base}/sharing/")
    heading(page, "Share the results with the working group")
    check_accessibility(page)
    expect(page.locator(".govuk-inset-text")).to_contain_text("You shared these results on ")
    share = page.get_by_role("group", name="Share the results with the working group?")
    expect(share.get_by_label("Yes, share the results")).to_be_checked()
    rounds = page.get_by_label("Which round are the results part of? (optional)")
    expect(rounds).to_have_value("")
    rounds.select_option(label=LONDON)
    submit(page, page.get_by_role("button", name="Save", exact=True))

    expect(page).to_have_url(f"{base}/")
    heading(page, "Spring 2027")
    expect(page.get_by_role("alert")).to_contain_text(
        f"The results are shared with the working group as part of {LONDON}."
    )
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("Share with the working group (shared)")
    assessment.refresh_from_db()
    assert assessment.shared_with_working_group and assessment.round == london

    # -- The admin is not in the working group: "Page not found" -------------------------
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav.get_by_role("link", name="Working group")).to_have_count(0)
    response = page.goto(f"{live_server.url}/working-group/")
    assert response.status == 404, response.status
    heading(page, "Page not found")
    check_accessibility(page)
    # Nor their own shared report at the working group's address for it.
    report = f"{live_server.url}/working-group{base.removeprefix(live_server.url)}/report.pdf"
    assert page.request.get(report).status == 404


def test_a_working_group_member_creates_a_round_reads_a_dashboard_and_downloads_pdfs(
    page, transactional_db, live_server, framework, wg_member, organisation, other_organisation
):
    other_organisation.area = "Northgate"
    other_organisation.save(update_fields=["area"])
    london = london_round()
    shared = shared_in(london, framework, [organisation, other_organisation])
    # Never seen by the working group: closed and in the round, but not shared.
    hidden = shared_in(london, framework, [organisation])[RIVERSIDE]
    Assessment.objects.filter(pk=hidden.pk).update(
        shared_with_working_group=False, shared_at=None, title="Not shared"
    )

    # -- Signs in through the form and lands on the working group's page -------------------
    sign_in(page, live_server, wg_member)
    expect(page).to_have_url(f"{live_server.url}/working-group/")
    nav = page.get_by_role("navigation", name="Main menu")
    nav.get_by_role("link", name="Working group").click()
    expect(page).to_have_url(f"{live_server.url}/working-group/")
    heading(page, "Working group")
    check_accessibility(page)
    rounds = page.get_by_role("table", name="Rounds, newest first")
    expect(rounds.locator("tbody tr")).to_have_count(1)
    expect(rounds.locator("tbody tr")).to_contain_text(f"{LONDON} 1 April 2026 to 31 March 2027 2")
    expect(page.get_by_text("None. Every shared assessment is part of a round.")).to_be_visible()

    # -- Creates a round: the end date before the start date first ------------------------
    page.get_by_role("button", name="Create a round").click()
    expect(page).to_have_url(f"{live_server.url}/working-group/rounds/new/")
    heading(page, "Create a round")
    check_accessibility(page)
    page.get_by_label("Name of the round").fill(NEW_ROUND)
    starts = page.get_by_role("group", name="Start date")
    ends = page.get_by_role("group", name="End date")
    for group, (day, month, year) in ((starts, ("1", "4", "2027")), (ends, ("31", "3", "2027"))):
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_label("Description (optional)").fill("Organisations across the Midlands.")
    submit(page, page.get_by_role("button", name="Create the round"))
    heading(page, "Create a round")
    message = "The end date must be the same as or after the start date"
    links = error_summary_links(page)
    assert len(links) == 1, links
    expect_error_summary(page, links, message)
    # The summary's link takes keyboard users to the first box of the end date, the day.
    page.locator(".govuk-error-summary").get_by_role("link", name=message).click()
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    expect(ends.get_by_label("Day"), f"Focus stayed on {focused}").to_be_focused()
    check_accessibility(page)
    assert not Round.objects.filter(name=NEW_ROUND).exists()
    expect(page.get_by_label("Name of the round")).to_have_value(NEW_ROUND)

    ends.get_by_label("Year").fill("2028")
    submit(page, page.get_by_role("button", name="Create the round"))
    new_round = Round.objects.get(name=NEW_ROUND)
    expect(page).to_have_url(f"{live_server.url}/working-group/rounds/{new_round.pk}/")
    heading(page, NEW_ROUND)
    expect(page.get_by_role("alert")).to_contain_text(
        f"{NEW_ROUND} is set up. Organisations can now choose it when they share results."
    )
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text(
        "No organisation has shared its results in this round yet."
    )
    assert (str(new_round.starts_on), str(new_round.ends_on)) == ("2027-04-01", "2028-03-31")

    # -- London's dashboard: two organisations shared ------------------------------------
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Working group"
    ).click()
    heading(page, "Working group")
    check_accessibility(page)
    page.get_by_role("link", name=LONDON).click()
    expect(page).to_have_url(f"{live_server.url}/working-group/rounds/{london.pk}/")
    heading(page, LONDON)
    check_accessibility(page)
    main = page.locator("main")
    expect(main).to_contain_text("2 organisations have shared their results in this round.")
    chart = page.locator("figure.coprod-chart svg")
    expect(chart).to_have_count(1)
    expect(chart).to_have_attribute("role", "img")
    expect(page.get_by_role("img", name=CHART)).to_have_count(1)
    expect(chart.locator("desc")).to_contain_text(
        "1. Recognising people as assets: rung 1 0, rung 2 0, rung 3 0, rung 4 1, rung 5 0, "
        "rung 6 1, rung 7 0, no answer 0."
    )
    counts = page.get_by_role("table", name="Organisations at each rung, for each principle")
    expect(counts.locator("tbody tr")).to_have_count(6)
    # Principle 1: Riverside at rung 6, Northgate at rung 4.
    expect(counts.locator("tbody tr").first.locator("td")).to_have_text(
        ["0", "0", "0", "1", "0", "1", "0", "0"]
    )
    organisations = page.get_by_role("table", name="Organisations that shared their results")
    expect(organisations.locator("tbody th")).to_have_text([NORTHGATE, RIVERSIDE])
    expect(main).not_to_contain_text("Not shared")
    expect(main).to_contain_text("No summary has been made for this round yet.")

    # -- Filters: charities only ----------------------------------------------------------
    page.get_by_label("Type of organisation").select_option(label="Charity")
    expect(page.get_by_label("Area or borough").locator("option")).to_have_text(
        ["All areas", "Northgate", "Riverside"]
    )
    page.get_by_label("Area or borough").select_option(label="Riverside")
    submit(page, page.get_by_role("button", name="Apply filters"))
    # Only the filters in the address: no CSRF token (it would end up in history and logs).
    assert urlsplit(page.url).query == "kind=charity&area=Riverside", page.url
    heading(page, LONDON)
    check_accessibility(page)
    expect(main).to_contain_text("1 organisation matches these filters.")
    filtered = page.get_by_role(
        "table", name="Organisations that shared their results and match these filters"
    )
    expect(filtered.locator("tbody th")).to_have_text([RIVERSIDE])
    expect(page.get_by_label("Type of organisation")).to_have_value("charity")
    expect(page.get_by_role("link", name="Clear the filters")).to_be_visible()

    # -- The per-organisation report -------------------------------------------------------
    report = filtered.get_by_role(
        "link", name=f"Download (PDF) the report for {RIVERSIDE}, {shared[RIVERSIDE].title}"
    )
    expect(report).to_have_attribute(
        "href",
        f"/working-group/organisations/{organisation.pk}/assessments/"
        f"{shared[RIVERSIDE].pk}/report.pdf",
    )
    response = page.request.get(live_server.url + report.get_attribute("href"))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    # The assessment Riverside did not share has no report here.
    hidden_report = f"/working-group/organisations/{organisation.pk}/assessments/{hidden.pk}/"
    assert page.request.get(f"{live_server.url}{hidden_report}report.pdf").status == 404

    # -- The round summary: asked for, built at once, downloaded ---------------------------
    page.get_by_role("link", name="Round summary (PDF)").click()
    expect(page).to_have_url(f"{live_server.url}/working-group/rounds/{london.pk}/summary/")
    heading(page, "Round summary (PDF)")
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Make a summary"))
    expect(page).to_have_url(f"{live_server.url}/working-group/rounds/{london.pk}/summary/")
    heading(page, "Round summary (PDF)")
    check_accessibility(page)
    expect(main.locator(".govuk-tag")).to_have_text("Ready")
    expect(main).to_contain_text("covering 2 organisations")
    summary = RoundSummary.objects.get(round=london)
    assert summary.status == RoundSummary.Status.DONE and summary.organisations_total == 2
    download = page.get_by_role("link", name="Download the round summary (PDF)")
    expect(download).to_have_attribute(
        "href", f"/working-group/rounds/{london.pk}/summaries/{summary.pk}.pdf"
    )
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.body().startswith(b"%PDF-")
    expect(page.get_by_role("button", name="Make a new summary")).to_be_visible()


def test_the_summary_page_follows_the_build_and_offers_the_download_when_ready(
    new_page, transactional_db, live_server, wg_member
):
    from django.utils import timezone

    round = Round.objects.create(
        name=NEW_ROUND, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    summary = RoundSummary.objects.create(
        round=round,
        requested_by=wg_member,
        status=RoundSummary.Status.RUNNING,
        organisations_done=1,
        organisations_total=3,
        heartbeat_at=timezone.now(),
    )
    page = new_page()
    sign_in(page, live_server, wg_member)

    page.goto(f"{live_server.url}/working-group/rounds/{round.pk}/summary/")
    heading(page, "Round summary (PDF)")
    check_accessibility(page)
    RoundSummary.objects.filter(pk=summary.pk).update(organisations_done=2)
    expect(page.get_by_text("2 of 3 organisations done.").first).to_be_visible(timeout=10_000)
    RoundSummary.objects.filter(pk=summary.pk).update(
        status=RoundSummary.Status.DONE,
        organisations_done=3,
        pdf=b"%PDF-1.7 a summary",
        finished_at=timezone.now(),
    )

    download = page.get_by_role("link", name="Download the round summary (PDF)")
    expect(download).to_be_visible(timeout=10_000)
    check_accessibility(page)
