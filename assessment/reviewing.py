"""What the peer review pages show, worked out away from the views.

- `evidence()`: what a reviewer may read of the organisation's answers about one principle:
  what people wrote, never the rungs they chose (the review is blind), and their names only if
  they agreed to be named; otherwise their group of perspectives, so small groups never show.
- `comparison()`: one review's ratings beside the self-assessment and the agreed positions, as
  the organisation or the reviewer sees it.
"""

from dataclasses import replace

from .groups import OTHERS, OTHERS_LABEL, Grouping
from .models import AgreedRung, Answer, Perspective, Section
from .results import GROUP_ORDER, NOTABLE_GAP, peer_comparison

# How the reviewer sees someone who did not agree to be named: by their group of perspectives.
WHO = {
    Perspective.STAFF: "A member of staff",
    Perspective.VOLUNTEER: "A volunteer",
    Perspective.PERSON: "A person who uses services",
    Perspective.CARER: "A carer or family member",
    Perspective.PARTNER: "Someone from a partner organisation",
    Perspective.OTHER: "Someone who answered",
    "": "Someone who answered",
    OTHERS: OTHERS_LABEL,
}


def evidence(assessment, principle, grouping: Grouping) -> tuple[dict, list]:
    """What respondents who submitted wrote about one principle: examples per question, and
    why they chose their rung (never the rung itself), from those who agreed to their examples
    being shown. Two queries; names only if agreed, otherwise the person's group (`grouping`,
    from `groups.perspective_groups`), so nobody alone in their perspective stands out: groups
    in the order perspectives are offered, then as people were added (ordered by perspective,
    a merged group's examples would hint at whose they are)."""
    people = ("respondent__name", "respondent__agreed_to_be_named", "respondent__perspective")
    order = {key: index for index, key in enumerate(GROUP_ORDER)}

    def in_order(rows):
        def place(row):
            return order[grouping.of(row["respondent__perspective"]) or ""], row["respondent_id"]

        return sorted(rows, key=place)

    def who(row) -> str:
        name, named, perspective = (row[k] for k in people)
        return name if named else WHO.get(grouping.of(perspective), WHO[""])

    shared = {
        "respondent__assessment": assessment,
        "respondent__submitted_at__isnull": False,
        "respondent__agreed_to_be_quoted": True,
    }
    examples: dict[int, list[dict]] = {}
    for row in in_order(
        Answer.objects.filter(**shared, question__principle=principle)
        .exclude(evidence="")
        .values("question_id", "evidence", "respondent_id", *people)
    ):
        examples.setdefault(row["question_id"], []).append(
            {"who": who(row), "text": row["evidence"]}
        )
    ladder = [
        {"who": who(row), "text": row["rung_evidence"]}
        for row in in_order(
            Section.objects.filter(**shared, principle=principle)
            .exclude(rung_evidence="")
            .values("rung_evidence", "respondent_id", *people)
        )
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
