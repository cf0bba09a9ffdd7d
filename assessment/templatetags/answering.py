"""The answering pages' wording that depends on who is answering and how they read."""

from django import template

from ..forms import wording

register = template.Library()


@register.simple_tag
def question_for(question, respondent, easy_read) -> str:
    """The question as this person was asked it: about their organisation or this service."""
    return question.wording(respondent.asked_about, easy_read)


@register.simple_tag
def perspective_for(respondent, easy_read) -> str:
    if easy_read and respondent.perspective:
        return wording.PERSPECTIVES[respondent.perspective]
    return respondent.get_perspective_display()
