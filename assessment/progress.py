"""How far one person has got: someone answering an assessment (`ResponseProgress`) or a peer
reviewer (`ReviewProgress`). What their task lists and check pages show, and where "Save and
continue" goes next. A fixed handful of queries however many questions there are."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.urls import reverse

from principles.models import Principle, Question, contents

from .models import Answer, Extent, PeerRating, Section


class Status:
    """A task's status, as the task list shows it."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"


def next_incomplete(principles: Sequence, status: Callable[..., str], after=None):
    """The first principle whose `status` is not completed, starting after `after` and wrapping
    round, or None when all are."""
    order = list(principles)
    if after is not None:
        index = next(i for i, p in enumerate(order) if p.pk == after.pk)
        order = order[index + 1 :] + order[: index + 1]
    return next((p for p in order if status(p) != Status.COMPLETED), None)


@dataclass
class ReviewedAnswer:
    question: Question
    extent: str
    evidence: str


class ResponseProgress:
    def __init__(self, respondent):
        self.respondent = respondent
        framework = contents(respondent.assessment.framework_id)
        self.principles = framework.principles
        self.questions = defaultdict(list, framework.questions)
        self.sections = {
            s.principle_id: s
            for s in Section.objects.filter(respondent=respondent).select_related("rung")
        }
        self.answers = {a.question_id: a for a in Answer.objects.filter(respondent=respondent)}

    def status(self, principle) -> str:
        answers = [self.answers.get(q.pk) for q in self.questions[principle.pk]]
        section = self.sections.get(principle.pk)
        has_rung = bool(section and section.is_answered)
        if has_rung and all(a is not None and a.extent is not None for a in answers):
            return Status.COMPLETED
        touched = any(a and (a.extent is not None or a.evidence) for a in answers)
        if touched or has_rung or (section and section.rung_evidence):
            return Status.IN_PROGRESS
        return Status.NOT_STARTED

    def section_list(self, urls) -> list[dict]:
        return [
            {"principle": p, "status": self.status(p), "url": urls.section(p.slug)}
            for p in self.principles
        ]

    def completed_count(self) -> int:
        return sum(self.status(p) == Status.COMPLETED for p in self.principles)

    def next_section(self, after=None):
        """The first section not yet completed, starting after `after` and wrapping round."""
        return next_incomplete(self.principles, self.status, after)

    def is_complete(self) -> bool:
        return bool(self.respondent.perspective) and self.next_section() is None

    def review(self, urls) -> list[dict]:
        labels = dict(Extent.choices)
        review = []
        for principle in self.principles:
            section = self.sections.get(principle.pk)
            review.append(
                {
                    "principle": principle,
                    "status": self.status(principle),
                    "url": urls.section(principle.slug),
                    "answers": [
                        ReviewedAnswer(
                            question=q,
                            extent=labels.get(a.extent, "Not answered")
                            if (a := self.answers.get(q.pk))
                            else "Not answered",
                            evidence=a.evidence if a else "",
                        )
                        for q in self.questions[principle.pk]
                    ],
                    "rung": section.rung if section else None,
                    "dont_know": bool(section and section.dont_know),
                    "rung_evidence": section.rung_evidence if section else "",
                }
            )
        return review


class ReviewProgress:
    """How far the reviewer has got: the task list and the check page. Two queries."""

    def __init__(self, review):
        self.review = review
        self.principles = list(
            Principle.objects.filter(framework_id=review.assessment.framework_id)
        )
        self.ratings = {
            r.principle_id: r
            for r in PeerRating.objects.filter(review=review).select_related("rung")
        }

    def status(self, principle) -> str:
        if not self.review.has_declared:
            return Status.CANNOT_START
        rating = self.ratings.get(principle.pk)
        if rating and rating.rung_id:
            return Status.COMPLETED
        if rating and (rating.comment or rating.suggestion):
            return Status.IN_PROGRESS
        return Status.NOT_STARTED

    def feedback_status(self) -> str:
        review = self.review
        if not review.has_declared:
            return Status.CANNOT_START
        written = [bool(review.strengths), bool(review.areas_to_develop)]
        if all(written):
            return Status.COMPLETED
        return Status.IN_PROGRESS if any(written) else Status.NOT_STARTED

    def items(self) -> list[dict]:
        return [
            {
                "principle": p,
                "status": self.status(p),
                "rating": self.ratings.get(p.pk),
                "url": reverse("review_principle", args=[self.review.pk, p.slug]),
            }
            for p in self.principles
        ]

    def rated_count(self) -> int:
        return sum(self.status(p) == Status.COMPLETED for p in self.principles)

    def next_principle(self, after=None):
        """The first principle not yet rated, starting after `after` and wrapping round."""
        return next_incomplete(self.principles, self.status, after)
