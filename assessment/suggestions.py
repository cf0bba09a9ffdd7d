"""What the results page suggests doing next: for each principle below the gold standard, the
practices that help it up from where it stands (`standing.py`, never worked out again here) to
the next rung, and published case studies that show the principle."""

from dataclasses import dataclass, field

from principles.models import CaseStudy, Practice, practices

from .models import Action, Assessment
from .standing import Standing, standings

CASE_STUDIES_PER_PRINCIPLE = 3


@dataclass
class Suggestion:
    standing: Standing
    practices: list[Practice]
    case_studies: list[CaseStudy]
    planned: set[int] = field(default_factory=set)  # practices already in the plan

    @property
    def principle(self):
        return self.standing.principle


def suggestions(assessment: Assessment) -> list[Suggestion]:
    """A suggestion per principle that stands below the gold standard, in the framework's
    order: the standing's five queries, the practices (kept in the cache), one query for what
    is already planned, and one per principle for case studies (at most six, each a few rows,
    however large the library)."""
    ladder = practices(assessment.framework_id)
    planned: dict[int, set[int]] = {}
    for principle_id, practice_id in Action.objects.filter(
        assessment=assessment, practice__isnull=False
    ).values_list("principle_id", "practice_id"):
        planned.setdefault(principle_id, set()).add(practice_id)
    found = []
    for standing in standings(assessment):
        if standing.rung is None or standing.is_gold_standard:
            continue
        principle = standing.principle
        found.append(
            Suggestion(
                standing=standing,
                practices=ladder.from_rung(principle.slug, standing.rung.position),
                case_studies=list(
                    CaseStudy.objects.published()
                    .showing(principle.slug)
                    .only("title", "slug", "place", "organisation_name")
                    .order_by("-published_at", "title")[:CASE_STUDIES_PER_PRINCIPLE]
                ),
                planned=planned.get(principle.pk, set()),
            )
        )
    return found
