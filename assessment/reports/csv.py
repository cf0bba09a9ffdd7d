"""CSV downloads that open cleanly in Excel and cannot run formulas.

`csv_response` is the one way this project writes a CSV: UTF-8 with a byte-order mark (so Excel
reads accents and curly quotes correctly) and every cell defused against formula injection.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from principles.models import Principle, Question

from ..models import Answer, Assessment, Extent, Perspective, Section

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text, with a leading apostrophe if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response


def download_name(*parts: str, suffix: str) -> str:
    """A slug of the words, then the suffix: ("Riverside Trust", "Spring 2027"), "answers.csv"
    -> riverside-trust-spring-2027-answers.csv"""
    slug = slugify(" ".join(parts)) or "coprod"
    return f"{slug}-{suffix}"


ANSWER_HEADER = (
    "Assessment",
    "Respondent",
    "Perspective",
    "Principle",
    "Question code",
    "Question",
    "Answer",
    "Evidence",
    "Entered on their behalf",
)
RUNG_CODE = "rung"
RUNG_QUESTION = "Which rung of the ladder of co-production is this principle on?"


def answer_rows(assessment: Assessment) -> Iterator[tuple[str, ...]]:
    """Everything the submitted respondents entered: a row per question and a row for the rung
    chosen, principle by principle. People are numbered ("Respondent 1") in the order they were
    added, never named. A fixed handful of queries however many people answered."""
    respondents = list(
        assessment.respondents.submitted()
        .order_by("pk")
        .values_list("pk", "perspective", "entered_on_paper")
    )
    framework_id = assessment.framework_id
    principles = list(Principle.objects.filter(framework_id=framework_id).order_by("position"))
    questions = defaultdict(list)
    for question in Question.objects.filter(principle__framework_id=framework_id).order_by(
        "position"
    ):
        questions[question.principle_id].append(question)
    answers = {
        (a.respondent_id, a.question_id): a
        for a in Answer.objects.filter(
            respondent__assessment=assessment, respondent__submitted_at__isnull=False
        )
    }
    sections = {
        (s.respondent_id, s.principle_id): s
        for s in Section.objects.filter(
            respondent__assessment=assessment, respondent__submitted_at__isnull=False
        ).select_related("rung")
    }
    extents = dict(Extent.choices)
    perspectives = dict(Perspective.choices)
    for number, (respondent_id, perspective, on_paper) in enumerate(respondents, start=1):
        on_behalf = "Yes, from paper" if on_paper else ""
        start = (
            assessment.title,
            f"Respondent {number}",
            perspectives.get(perspective, "Did not say"),
        )
        for principle in principles:
            for question in questions[principle.pk]:
                answer = answers.get((respondent_id, question.pk))
                yield (
                    *start,
                    principle.name,
                    question.code,
                    question.text,
                    extents.get(answer.extent, "Not answered") if answer else "Not answered",
                    answer.evidence if answer else "",
                    on_behalf,
                )
            section = sections.get((respondent_id, principle.pk))
            rung = section.rung if section else None
            yield (
                *start,
                principle.name,
                RUNG_CODE,
                RUNG_QUESTION,
                f"Rung {rung.position}: {rung.name}" if rung else "Not answered",
                section.rung_evidence if section else "",
                on_behalf,
            )
