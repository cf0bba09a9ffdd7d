"""The report PDF download in the browser, when no report can be laid out just now
(views/report_download.py, static/js/report-download.mjs): the person reads "Your report is
being prepared", and the page's script asks again and starts the download once it can."""

from django.urls import reverse
from playwright.sync_api import expect

from assessment.reports import pdf

from .a11y import check_accessibility
from .helpers import sign_in
from .working_group_helpers import london_round, shared_in


def test_while_other_reports_are_made_the_page_waits_then_downloads_the_report(
    page, transactional_db, live_server, framework, admin, organisation, settings
):
    settings.PDF_RENDER_SLOTS = 1
    assessment = shared_in(london_round(), framework, [organisation])[organisation.name]
    sign_in(page, live_server, admin)
    url = live_server.url + reverse("results_pdf", args=[organisation.pk, assessment.pk])

    with pdf.render_slot("another-report"):
        response = page.goto(url)
        assert response.status == 202
        expect(page.locator("h1")).to_have_text("Your report is being prepared")
        expect(page.get_by_role("link", name="try downloading the report again")).to_have_attribute(
            "href", url.removeprefix(live_server.url)
        )
        check_accessibility(page)

    # The slot is free again: within a Retry-After (3 s) the script asks again and downloads.
    with page.expect_download(timeout=20_000) as download:
        pass
    assert download.value.suggested_filename == "riverside-community-trust-autumn-2026-report.pdf"
    expect(page.locator("[data-report-status]")).to_have_text(
        "Your report is ready. The download is starting."
    )
