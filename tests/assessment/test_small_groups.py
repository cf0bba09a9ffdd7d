"""Small groups are never identifiable: `groups.perspective_groups` decides, and every surface
that breaks answers down by perspective follows it: the results page, each principle's answers
page, the PDF (tables and quotes), the CSV; the working group's dashboard and round summary
break nothing down by perspective at all."""

import csv
import io

import pytest
from django.urls import reverse

from assessment.groups import OTHERS, perspective_groups
from assessment.models import PrincipleResult
from assessment.reports import pdf
from assessment.results import assessment_results
from principles.models import Principle

from .answering_helpers import SLUGS
from .helpers import page_tables, said
from .pdf_helpers import close_assessment, pdf_text, principle_part
from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import dashboard_url

FIRST = SLUGS[0]
NOTE_MERGED = 'groups of fewer than 3 people are shown together as "Other perspectives"'
NOTE_HIDDEN = "answers are not shown by perspective where fewer than 3 people answered"
SMALL_LABELS = ("Person who uses services", "Carer or family member")


def person(name, perspective, rung, evidence=""):
    return {
        "name": name,
        "perspective": perspective,
        "rungs": dict.fromkeys(SLUGS, rung),
        "evidence": evidence,
        "rung_evidence": f"{name} says why",
    }


@pytest.fixture
def mixed(organisation, framework, admin):
    """Three staff, two people who use services and one carer: the last three are shown
    together as "Other perspectives"."""
    return close_assessment(
        organisation,
        framework,
        admin,
        [
            person("Ann", "staff", 6),
            person("Bob", "staff", 6),
            person("Cat", "staff", 5),
            person("Dev", "person", 2),
            person("Eve", "person", 3),
            person("Fay", "carer", 7, evidence="The carer's own example"),
        ],
        title="Mixed",
    )


@pytest.fixture
def lonely(organisation, framework, admin):
    """Four staff and one person who uses services: hiding the one would not be enough (it is
    everyone minus staff), so nothing is broken down."""
    return close_assessment(
        organisation,
        framework,
        admin,
        [
            *(person(f"Staff {n}", "staff", 6) for n in range(4)),
            person("Lone", "person", 1, evidence="Only I would say this"),
        ],
        title="Lonely",
    )


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


# The rule


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ({"staff": 3, "person": 3}, {"staff": "staff", "person": "person"}),
        (
            {"staff": 3, "person": 2, "carer": 1},
            {"staff": "staff", "person": OTHERS, "carer": OTHERS},
        ),
        ({"staff": 4, "person": 1}, {"staff": None, "person": None}),
        # The smallest group shown joins a remainder of one (on a tie, in the order of keys).
        (
            {"staff": 3, "person": 3, "carer": 1},
            {"staff": "staff", "person": OTHERS, "carer": OTHERS},
        ),
        ({"staff": 2}, {"staff": None}),
        ({"staff": 5}, {"staff": "staff"}),
    ],
)
def test_small_groups_are_merged_or_hidden(people, expected):
    assert dict(perspective_groups(people).groups) == expected


def test_the_threshold_is_a_setting(settings):
    settings.MIN_GROUP_SIZE = 2

    grouping = perspective_groups({"staff": 3, "person": 2})

    assert dict(grouping.groups) == {"staff": "staff", "person": "person"}
    assert grouping.note == ""


# Frozen results and the results page


def test_closing_freezes_small_groups_together(mixed):
    perspectives = set(
        PrincipleResult.objects.filter(assessment=mixed).values_list("perspective", flat=True)
    )
    assert perspectives == {"", "staff", OTHERS}
    others = PrincipleResult.objects.get(
        assessment=mixed, principle__slug=FIRST, perspective=OTHERS
    )
    assert (others.rung.position, others.lowest_rung, others.highest_rung) == (3, 2, 7)
    assert others.respondents == 3


def test_the_results_page_shows_small_groups_together_with_a_note(admin_client, mixed):
    response = admin_client.get(reverse("results", args=[mixed.organisation_id, mixed.pk]))

    tables = [rows for caption, rows in page_tables(response.content.decode())]
    perspective_rows = [
        rows[1:]
        for caption, rows in page_tables(response.content.decode())
        if caption == "Rung reached by each perspective"
    ]
    assert len(perspective_rows) == 6 and tables
    assert [row[0] for row in perspective_rows[0]] == ["Staff", "Other perspectives"]
    page = said(response)
    assert NOTE_MERGED in page
    for label in SMALL_LABELS:
        assert label not in page


def test_the_results_page_breaks_nothing_down_when_one_person_would_show(admin_client, lonely):
    response = admin_client.get(reverse("results", args=[lonely.organisation_id, lonely.pk]))

    captions = [caption for caption, rows in page_tables(response.content.decode())]
    assert "Rung reached by each perspective" not in captions
    page = said(response)
    assert NOTE_HIDDEN in page
    assert "Person who uses services" not in page


def test_each_principles_answers_page_groups_the_same_way(admin_client, mixed):
    url = reverse("results_principle", args=[mixed.organisation_id, mixed.pk, FIRST])

    response = admin_client.get(url)

    page = said(response)
    assert "Other perspectives" in page
    assert NOTE_MERGED in page
    for label in SMALL_LABELS:
        assert label not in page


def test_results_for_older_closed_assessments_leave_small_groups_out(lonely):
    """Results frozen before the rule held a row per perspective, however small."""
    overall = PrincipleResult.objects.filter(assessment=lonely, perspective="")
    PrincipleResult.objects.bulk_create(
        PrincipleResult(
            assessment=lonely,
            principle_id=r.principle_id,
            perspective="person",
            rung=r.rung,
            lowest_rung=1,
            highest_rung=1,
            respondents=1,
        )
        for r in overall
    )

    assert all(not s.perspectives for s in assessment_results(lonely).principles)


# The PDF and the CSV


def test_the_pdf_shows_small_groups_together_and_attributes_quotes_to_the_group(mixed):
    text = pdf_text(pdf.assessment_report(mixed))

    first = principle_part(text, 1)
    assert "Other perspectives" in first
    assert NOTE_MERGED in first
    assert "Other perspectives: “Dev says why”" in first
    for label in SMALL_LABELS:
        assert label not in text


def test_the_pdf_quotes_nobody_from_a_group_too_small_to_show(lonely):
    text = pdf_text(pdf.assessment_report(lonely))

    assert "Only I would say this" not in text
    assert "Person who uses services" not in text
    assert NOTE_HIDDEN in principle_part(text, 1)


def csv_perspectives(client, assessment) -> set[str]:
    response = client.get(reverse("results_csv", args=[assessment.organisation_id, assessment.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {row[2] for row in rows[1:]}


def test_the_csv_names_only_groups_big_enough(admin_client, mixed, lonely):
    assert csv_perspectives(admin_client, mixed) == {"Staff", "Other perspectives"}
    assert csv_perspectives(admin_client, lonely) == {
        "Not shown: too few people answered from this perspective"
    }


# The working group


@pytest.fixture
def shared(mixed, lonely, london):
    for assessment in (mixed, lonely):
        assessment.set_sharing(True, london)
    return london


def test_the_dashboard_and_round_summary_break_nothing_down_by_perspective(
    wg_client, shared, framework
):
    from assessment.dashboards import round_assessments

    page = said(wg_client.get(dashboard_url(shared)))
    summary = pdf_text(pdf.round_summary_pdf(shared, round_assessments(shared)))
    scores = wg_client.get(reverse("round_scores_csv", args=[shared.pk])).content.decode()

    for text in (page, summary, scores):
        for label in (*SMALL_LABELS, "Staff", "Other perspectives"):
            assert label not in text
    assert Principle.objects.filter(framework=framework).exists()


def test_the_working_group_sees_no_spread_where_fewer_than_3_chose_a_rung(
    wg_client, organisation, framework, admin, london
):
    from assessment.dashboards import round_assessments

    pair = close_assessment(
        organisation,
        framework,
        admin,
        [person("Gus", "staff", 2), person("Hal", "staff", 7)],
        title="Pair",
    )
    pair.set_sharing(True, london)

    summary = pdf_text(pdf.round_summary_pdf(london, round_assessments(london)))
    response = wg_client.get(reverse("round_scores_csv", args=[london.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert "spread not shown for so few" in summary
    assert "2 to 7" not in summary
    assert {(row["Lowest rung chosen"], row["Highest rung chosen"]) for row in rows} == {("", "")}
    assert {row["Self-assessed rung (1 to 7)"] for row in rows} == {"2"}
