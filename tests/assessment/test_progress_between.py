"""Progress between assessments (issue 13): the change in standing since the organisation's
previous closed assessment of the same service, and the trend across its assessments, on the
results page and in the PDF report (assessment/progress_between.py, reports/charts.trend_chart).
"""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.models import AgreedRung, Assessment, StoredReport
from assessment.progress_between import TREND_ASSESSMENTS, progress_between
from assessment.reports import pdf
from principles.models import Principle

from .helpers import page_tables, said, text
from .pdf_helpers import pdf_text
from .working_group_helpers import closed_assessment, peer_review, principles_of, rungs_of

SPRING = datetime(2025, 4, 10, 12, 0, tzinfo=UTC)
AUTUMN = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)
BEFORE = [3, 5, 4, 6, 7, 3]
AFTER = [5, 5, 3, 6, 7, 4]  # up 2, same, down 1, same, same, up 1


def closed(organisation, framework, rungs, *, title, at, service="", **fields) -> Assessment:
    """A closed assessment with frozen results `rungs`, closed at `at`."""
    assessment = closed_assessment(
        organisation, framework, rungs, shared=False, title=title, service=service, **fields
    )
    Assessment.objects.filter(pk=assessment.pk).update(closed_at=at)
    assessment.refresh_from_db()
    return assessment


def confirm(assessment, framework, index: int, position: int, *, confirmed=True) -> AgreedRung:
    """An agreed rung for one principle (with a submitted review), confirmed by the reviewer."""
    review = assessment.peer_reviews.first() or peer_review(
        assessment, framework, [4] * 6, submitted_at=timezone.now()
    )
    return AgreedRung.objects.create(
        assessment=assessment,
        principle=principles_of(framework)[index],
        rung=rungs_of(framework)[position],
        review=review,
        reviewer_confirmed_at=timezone.now() if confirmed else None,
    )


def results_url(assessment) -> str:
    return reverse("results", args=[assessment.organisation_id, assessment.pk])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two(organisation, framework):
    spring = closed(organisation, framework, BEFORE, title="Spring 2025", at=SPRING)
    autumn = closed(organisation, framework, AFTER, title="Autumn 2026", at=AUTUMN)
    return spring, autumn


# The change in standing ----------------------------------------------------------------------


def test_each_principle_shows_whether_it_moved_up_stayed_or_moved_down(two):
    spring, autumn = two

    progress = progress_between(autumn)

    assert progress.previous.assessment == spring
    assert [c.rungs for c in progress.changes] == [2, 0, -1, 0, 0, 1]
    assert [c.direction for c in progress.changes] == ["up", "same", "down", "same", "same", "up"]
    assert [c.words for c in progress.changes] == [
        "Up 2 rungs",
        "The same rung",
        "Down 1 rung",
        "The same rung",
        "The same rung",
        "Up 1 rung",
    ]
    assert (progress.moved_up, progress.stayed, progress.moved_down) == (2, 3, 1)


def test_the_results_page_shows_the_change_since_the_previous_assessment(two, admin):
    _, autumn = two

    response = signed_in(admin).get(results_url(autumn))

    assert response.status_code == 200
    words = said(response)
    assert "Since your last assessment" in words
    assert (
        "Compared with Spring 2025 , which closed on 10 April 2025: 2 principles moved up, "
        "3 stayed on the same rung and 1 moved down." in words
    )
    tables = dict(page_tables(text(response), split_elements=True))
    change = tables["Change in standing since Spring 2025"]
    assert change[0] == ["Principle", "Spring 2025", "Autumn 2026", "Change"]
    assert change[1] == [
        "1. Recognising people as assets",
        "3. Informing Self-assessed",
        "5. Engagement Self-assessed",
        "Up 2 rungs",
    ]
    assert [row[3] for row in change[1:]] == [
        "Up 2 rungs",
        "The same rung",
        "Down 1 rung",
        "The same rung",
        "The same rung",
        "Up 1 rung",
    ]


def test_a_peer_confirmed_standing_is_compared_not_the_self_assessed_rung(
    organisation, framework, admin
):
    """Spring's people put principle 1 on rung 3, but agreed rung 6 with their reviewer, who
    confirmed it; Autumn's people put it on rung 5 and their agreed 5 waits for the reviewer."""
    spring = closed(organisation, framework, BEFORE, title="Spring 2025", at=SPRING)
    autumn = closed(organisation, framework, AFTER, title="Autumn 2026", at=AUTUMN)
    confirm(spring, framework, 0, 6)
    confirm(autumn, framework, 0, 5, confirmed=False)

    change = progress_between(autumn).changes[0]

    assert (change.before.position, change.before.source) == (6, "confirmed")
    assert (change.after.position, change.after.source) == (5, "agreed")
    assert change.words == "Down 1 rung"
    tables = dict(page_tables(text(signed_in(admin).get(results_url(autumn))), split_elements=True))
    assert tables["Change in standing since Spring 2025"][1] == [
        "1. Recognising people as assets",
        "6. Co-design Peer-confirmed",
        "5. Engagement Agreed with the reviewer, waiting for them to confirm",
        "Down 1 rung",
    ]


def test_across_framework_versions_principles_are_matched_and_the_page_says_so(
    organisation, framework, admin
):
    """Version 2026.2 puts principles 1 and 2 the other way round: each is still compared
    with itself, not with whatever had its number."""
    newer = framework.new_draft("2026.2")
    first, second = Principle.objects.filter(framework=newer).order_by("position")[:2]
    second.position = 99
    second.save()
    first.position = 2
    first.save()
    second.position = 1
    second.save()
    newer.publish()
    spring = closed(organisation, framework, BEFORE, title="Spring 2025", at=SPRING)
    # Newer's principle 1 is the old principle 2 (rung 5 before); its 2 is the old 1 (rung 3).
    autumn = closed(organisation, newer, [6, 3, 4, 6, 7, 3], title="Autumn 2026", at=AUTUMN)

    progress = progress_between(autumn)

    assert progress.previous.assessment == spring
    assert progress.versions_differ
    assert [(c.principle.slug, c.rungs) for c in progress.changes[:2]] == [
        (second.slug, 1),
        (first.slug, 0),
    ]
    words = said(signed_in(admin).get(results_url(autumn)))
    assert (
        "Spring 2025 used version 2026.1 of the framework, and this assessment version "
        "2026.2. Principles are matched by principle across the versions, and rungs by their "
        "number (1 to 7)." in words
    )


def test_the_first_assessment_has_nothing_to_compare_and_says_when_it_will(
    organisation, framework, admin
):
    only = closed(organisation, framework, BEFORE, title="Spring 2025", at=SPRING)

    assert progress_between(only).previous is None
    words = said(signed_in(admin).get(results_url(only)))
    assert "This is the first assessment that has closed." in words
    assert "Change in standing" not in words
    assert "trend-chart" not in text(signed_in(admin).get(results_url(only)))


def test_only_the_same_organisations_earlier_closed_assessments_of_the_same_service_count(
    organisation, other_organisation, framework
):
    """Another organisation's, another service's, an open one and a later one are not the
    previous assessment; the same service in other capitals is."""
    kitchen = closed(
        organisation, framework, BEFORE, title="Kitchen 2025", at=SPRING, service="Cafe"
    )
    closed(other_organisation, framework, [1] * 6, title="Theirs", at=AUTUMN, service="Cafe")
    closed(organisation, framework, [2] * 6, title="Advice", at=AUTUMN, service="Advice")
    closed(
        organisation,
        framework,
        [2] * 6,
        title="Still open",
        at=None,
        service="Cafe",
        status=Assessment.Status.OPEN,
    )
    later = closed(
        organisation, framework, [7] * 6, title="Later", at=timezone.now(), service="Cafe"
    )
    now = closed(organisation, framework, AFTER, title="Autumn 2026", at=AUTUMN, service="CAFE")

    progress = progress_between(now)

    assert [past.assessment for past in progress.assessments] == [kitchen, now]
    assert later not in [past.assessment for past in progress.assessments]
    assert progress_between(kitchen).previous is None


def test_an_open_assessment_has_no_progress(organisation, framework):
    still_open = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Open"
    )

    assert progress_between(still_open) is None


# The trend -----------------------------------------------------------------------------------


def test_the_trend_chart_marks_peer_confirmed_points_by_shape_and_has_a_table(
    organisation, framework, admin
):
    spring = closed(organisation, framework, BEFORE, title="Spring 2025", at=SPRING)
    closed(
        organisation, framework, [4] * 6, title="Spring 2026", at=datetime(2026, 4, 1, tzinfo=UTC)
    )
    autumn = closed(organisation, framework, AFTER, title="Autumn 2026", at=AUTUMN)
    confirm(spring, framework, 3, 6)
    confirm(autumn, framework, 3, 7)
    confirm(autumn, framework, 4, 7, confirmed=False)

    page = text(signed_in(admin).get(results_url(autumn)))

    svg = re.search(r'<svg[^>]*aria-labelledby="trend-chart-title".*?</svg>', page, re.S)
    assert svg, "the trend chart is on the page"
    chart = svg.group(0)
    assert 'role="img"' in chart
    assert '<title id="trend-chart-title">Trend chart:' in chart
    assert (
        "4. Peer support networks: assessment 1 rung 6 (peer-confirmed), assessment 2 rung 4, "
        "assessment 3 rung 7 (peer-confirmed)." in chart
    )
    # Two peer-confirmed points, and one in the key, are diamonds; every other point a circle.
    assert chart.count("<polygon") == 3
    assert chart.count("<circle") == 6 * 3 - 2 + 1
    tables = dict(page_tables(page, split_elements=True))
    trend = tables["Where each principle stood in each assessment"]
    assert trend[0] == [
        "Principle",
        "1. Spring 2025 closed April 2025",
        "2. Spring 2026 closed April 2026",
        "3. Autumn 2026 closed October 2026",
    ]
    assert trend[4] == [
        "4. Peer support networks",
        "6. Co-design Peer-confirmed",
        "4. Consultation Self-assessed",
        "7. Co-production Peer-confirmed",
    ]
    assert trend[5][3] == "7. Co-production Agreed with the reviewer, waiting for them to confirm"


def test_the_trend_shows_the_last_assessments_only(organisation, framework):
    for year in range(2010, 2010 + TREND_ASSESSMENTS + 2):
        last = closed(
            organisation, framework, [3] * 6, title=f"{year}", at=datetime(year, 5, 1, tzinfo=UTC)
        )

    progress = progress_between(last)

    assert len(progress.assessments) == TREND_ASSESSMENTS
    assert progress.more_before
    assert progress.assessments[0].assessment.title == str(2010 + 2)


# The PDF -------------------------------------------------------------------------------------


def test_the_report_shows_the_change_and_the_trend(two, admin):
    _, autumn = two

    response = signed_in(admin).get(
        reverse("results_pdf", args=[autumn.organisation_id, autumn.pk])
    )

    assert response.status_code == 200
    words = pdf_text(response.content)
    assert (
        "Since the last assessment Compared with Spring 2025, which closed on 10 April 2025: "
        "2 principles moved up, 3 stayed on the same rung and 1 moved down." in words
    )
    assert "Change in standing since Spring 2025" in words
    assert (
        "1. Recognising people as assets 3. Informing Self-assessed 5. Engagement "
        "Self-assessed Up 2 rungs" in words
    )
    assert "Down 1 rung" in words
    assert "Where each principle stood in each assessment" in words


def test_confirming_an_earlier_assessments_rung_makes_its_kept_report_out_of_date(two, framework):
    """The later report shows where the earlier assessment stands, so its fingerprint follows
    the earlier one's agreed rungs too."""
    spring, autumn = two
    fingerprint = StoredReport.fingerprint_of(autumn, pdf.report_layout())

    confirm(spring, framework, 0, 6)

    assert StoredReport.fingerprint_of(autumn, pdf.report_layout()) != fingerprint


# Access and queries --------------------------------------------------------------------------


def test_another_organisation_never_sees_the_progress(two, outsider, other_organisation):
    _, autumn = two

    assert signed_in(outsider).get(results_url(autumn)).status_code == 404


def test_the_results_page_makes_a_bounded_number_of_queries_however_long_the_history(
    organisation, framework, admin, django_assert_max_num_queries
):
    for year in range(2000, 2000 + 3 * TREND_ASSESSMENTS):
        last = closed(
            organisation, framework, [4] * 6, title=f"{year}", at=datetime(year, 5, 1, tzinfo=UTC)
        )
        confirm(last, framework, 0, 5)
    client = signed_in(admin)
    client.get(results_url(last))  # the summary is kept in the cache from now on

    with django_assert_max_num_queries(10):  # as RESULTS_PAGE_QUERIES in test_results_views.py
        response = client.get(results_url(last))

    assert response.status_code == 200
    assert "Where each principle stood in each assessment" in said(response)


def test_a_reviewers_dissent_is_told_as_on_the_rest_of_the_results_page(two, framework, admin):
    """The change table names a standing's source in the same words as the results page's
    standing table (standing.source_label), dissent included."""
    _, autumn = two
    agreed = confirm(autumn, framework, 0, 5, confirmed=False)
    AgreedRung.objects.filter(pk=agreed.pk).update(reviewer_dissent="I saw rung 4")

    change = progress_between(autumn).changes[0]

    dissent = "Agreed by the organisation; the reviewer does not agree"
    assert change.after.source_label == dissent
    words = said(signed_in(admin).get(results_url(autumn)))
    assert words.count(dissent) >= 2  # where it stands, and the change since Spring
