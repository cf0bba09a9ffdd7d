"""Benchmark, safely: beside its own standing, an organisation sees how organisations of its
kind stand, principle by principle, without any of them being named.

- **Its kind:** the same sector and the same size (Organisation.sector, Organisation.size).
- **Who counts:** organisations that shared a closed assessment with the working group in the
  same round (`dashboards.shared_assessments`), each once, by its latest closed assessment in
  the round. The organisation looking is one of them.
- **Who sees it:** only an organisation that shared this assessment in that round: results
  are compared among those who give theirs.
- **Only in groups of MIN_ORGANISATIONS or more.** Five is the smallest group the design allows
  for benchmarks (docs: the small-groups rule, 5 for benchmarks; 3 elsewhere), and the usual
  threshold in published statistics for suppressing small counts. With fewer, an organisation
  that knows who else works in its sector and borough could tell who stands where.
- **One truth:** standings come from `dashboards.rung_distribution` (standing.with_standing),
  principles matched by number across framework versions as on the working group's dashboards.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from principles.models import Principle, Rung, contents

from .dashboards import rung_distribution, shared_assessments
from .models import Assessment, PrincipleResult, Round
from .standing import with_standing

MIN_ORGANISATIONS = 5


class Why:
    """Why no comparison is shown."""

    NOT_SHARED = "not_shared"
    NO_SECTOR = "no_sector"
    TOO_FEW = "too_few"


@dataclass
class BenchmarkRow:
    principle: Principle
    own: int | None  # the rung this assessment stands on (None: no result)
    counts: list[tuple[Rung, int]]  # organisations of its kind on each rung, bottom first
    group: int  # organisations in the group

    @property
    def no_result(self) -> int:
        """Organisations in the group where nobody chose a rung for this principle."""
        return self.group - sum(count for _, count in self.counts)


@dataclass
class Benchmark:
    round: Round | None
    sector: str  # its label
    size: str
    why_not: str = ""  # a Why value when nothing is compared
    organisations: int = 0  # in the group, the one looking included; only set when shown
    rows: list[BenchmarkRow] | None = None
    minimum: int = MIN_ORGANISATIONS

    @property
    def shown(self) -> bool:
        return not self.why_not


def kind_of_organisations(assessment: Assessment):
    """Each organisation of the same sector and size as this assessment's, that shared a closed
    assessment in its round: its latest one there."""
    organisation = assessment.organisation
    latest = (
        shared_assessments()
        .filter(round=OuterRef("round"), organisation=OuterRef("organisation"))
        .order_by("-closed_at", "-pk")
        .values("pk")[:1]
    )
    return shared_assessments().filter(
        round_id=assessment.round_id,
        organisation__sector=organisation.sector,
        organisation__size=organisation.size,
        pk=Subquery(latest),
    )


def benchmark(assessment: Assessment) -> Benchmark | None:
    """The comparison with organisations of its kind for a closed assessment (None while it is
    open), or why there is none. At most three queries."""
    if assessment.is_open:
        return None
    organisation = assessment.organisation
    found = Benchmark(
        round=assessment.round if assessment.shared_with_working_group else None,
        sector=organisation.get_sector_display(),
        size=organisation.get_size_display(),
    )
    if not (assessment.shared_with_working_group and assessment.round_id):
        found.why_not = Why.NOT_SHARED
    elif not organisation.sector:
        found.why_not = Why.NO_SECTOR
    if found.why_not:
        return found
    group = kind_of_organisations(assessment)
    count = group.count()
    if count < MIN_ORGANISATIONS:
        found.why_not = Why.TOO_FEW
        return found
    distribution, _confirmed = rung_distribution(group)
    own = dict(
        with_standing(PrincipleResult.objects.filter(assessment=assessment)).values_list(
            "principle__position", "standing_position"
        )
    )
    named = contents(assessment.framework_id)
    rungs = sorted(named.rungs, key=lambda r: r.position)
    found.organisations = count
    found.rows = [
        BenchmarkRow(
            principle=principle,
            own=own.get(principle.position),
            counts=[
                (rung, distribution.get(principle.position, {}).get(rung.position, 0))
                for rung in rungs
            ],
            group=count,
        )
        for principle in sorted(named.principles, key=lambda p: p.position)
    ]
    return found
