"""Everything the organisation entered, as a CSV download (assessment/views/results.py
results_csv, assessment/reports/csv.py)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Answer, Extent, Respondent, Section
from principles.models import Question

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import FIRST, SECOND, SECTIONS, SLUGS, complete

HEADER = [
    "Assessment",
    "Respondent",
    "Perspective",
    "Principle",
    "Question code",
    "Question",
    "Answer",
    "Evidence",
    "Entered on their behalf",
]
# A row for each of the 16 questions and a row for the rung of each of the six principles.
ROWS_EACH = sum(len(codes) for codes in SECTIONS.values()) + len(SLUGS)
FORMULAS = ["=1+1", "+44 20 7946 0000", "-2", "@SUM(A1:A9)", "\tindented", "\rreturn"]


def csv_url(assessment) -> str:
    return reverse("results_csv", args=[assessment.organisation_id, assessment.pk])


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def by_column(rows) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def closed(assessment, respondent):
    """Spring 2027, closed: Sam (staff) and Joan (person who uses services) submitted;
    Larry never did."""
    complete(respondent, perspective="staff", rung=5, extent=Extent.FULLY, evidence="Sam's words")
    assert respondent.submit()
    joan = Respondent.objects.create(assessment=assessment, name="Joan Smith")
    complete(joan, perspective="person", rung=3, extent=Extent.NOT_YET, evidence="Joan's words")
    assert joan.submit()
    larry = Respondent.objects.create(assessment=assessment, name="Larry Late")
    complete(larry, perspective="carer", rung=1, evidence="Larry's unfinished words")
    assessment.close()
    return assessment


def test_it_is_an_attachment_named_after_the_organisation_and_the_title(admin_client, closed):
    response = admin_client.get(csv_url(closed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="riverside-community-trust-spring-2027-answers.csv"'
    )


def test_it_starts_with_the_utf8_byte_order_mark_for_excel(admin_client, closed):
    response = admin_client.get(csv_url(closed))

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert not response.content.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    assert rows_of(response)[0] == HEADER


def test_only_submitted_respondents_are_included_numbered_never_named(admin_client, closed):
    response = admin_client.get(csv_url(closed))

    rows = by_column(rows_of(response))
    content = response.content.decode()
    assert len(rows) == 2 * ROWS_EACH
    assert [r["Respondent"] for r in rows] == ["Respondent 1"] * ROWS_EACH + [
        "Respondent 2"
    ] * ROWS_EACH
    assert {r["Respondent"]: r["Perspective"] for r in rows} == {
        "Respondent 1": "Staff",
        "Respondent 2": "Person who uses services",
    }
    for name in ("Sam Patel", "Joan Smith", "Larry Late", "Larry's unfinished words", "Carer"):
        assert name not in content
    assert {r["Assessment"] for r in rows} == {"Spring 2027"}


def test_each_answer_and_each_rung_has_a_row(admin_client, closed, framework):
    response = admin_client.get(csv_url(closed))

    rows = [r for r in by_column(rows_of(response)) if r["Respondent"] == "Respondent 1"]
    question = Question.objects.get(principle__framework=framework, code="nef-1")
    assert {
        "Principle": question.principle.name,
        "Question code": "nef-1",
        "Question": question.text,
        "Answer": "Fully",
        "Evidence": "Sam's words",
    }.items() <= rows[0].items()
    rungs = [r for r in rows if r["Question code"] == "rung"]
    assert len(rungs) == len(SLUGS)
    assert {r["Answer"] for r in rungs} == {"Rung 5: Engagement"}
    codes = [r["Question code"] for r in rows if r["Principle"] == question.principle.name]
    assert codes == [*SECTIONS[FIRST], "rung"]
    joan = [r for r in by_column(rows_of(response)) if r["Respondent"] == "Respondent 2"]
    assert {r["Answer"] for r in joan if r["Question code"] != "rung"} == {"Not yet"}
    assert {r["Answer"] for r in joan if r["Question code"] == "rung"} == {"Rung 3: Informing"}


def test_questions_left_unanswered_say_so(admin_client, assessment, respondent):
    complete(respondent, submit=True)
    Answer.objects.filter(respondent=respondent, question__code="nef-1").update(extent=None)
    Answer.objects.filter(respondent=respondent, question__code="nef-9").delete()
    Section.objects.filter(respondent=respondent, principle__slug=SECOND).delete()
    assessment.close()

    rows = by_column(rows_of(admin_client.get(csv_url(assessment))))

    answers = {(r["Principle"], r["Question code"]): r["Answer"] for r in rows}
    assert [a for (_, code), a in answers.items() if code in ("nef-1", "nef-9")] == [
        "Not answered",
        "Not answered",
    ]
    rungs = [r["Answer"] for r in rows if r["Question code"] == "rung"]
    assert rungs.count("Not answered") == 1


def test_evidence_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(
    admin_client, assessment, respondent
):
    complete(respondent, submit=True)
    codes = SECTIONS[FIRST] + SECTIONS[SECOND]
    for code, evidence in zip(codes, FORMULAS, strict=True):
        Answer.objects.filter(respondent=respondent, question__code=code).update(evidence=evidence)
    Section.objects.filter(respondent=respondent, principle__slug=FIRST).update(
        rung_evidence='=HYPERLINK("http://evil.example","Click")'
    )
    Answer.objects.filter(respondent=respondent, question__code="nef-2").update(
        evidence="a=b, and 1-2 are fine in the middle"
    )
    assessment.close()

    rows = by_column(rows_of(admin_client.get(csv_url(assessment))))

    evidence = {r["Question code"]: r["Evidence"] for r in rows if r["Question code"] != "rung"}
    for code, typed in zip(codes, FORMULAS, strict=True):
        assert evidence[code] == f"'{typed}", code
    assert evidence["nef-2"] == "a=b, and 1-2 are fine in the middle"
    rung_rows = [r for r in rows if r["Question code"] == "rung"]
    assert rung_rows[0]["Evidence"] == '\'=HYPERLINK("http://evil.example","Click")'
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_a_title_a_spreadsheet_would_run_is_defused_too(admin_client, assessment, respondent):
    assessment.title = "=cmd|' /C calc'!A0"
    assessment.save()
    complete(respondent, submit=True)
    assessment.close()

    rows = by_column(rows_of(admin_client.get(csv_url(assessment))))

    assert {r["Assessment"] for r in rows} == {"'=cmd|' /C calc'!A0"}


def test_unicode_survives(admin_client, assessment, respondent):
    assessment.title = "Zoë – café ✓"
    assessment.save()
    complete(respondent, submit=True, evidence="Zoë – café ✓ “quoted”, line one\nline two")
    assessment.close()

    response = admin_client.get(csv_url(assessment))

    rows = by_column(rows_of(response))
    assert {r["Assessment"] for r in rows} == {"Zoë – café ✓"}
    answers = [r["Evidence"] for r in rows if r["Question code"] != "rung"]
    assert set(answers) == {"Zoë – café ✓ “quoted”, line one\nline two"}
    assert "zoe-cafe" in response["Content-Disposition"]


def test_an_open_assessment_has_no_csv(admin_client, assessment, respondent):
    complete(respondent, submit=True)

    response = admin_client.get(csv_url(assessment))

    assert response.status_code == 404
    assert "text/csv" not in response["Content-Type"]


def test_a_member_who_is_not_an_admin_can_download_it(colleague_client, closed):
    response = colleague_client.get(csv_url(closed))

    assert response.status_code == 200
    assert len(rows_of(response)) == 1 + 2 * ROWS_EACH


# Measured: 9 queries, however many people answered (reading does not save the session).
CSV_QUERIES = 9


def test_the_csv_makes_a_fixed_number_of_queries(
    admin_client, closed, django_assert_max_num_queries
):
    more = Respondent.objects.bulk_create(
        Respondent(assessment=closed, name=f"Person {n}") for n in range(10)
    )
    with django_assert_max_num_queries(CSV_QUERIES):
        few = admin_client.get(csv_url(closed))
    for person in more:
        complete(person, perspective="volunteer")
    # As if they had submitted before it closed: nobody can submit to a closed assessment.
    Respondent.objects.filter(pk__in=[p.pk for p in more]).update(submitted_at=timezone.now())

    with django_assert_max_num_queries(CSV_QUERIES):
        many = admin_client.get(csv_url(closed))

    assert len(rows_of(few)) == 1 + 2 * ROWS_EACH
    assert len(rows_of(many)) == 1 + 12 * ROWS_EACH
