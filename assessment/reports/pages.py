"""A closed assessment's results pages below their headings, kept in the cache.

Answers and frozen results never change once an assessment closes, so the pages are built
once per wording. What can still change (peer reviews, agreed positions) is in the summary's
key through `Assessment.results_fingerprint`, and framework words through
`principles.caching`. The HTML is rendered without a request, so it holds nothing about who
is looking.
"""

from django.template.loader import render_to_string

from principles.caching import cached
from principles.models import Principle

from ..models import Assessment, StoredReport
from ..progress_between import progress_between
from ..results import (
    EXTENT_ORDER,
    NOTABLE_GAP,
    assessment_results,
    peer_comparison,
    shared_examples,
)
from ..standing import standings
from ..suggestions import suggestions
from . import charts


def results_summary(assessment: Assessment, *, easy_read: bool) -> str:
    key = f"results:{assessment.pk}:{assessment.results_fingerprint()}:{easy_read}"
    return cached(key, lambda: _summary(assessment, easy_read))


def results_after_summary(assessment: Assessment, *, easy_read: bool) -> tuple[str, str]:
    """The change since the last assessment, and the next steps: what they show that can still
    change (agreed rungs, the action plan, the earlier assessments and their reviews) is what
    the report's fingerprint covers, so both are kept under it, read in one query."""
    key = f"results-after:{assessment.pk}:{StoredReport.fingerprint_of(assessment)}:{easy_read}"
    organisation = assessment.organisation
    progress = cached(
        f"{key}:progress",
        lambda: render_to_string(
            "assessment/_progress_between.html",
            {"progress": progress_between(assessment), "organisation": organisation},
        ),
    )
    next_steps = cached(
        f"{key}:next-steps",
        lambda: render_to_string(
            "actions/_next_steps.html",
            {
                "organisation": organisation,
                "assessment": assessment,
                "suggestions": suggestions(assessment, case_studies=False),
                "easy_read": easy_read,
            },
        ),
    )
    return progress, next_steps


def principle_answers(assessment: Assessment, principle: Principle, *, easy_read: bool) -> str:
    """One principle's answers to the questions, question by question and by perspective, and
    the examples people agreed to share."""
    closed = assessment.closed_at.timestamp()
    key = f"results-answers:{assessment.pk}:{closed}:{principle.pk}:{easy_read}"
    return cached(key, lambda: _answers(assessment, principle, easy_read))


def _summary(assessment: Assessment, easy_read: bool) -> str:
    results = assessment_results(assessment)
    standing = standings(assessment)
    comparisons = peer_comparison(assessment)
    rows = charts.principle_rungs(results.principles, standing, comparisons)
    return render_to_string(
        "assessment/_results_summary.html",
        {
            "organisation": assessment.organisation,
            "assessment": assessment,
            "results": results,
            "standings": standing,
            "principles": list(zip(results.principles, standing, strict=True)),
            "comparisons": comparisons,
            "rows": rows,
            "series": charts.chart_series(rows),
            "chart": charts.principles_radar(rows, results.rungs),
            "ladder": charts.ladder(rows, results.rungs),
            "unanswered": [r for r in rows if not (r.self_rung or r.peer_rung or r.agreed_rung)],
            "notable_gap": NOTABLE_GAP,
            "easy_read": easy_read,
        },
    )


def _answers(assessment: Assessment, principle: Principle, easy_read: bool) -> str:
    results = assessment_results(assessment)
    principles = results.principles
    index = next(i for i, s in enumerate(principles) if s.principle.pk == principle.pk)
    return render_to_string(
        "assessment/_results_answers.html",
        {
            "organisation": assessment.organisation,
            "assessment": assessment,
            "summary": principles[index],
            "previous": principles[index - 1].principle if index > 0 else None,
            "next": principles[index + 1].principle if index + 1 < len(principles) else None,
            "labels": [extent.label for extent in EXTENT_ORDER],
            "easy_read": easy_read,
            "grouping_note": results.grouping.note,
            "examples": shared_examples(assessment, principle).get(principle.pk, []),
        },
    )
