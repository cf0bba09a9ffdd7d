"""How far one person has got with their answers: what the task list and "check your answers"
show. A fixed handful of queries however many questions there are."""

from collections import defaultdict
from dataclasses import dataclass

from principles.models import Question, contents

from .models import Answer, Extent, Section


class Status:
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"


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
        order = self.principles
        if after is not None:
            index = next(i for i, p in enumerate(order) if p.pk == after.pk)
            order = order[index + 1 :] + order[: index + 1]
        return next((p for p in order if self.status(p) != Status.COMPLETED), None)

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
