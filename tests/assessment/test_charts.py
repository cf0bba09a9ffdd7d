"""The charts (assessment/reports/charts.py): the star chart and the ladder draw the
self-assessed, peer reviewer's and agreed rungs as three labelled series told apart by line and
marker, not only colour, with the same numbers in a table; the round's bars come from the same
module and wrapper."""

import re
from html import unescape

from django.urls import reverse
from django.utils import timezone

from assessment.models import AgreedRung

from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import (
    closed_assessment,
    peer_review,
    principles_of,
    rungs_of,
    signed_in,
    svg_charts,
    table,
)

SELF = [5, 5, 4, 6, 3, 3]
PEER = [5, 6, 4, 7, 2, 3]
SERIES_KEY = [
    "Self-assessed: the rung your own people reached",
    "The peer reviewer's rung",
    "Agreed with the reviewer (where nothing is agreed, the self-assessed rung)",
]


def results(admin, assessment):
    return signed_in(admin).get(
        reverse("results", args=[assessment.organisation_id, assessment.pk])
    )


def star_chart(response) -> str:
    (chart,) = [svg for svg in svg_charts(response) if "principles-chart-title" in svg]
    return unescape(chart)


def series_lines(chart: str) -> list[tuple[str, str, str]]:
    """(colour, width, dash) of each series' line, bottom first."""
    return re.findall(
        r'<polygon points="[^"]+" fill[^/]*stroke="([^"]+)" stroke-width="([^"]+)" '
        r'stroke-dasharray="([^"]+)"',
        chart,
    )


def test_before_a_review_the_star_chart_draws_the_self_assessed_rungs_alone(
    organisation, framework, admin
):
    assessment = closed_assessment(organisation, framework, SELF, shared=False)
    peer_review(assessment, framework, PEER)  # a draft: never shown

    response = results(admin, assessment)

    chart = star_chart(response)
    assert "Star chart: the rung each of the six principles reached" in chart
    assert SERIES_KEY[0] in chart
    assert SERIES_KEY[1] not in chart and SERIES_KEY[2] not in chart
    assert table(response, "The rung each principle reached")[0] == [
        "Principle",
        "Rung reached",
        "Rung number (1 to 7)",
        "Spread (lowest to highest)",
        "People",
    ]
    assert "coprod-mark--" not in response.content.decode()


def test_self_peer_and_agreed_are_three_labelled_series_drawn_differently(
    organisation, framework, admin
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

    response = results(admin, assessment)

    chart = star_chart(response)
    assert (
        "Star chart: the self-assessed, peer reviewer's and agreed rung of each of the six "
        "principles" in chart
    )
    for label in SERIES_KEY:  # the key, inside the drawing
        assert f">{label}</text>" in chart
    lines = series_lines(chart)
    assert len(lines) == 3
    assert len({dash for _, _, dash in lines}) + len({width for _, width, _ in lines}) >= 4, (
        "the series differ in dash and width, not only colour"
    )
    assert re.search(r'<polygon points="[^"]+" fill="#00703c" stroke="#ffffff"', chart)  # diamonds
    assert re.search(r'<rect [^>]*fill="#ffffff" stroke="#0b0c0c" stroke-width="2"/>', chart)
    assert re.search(r'<circle [^>]*fill="#1d70b8"', chart)  # dots
    description = re.search(r"<desc[^>]*>(.*?)</desc>", chart, flags=re.DOTALL).group(1)
    assert (
        "4. Peer support networks: self-assessed rung 6: co-design, peer reviewer rung 7: "
        "co-production, agreed rung 7: co-production (Peer-confirmed)" in description
    )
    rows = table(response, "The rung each principle reached")
    assert rows[0][-2:] == ["Peer reviewer", "Agreed"]
    assert rows[4][-2:] == ["7. Co-production", "7. Co-production Peer-confirmed"]
    assert rows[1][-2:] == ["5. Engagement", "Not agreed yet"]

    # The ladder: on rung 7, peer support networks, from the reviewer and agreed.
    page = response.content.decode()
    ladder = page[page.index('<ol class="coprod-ladder coprod-results-ladder"') :]
    first = ladder.index('<li class="coprod-ladder__rung')
    top = ladder[first : ladder.index('<li class="coprod-ladder__rung', first + 1)]
    assert 'value="7"' in top
    assert "4. Peer support networks" in top
    assert 'coprod-mark--agreed">Agreed, peer-confirmed<' in top
    assert 'coprod-mark--peer">Peer reviewer<' in top
    assert 'coprod-mark--self">' not in top  # its own people put it on rung 6


def test_the_round_chart_comes_from_the_charts_module_with_the_one_wrapper():
    from assessment import dashboards
    from assessment.reports import charts

    assert dashboards.rung_chart is charts.rung_chart
    assert not hasattr(dashboards, "RUNG_FILLS")
