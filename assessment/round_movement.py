"""Movement between rounds, for the working group's round dashboard: among organisations that
shared a closed assessment both in this round and in the previous one, how many moved up the
ladder, stayed on the same rung or moved down, principle by principle.

- **The previous round:** the latest round that starts before this one in which at least one
  of this round's organisations also shared results (a round elsewhere in between is passed
  over, as nobody could be compared with it).
- **Pairs:** each assessment shared in this round, with the same organisation's latest
  assessment of the same service (capitals aside) shared in the previous round. Both were
  shared with the working group, so nothing an organisation kept to itself is used; counted
  once per pair, as the dashboard counts assessments.
- **Nobody is named:** only counts are shown.
- **One truth:** standings through `standing.with_standing`; principles matched by slug across
  framework versions, named as on the dashboard (the newest version the round's assessments
  use), and rungs by number.
- **Aggregated in SQL:** three queries however many organisations take part.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from principles.models import Principle, contents

from .dashboards import framework_for, shared_assessments
from .models import Assessment, PrincipleResult, Round
from .standing import with_standing


@dataclass
class PrincipleMovement:
    principle: Principle
    up: int = 0
    same: int = 0
    down: int = 0


@dataclass
class RoundMovement:
    previous: Round | None
    compared: int = 0  # pairs of assessments compared
    principles: list[PrincipleMovement] | None = None


def previous_round(round: Round, assessments: QuerySet[Assessment]) -> Round | None:
    """The latest earlier round in which any of these assessments' organisations shared."""
    return (
        Round.objects.filter(starts_on__lt=round.starts_on)
        .filter(
            Exists(
                shared_assessments().filter(
                    round=OuterRef("pk"),
                    organisation__in=assessments.values("organisation_id"),
                )
            )
        )
        .order_by("-starts_on", "-pk")
        .first()
    )


def _earlier_assessment(previous: Round, organisation: str, service: str) -> Subquery:
    """The same organisation's latest assessment of the same service shared in `previous`,
    for the row the query is on (`organisation` and `service` name its fields)."""
    return Subquery(
        shared_assessments()
        .filter(
            round=previous,
            organisation_id=OuterRef(organisation),
            service__iexact=OuterRef(service),
        )
        .order_by("-closed_at", "-pk")
        .values("pk")[:1]
    )


def round_movement(round: Round, assessments: QuerySet[Assessment]) -> RoundMovement:
    """Up, same and down per principle for these shared assessments of `round` (the dashboard's,
    filtered or not) against the previous round."""
    previous = previous_round(round, assessments)
    if previous is None:
        return RoundMovement(previous=None)
    before = Subquery(
        with_standing(
            PrincipleResult.objects.filter(
                assessment_id=OuterRef("earlier_assessment"),
                principle__slug=OuterRef("principle__slug"),
            )
        ).values("standing_position")[:1]
    )
    rows = (
        with_standing(PrincipleResult.objects.filter(assessment__in=assessments.values("pk")))
        .annotate(
            earlier_assessment=_earlier_assessment(
                previous, "assessment__organisation_id", "assessment__service"
            )
        )
        .annotate(before=before)
        .filter(before__isnull=False)
        .annotate(change=F("standing_position") - F("before"))
        .values("principle__slug")
        .annotate(
            up=Count("pk", filter=Q(change__gt=0)),
            same=Count("pk", filter=Q(change=0)),
            down=Count("pk", filter=Q(change__lt=0)),
        )
        .order_by()
    )
    counts = {row.pop("principle__slug"): row for row in rows}
    compared = (
        assessments.order_by()
        .annotate(earlier_assessment=_earlier_assessment(previous, "organisation_id", "service"))
        .filter(earlier_assessment__isnull=False)
        .count()
    )
    framework = framework_for(assessments)
    principles = contents(framework.pk).principles if framework else []
    return RoundMovement(
        previous=previous,
        compared=compared,
        principles=[
            PrincipleMovement(principle=p, **counts.get(p.slug, {}))
            for p in sorted(principles, key=lambda p: p.position)
        ],
    )
