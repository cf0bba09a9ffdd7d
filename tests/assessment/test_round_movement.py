"""Movement between rounds on the working group's round dashboard (issue 13): up, same and down
per principle for organisations that shared in this round and the previous one, never named
(assessment/round_movement.py, templates/working_group/_round_movement.html)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.dashboards import round_assessments
from assessment.models import AgreedRung, Round
from assessment.round_movement import previous_round, round_movement
from tests.factories import make_organisation, make_user

from .helpers import page_tables, said, text
from .working_group_helpers import *  # noqa: F403 - the working group's fixtures (london, wg_client)
from .working_group_helpers import closed_assessment, peer_review, principles_of, rungs_of

# (up, same, down) for principles 1 to 6: Riverside and Northgate, the two compared.
EXPECTED = [(1, 0, 1), (1, 1, 0), (0, 0, 2), (0, 2, 0), (0, 2, 0), (1, 1, 0)]
NEVER_COUNTED = ["Hidden Hospice", "Westbrook Kitchen", "Newcomer Trust"]


@pytest.fixture
def last_year(db) -> Round:
    return Round.objects.create(
        name="London 2025/26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)
    )


def new_organisation(name: str):
    return make_organisation(name, make_user(f"admin@{name.split()[0].lower()}.example"))


@pytest.fixture
def two_rounds(organisation, other_organisation, framework, london, last_year):
    """Riverside moves [+2, 0, -1, 0, 0, +1]; Northgate [-2, +1, -1, 0, 0, 0], its principle 1
    standing last year being the rung 6 its reviewer confirmed. Around them, organisations that
    must never be counted: Hidden Hospice did not share last year's; Westbrook shared another
    service; Newcomer Trust took part only this year. Each would add an "up" everywhere."""
    closed_assessment(organisation, framework, [3, 5, 4, 6, 7, 3], shared=True, round=last_year)
    closed_assessment(organisation, framework, [5, 5, 3, 6, 7, 4], shared=True, round=london)
    before = closed_assessment(other_organisation, framework, [4] * 6, shared=True, round=last_year)
    AgreedRung.objects.create(
        assessment=before,
        principle=principles_of(framework)[0],
        rung=rungs_of(framework)[6],
        review=peer_review(before, framework, [6] * 6, submitted_at=timezone.now()),
        reviewer_confirmed_at=timezone.now(),
    )
    closed_assessment(other_organisation, framework, [4, 5, 3, 4, 4, 4], shared=True, round=london)
    hidden = new_organisation("Hidden Hospice")
    closed_assessment(hidden, framework, [1] * 6, shared=False, round=last_year)
    closed_assessment(hidden, framework, [7] * 6, shared=True, round=london)
    westbrook = new_organisation("Westbrook Kitchen")
    closed_assessment(
        westbrook, framework, [1] * 6, shared=True, round=last_year, service="Kitchen"
    )
    closed_assessment(westbrook, framework, [7] * 6, shared=True, round=london, service="Advice")
    closed_assessment(
        new_organisation("Newcomer Trust"), framework, [7] * 6, shared=True, round=london
    )
    return london


def dashboard_url(round) -> str:
    return reverse("round_dashboard", args=[round.pk])


def movement_section(response) -> str:
    page = text(response)
    return page[page.index('id="movement"') : page.index('id="organisations"')]


def test_only_organisations_that_shared_both_are_counted_up_same_or_down(two_rounds, last_year):
    movement = round_movement(two_rounds, round_assessments(two_rounds))

    assert movement.previous == last_year
    assert movement.compared == 2
    assert [(p.up, p.same, p.down) for p in movement.principles] == EXPECTED


def test_the_dashboard_shows_the_movement_and_names_nobody(two_rounds, wg_client):
    response = wg_client.get(dashboard_url(two_rounds))

    assert response.status_code == 200
    words = said(response)
    assert "Movement since London 2025/26" in words
    assert "2 assessments in this round have an assessment of the same service" in words
    tables = dict(page_tables(text(response)))
    table = tables[
        "How many moved up, stayed or moved down since London 2025/26, principle by principle"
    ]
    assert table[0] == ["Principle", "Moved up", "Same rung", "Moved down"]
    assert [tuple(int(cell) for cell in row[1:]) for row in table[1:]] == EXPECTED
    section = movement_section(response)
    for name in [*NEVER_COUNTED, "Riverside Community Trust", "Northgate Borough Council"]:
        assert name not in section


def test_the_filters_apply_to_the_movement(two_rounds, wg_client):
    response = wg_client.get(dashboard_url(two_rounds) + "?kind=local_authority")

    assert "1 assessment in this round has an assessment of the same service" in said(response)


def test_a_round_elsewhere_in_between_is_passed_over(two_rounds, last_year, framework):
    between = Round.objects.create(
        name="Midlands 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    closed_assessment(
        new_organisation("Elsewhere Trust"), framework, [2] * 6, shared=True, round=between
    )

    assert previous_round(two_rounds, round_assessments(two_rounds)) == last_year


def test_a_first_round_says_there_is_nothing_to_compare_yet(
    london, organisation, framework, wg_client
):
    closed_assessment(organisation, framework, [3] * 6, shared=True, round=london)

    response = wg_client.get(dashboard_url(london))

    assert "None of these organisations shared results in an earlier round" in said(response)


def test_only_the_working_group_sees_the_movement(two_rounds, clients):
    for person in ["organisation_admin", "other_organisation_admin", "stranger"]:
        assert clients[person].get(dashboard_url(two_rounds)).status_code == 404, person
    assert clients["anonymous"].get(dashboard_url(two_rounds)).status_code == 302


def test_the_movement_takes_as_many_queries_for_forty_organisations_as_for_two(
    two_rounds, last_year, framework, wg_client, django_assert_max_num_queries
):
    url = dashboard_url(two_rounds) + "?kind=charity"  # filtered: worked out every time
    wg_client.get(url)
    with django_assert_max_num_queries(40) as before:
        wg_client.get(url)
    for n in range(38):
        organisation = new_organisation(f"Pair{n} Charity")
        closed_assessment(organisation, framework, [3] * 6, shared=True, round=last_year)
        closed_assessment(organisation, framework, [4] * 6, shared=True, round=two_rounds)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = wg_client.get(url)

    assert "39 assessments in this round have" in said(response)
