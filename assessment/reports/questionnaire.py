"""The paper questionnaire: the answering pages' questions on paper, with boxes to tick.

It asks what the answering pages ask, in the same order and words (the framework version the
assessment is pinned to), so an admin can type a returned questionnaire in section by section
(views/paper.py). Laid out by WeasyPrint through `pdf.render_pdf`, tagged like every PDF.
"""

from dataclasses import dataclass

from django.utils import timezone

from principles.models import Descriptor, Principle, Question, Rung, contents

from ..forms.answering import SCALE
from ..groups import min_group_size
from ..models import Assessment, Perspective
from .pdf import render_pdf

TEMPLATE = "reports/pdf/questionnaire.html"


@dataclass
class PaperSection:
    principle: Principle
    questions: list[Question]
    rungs: list[tuple[Rung, Descriptor | None]]  # the top rung first, as on screen


def sections(assessment: Assessment) -> list[PaperSection]:
    framework = contents(assessment.framework_id)
    top_first = sorted(framework.rungs, key=lambda rung: -rung.position)
    found = []
    for principle in framework.principles:
        by_rung = {d.rung_id: d for d in framework.descriptors.get(principle.pk, [])}
        found.append(
            PaperSection(
                principle=principle,
                questions=framework.questions.get(principle.pk, []),
                rungs=[(rung, by_rung.get(rung.pk)) for rung in top_first],
            )
        )
    return found


def questionnaire_pdf(assessment: Assessment, *, easy_read: bool, contact) -> bytes:
    """The questionnaire for `assessment`, in standard or easy-read words; `contact` (the admin
    who prints it) is named as the person to give it back to and to ask for help."""
    return render_pdf(
        TEMPLATE,
        {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "sections": sections(assessment),
            "scale": [extent.label for extent in SCALE],
            "perspectives": Perspective.labels,
            "contact": contact,
            "easy_read": easy_read,
            "min_group_size": min_group_size(),
            "made_at": timezone.now(),
        },
    )
