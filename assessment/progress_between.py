"""Progress between assessments: how an organisation's standing on each principle changed since
its previous assessment, and the trend across its assessments. The results page and the PDF
report both show what `progress_between` returns; nothing else compares assessments.

Which assessments: the organisation's closed assessments of the same service or programme
(compared without regard to capitals; blank means the whole organisation), closed no later than
this one, at most TREND_ASSESSMENTS of them, oldest first. An assessment's page and report show
its history as it was when it closed, so a later assessment never changes them; comparing one
service with another would not be progress.

Standings are read, never worked out here: `standing.with_standing` (the SQL twin of
`standings()`) gives every assessment's standing in one query. Framework versions can differ
between assessments: principles are matched by slug (which every version keeps) and rungs by
number, and the page says so when versions differ.
"""

from dataclasses import dataclass, field

from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from principles.models import Principle, Rung, contents

from .models import Assessment, PrincipleResult
from .reports import charts
from .standing import Source, with_standing

# Enough to see a direction over years of assessments, few enough to read on a phone.
TREND_ASSESSMENTS = 8


@dataclass(frozen=True)
class Point:
    """Where a principle stood in one assessment: a rung number (None: no result), the
    standing's source (standing.Source), and the rung of that number in this assessment's
    version of the framework, for its name."""

    position: int | None = None
    source: str = ""
    rung: Rung | None = None

    @property
    def is_confirmed(self) -> bool:
        return self.source == Source.CONFIRMED

    @property
    def source_label(self) -> str:
        return Source(self.source).label if self.source else ""


@dataclass
class PastAssessment:
    """One closed assessment on the trend, with each principle's standing by slug."""

    assessment: Assessment
    number: int  # 1 for the oldest shown
    points: dict[str, Point] = field(default_factory=dict)

    def point(self, slug: str) -> Point:
        return self.points.get(slug, Point())


@dataclass
class Change:
    """One principle's change in standing between the previous assessment and this one."""

    principle: Principle
    before: Point
    after: Point
    in_previous_version: bool = True  # False: the previous assessment's version lacked it

    @property
    def rungs(self) -> int | None:
        """Rungs moved: positive up, negative down; None when either has no result."""
        if self.before.position is None or self.after.position is None:
            return None
        return self.after.position - self.before.position

    @property
    def direction(self) -> str:
        """ "up", "same", "down", or "" when there is nothing to compare."""
        if self.rungs is None:
            return ""
        return "up" if self.rungs > 0 else "down" if self.rungs < 0 else "same"

    @property
    def words(self) -> str:
        if self.rungs is None:
            if not self.in_previous_version:
                return "New in this version of the framework: nothing to compare"
            return "No result in one of the two assessments: nothing to compare"
        if self.rungs == 0:
            return "The same rung"
        moved = abs(self.rungs)
        return f"{'Up' if self.rungs > 0 else 'Down'} {moved} rung{'s' if moved != 1 else ''}"


@dataclass
class Progress:
    assessment: Assessment
    principles: list[Principle]  # this assessment's version, in order
    rungs: list[Rung]  # this assessment's version, bottom first
    assessments: list[PastAssessment]  # oldest first, this one last
    more_before: bool = False  # earlier assessments were left off (beyond TREND_ASSESSMENTS)
    previous_slugs: frozenset = frozenset()  # the principles the previous one's version has

    @property
    def previous(self) -> PastAssessment | None:
        return self.assessments[-2] if len(self.assessments) > 1 else None

    @property
    def this(self) -> PastAssessment:
        return self.assessments[-1]

    @property
    def versions_differ(self) -> bool:
        """The previous assessment was answered against another version of the framework."""
        previous = self.previous
        return bool(previous and previous.assessment.framework_id != self.assessment.framework_id)

    @property
    def trend_versions_differ(self) -> bool:
        return len({past.assessment.framework_id for past in self.assessments}) > 1

    @cached_property
    def changes(self) -> list[Change]:
        previous = self.previous
        if previous is None:
            return []
        return [
            Change(
                principle=principle,
                before=previous.point(principle.slug),
                after=self.this.point(principle.slug),
                in_previous_version=principle.slug in self.previous_slugs,
            )
            for principle in self.principles
        ]

    def count(self, direction: str) -> int:
        return sum(1 for change in self.changes if change.direction == direction)

    @property
    def moved_up(self) -> int:
        return self.count("up")

    @property
    def stayed(self) -> int:
        return self.count("same")

    @property
    def moved_down(self) -> int:
        return self.count("down")

    @property
    def rows(self) -> list[tuple[Principle, list[Point]]]:
        """The trend as a table: each principle with its point in every assessment shown."""
        return [
            (principle, [past.point(principle.slug) for past in self.assessments])
            for principle in self.principles
        ]

    @cached_property
    def gold(self) -> Rung | None:
        return next((r for r in self.rungs if r.is_gold_standard), None)

    def chart(self, chart_id: str = "trend-chart") -> SafeString:
        return charts.trend_chart(
            [
                charts.TrendPanel(
                    label=f"{principle.position}. {principle.name}",
                    points=[(p.position, p.is_confirmed) for p in points],
                )
                for principle, points in self.rows
            ],
            assessments=[
                f"{past.number}: {past.assessment.title}, closed {past.assessment.closed_at:%B %Y}"
                for past in self.assessments
            ],
            levels=len(self.rungs),
            gold_level=self.gold.position if self.gold else None,
            chart_id=chart_id,
        )

    @property
    def page_chart(self) -> SafeString:
        return self.chart("trend-chart")

    @property
    def report_chart(self) -> SafeString:
        return self.chart("report-trend-chart")


def progress_between(assessment: Assessment) -> Progress | None:
    """The organisation's progress up to a closed assessment (None while it is open): its
    earlier closed assessments of the same service, each principle's standing in each, and the
    change since the previous one. Two queries, however long the history (one for a first
    assessment)."""
    if assessment.is_open or assessment.closed_at is None:
        return None
    history = Assessment.objects.before(assessment).select_related("framework")
    earlier = list(history[:TREND_ASSESSMENTS])  # one more than shown: is anything left off?
    shown = [*reversed(earlier[: TREND_ASSESSMENTS - 1]), assessment]
    past = [PastAssessment(a, number) for number, a in enumerate(shown, start=1)]
    by_id = {p.assessment.pk: p for p in past}
    if not earlier:  # a first assessment: nothing to compare, so nothing more to read
        return Progress(assessment=assessment, principles=[], rungs=[], assessments=past)
    rows = with_standing(PrincipleResult.objects.filter(assessment_id__in=by_id)).values_list(
        "assessment_id", "principle__slug", "standing_position", "standing_source"
    )
    named = contents(assessment.framework_id)
    rungs = {r.position: r for r in named.rungs}
    for assessment_id, slug, position, source in rows:
        by_id[assessment_id].points[slug] = Point(position, source, rungs.get(position))
    previous_slugs = frozenset(
        p.slug for p in contents(past[-2].assessment.framework_id).principles
    )
    return Progress(
        assessment=assessment,
        principles=sorted(named.principles, key=lambda p: p.position),
        rungs=sorted(rungs.values(), key=lambda r: r.position),
        assessments=past,
        more_before=len(earlier) >= TREND_ASSESSMENTS,
        previous_slugs=previous_slugs,
    )
