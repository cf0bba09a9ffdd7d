"""One truth: every surface tells the same standing for the same assessment, before any
review, once positions are agreed, and once the reviewer confirms them (assessment/standing.py
read by the results page, the PDF report, the scores CSV and the round dashboard)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import AgreedRung
from assessment.reports.pdf import assessment_report
from assessment.standing import Source, standings

from .pdf_helpers import pdf_text, principle_part
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
)

SELF = [5, 5, 4, 6, 3, 3]  # "Peer support networks" (4th) self-assessed at 6
PEER = [5, 5, 4, 7, 3, 3]
GOLD_PRINCIPLE = 3  # index of Peer support networks
FURTHEST = "Principles furthest from the gold standard, furthest first"


@pytest.fixture
def shared(organisation, framework, london, admin):
    assessment = closed_assessment(organisation, framework, SELF, shared=True, round=london)
    review = peer_review(assessment, framework, PEER, submitted_at=timezone.now())
    return assessment, review


def every_surface(assessment, admin, wg_client, london, framework) -> dict:
    """What each surface says of the Peer support networks principle."""
    name = principles_of(framework)[GOLD_PRINCIPLE].name
    results = signed_in(admin).get(
        reverse("results", args=[assessment.organisation_id, assessment.pk])
    )
    page = dict(table(results, f"Where {assessment.organisation.name} stands on each principle"))
    pdf = principle_part(pdf_text(assessment_report(assessment)), GOLD_PRINCIPLE + 1)
    csv_row = next(
        row
        for row in by_column(rows_of(wg_client.get(csv_url(london))))
        if row["Principle"] == name
    )
    gold_row = next(
        row for row in table(wg_client.get(dashboard_url(london)), FURTHEST) if name in row[0]
    )
    return {
        "page": page[name],
        "pdf": pdf[pdf.index("Where you stand:") : pdf.index("Where you are:")],
        "csv": (csv_row["Standing rung"], csv_row["Standing"]),
        "dashboard gold": (gold_row[3], gold_row[4]),  # peer-confirmed, not confirmed
    }


def assert_surfaces_agree(surfaces: dict, standing) -> None:
    rung, label = standing.rung, standing.source_label
    assert surfaces["page"].startswith(f"{rung.position}. {rung.name}"), surfaces
    assert label in surfaces["page"], surfaces
    assert f"Where you stand: {rung.position}. {rung.name} ({label.lower()})" in surfaces["pdf"]
    assert surfaces["csv"] == (str(rung.position), label)
    at_gold = rung.is_gold_standard
    confirmed = at_gold and standing.source == Source.CONFIRMED
    assert surfaces["dashboard gold"] == (
        "1" if confirmed else "0",
        "1" if at_gold and not confirmed else "0",
    )


def test_every_surface_tells_the_same_standing_before_agreeing_and_once_confirmed(
    shared, admin, wg_client, london, framework
):
    assessment, review = shared

    # Before any agreement: where its own people put it, 6.
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
