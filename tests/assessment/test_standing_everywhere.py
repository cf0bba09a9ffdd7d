"""One truth: every surface tells the same standing for the same assessment, before any
review, once the review is in, once positions are agreed, and once the reviewer confirms them
(assessment/standing.py read by the results page and its chart's table, the PDF report's cover
and principle pages, the scores CSV, the organisation's list of assessments, the round
dashboard and the round summary's organisation page)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.dashboards import round_assessments
from assessment.models import AgreedRung
from assessment.reports.pdf import assessment_report, round_summary_pdf
from assessment.standing import Source, standings

from .pdf_helpers import pdf_pages, pdf_text, principle_part
from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import (
    by_column,
    closed_assessment,
    csv_url,
    dashboard_url,
    peer_review,
    principles_of,
    rows_of,
    rungs_of,
    signed_in,
    table,
    words,
)

SELF = [5, 5, 4, 6, 3, 3]  # "Peer support networks" (4th) self-assessed at 6
PEER = [5, 5, 4, 7, 3, 3]
GOLD_PRINCIPLE = 3  # index of Peer support networks
FURTHEST = "Principles furthest from the gold standard, furthest first"


@pytest.fixture
def shared(organisation, framework, london, admin):
    """A shared assessment whose reviewer has not submitted yet."""
    assessment = closed_assessment(organisation, framework, SELF, shared=True, round=london)
    review = peer_review(assessment, framework, PEER)
    return assessment, review


def every_surface(assessment, admin, wg_client, london, framework) -> dict:
    """What each surface says of the Peer support networks principle."""
    name = principles_of(framework)[GOLD_PRINCIPLE].name
    numbered = f"{GOLD_PRINCIPLE + 1}. {name}"
    results = signed_in(admin).get(
        reverse("results", args=[assessment.organisation_id, assessment.pk])
    )
    page = dict(table(results, f"Where {assessment.organisation.name} stands on each principle"))
    chart_rows = {row[0]: row for row in table(results, "The rung each principle reached")}
    report = pdf_pages(assessment_report(assessment))
    cover = report[0]
    pdf = principle_part(" ".join(report), GOLD_PRINCIPLE + 1)
    csv_row = next(
        row
        for row in by_column(rows_of(wg_client.get(csv_url(london))))
        if row["Principle"] == name
    )
    gold_row = next(
        row for row in table(wg_client.get(dashboard_url(london)), FURTHEST) if name in row[0]
    )
    listed = words(signed_in(admin).get(reverse("organisation", args=[assessment.organisation_id])))
    summary = pdf_text(round_summary_pdf(london, round_assessments(london)))
    organisation_page = summary[summary.index("Where it stands on each principle") :]
    return {
        "page": page[name],
        "chart table": chart_rows[numbered],
        "pdf cover": cover[cover.index(numbered) :],
        "pdf": pdf[pdf.index("Where you stand:") : pdf.index("Where you are:")],
        "csv": (csv_row["Standing rung"], csv_row["Standing"]),
        "assessment list": listed[listed.index(f"{numbered}:") :],
        "dashboard gold": (gold_row[3], gold_row[4]),  # peer-confirmed, not confirmed
        "summary": organisation_page[organisation_page.index(numbered) :],
        "summary gold": summary[summary.index(FURTHEST) :],
    }


def assert_surfaces_agree(surfaces: dict, standing) -> None:
    rung, label = standing.rung, standing.source_label
    said = f"{rung.position}. {rung.name}"
    assert surfaces["page"].startswith(said), surfaces
    assert label in surfaces["page"], surfaces
    if standing.source == Source.SELF:
        assert surfaces["chart table"][-1] != f"{said} {label}", surfaces
    else:  # the chart's table: its last column, the agreed rung, with how it stands
        assert surfaces["chart table"][-1] == f"{said} {label}", surfaces
    gold = " (the gold standard)" if rung.is_gold_standard else ""
    assert surfaces["pdf cover"].startswith(f"{GOLD_PRINCIPLE + 1}. ")
    assert f"{said}{gold} {label}" in surfaces["pdf cover"][:200], surfaces["pdf cover"][:200]
    assert f"Where you stand: {said} ({label.lower()})" in surfaces["pdf"]
    assert surfaces["csv"] == (str(rung.position), label)
    assert surfaces["assessment list"].split(":", 1)[1].startswith(f" {said} ({label.lower()})")
    # The summary says the gold standard in so many words where it is reached.
    assert f"{said} {standing.gold or label}" in surfaces["summary"][:300], surfaces["summary"]
    at_gold = rung.is_gold_standard
    confirmed = at_gold and standing.source == Source.CONFIRMED
    assert surfaces["dashboard gold"] == (
        "1" if confirmed else "0",
        "1" if at_gold and not confirmed else "0",
    )
    # The summary's table of distances from gold: the same split as the dashboard's.
    assert (
        f"{surfaces['dashboard gold'][0]} {surfaces['dashboard gold'][1]} 1"
        in (surfaces["summary gold"][surfaces["summary gold"].index(f"{GOLD_PRINCIPLE + 1}. ") :])
    )


def test_every_surface_tells_the_same_standing_from_before_review_to_confirmation(
    shared, admin, wg_client, london, framework
):
    assessment, review = shared

    # Before the review: where its own people put it, 6.
    standing = standings(assessment)[GOLD_PRINCIPLE]
    assert (standing.rung.position, standing.source) == (6, Source.SELF)
    assert_surfaces_agree(every_surface(assessment, admin, wg_client, london, framework), standing)

    # The review is in, nothing agreed: still where its own people put it.
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at"])
    standing = standings(assessment)[GOLD_PRINCIPLE]
    assert (standing.rung.position, standing.source) == (6, Source.SELF)
    assert_surfaces_agree(every_surface(assessment, admin, wg_client, london, framework), standing)

    # Agreed at the gold standard: it stands there, waiting for the reviewer.
    agreed = AgreedRung.objects.create(
        assessment=assessment,
        principle=principles_of(framework)[GOLD_PRINCIPLE],
        rung=rungs_of(framework)[7],
        review=review,
        recorded_by=admin,
    )
    standing = standings(assessment)[GOLD_PRINCIPLE]
    assert (standing.rung.position, standing.source) == (7, Source.AGREED)
    assert_surfaces_agree(every_surface(assessment, admin, wg_client, london, framework), standing)

    # Confirmed by the reviewer: gold standard, peer-confirmed, everywhere.
    AgreedRung.objects.filter(pk=agreed.pk).update(reviewer_confirmed_at=timezone.now())
    standing = standings(assessment)[GOLD_PRINCIPLE]
    assert (standing.rung.position, standing.source) == (7, Source.CONFIRMED)
    surfaces = every_surface(assessment, admin, wg_client, london, framework)
    assert_surfaces_agree(surfaces, standing)
    assert "Gold standard, peer-confirmed" in surfaces["pdf"]
    assert "Gold standard, peer-confirmed" in surfaces["summary"][:300]
