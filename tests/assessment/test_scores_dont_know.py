"""The working group's scores CSV counts "I don't know" per principle beside the people who
chose a rung, and leaves it blank where so few answered that it would say what each of them
said (`dashboards.score_rows`)."""

import csv
import io

from django.urls import reverse

from assessment.models import Assessment, Respondent, Section
from assessment.results import dont_know_counts

from .answering_helpers import SLUGS
from .review_helpers import answer_everything
from .working_group_helpers import *  # noqa: F403 - the shared fixtures

FIRST = SLUGS[0]
COLUMN = "People who said I don't know"


def closed_with(organisation, framework, admin, title, people) -> Assessment:
    """A closed assessment: `people` is, for each person, the principles they did not know."""
    assessment = Assessment.objects.create(
        organisation=organisation, framework=framework, title=title, created_by=admin
    )
    for number, dont_know in enumerate(people):
        respondent = Respondent.objects.create(
            assessment=assessment, name=f"{title} {number}", perspective="staff"
        )
        answer_everything(respondent, dict.fromkeys(SLUGS, 5))
        Section.objects.filter(respondent=respondent, principle__slug__in=dont_know).update(
            rung=None, dont_know=True
        )
        assert respondent.submit()
    assessment.close()
    return assessment


def scores(client, round) -> dict[tuple[str, int], dict]:
    response = client.get(reverse("round_scores_csv", args=[round.pk]))
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return {(row["Assessment"], int(row["Principle number"])): row for row in rows}


def test_the_scores_count_i_dont_know_per_principle(
    wg_client, organisation, framework, admin, london
):
    many = closed_with(organisation, framework, admin, "Many", [[FIRST], [FIRST, SLUGS[1]], [], []])
    many.set_sharing(True, london)

    rows = scores(wg_client, london)

    assert (rows[("Many", 1)]["People who chose a rung"], rows[("Many", 1)][COLUMN]) == ("2", "2")
    assert (rows[("Many", 2)]["People who chose a rung"], rows[("Many", 2)][COLUMN]) == ("3", "1")
    assert (rows[("Many", 3)]["People who chose a rung"], rows[("Many", 3)][COLUMN]) == ("4", "0")


def test_the_count_is_blank_where_fewer_than_3_answered(
    wg_client, organisation, framework, admin, london
):
    pair = closed_with(organisation, framework, admin, "Pair", [[FIRST], []])
    pair.set_sharing(True, london)

    rows = scores(wg_client, london)

    assert {row[COLUMN] for row in rows.values()} == {""}
    assert rows[("Pair", 1)]["People who chose a rung"] == "1"


def test_only_submitted_answers_are_counted(organisation, framework, admin):
    many = closed_with(organisation, framework, admin, "Many", [[FIRST], [], []])
    draft = Respondent.objects.create(assessment=many, name="Draft", perspective="staff")
    Section.objects.create(
        respondent=draft, principle=many.framework.principles.get(slug=FIRST), dont_know=True
    )

    assert dont_know_counts(Assessment.objects.filter(pk=many.pk)) == {(many.pk, 1): 1}
