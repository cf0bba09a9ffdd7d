"""CSV downloads that open cleanly in Excel and cannot run formulas.

`csv_response` is the one way this project writes a CSV: UTF-8 with a byte-order mark (so Excel
reads accents and curly quotes correctly) and every cell defused against formula injection.
"""

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from principles.models import Principle, Question

from ..groups import OTHERS, OTHERS_LABEL, perspective_groups
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
DONT_KNOW = "I don't know"
NOT_SHOWN = "Not shown: too few people answered from this perspective"


def answer_rows(assessment: Assessment) -> Iterator[tuple[str, ...]]:
    """Everything the submitted respondents entered: a row per question and a row for the rung
    chosen, principle by principle. People are numbered ("Respondent 1") in the order they were
    added, never named, and by their group (`groups.perspective_groups`): a perspective too
    few people answered from is shown as "Other perspectives", or not at all. Examples only of
    people who agreed to them being shown. A fixed handful of queries however many answered."""
    respondents = list(
        assessment.respondents.submitted()
        .order_by("pk")
        .values_list("pk", "perspective", "agreed_to_be_quoted", "entered_on_paper")
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
    grouping = perspective_groups(Counter(row[1] for row in respondents))
    labels = {**dict(Perspective.choices), "": "Did not say", OTHERS: OTHERS_LABEL}
    for number, (respondent_id, perspective, quoted, on_paper) in enumerate(respondents, start=1):
        group = grouping.of(perspective)
        on_behalf = "Yes, from paper" if on_paper else ""
        start = (
            assessment.title,
            f"Respondent {number}",
            labels[group] if group is not None else NOT_SHOWN,
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
                    answer.evidence if answer and quoted else "",
                    on_behalf,
                )
            section = sections.get((respondent_id, principle.pk))
            yield (
                *start,
                principle.name,
                RUNG_CODE,
                RUNG_QUESTION,
                _rung_answer(section),
                section.rung_evidence if section and quoted else "",
                on_behalf,
            )


def _rung_answer(section) -> str:
    if section and section.rung:
        return f"Rung {section.rung.position}: {section.rung.name}"
    if section and section.dont_know:
        return DONT_KNOW
    return "Not answered"
