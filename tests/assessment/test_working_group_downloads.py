"""The working group's downloads (assessment/views/working_group.py): a shared organisation's
report, the round's scores as CSV (dashboards.score_rows, reports/csv.py), and the round summary
PDF built in the background (tasks.build_round_summary, reports/pdf.round_summary_pdf)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessment.dashboards import SCORES_HEADER
from assessment.models import (
    AgreedRung,
    Assessment,
    Organisation,
    PrincipleResult,
    RoundSummary,
)
from assessment.tasks import FAILED_MESSAGE, build_round_summary
from principles.models import Principle, Rung
from tests.factories import make_organisation, make_user

from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import (
    EASTFIELD,
    ELSEWHERE,
    NEVER_IN_LONDON,
    NORTHGATE,
    PEER_RUNGS,
    PRINCIPLE_NAMES,
    RIVERSIDE,
    ROUND_RUNGS,
    SHARED_IN_LONDON,
    SOLO,
    WESTBROOK,
    by_column,
    closed_assessment,
    csv_url,
    dashboard_url,
    done_summary,
    pdf_text,
    report_url,
    rows_of,
    summary_url,
    words,
)

# An organisation's report ------------------------------------------------------------------


def test_the_working_group_downloads_a_shared_organisations_report(wg_client, shared_round):
    response = wg_client.get(report_url(shared_round[RIVERSIDE]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="riverside-community-trust-autumn-2026-report.pdf"'
    )
    text = pdf_text(response.content)
    assert RIVERSIDE in text
    assert "Autumn 2026" in text
    assert "Recognising people as assets" in text


@pytest.mark.parametrize("name", [ELSEWHERE, SOLO], ids=["another-round", "no-round"])
def test_any_shared_report_can_be_downloaded_whatever_its_round(wg_client, shared_round, name):
    response = wg_client.get(report_url(shared_round[name]))

    assert response.status_code == 200
    assert name in pdf_text(response.content)


def test_a_report_address_with_the_wrong_organisation_is_404(wg_client, shared_round):
    riverside, northgate = shared_round[RIVERSIDE], shared_round[NORTHGATE]

    url = reverse("working_group_report_pdf", args=[northgate.organisation_id, riverside.pk])

    assert wg_client.get(url).status_code == 404


# The round's scores as CSV ------------------------------------------------------------------


def test_the_scores_are_an_attachment_named_after_the_round(wg_client, shared_round):
    response = wg_client.get(csv_url(shared_round.round))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="london-202627-scores.csv"'
    assert response.content.startswith("\ufeff".encode())


def test_the_scores_have_one_row_per_organisation_and_principle(wg_client, shared_round):
    rows = rows_of(wg_client.get(csv_url(shared_round.round)))

    assert rows[0] == list(SCORES_HEADER)
    assert [(row[0], row[5]) for row in rows[1:]] == [
        (name, str(position)) for name in SHARED_IN_LONDON for position in range(1, 7)
    ]


def test_each_row_has_the_self_assessed_peer_and_agreed_rungs(wg_client, shared_round, admin):
    riverside = shared_round[RIVERSIDE]
    review = riverside.peer_reviews.order_by("submitted_at").first()
    AgreedRung.objects.create(
        assessment=riverside,
        principle=Principle.objects.get(framework=riverside.framework, position=4),
        rung=Rung.objects.get(framework=riverside.framework, position=7),
        review=review,
        recorded_by=admin,
    )

    rows = by_column(rows_of(wg_client.get(csv_url(shared_round.round))))

    by_key = {(row["Organisation"], int(row["Principle number"])): row for row in rows}
    assert list(by_key[(RIVERSIDE, 1)].values()) == [
        RIVERSIDE,
        "Charity",
        "Riverside",
        "Autumn 2026",
        "Community cafe",
        "1",
        "Recognising people as assets",
        "6",  # self-assessed, everyone together (not the staff or person rows)
        "5",
        "7",
        "3",
        "0",  # nobody said "I don't know"
        "4",  # the first submitted review's rung, not the later one's
        "",  # no agreed rung,
        "",  # so nothing to confirm:
        "6",  # it stands where its people put it,
        "Self-assessed",
    ]
    gold = by_key[(RIVERSIDE, 4)]
    assert gold["Agreed rung"] == "7"
    assert gold["Agreed rung confirmed by the reviewer"] == "No"
    assert (gold["Standing rung"], gold["Standing"]) == (
        "7",
        "Agreed with the reviewer, waiting for them to confirm",
    )
    for name in SHARED_IN_LONDON:
        kind, area, rungs = ROUND_RUNGS[name]
        for position in range(1, 7):
            row = by_key[(name, position)]
            assert row["Type of organisation"] == Organisation.Kind(kind).label
            assert row["Area"] == area
            assert row["Principle"] == PRINCIPLE_NAMES[position - 1]
            rung = rungs[position - 1]
            assert row["Self-assessed rung (1 to 7)"] == ("" if rung is None else str(rung))
            assert row["People who chose a rung"] == ("0" if rung is None else "3")
            peer = PEER_RUNGS.get(name)
            assert row["Peer reviewer's rung"] == (str(peer[position - 1]) if peer else "")
    # Nobody chose a rung for Eastfield's sixth principle: blank cells, nobody counted.
    eastfield = by_key[(EASTFIELD, 6)]
    assert [eastfield[key] for key in SCORES_HEADER[7:11]] == ["", "", "", "0"]


@pytest.mark.parametrize(
    ("filters", "names", "filename"),
    [
        ({"kind": "charity"}, [RIVERSIDE, WESTBROOK], "london-202627-charity-scores.csv"),
        ({"area": "Northgate"}, [NORTHGATE, WESTBROOK], "london-202627-northgate-scores.csv"),
        (
            {"kind": "charity", "area": "Northgate"},
            [WESTBROOK],
            "london-202627-charity-northgate-scores.csv",
        ),
    ],
    ids=["charities", "northgate", "both"],
)
def test_the_scores_respect_the_dashboards_filters(
    wg_client, shared_round, filters, names, filename
):
    response = wg_client.get(csv_url(shared_round.round, **filters))

    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = by_column(rows_of(response))
    assert [row["Organisation"] for row in rows] == [name for name in names for _ in range(6)]


def test_spreadsheet_formulas_in_what_organisations_typed_are_defused(
    wg_client, shared_round, framework
):
    london = shared_round.round
    for name, area, title, service in [
        ('=HYPERLINK("http://x")', "@evil", "-2+3", "+cmd"),
        ("+cmd", "=1+1", "\tTabbed", "@SUM(A1:A9)"),
    ]:
        user = make_user(f"admin{len(name)}@formula.example", "Formula Admin")
        organisation = make_organisation(name, user, area=area)
        closed_assessment(
            organisation,
            framework,
            [3] * 6,
            shared=True,
            round=london,
            title=title,
            service=service,
        )

    rows = by_column(rows_of(wg_client.get(csv_url(london))))

    hyperlink = [row for row in rows if "HYPERLINK" in row["Organisation"]]
    assert len(hyperlink) == 6
    assert {row["Organisation"] for row in hyperlink} == {'\'=HYPERLINK("http://x")'}
    assert {row["Area"] for row in hyperlink} == {"'@evil"}
    assert {row["Assessment"] for row in hyperlink} == {"'-2+3"}
    assert {row["Service or programme"] for row in hyperlink} == {"'+cmd"}
    cmd = [row for row in rows if row["Organisation"] == "'+cmd"]
    assert len(cmd) == 6
    assert {(row["Area"], row["Assessment"], row["Service or programme"]) for row in cmd} == {
        ("'=1+1", "'\tTabbed", "'@SUM(A1:A9)")
    }
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row


# The round summary --------------------------------------------------------------------------


def test_asking_for_a_summary_builds_it_at_once_with_the_immediate_backend(
    wg_client, wg_member, shared_round
):
    london = shared_round.round

    response = wg_client.post(summary_url(london))

    assert response.status_code == 302
    assert response.url == summary_url(london)
    summary = RoundSummary.objects.get(round=london)
    assert summary.status == RoundSummary.Status.DONE
    assert summary.organisations_done == summary.organisations_total == len(SHARED_IN_LONDON)
    assert summary.requested_by == wg_member
    assert summary.error == ""
    assert summary.finished_at is not None
    text = pdf_text(bytes(summary.pdf))
    assert "London 2026/27" in text
    assert "4 organisations have shared their results in this round" in text
    for name in SHARED_IN_LONDON:
        assert name in text
    for name in NEVER_IN_LONDON:
        assert name not in text


def test_the_summary_page_shows_how_it_went_and_links_the_download(wg_client, shared_round):
    london = shared_round.round
    wg_client.post(summary_url(london))
    summary = RoundSummary.objects.get(round=london)

    response = wg_client.get(summary_url(london))

    assert response.status_code == 200
    page = words(response)
    assert "Ready" in page
    assert "covering 4 organisations" in page
    assert "Download the round summary (PDF)" in page
    download = reverse("round_summary_pdf", args=[london.pk, summary.pk])
    assert f'href="{download}"' in response.content.decode()
    assert "Make a new summary" in page
    # The dashboard shows the same.
    assert f'href="{download}"' in wg_client.get(dashboard_url(london)).content.decode()


def test_the_summary_downloads_as_a_pdf_attachment(wg_client, shared_round):
    london = shared_round.round
    wg_client.post(summary_url(london))
    summary = RoundSummary.objects.get(round=london)

    response = wg_client.get(reverse("round_summary_pdf", args=[london.pk, summary.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The date in the name is checked in ..._named_with_the_day_it_was_asked_for_in_london.
    assert re.fullmatch(
        r'attachment; filename="london-202627-\d{4}-\d{2}-\d{2}-summary\.pdf"',
        response["Content-Disposition"],
    )
    assert response.content == bytes(summary.pdf)
    assert "London 2026/27" in pdf_text(response.content)


def test_the_summary_file_is_named_with_the_day_it_was_asked_for_in_london(
    wg_client, wg_member, shared_round
):
    """Half past midnight on 15 July in London is still 14 July in UTC: the file name should
    carry the date the page shows."""
    london = shared_round.round
    summary = done_summary(london, wg_member)
    asked = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)
    RoundSummary.objects.filter(pk=summary.pk).update(requested_at=asked, finished_at=asked)

    response = wg_client.get(reverse("round_summary_pdf", args=[london.pk, summary.pk]))

    assert "15 July 2026" in words(wg_client.get(summary_url(london)))
    assert response["Content-Disposition"] == (
        'attachment; filename="london-202627-2026-07-15-summary.pdf"'
    )


def test_no_download_is_kept_in_a_cache_once_results_may_be_withdrawn(wg_client, shared_round):
    """Withdrawn results must vanish: like the organisation's own report (results_pdf) and the
    scores CSV, the working group's downloads are marked never to be stored."""
    london = shared_round.round
    wg_client.post(summary_url(london))
    summary = RoundSummary.objects.get(round=london)
    downloads = {
        "scores CSV": csv_url(london),
        "round summary PDF": reverse("round_summary_pdf", args=[london.pk, summary.pk]),
        "organisation's report PDF": report_url(shared_round[RIVERSIDE]),
    }

    cache_control = {
        what: wg_client.get(url).get("Cache-Control", "") for what, url in downloads.items()
    }

    assert all("no-store" in value for value in cache_control.values()), cache_control


def test_before_any_summary_the_page_offers_to_make_one(wg_client, shared_round):
    response = wg_client.get(summary_url(shared_round.round))

    assert response.status_code == 200
    page = words(response)
    assert "No summary has been made for this round yet." in page
    assert "Make a summary" in page


def test_a_summary_on_its_way_is_not_asked_for_twice(wg_client, wg_member, shared_round):
    london = shared_round.round
    queued = RoundSummary.objects.create(
        round=london, requested_by=wg_member, organisations_total=4, organisations_done=1
    )

    response = wg_client.post(summary_url(london))

    assert response.status_code == 302
    assert list(RoundSummary.objects.all()) == [queued]
    page = words(wg_client.get(summary_url(london)))
    assert "Waiting to start" in page
    assert "1 of 4 organisations done." in page
    assert "Check again" in page
    progress = wg_client.get(summary_url(london)).content.decode()
    assert re.search(r'<progress max="4" value="1"', progress)


IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"


def test_with_a_real_queue_the_request_only_queues_the_summary_and_a_worker_builds_it(
    wg_client, shared_round, settings
):
    """The request never builds the PDF itself: with a backend that only keeps the task (as the
    database queue does until `db_worker` takes it), the summary waits, and the page says so."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    london = shared_round.round

    response = wg_client.post(summary_url(london))

    assert response.status_code == 302
    summary = RoundSummary.objects.get(round=london)
    assert summary.status == RoundSummary.Status.QUEUED
    assert (summary.organisations_done, summary.organisations_total) == (0, 4)
    assert summary.pdf is None
    page = wg_client.get(summary_url(london))
    assert "Waiting to start 0 of 4 organisations done." in words(page)
    assert '<progress max="4" value="0"' in page.content.decode()

    build_round_summary.call(summary.pk)  # what the worker does

    summary.refresh_from_db()
    assert summary.status == RoundSummary.Status.DONE
    assert summary.organisations_done == 4
    assert "Ready" in words(wg_client.get(summary_url(london)))


def test_a_summary_that_cannot_be_queued_is_recorded_as_failed(wg_client, shared_round, settings):
    """A backend that refuses the task (here: it serves only another queue) stands in for a
    queue that is down."""
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE, "QUEUES": ["somewhere-else"]}}
    london = shared_round.round

    response = wg_client.post(summary_url(london))

    assert response.status_code == 302
    summary = RoundSummary.objects.get(round=london)
    assert summary.status == RoundSummary.Status.FAILED
    assert summary.error == (
        "We could not start building the summary. Please try again in a few minutes."
    )
    assert summary.error in words(wg_client.get(summary_url(london)))


def test_a_round_nobody_shared_in_has_nothing_to_summarise(wg_client, shared_round):
    london = shared_round.round
    Assessment.objects.filter(round=london).update(shared_with_working_group=False)

    response = wg_client.post(summary_url(london))

    assert response.status_code == 302
    assert response.url == dashboard_url(london)
    assert not RoundSummary.objects.exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("nothing to summarise" in m for m in messages)


def test_an_unfinished_summary_cannot_be_downloaded(wg_client, wg_member, shared_round):
    london = shared_round.round
    running = RoundSummary.objects.create(
        round=london, requested_by=wg_member, status=RoundSummary.Status.RUNNING
    )

    response = wg_client.get(reverse("round_summary_pdf", args=[london.pk, running.pk]))

    assert response.status_code == 404


def test_a_failure_while_building_is_recorded_with_a_plain_message(
    wg_client, shared_round, framework
):
    """A real failure, from data rather than a mock: an assessment whose frozen results point at
    a rung of another framework version than the one it was answered against (its draft copy),
    which the summary cannot place on its ladder."""
    london = shared_round.round
    draft = framework.new_draft("2099.1")
    user = make_user("admin@broken.example", "Broken Admin")
    broken = Assessment.objects.create(
        organisation=make_organisation("Broken Ladder Trust", user),
        framework=draft,
        title="Autumn 2026",
        status=Assessment.Status.CLOSED,
        closed_at=timezone.now() - timedelta(days=1),
        shared_with_working_group=True,
        shared_at=timezone.now(),
        round=london,
    )
    PrincipleResult.objects.create(
        assessment=broken,
        principle=Principle.objects.get(framework=draft, position=1),
        rung=Rung.objects.get(framework=framework, position=3),
        lowest_rung=3,
        highest_rung=3,
        respondents=1,
    )

    response = wg_client.post(summary_url(london))

    assert response.status_code == 302
    summary = RoundSummary.objects.get(round=london)
    assert summary.status == RoundSummary.Status.FAILED
    assert summary.error == FAILED_MESSAGE
    assert summary.pdf is None
    assert summary.finished_at is not None
    page = words(wg_client.get(summary_url(london)))
    assert "Failed" in page
    assert FAILED_MESSAGE in page
    assert "Traceback" not in page and "KeyError" not in page
    assert "Make a new summary" in page
    download = reverse("round_summary_pdf", args=[london.pk, summary.pk])
    assert wg_client.get(download).status_code == 404
