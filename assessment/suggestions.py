"""What the results page suggests doing next: for each principle below the gold standard, the
practices that help it up from where it stands (`standing.py`, never worked out again here) to
the next rung, and published case studies that show the principle."""

from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from principles.models import CaseStudy, CaseStudyPrinciple, Practice, practices

from .models import Action, Assessment
from .standing import Standing, standings

CASE_STUDIES_PER_PRINCIPLE = 3
# A few to choose from, so the page stays short (and under 100 kB) with a principle that many
# practices fit; the framework's order puts the more basic ones first.
PRACTICES_PER_PRINCIPLE = 3


@dataclass
class Suggestion:
    standing: Standing
    practices: list[Practice]
    case_studies: list[CaseStudy]
    planned: set[int] = field(default_factory=set)  # practices already in the plan

    @property
    def principle(self):
        return self.standing.principle


def suggestions(assessment: Assessment, *, case_studies: bool = True) -> list[Suggestion]:
    """A suggestion per principle that stands below the gold standard, in the framework's
    order: the standing's five queries, the practices (kept in the cache), one query for what
    is already planned, and one for a few case studies per principle however large the
    library (left out with `case_studies=False`: the results page only counts practices)."""
    ladder = practices(assessment.framework_id)
    planned: dict[int, set[int]] = {}
    for principle_id, practice_id in Action.objects.filter(
        assessment=assessment, practice__isnull=False
    ).values_list("principle_id", "practice_id"):
        planned.setdefault(principle_id, set()).add(practice_id)
    below_gold = [s for s in standings(assessment) if s.rung is not None and not s.is_gold_standard]
    studies = _newest_case_studies([s.principle.slug for s in below_gold]) if case_studies else {}
    return [
        Suggestion(
            standing=standing,
            practices=ladder.from_rung(standing.principle.slug, standing.rung.position)[
                :PRACTICES_PER_PRINCIPLE
            ],
            case_studies=studies.get(standing.principle.slug, []),
            planned=planned.get(standing.principle.pk, set()),
        )
        for standing in below_gold
    ]


def _newest_case_studies(slugs: list[str]) -> dict[str, list[CaseStudy]]:
    """The newest few published case studies showing each principle, in one query."""
    if not slugs:
        return {}
    links = (
        CaseStudyPrinciple.objects.filter(
            slug__in=slugs, case_study__status=CaseStudy.Status.PUBLISHED
        )
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=F("slug"),
                order_by=[F("case_study__published_at").desc(), F("case_study__title").asc()],
            )
        )
        .filter(row__lte=CASE_STUDIES_PER_PRINCIPLE)
        .select_related("case_study")
        .order_by("slug", "row")
    )
    found: dict[str, list[CaseStudy]] = {}
    for link in links:
        found.setdefault(link.slug, []).append(link.case_study)
    return found
