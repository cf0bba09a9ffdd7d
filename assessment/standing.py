"""Where an organisation stands on each principle of a closed assessment: the one rule every
page, PDF, CSV and dashboard reads.

For each principle the standing is, in order:

1. the agreed rung, once the peer reviewer has confirmed it: **peer-confirmed**;
2. the agreed rung the organisation recorded with its reviewer, not yet confirmed (or with a
   reservation from the reviewer): **agreed, waiting for the reviewer**;
3. otherwise the rung the organisation's own people reached (the frozen median):
   **self-assessed**.

An assessment has at most one agreed rung per principle, recorded with one review: that is the
review that counts. With several reviewers, a reviewer whose rungs were not taken up shows on
the comparison page but never changes the standing.

`standings()` works it out for one assessment in Python (`standings_of()` for a list of them);
`standing_position()` is the same rule as SQL for the dashboards, which aggregate over many
assessments. A test holds them together.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, TextChoices, Value, When
from django.db.models.functions import Coalesce

from principles.models import Descriptor, Principle, Rung

from .models import AgreedRung, Assessment, PeerReview, PrincipleResult


class Source(TextChoices):
    CONFIRMED = "confirmed", "Peer-confirmed"
    AGREED = "agreed", "Agreed with the reviewer, waiting for them to confirm"
    SELF = "self", "Self-assessed"


@dataclass(frozen=True)
class Standing:
    principle: Principle
    rung: Rung | None
    source: str
    self_rung: Rung | None
    agreed: AgreedRung | None
    next_rung: Rung | None
    descriptor: Descriptor | None = None  # what practice on the standing's rung looks like
    next_descriptor: Descriptor | None = None  # and on the next rung up

    @property
    def review(self) -> PeerReview | None:
        """The peer review the standing came from, if any."""
        return self.agreed.review if self.source != Source.SELF else None

    @property
    def source_label(self) -> str:
        return source_label(self.source, dissent=bool(self.agreed and self.agreed.reviewer_dissent))

    @property
    def is_confirmed(self) -> bool:
        return self.source == Source.CONFIRMED

    @property
    def is_gold_standard(self) -> bool:
        return bool(self.rung and self.rung.is_gold_standard)

    @property
    def gold(self) -> str:
        return gold_wording(self.rung, self.source)


def source_of(agreed: AgreedRung | None) -> str:
    """The standing's Source, given the principle's agreed rung (or None)."""
    if agreed is None:
        return Source.SELF
    return Source.CONFIRMED if agreed.reviewer_confirmed_at else Source.AGREED


def source_label(source: str, *, dissent: bool = False) -> str:
    """How every surface names where a standing came from; `dissent`: the reviewer said they
    do not agree with the agreed rung (only while it is not confirmed)."""
    if source == Source.AGREED and dissent:
        return "Agreed by the organisation; the reviewer does not agree"
    return Source(source).label


def gold_wording(rung: Rung | None, source: str) -> str:
    """What can honestly be said about the gold standard for a standing, or "" below it."""
    if not (rung and rung.is_gold_standard):
        return ""
    return {
        Source.CONFIRMED: "Gold standard, peer-confirmed",
        Source.AGREED: "Gold standard agreed, waiting for the reviewer to confirm",
        Source.SELF: "Gold standard, self-assessed: not confirmed by a peer",
    }[source]


def standings(assessment: Assessment) -> list[Standing]:
    """The standing of each principle, in the framework's order (five queries)."""
    return standings_of([assessment])[assessment.pk]


def standings_of(assessments: Sequence[Assessment]) -> dict[int, list[Standing]]:
    """The standing of each principle of each assessment, by the assessment's id: five queries
    however many assessments (an organisation's list of them reads this)."""
    if not assessments:
        return {}
    ids = [a.pk for a in assessments]
    frameworks = {a.framework_id for a in assessments}
    principles = defaultdict(list)
    for principle in Principle.objects.filter(framework_id__in=frameworks).order_by("position"):
        principles[principle.framework_id].append(principle)
    by_id = {r.pk: r for r in Rung.objects.filter(framework_id__in=frameworks)}
    by_position = {(r.framework_id, r.position): r for r in by_id.values()}
    self_rungs = {
        (assessment_id, principle_id): rung_id
        for assessment_id, principle_id, rung_id in PrincipleResult.objects.filter(
            assessment_id__in=ids, perspective=""
        ).values_list("assessment_id", "principle_id", "rung_id")
    }
    agreed = {
        (a.assessment_id, a.principle_id): a
        for a in AgreedRung.objects.filter(assessment_id__in=ids).select_related("review")
    }
    descriptors = {
        (d.principle_id, d.rung_id): d
        for d in Descriptor.objects.filter(principle__framework_id__in=frameworks)
    }
    result = {}
    for assessment in assessments:
        found = []
        for principle in principles[assessment.framework_id]:
            position = agreed.get((assessment.pk, principle.pk))
            self_rung = by_id.get(self_rungs.get((assessment.pk, principle.pk)))
            rung = by_id[position.rung_id] if position else self_rung
            next_rung = (
                by_position.get((assessment.framework_id, rung.position + 1)) if rung else None
            )
            found.append(
                Standing(
                    principle=principle,
                    rung=rung,
                    source=source_of(position),
                    self_rung=self_rung,
                    agreed=position,
                    next_rung=next_rung,
                    descriptor=descriptors.get((principle.pk, rung.pk)) if rung else None,
                    next_descriptor=(
                        descriptors.get((principle.pk, next_rung.pk)) if next_rung else None
                    ),
                )
            )
        result[assessment.pk] = found
    return result


def _agreed_here():
    """The agreed rung for the PrincipleResult row the query is on."""
    return AgreedRung.objects.filter(
        assessment_id=OuterRef("assessment_id"), principle_id=OuterRef("principle_id")
    )


def standing_position():
    """For a queryset of everyone-together PrincipleResult rows: the standing's rung position
    (the agreed rung if there is one, else the frozen one)."""
    return Coalesce(Subquery(_agreed_here().values("rung__position")[:1]), F("rung__position"))


def standing_source():
    """For a queryset of PrincipleResult rows: the standing's Source value."""
    return Case(
        When(
            Exists(_agreed_here().filter(reviewer_confirmed_at__isnull=False)),
            then=Value(Source.CONFIRMED.value),
        ),
        When(Exists(_agreed_here()), then=Value(Source.AGREED.value)),
        default=Value(Source.SELF.value),
    )


def standing_dissent():
    """For a queryset of PrincipleResult rows: whether the reviewer said they do not agree with
    an agreed rung not yet confirmed (`source_label`'s `dissent`)."""
    return Exists(
        _agreed_here().filter(reviewer_confirmed_at__isnull=True).exclude(reviewer_dissent="")
    )


def with_standing(results):
    """Everyone-together PrincipleResult rows, each annotated with `standing_position`,
    `standing_source` and `standing_dissent`."""
    return results.filter(Q(perspective="")).annotate(
        standing_position=standing_position(),
        standing_source=standing_source(),
        standing_dissent=standing_dissent(),
    )
