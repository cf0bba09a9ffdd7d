"""The organisation page lists each assessment with where it stands on each principle
(assessment/standing.py), in a fixed number of queries however many assessments it has."""

from django.urls import reverse
from django.utils import timezone

from assessment.models import AgreedRung, Assessment

from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import (
    closed_assessment,
    peer_review,
    principles_of,
    rungs_of,
    signed_in,
    table,
)

SELF = [5, 5, 4, 6, 3, 3]
# The organisation page, measured: the session, the person and their membership (3), the
# assessments and their standings (6), the header's permission lookup, overdue actions, the
# members, waiting invitations (4), and saving the session (3).
PAGE_QUERIES = 16


def organisation_page(admin, organisation):
    return signed_in(admin).get(reverse("organisation", args=[organisation.pk]))


def listed(response) -> dict[str, list[str]]:
    """Each assessment's row: title, started, status, where it stands."""
    rows = table(response, "Assessments by Riverside Community Trust, newest first")
    return {row[0]: row[1:] for row in rows[1:]}


def test_each_closed_assessment_shows_where_it_stands_and_an_open_one_says_when_it_will(
    organisation, framework, admin
):
    closed = closed_assessment(organisation, framework, SELF, shared=False, title="Autumn 2026")
    review = peer_review(closed, framework, SELF, submitted_at=timezone.now())
    AgreedRung.objects.create(
        assessment=closed,
        principle=principles_of(framework)[3],
        rung=rungs_of(framework)[7],
        review=review,
        recorded_by=admin,
        reviewer_confirmed_at=timezone.now(),
    )
    AgreedRung.objects.create(
        assessment=closed,
        principle=principles_of(framework)[0],
        rung=rungs_of(framework)[6],
        review=review,
        recorded_by=admin,
    )
    Assessment.objects.create(organisation=organisation, framework=framework, title="Spring 2027")

    rows = listed(organisation_page(admin, organisation))

    assert rows["Spring 2027"][-1] == "Once the assessment is closed"
    standing = rows["Autumn 2026"][-1]
    assert (
        "1. Recognising people as assets: 6. Co-design (agreed with the reviewer, waiting for "
        "them to confirm)" in standing
    )
    assert "3. Mutuality and reciprocity: 4. Consultation (self-assessed)" in standing
    assert "4. Peer support networks: 7. Co-production (peer-confirmed)" in standing


def test_the_list_takes_the_same_queries_for_one_assessment_or_eight(
    organisation, framework, admin, django_assert_max_num_queries
):
    client = signed_in(admin)
    closed_assessment(organisation, framework, SELF, shared=False)
    client.get(reverse("organisation", args=[organisation.pk]))  # the session settles

    with django_assert_max_num_queries(PAGE_QUERIES):
        one = client.get(reverse("organisation", args=[organisation.pk]))
    for n in range(7):
        closed_assessment(organisation, framework, SELF, shared=False, title=f"Round {n}")
    with django_assert_max_num_queries(PAGE_QUERIES):
        eight = client.get(reverse("organisation", args=[organisation.pk]))

    assert len(listed(one)) == 1 and len(listed(eight)) == 8
