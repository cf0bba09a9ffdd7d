"""The working group's figures for a round, aggregated in SQL from the frozen results.

Everything here starts from `Assessment.objects.shared()`: an assessment its organisation has not
shared (or has withdrawn) is never counted, listed or downloaded. Each function makes a fixed
number of queries however many organisations a round has (`values().annotate()` over
PrincipleResult and PeerRating rows), so a dashboard of 10,000 organisations makes as many
queries as one of ten; since those take a second with 10,000, a round's unfiltered figures are
kept in the cache under a fingerprint of what they count (`kept_round_dashboard`).

Rounds can mix framework versions, so principles and rungs are matched by their position
(principle 1 to 6, rung 1 to 7), and named as in the newest version the round's assessments use.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from principles.caching import cached
from principles.models import Framework, Principle, Rung, contents

from .groups import shows_spread
from .models import (
    AgreedRung,
    Assessment,
    Organisation,
    PeerRating,
    PeerReview,
    PrincipleResult,
    Round,
)
from .reports.charts import rung_chart
from .results import NOTABLE_GAP, dont_know_counts
from .standing import Source, with_standing


def round_assessments(round: Round, *, kind: str = "", area: str = "") -> QuerySet[Assessment]:
    """A round's shared assessments, optionally for one type of organisation and one area,
    in the order they are listed: by organisation, then assessment."""
    assessments = Assessment.objects.shared().filter(round=round)
    if kind:
        assessments = assessments.filter(organisation__kind=kind)
    if area:
        assessments = assessments.filter(organisation__area=area)
    return assessments.select_related("organisation", "framework").order_by(
        "organisation__name", "title", "pk"
    )


def round_areas(round: Round) -> list[str]:
    """The areas of the organisations that shared an assessment in the round, for the filter."""
    return list(
        Assessment.objects.shared()
        .filter(round=round)
        .order_by("organisation__area")
        .values_list("organisation__area", flat=True)
        .distinct()
    )


def shared_counts_by_round() -> dict[int | None, int]:
    """How many shared assessments each round has (None: shared but in no round)."""
    return dict(
        Assessment.objects.shared()
        .values("round_id")
        .annotate(assessments=Count("pk"))
        .order_by()
        .values_list("round_id", "assessments")
    )


# --- The dashboard ------------------------------------------------------------------------------


@dataclass
class PrincipleDistribution:
    """How many organisations placed one principle on each rung."""

    principle: Principle
    counts: dict[int, int]  # rung position -> organisations
    total: int  # organisations in the round (or the filtered part of it)
    gold_position: int
    positions: Sequence[int] = ()  # the ladder's rung positions, bottom first

    @property
    def row_counts(self) -> list[int]:
        """Organisations at each rung, bottom rung first, for a table row."""
        return [self.counts.get(position, 0) for position in self.positions]

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def no_answer(self) -> int:
        """Organisations where nobody chose a rung for this principle."""
        return self.total - self.answered

    confirmed: dict[int, int] = field(default_factory=dict)  # the peer-confirmed among them

    @property
    def at_gold(self) -> int:
        return self.counts.get(self.gold_position, 0)

    @property
    def at_gold_confirmed(self) -> int:
        """At the gold standard, confirmed by their peer reviewer."""
        return self.confirmed.get(self.gold_position, 0)

    @property
    def at_gold_unconfirmed(self) -> int:
        """At the gold standard by their own assessment (or agreed, not yet confirmed)."""
        return self.at_gold - self.at_gold_confirmed

    def count_at(self, position: int) -> int:
        return self.counts.get(position, 0)

    @property
    def average_distance(self) -> float | None:
        """Average number of rungs below the gold standard."""
        if not self.answered:
            return None
        rungs = sum(position * count for position, count in self.counts.items())
        return self.gold_position - rungs / self.answered

    @property
    def median_distance(self) -> int | None:
        """The middle organisation's distance below gold: the distance of the lower median rung,
        as elsewhere, so it is one some organisation actually has and never flatters."""
        if not self.answered:
            return None
        middle = (self.answered + 1) // 2  # 1-based rank of the lower median
        seen = 0
        for position in sorted(self.counts):  # from the bottom rung up
            seen += self.counts[position]
            if seen >= middle:
                return self.gold_position - position
        return None  # pragma: no cover - the counts always add up to `answered`


@dataclass
class PrincipleGap:
    """Self-assessed against peer-reviewed rungs for one principle, across the round."""

    principle: Principle
    organisations: int = 0  # with a submitted peer rating for this principle and a self rung
    average_gap: float | None = None  # self minus peer: positive when organisations rate higher
    self_higher: int = 0
    peer_higher: int = 0
    far_apart: int = 0  # NOTABLE_GAP or more rungs apart, either way

    @property
    def average_gap_text(self) -> str:
        """The average difference in words: "0.5 rungs higher than peers"."""
        if self.average_gap is None:
            return "No peer reviews yet"
        gap = round(self.average_gap, 1)
        if gap == 0:
            return "The same, on average"
        rungs = "rung" if abs(gap) == 1 else "rungs"
        direction = "higher" if gap > 0 else "lower"
        return f"{abs(gap):g} {rungs} {direction} than peers"


@dataclass
class RoundDashboard:
    rungs: list[Rung]
    principles: list[PrincipleDistribution]
    gaps: list[PrincipleGap]
    total: int  # shared assessments counted
    peer_reviewed: int  # organisations with at least one submitted peer review
    organisations: int = 0  # that shared them: one may share more than one assessment
    notable_gap: int = NOTABLE_GAP
    gold: Rung | None = field(init=False)

    def __post_init__(self):
        self.gold = next((r for r in self.rungs if r.is_gold_standard), None)

    @property
    def count_rows(self) -> list[tuple[PrincipleDistribution, list[tuple[Rung, int]]]]:
        """Each principle with how many organisations stand on each rung, bottom first: the
        table beside the chart, each count with the rung it is for."""
        return [
            (row, [(r, row.count_at(r.position)) for r in self.rungs]) for row in self.principles
        ]

    @property
    def furthest_from_gold(self) -> list[PrincipleDistribution]:
        """Principles furthest from the gold standard first (by average distance); principles
        nobody answered last."""
        answered = [p for p in self.principles if p.average_distance is not None]
        unanswered = [p for p in self.principles if p.average_distance is None]
        return sorted(answered, key=lambda p: -p.average_distance) + unanswered


def framework_for(assessments: QuerySet[Assessment]) -> Framework | None:
    """The newest framework version the assessments use, for naming principles and rungs; the
    current version when there are none."""
    framework = (
        Framework.objects.filter(pk__in=assessments.values("framework_id"))
        .order_by("-published_at", "-pk")
        .first()
    )
    return framework or Framework.objects.current()


def _labels(assessments: QuerySet[Assessment]) -> tuple[list[Principle], list[Rung]]:
    framework = framework_for(assessments)
    if framework is None:
        return [], []
    named = contents(framework.pk)
    return named.principles, named.rungs


def rung_distribution(
    assessments: QuerySet[Assessment],
) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, int]]]:
    """Where organisations stand (assessment/standing.py: agreed with their peer reviewer where
    they have, else self-assessed), in one query: principle position -> rung position ->
    organisations, and the same for the peer-confirmed ones alone."""
    distribution: dict[int, dict[int, int]] = defaultdict(dict)
    confirmed: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        with_standing(PrincipleResult.objects.filter(assessment__in=assessments.values("pk")))
        .values("principle__position", "standing_position", "standing_source")
        .annotate(organisations=Count("assessment_id", distinct=True))
        .order_by()
    )
    for row in rows:
        principle, position = row["principle__position"], row["standing_position"]
        counts = distribution[principle]
        counts[position] = counts.get(position, 0) + row["organisations"]
        if row["standing_source"] == Source.CONFIRMED:
            confirmed[principle][position] = row["organisations"]
    return distribution, confirmed


def _first_peer_rating() -> Subquery:
    """The rating that counts for an assessment and principle: the first submitted review's
    (as on the results page, results.peer_comparison)."""
    return Subquery(
        PeerRating.objects.filter(
            review__assessment=OuterRef("review__assessment"),
            principle=OuterRef("principle"),
            review__submitted_at__isnull=False,
            rung__isnull=False,
        )
        .order_by("review__submitted_at", "pk")
        .values("pk")[:1]
    )


def peer_gaps(assessments: QuerySet[Assessment]) -> dict[int, dict]:
    """principle position -> the self-minus-peer figures, in one query.

    The organisation's own rung is joined (not a subquery that every figure would repeat for
    every rating: seconds with thousands of organisations)."""
    results = "review__assessment__results"
    rows = (
        PeerRating.objects.filter(
            review__assessment__in=assessments.values("pk"),
            review__submitted_at__isnull=False,
            rung__isnull=False,
            pk=_first_peer_rating(),
        )
        .annotate(
            own=FilteredRelation(
                results,
                condition=Q(**{f"{results}__principle": F("principle")})
                & Q(**{f"{results}__perspective": ""}),
            )
        )
        .filter(own__isnull=False)
        .annotate(gap=F("own__rung__position") - F("rung__position"))
        .values("principle__position")
        .annotate(
            organisations=Count("review__assessment", distinct=True),
            average_gap=Avg("gap"),
            self_higher=Count("pk", filter=Q(gap__gt=0)),
            peer_higher=Count("pk", filter=Q(gap__lt=0)),
            far_apart=Count("pk", filter=Q(gap__gte=NOTABLE_GAP) | Q(gap__lte=-NOTABLE_GAP)),
        )
        .order_by()
    )
    return {row.pop("principle__position"): row for row in rows}


def round_dashboard(assessments: QuerySet[Assessment]) -> RoundDashboard:
    """Everything the round dashboard shows, in a fixed number of queries (seven)."""
    principles, rungs = _labels(assessments)
    counted = assessments.order_by().aggregate(
        total=Count("pk"), organisations=Count("organisation", distinct=True)
    )
    total = counted["total"]
    distribution, confirmed = rung_distribution(assessments)
    gaps = peer_gaps(assessments)
    peer_reviewed = (
        PeerReview.objects.filter(
            assessment__in=assessments.values("pk"), submitted_at__isnull=False
        )
        .values("assessment_id")
        .distinct()
        .count()
    )
    gold_position = next((r.position for r in rungs if r.is_gold_standard), len(rungs))
    return RoundDashboard(
        rungs=rungs,
        principles=[
            PrincipleDistribution(
                principle=p,
                counts=distribution.get(p.position, {}),
                confirmed=confirmed.get(p.position, {}),
                total=total,
                gold_position=gold_position,
                positions=[r.position for r in rungs],
            )
            for p in principles
        ],
        gaps=[PrincipleGap(principle=p, **gaps.get(p.position, {})) for p in principles],
        total=total,
        peer_reviewed=peer_reviewed,
        organisations=counted["organisations"],
    )


# --- The scores CSV -----------------------------------------------------------------------------

SCORES_HEADER = (
    "Organisation",
    "Type of organisation",
    "Area",
    "Assessment",
    "Service or programme",
    "Principle number",
    "Principle",
    "Self-assessed rung (1 to 7)",
    "Lowest rung chosen",
    "Highest rung chosen",
    "People who chose a rung",
    "People who said I don't know",
    "Peer reviewer's rung",
    "Agreed rung",
    "Agreed rung confirmed by the reviewer",
    "Standing rung",
    "Standing",
)


def round_fingerprint(round: Round) -> str:
    """A digest of what a round's figures are worked out from: which assessments are shared in
    it (their results are frozen), their submitted peer reviews (their ratings are too) and
    their agreed positions (which the standing reads). Sharing, withdrawing, moving an
    assessment, submitting a review, agreeing or confirming changes it. Three small aggregate
    queries."""
    shared = Assessment.objects.shared().filter(round=round)
    assessments = shared.aggregate(
        count=Count("pk"), ids=Sum("pk"), low=Min("pk"), high=Max("pk"), shared=Max("shared_at")
    )
    reviews = PeerReview.objects.filter(
        assessment__in=shared.values("pk"), submitted_at__isnull=False
    ).aggregate(count=Count("pk"), ids=Sum("pk"), submitted=Max("submitted_at"))
    agreed = AgreedRung.objects.filter(assessment__in=shared.values("pk")).aggregate(
        count=Count("pk"), ids=Sum("pk"), changed=Max("updated_at")
    )
    text = (
        f"{round.pk}|{sorted(assessments.items())}|{sorted(reviews.items())}|"
        f"{sorted(agreed.items())}"
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def figures_html(figures: RoundDashboard) -> SafeString:
    """The dashboard's chart and tables (none without organisations), rendered without a
    request so that they can be kept."""
    if not figures.total:
        return SafeString("")
    return render_to_string(
        "working_group/_round_figures.html", {"figures": figures, "chart": rung_chart(figures)}
    )


def kept_round_dashboard(round: Round) -> tuple[RoundDashboard, SafeString]:
    """The round's figures for all its organisations, and their chart and tables, kept in the
    cache under `round_fingerprint` (framework words through principles.caching): working them
    out takes a second with 10,000 organisations. Filtered figures are worked out each time,
    since an organisation's type or area can change without a trace in the fingerprint."""

    def build():
        figures = round_dashboard(round_assessments(round))
        return figures, figures_html(figures)

    return cached(f"round-figures:{round_fingerprint(round)}", build)


def score_rows(assessments: QuerySet[Assessment]) -> Iterator[tuple]:
    """One row per organisation and principle, in a fixed handful of queries. Blank cells mean
    nobody chose a rung, no peer review was submitted, or no rung was agreed; the lowest and
    highest rungs are blank too where fewer than MIN_GROUP_SIZE people chose one, since they
    would be close to one person's answers (`groups.shows_spread`), and so is the number who
    said "I don't know" where fewer than MIN_GROUP_SIZE answered at all (chose a rung or said
    they did not know): it would say what each of them answered."""
    principles, _rungs = _labels(assessments)
    ids = assessments.values("pk")
    results = {
        (r["assessment_id"], r["principle__position"]): r
        for r in PrincipleResult.objects.filter(assessment__in=ids, perspective="").values(
            "assessment_id",
            "principle__position",
            "rung__position",
            "lowest_rung",
            "highest_rung",
            "respondents",
        )
    }
    peer = _pairs(
        PeerRating.objects.filter(
            review__assessment__in=ids,
            review__submitted_at__isnull=False,
            rung__isnull=False,
            pk=_first_peer_rating(),
        ).values_list("review__assessment_id", "principle__position", "rung__position")
    )
    agreed = {
        (assessment_id, position): (rung, confirmed)
        for assessment_id, position, rung, confirmed in AgreedRung.objects.filter(
            assessment__in=ids
        ).values_list(
            "assessment_id", "principle__position", "rung__position", "reviewer_confirmed_at"
        )
    }
    dont_know = dont_know_counts(ids)
    kinds = dict(Organisation.Kind.choices)
    for assessment in assessments:
        organisation = assessment.organisation
        for principle in principles:
            key = (assessment.pk, principle.position)
            result = results.get(key, {})
            yield (
                organisation.name,
                kinds.get(organisation.kind, organisation.kind),
                organisation.area,
                assessment.title,
                assessment.service,
                principle.position,
                principle.name,
                result.get("rung__position", ""),
                *_spread(result),
                result.get("respondents", 0),
                _dont_know(result.get("respondents", 0), dont_know.get(key, 0)),
                peer.get(key, ""),
                *_agreed_and_standing(agreed.get(key), result.get("rung__position", "")),
            )


def _spread(result: dict) -> tuple:
    if not shows_spread(result.get("respondents", 0)):
        return ("", "")
    return (result["lowest_rung"], result["highest_rung"])


def _dont_know(chose: int, dont_know: int) -> int | str:
    return dont_know if shows_spread(chose + dont_know) else ""


def _agreed_and_standing(agreed, self_rung) -> tuple:
    """The agreed rung, whether the reviewer confirmed it, and the standing (the same rule as
    standing.py: the agreed rung where there is one, else the self-assessed rung)."""
    if agreed is None:
        return "", "", self_rung, Source.SELF.label if self_rung != "" else ""
    rung, confirmed_at = agreed
    source = Source.CONFIRMED if confirmed_at else Source.AGREED
    return rung, "Yes" if confirmed_at else "No", rung, source.label


def _pairs(rows) -> dict[tuple[int, int], int]:
    return {(assessment_id, position): rung for assessment_id, position, rung in rows}
