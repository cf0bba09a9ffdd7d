"""What the peer review pages show, worked out away from the views.

- `evidence()`: what a reviewer may read of the organisation's answers about one principle:
  what people wrote, never the rungs they chose (the review is blind), and their names only if
  they agreed to be named.
- `comparison()`: one review's ratings beside the self-assessment and the agreed positions, as
  the organisation or the reviewer sees it.
"""

from dataclasses import replace

from .models import AgreedRung, Answer, Perspective, Section
from .results import NOTABLE_GAP, peer_comparison

# How the reviewer sees someone who did not agree to be named: by their point of view.
WHO = {
    Perspective.STAFF: "A member of staff",
    Perspective.VOLUNTEER: "A volunteer",
    Perspective.PERSON: "A person who uses services",
    Perspective.CARER: "A carer or family member",
    Perspective.PARTNER: "Someone from a partner organisation",
    Perspective.OTHER: "Someone who answered",
    "": "Someone who answered",
}


def who(name: str, named: bool, perspective: str) -> str:
    """A respondent as the reviewer may see them: by name only if they agreed."""
    return name if named else WHO.get(perspective, WHO[""])


def evidence(assessment, principle) -> tuple[dict, list]:
    """What respondents who submitted wrote about one principle: examples per question, and
    why they chose their rung (never the rung itself), from those who agreed to their examples
    being shown. Two queries; names only if agreed."""
    people = ("respondent__name", "respondent__agreed_to_be_named", "respondent__perspective")
    examples: dict[int, list[dict]] = {}
    for row in (
        Answer.objects.filter(
            respondent__assessment=assessment,
            respondent__submitted_at__isnull=False,
            respondent__agreed_to_be_quoted=True,
            question__principle=principle,
        )
        .exclude(evidence="")
        .order_by("respondent__perspective", "respondent_id")
        .values("question_id", "evidence", *people)
    ):
        examples.setdefault(row["question_id"], []).append(
            {"who": who(*(row[k] for k in people)), "text": row["evidence"]}
        )
    ladder = [
        {"who": who(*(row[k] for k in people)), "text": row["rung_evidence"]}
        for row in Section.objects.filter(
            respondent__assessment=assessment,
            respondent__submitted_at__isnull=False,
            respondent__agreed_to_be_quoted=True,
            principle=principle,
        )
        .exclude(rung_evidence="")
        .order_by("respondent__perspective", "respondent_id")
        .values("rung_evidence", *people)
    ]
    return examples, ladder


def for_review(comparisons, review, *, own_agreed_only: bool) -> list:
    """The comparison as one review sees it: only that review's ratings (so the difference is
    with this reviewer), and, for the reviewer, only positions agreed with them."""
    return [
        replace(
            c,
            peers=[p for p in c.peers if p.review.pk == review.pk],
            agreed=c.agreed
            if c.agreed and (not own_agreed_only or c.agreed.review_id == review.pk)
            else None,
        )
        for c in comparisons
    ]


def comparison(review, *, for_reviewer: bool) -> dict:
    """What the comparison page shows of one submitted review: each principle's comparison,
    the agreed positions still waiting for the reviewer, and the version of all the agreed
    positions the page was drawn from (to confirm them all at once: AgreedRung.fingerprint)."""
    everything = peer_comparison(review.assessment)
    comparisons = for_review(everything, review, own_agreed_only=for_reviewer)
    return {
        "comparisons": comparisons,
        "notable_gap": NOTABLE_GAP,
        "waiting": [
            c
            for c in comparisons
            if c.agreed and not c.agreed.reviewer_confirmed_at and not c.agreed.reviewer_dissent
        ],
        "agreed_version": AgreedRung.fingerprint_of(c.agreed for c in everything if c.agreed),
    }
