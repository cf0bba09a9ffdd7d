"""Benchmark, safely (issue 13): beside its own standing, an organisation sees how organisations
of its kind (sector and size) that shared in the same round stand, only in groups of at least
five, never named (assessment/benchmark.py, templates/assessment/_benchmark.html)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.benchmark import MIN_ORGANISATIONS, Why, benchmark
from assessment.models import AgreedRung, Assessment, Organisation
from tests.factories import make_organisation, make_user

from .helpers import page_tables, said, text
from .working_group_helpers import *  # noqa: F403 - the working group's fixtures (london, midlands)
from .working_group_helpers import closed_assessment, peer_review, principles_of, rungs_of

OURS = [5, 4, 4, 6, 3, 2]
# Four others of Riverside's kind (community, small), their rungs for principles 1 to 6.
OTHERS = {
    "Brook Lane Tenants": [5, 3, 4, 7, 2, None],
    "Hillside Play": [3, 3, 4, 6, 2, 2],
    "Canal Side Food Bank": [5, 5, 5, 6, 3, 3],
    "Mill Yard Club": [2, 4, 1, 6, 3, 2],
}
KIND = {"sector": "community", "size": Organisation.Size.SMALL}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def results_url(assessment) -> str:
    return reverse("results", args=[assessment.organisation_id, assessment.pk])


def other(name: str, **fields) -> Organisation:
    admin = make_user(f"admin@{name.split()[0].lower()}.example", f"{name} admin")
    return make_organisation(name, admin, **{**KIND, **fields})


def share(organisation, framework, rungs, round, **fields):
    return closed_assessment(organisation, framework, rungs, shared=True, round=round, **fields)


@pytest.fixture
def ours(organisation, framework, london):
    Organisation.objects.filter(pk=organisation.pk).update(**KIND)
    organisation.refresh_from_db()
    return share(organisation, framework, OURS, london)


@pytest.fixture
def three_others(framework, london):
    names = list(OTHERS)[:3]
    return [share(other(name), framework, OTHERS[name], london) for name in names]


@pytest.fixture
def four_others(three_others, framework, london):
    name = list(OTHERS)[3]
    return [*three_others, share(other(name), framework, OTHERS[name], london)]


def test_with_four_organisations_of_its_kind_nothing_is_compared(ours, three_others, admin):
    found = benchmark(ours)

    assert found.why_not == Why.TOO_FEW
    response = signed_in(admin).get(results_url(ours))
    words = said(response)
    assert (
        "Fewer than 5 organisations of your kind (community, 10 to 49 staff and volunteers) "
        "have shared their results in London 2026/27 so far" in words
    )
    assert "How many of the" not in words
    for name in OTHERS:
        assert name not in text(response)


def test_with_five_the_distribution_shows_beside_its_own_standing_never_naming_any(
    ours, four_others, admin
):
    found = benchmark(ours)

    assert found.shown and found.organisations == MIN_ORGANISATIONS
    first = found.rows[0]
    assert first.own == 5
    assert [count for _, count in first.counts] == [0, 1, 1, 0, 3, 0, 0]
    assert found.rows[5].no_result == 1
    response = signed_in(admin).get(results_url(ours))
    assert response.status_code == 200
    tables = dict(page_tables(text(response), split_elements=True))
    table = tables["How many of the 5 organisations like yours stand on each rung"]
    assert table[0][:3] == ["Principle", "Where you stand", "1. Coercion"]
    assert table[0][-1] == "No result"
    assert table[1] == [
        "1. Recognising people as assets",
        "Rung 5",
        "0",
        "1",
        "1",
        "0",
        "3 (you among them)",
        "0",
        "0",
        "0",
    ]
    assert "5 organisations of your kind (community, 10 to 49 staff and volunteers), you " in (
        said(response)
    )
    for name in OTHERS:
        assert name not in text(response)


def test_another_organisations_peer_confirmed_standing_is_what_counts(ours, four_others, framework):
    """Mill Yard Club put principle 1 on rung 2 but agreed rung 6 with its reviewer."""
    mill_yard = four_others[3]
    AgreedRung.objects.create(
        assessment=mill_yard,
        principle=principles_of(framework)[0],
        rung=rungs_of(framework)[6],
        review=peer_review(mill_yard, framework, [6] * 6, submitted_at=timezone.now()),
        reviewer_confirmed_at=timezone.now(),
    )

    assert [count for _, count in benchmark(ours).rows[0].counts] == [0, 0, 1, 0, 3, 1, 0]


@pytest.mark.parametrize(
    "fifth",
    ["not shared", "another round", "another sector", "another size", "a second assessment"],
)
def test_only_organisations_of_its_kind_that_shared_in_the_same_round_count(
    ours, three_others, framework, london, midlands, fifth
):
    rungs = OTHERS["Mill Yard Club"]
    if fifth == "not shared":
        closed_assessment(other("Mill Yard Club"), framework, rungs, shared=False, round=london)
    elif fifth == "another round":
        share(other("Mill Yard Club"), framework, rungs, midlands)
    elif fifth == "another sector":
        share(other("Mill Yard Club", sector="housing"), framework, rungs, london)
    elif fifth == "another size":
        share(other("Mill Yard Club", size=Organisation.Size.MEDIUM), framework, rungs, london)
    else:  # one of the four shares a second assessment: still four organisations
        share(three_others[0].organisation, framework, rungs, london, title="Again")

    assert benchmark(ours).why_not == Why.TOO_FEW


def test_an_organisation_counts_once_by_its_latest_assessment_in_the_round(
    ours, four_others, framework, london
):
    brook_lane = four_others[0]
    share(brook_lane.organisation, framework, [7] * 6, london, title="Later")
    Assessment.objects.filter(pk=brook_lane.pk).update(closed_at=timezone.now().replace(year=2020))

    found = benchmark(ours)

    assert found.organisations == MIN_ORGANISATIONS
    assert [count for _, count in found.rows[0].counts] == [0, 1, 1, 0, 2, 0, 1]


def test_an_assessment_not_shared_in_a_round_sees_no_comparison_and_learns_how(
    organisation, framework, four_others, admin
):
    Organisation.objects.filter(pk=organisation.pk).update(**KIND)
    mine = closed_assessment(organisation, framework, OURS, shared=False)

    assert benchmark(mine).why_not == Why.NOT_SHARED
    words = said(signed_in(admin).get(results_url(mine)))
    assert "When this assessment is shared with the working group in a round" in words
    assert "Share this assessment with the working group" in words
    assert "How many of the" not in words


def test_an_organisation_without_a_sector_is_asked_for_it(
    organisation, framework, london, admin, colleague
):
    mine = share(organisation, framework, OURS, london)

    assert benchmark(mine).why_not == Why.NO_SECTOR
    admin_page = text(signed_in(admin).get(results_url(mine)))
    assert reverse("organisation_edit", args=[organisation.pk]) in admin_page
    words = said(signed_in(colleague).get(results_url(mine)))
    assert "An admin of Riverside Community Trust can add it" in words


def test_the_organisation_form_asks_the_sector(organisation, admin):
    response = signed_in(admin).post(
        reverse("organisation_edit", args=[organisation.pk]),
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "area": organisation.area,
            "size": organisation.size,
            "sector": "children_families",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.get_sector_display() == "Children and families"


def test_a_sector_not_on_the_list_is_refused_next_to_the_field(organisation, admin):
    response = signed_in(admin).post(
        reverse("organisation_edit", args=[organisation.pk]),
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "area": organisation.area,
            "size": organisation.size,
            "sector": "space travel",
        },
    )

    assert response.status_code == 200
    assert "Select a sector from the list, or none" in said(response)
    organisation.refresh_from_db()
    assert organisation.sector == ""


def test_another_organisation_of_the_group_cannot_open_the_page(ours, four_others):
    theirs = four_others[0]
    their_admin = theirs.organisation.memberships.get().user

    assert signed_in(their_admin).get(results_url(ours)).status_code == 404
    assert signed_in(their_admin).get(results_url(theirs)).status_code == 200


def test_the_comparison_takes_a_bounded_number_of_queries(
    ours, four_others, framework, london, admin, django_assert_max_num_queries
):
    for n in range(20):
        share(other(f"Extra{n} Group"), framework, OURS, london)
    client = signed_in(admin)
    client.get(results_url(ours))  # the summary and the framework's words are kept from now on

    # The kept page (8), whether there is an earlier assessment (1), the framework's words from
    # the cache (1), and the group's count, its distribution and this assessment's standing (3).
    with django_assert_max_num_queries(20):  # 13, and the next steps' 7
        response = client.get(results_url(ours))

    assert "How many of the 25 organisations like yours" in said(response)
