"""The arithmetic of results, in one place: the results page, the CSV and the PDF all read it.

When an assessment closes, `PrincipleResult.objects.freeze` writes one row per principle
(everyone together) and one per principle and group of perspectives, from the rungs people
chose (lower medians, so the rung reached is always one somebody chose, and never flatters).
"I don't know" is an answer too: it is counted here, beside the medians, never in them.
Breakdowns by perspective follow `groups.perspective_groups`, so small groups never show.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from principles.models import Descriptor, Principle, Question, Rung

from .groups import OTHERS, OTHERS_LABEL, Grouping, perspective_groups, shows_spread
from .models import (
    AgreedRung,
    Answer,
    Assessment,
    Extent,
    PeerRating,
    PeerReview,
    Perspective,
    PrincipleResult,
    Section,
)
from .standing import gold_wording, source_of

# Perspectives whose results are compared: the people who run a service and those who use it.
COMPARED = (Perspective.STAFF, Perspective.PERSON)
# A gap this many rungs wide or wider is worth talking about.
NOTABLE_GAP = 2
# Groups in the order perspectives are offered (staff first), then anyone who did not say, then
# the smaller groups together.
GROUP_ORDER = (*Perspective.values, "", OTHERS)
GROUP_LABELS = {**dict(Perspective.choices), "": "Did not say", OTHERS: OTHERS_LABEL}


EXTENT_ORDER = (Extent.NOT_YET, Extent.A_LITTLE, Extent.MOSTLY, Extent.FULLY, Extent.DONT_KNOW)


def _distribution(counts: dict[int, int]) -> list[tuple[str, int]]:
    return [(extent.label, counts.get(extent.value, 0)) for extent in EXTENT_ORDER]


@dataclass
class QuestionResult:
    question: Question
    counts: dict[int, int]  # Extent value -> number of people
    by_perspective: dict[str, dict[int, int]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def distribution(self) -> list[tuple[str, int]]:
        """(label, count) from "Not yet" to "Fully", then "Don't know"."""
        return _distribution(self.counts)

    def distribution_by_perspective(self) -> list[tuple[str, list[tuple[str, int]], int]]:
        """(perspective label, distribution, people) for each perspective that answered, in the
        order perspectives are offered; anyone who did not say comes last."""
        return [
            (GROUP_LABELS[key], _distribution(counts), sum(counts.values()))
            for key in GROUP_ORDER
            if (counts := self.by_perspective.get(key))
        ]

    def average(self) -> float | None:
        """Mean of the known answers on a 1 (not yet) to 4 (fully) scale."""
        known = {k: v for k, v in self.counts.items() if k != Extent.DONT_KNOW}
        people = sum(known.values())
        return sum(k * v for k, v in known.items()) / people if people else None


@dataclass
class PerspectiveResult:
    """One group's result for a principle: `rung` is None when all of them said "I don't
    know"."""

    perspective: str
    label: str
    rung: Rung | None
    lowest_rung: int | None
    highest_rung: int | None
    respondents: int  # who chose a rung
    dont_know: int = 0


@dataclass
class PrincipleSummary:
    principle: Principle
    rung: Rung | None
    lowest_rung: int | None
    highest_rung: int | None
    respondents: int
    descriptor: Descriptor | None
    next_rung: Rung | None
    next_descriptor: Descriptor | None
    questions: list[QuestionResult] = field(default_factory=list)
    perspectives: list[PerspectiveResult] = field(default_factory=list)
    dont_know: int = 0  # people who said "I don't know" instead of choosing a rung

    @property
    def is_gold_standard(self) -> bool:
        return bool(self.rung and self.rung.is_gold_standard)

    @property
    def shows_spread(self) -> bool:
        """Whether the lowest and highest rungs may be shown outside the organisation."""
        return shows_spread(self.respondents)

    @property
    def perspective_gap(self) -> int | None:
        """Rungs between staff and people who use services (positive: staff rate higher)."""
        by_key = {p.perspective: p.rung.position for p in self.perspectives if p.rung}
        if all(p in by_key for p in COMPARED):
            return by_key[Perspective.STAFF] - by_key[Perspective.PERSON]
        return None

    @property
    def perspectives_differ(self) -> bool:
        gap = self.perspective_gap
        return gap is not None and abs(gap) >= NOTABLE_GAP

    @property
    def answers_disagree_with_rung(self) -> str | None:
        """A hint when the answers to the questions and the rung chosen tell different stories."""
        averages = [a for q in self.questions if (a := q.average()) is not None]
        if not averages or self.rung is None:
            return None
        average = sum(averages) / len(averages)
        if average >= 3.25 and self.rung.position <= 4:
            return (
                'Most answers to the questions were "mostly" or "fully", but the rung '
                "chosen is low. Is the organisation being hard on itself, or are the questions "
                "being read generously?"
            )
        if average <= 1.75 and self.rung.position >= 6:
            return (
                'Most answers to the questions were "not yet" or "a little", but the rung '
                "chosen is high. Check the rung against its description."
            )
        return None


@dataclass
class AssessmentResults:
    assessment: Assessment
    rungs: list[Rung]
    principles: list[PrincipleSummary]
    submitted: int
    grouping: Grouping

    @property
    def gold_standard(self) -> Rung:
        return next(r for r in self.rungs if r.is_gold_standard)


def assessment_results(assessment: Assessment) -> AssessmentResults:
    """Everything the results page, CSV and PDF show, in a fixed number of queries."""
    framework_id = assessment.framework_id
    rungs = list(Rung.objects.filter(framework_id=framework_id).order_by("position"))
    rung_by_position = {r.position: r for r in rungs}
    rung_by_id = {r.pk: r for r in rungs}
    principles = list(Principle.objects.filter(framework_id=framework_id).order_by("position"))
    questions = defaultdict(list)
    for question in Question.objects.filter(principle__framework_id=framework_id).order_by(
        "principle__position", "position"
    ):
        questions[question.principle_id].append(question)
    descriptors = {
        (d.principle_id, d.rung_id): d
        for d in Descriptor.objects.filter(principle__framework_id=framework_id)
    }
    people = Counter(assessment.respondents.submitted().values_list("perspective", flat=True))
    grouping = perspective_groups(people)
    frozen = defaultdict(dict)
    for result in PrincipleResult.objects.filter(assessment=assessment):
        frozen[result.principle_id][result.perspective] = result
    dont_know: dict[int, Counter] = defaultdict(Counter)
    for principle_id, perspective, n in (
        Section.objects.filter(
            respondent__assessment=assessment,
            respondent__submitted_at__isnull=False,
            dont_know=True,
        )
        .values("principle_id", "respondent__perspective")
        .annotate(people=Count("id"))
        .values_list("principle_id", "respondent__perspective", "people")
        .order_by()
    ):
        dont_know[principle_id][""] += n
        if group := grouping.of(perspective):
            dont_know[principle_id][group] += n
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_perspective: dict[int, dict[str, dict[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for row in (
        Answer.objects.filter(
            respondent__assessment=assessment,
            respondent__submitted_at__isnull=False,
            extent__isnull=False,
        )
        .values("question_id", "respondent__perspective", "extent")
        .annotate(people=Count("id"))
    ):
        counts[row["question_id"]][row["extent"]] += row["people"]
        if (group := grouping.of(row["respondent__perspective"])) is not None:
            by_perspective[row["question_id"]][group][row["extent"]] += row["people"]
    summaries = []
    for principle in principles:
        overall = frozen[principle.pk].get("")
        rung = rung_by_id[overall.rung_id] if overall else None
        unknown = dont_know[principle.pk]
        next_rung = rung_by_position.get(rung.position + 1) if rung else None
        summaries.append(
            PrincipleSummary(
                principle=principle,
                rung=rung,
                lowest_rung=overall.lowest_rung if overall else None,
                highest_rung=overall.highest_rung if overall else None,
                respondents=overall.respondents if overall else 0,
                descriptor=descriptors.get((principle.pk, rung.pk)) if rung else None,
                next_rung=next_rung,
                next_descriptor=descriptors.get((principle.pk, next_rung.pk))
                if next_rung
                else None,
                questions=[
                    QuestionResult(
                        question=q,
                        counts=dict(counts[q.pk]),
                        by_perspective={k: dict(v) for k, v in by_perspective[q.pk].items()},
                    )
                    for q in questions[principle.pk]
                ],
                perspectives=[
                    PerspectiveResult(
                        perspective=key,
                        label=GROUP_LABELS[key],
                        rung=rung_by_id[result.rung_id] if result else None,
                        lowest_rung=result.lowest_rung if result else None,
                        highest_rung=result.highest_rung if result else None,
                        respondents=result.respondents if result else 0,
                        dont_know=unknown[key],
                    )
                    # In the order perspectives are offered (staff first), not alphabetical;
                    # only groups big enough to show (older frozen rows may hold smaller ones).
                    for key in GROUP_ORDER
                    if key and key in grouping.groups.values()
                    if (result := frozen[principle.pk].get(key)) or unknown[key]
                ],
                dont_know=unknown[""],
            )
        )
    return AssessmentResults(
        assessment=assessment,
        rungs=rungs,
        principles=summaries,
        submitted=sum(people.values()),
        grouping=grouping,
    )


def dont_know_counts(assessments) -> dict[tuple[int, int], int]:
    """For many assessments at once (a queryset), how many people who submitted said "I don't
    know" instead of choosing a rung: (assessment id, principle position) -> people. One
    query, for the working group's scores CSV."""
    return {
        (assessment_id, position): people
        for assessment_id, position, people in Section.objects.filter(
            respondent__assessment__in=assessments,
            respondent__submitted_at__isnull=False,
            dont_know=True,
        )
        .values("respondent__assessment_id", "principle__position")
        .annotate(people=Count("id"))
        .values_list("respondent__assessment_id", "principle__position", "people")
        .order_by()
    }


@dataclass
class GroupExamples:
    """What one group of people wrote about a principle, in their words."""

    perspective: str
    label: str
    texts: list[str]


def shared_examples(assessment: Assessment, principle=None) -> dict[int, list[GroupExamples]]:
    """Per principle (or just `principle`), the examples submitted by people who agreed to
    them being shown, by group (`groups.perspective_groups`: none from a group too small to
    show), groups in the order perspectives are offered; in each, why-this-rung first, then
    the answers question by question. Three queries."""
    grouping = perspective_groups(
        Counter(assessment.respondents.submitted().values_list("perspective", flat=True))
    )
    shared = {
        "respondent__assessment": assessment,
        "respondent__submitted_at__isnull": False,
        "respondent__agreed_to_be_quoted": True,
    }
    sections = Section.objects.filter(**shared).exclude(rung_evidence="")
    answers = Answer.objects.filter(**shared).exclude(evidence="")
    if principle is not None:
        sections = sections.filter(principle=principle)
        answers = answers.filter(question__principle=principle)
    candidates = [
        *sections.order_by("respondent_id").values_list(
            "principle_id", "respondent__perspective", "rung_evidence"
        ),
        *answers.order_by("question__position", "respondent_id").values_list(
            "question__principle_id", "respondent__perspective", "evidence"
        ),
    ]
    found: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for principle_id, perspective, text in candidates:
        group = grouping.of(perspective)
        if text.strip() and group is not None:
            found[principle_id][group].append(text.strip())
    return {
        principle_id: [
            GroupExamples(key, GROUP_LABELS[key], by_group[key])
            for key in GROUP_ORDER
            if key in by_group
        ]
        for principle_id, by_group in found.items()
    }


@dataclass
class PeerView:
    """One submitted peer review's rating of one principle."""

    review: PeerReview
    rung: Rung | None
    comment: str
    suggestion: str


@dataclass
class PrincipleComparison:
    principle: Principle
    self_rung: Rung | None
    peers: list[PeerView]
    agreed: AgreedRung | None

    @property
    def peer(self) -> PeerView | None:
        """The review shown for this principle: the first submitted one that rated it (most
        assessments have one reviewer)."""
        return next((p for p in self.peers if p.rung), None)

    @property
    def peer_rung(self) -> Rung | None:
        return self.peer.rung if self.peer else None

    @property
    def difference(self) -> int | None:
        """Peer rung minus self-assessed rung: negative when the peer rates lower."""
        if self.self_rung and self.peer_rung:
            return self.peer_rung.position - self.self_rung.position
        return None

    @property
    def needs_discussion(self) -> bool:
        """Far apart, and not yet settled: once a position is agreed, it has been discussed."""
        return (
            self.agreed is None
            and self.difference is not None
            and abs(self.difference) >= NOTABLE_GAP
        )

    @property
    def standing(self) -> str:
        """What can honestly be said about the gold standard for this principle: the same words
        as the standing (`standing.gold_wording`), from the agreed rung if there is one."""
        rung = self.agreed.rung if self.agreed else self.self_rung
        return gold_wording(rung, source_of(self.agreed))


def peer_comparison(assessment: Assessment) -> list[PrincipleComparison]:
    """Self-assessed, peer and agreed rungs side by side, per principle (a fixed few queries).

    Only submitted reviews count: a reviewer's draft is theirs until they submit it.
    """
    principles = list(Principle.objects.filter(framework_id=assessment.framework_id))
    self_rungs = {
        r.principle_id: r.rung
        for r in PrincipleResult.objects.filter(
            assessment=assessment, perspective=""
        ).select_related("rung")
    }
    peers = defaultdict(list)
    for rating in (
        PeerRating.objects.filter(review__assessment=assessment, review__submitted_at__isnull=False)
        .select_related("rung", "review")
        .order_by("review__submitted_at")
    ):
        peers[rating.principle_id].append(
            PeerView(rating.review, rating.rung, rating.comment, rating.suggestion)
        )
    agreed = {
        a.principle_id: a
        for a in AgreedRung.objects.filter(assessment=assessment).select_related("rung")
    }
    return [
        PrincipleComparison(
            principle=p,
            self_rung=self_rungs.get(p.pk),
            peers=peers[p.pk],
            agreed=agreed.get(p.pk),
        )
        for p in principles
    ]
