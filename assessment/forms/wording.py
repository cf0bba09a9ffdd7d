"""The answering forms' own words, in full and in easy read.

Framework wording (questions, rungs, descriptors) is framework content (principles/models.py);
this is the wording of the forms around it. Easy read follows the Department of Health's
"Making written information easier to understand" and Mencap's guidance: one idea per
sentence, short common words, no jargon (tests/assessment/test_easy_read_level.py measures
it).
"""

from django.utils.html import format_html

from principles.models import Audience

from ..models import EVIDENCE_MAX_LENGTH, Perspective

RUNG_QUESTION = {
    (Audience.ORGANISATION, False): "Where is your organisation on the ladder for {principle}?",
    (Audience.SERVICE, False): "Where is this service on the ladder for {principle}?",
    (Audience.ORGANISATION, True): "Where is your organisation on the ladder?",
    (Audience.SERVICE, True): "Where is this service on the ladder?",
}

FULL = {
    "rung_hint": "Choose the rung that best describes what happens now, not what you plan.",
    "evidence_label": "An example or evidence for question {number} (optional)",
    "evidence_hint": "What happens in practice that shows this?",
    "rung_evidence_label": "Why this rung? (optional)",
    "rung_evidence_hint": "An example of what you see that puts you on this rung.",
    "too_long": "{what} must be {max:,} characters or fewer",
    "example_for": "The example for question {number}",
    "why_rung": "Why this rung",
}

EASY_READ = {
    "rung_hint": "Choose the rung that is most like things are now.",
    "evidence_label": "Tell us an example for question {number}. You do not have to.",
    "evidence_hint": "What have you seen happen?",
    "rung_evidence_label": "Why did you choose this rung? You do not have to say.",
    "rung_evidence_hint": "Tell us something you have seen.",
    "too_long": "{what} is too long. Please use {max:,} letters or fewer.",
    "example_for": "Your example for question {number}",
    "why_rung": "Your reason for this rung",
    "out_of_date": "This page was old. Check your answers and save again.",
    "name_label": "What is your name?",
    "name_required": "Tell us your name",
    "perspective_label": "Who are you?",
    "perspective_hint": "We put your answers with answers from people like you.",
    "perspective_required": "Choose who you are",
    "named_label": "Show my name to the person who checks our answers",
    "named_hint": "This person is from another organisation. "
    "If you do not tick this, they will not see your name.",
    "gold": "This is the best rung.",
}

# Who is answering, in easy read (the About-you choices).
PERSPECTIVES = {
    Perspective.STAFF: "I work here",
    Perspective.VOLUNTEER: "I am a volunteer here",
    Perspective.PERSON: "I use this service",
    Perspective.CARER: "I look after someone who uses this service",
    Perspective.PARTNER: "I work for a group that works with this service",
    Perspective.OTHER: "Something else",
}


def words(easy_read: bool) -> dict:
    return EASY_READ if easy_read else FULL


def rung_question(audience: str, principle, easy_read: bool) -> str:
    return RUNG_QUESTION[(audience, easy_read)].format(principle=principle.name.lower())


def too_long(what: str, easy_read: bool) -> str:
    return words(easy_read)["too_long"].format(what=what, max=EVIDENCE_MAX_LENGTH)


def rung_label(rung, easy_read: bool) -> str:
    """A rung as a choice: its name, or in easy read its picture, number and easy name."""
    if not easy_read:
        return f"{rung.name}{' (the gold standard)' if rung.is_gold_standard else ''}"
    picture = rung.pictogram
    return format_html(
        '<img class="coprod-pictogram" src="{}" alt="{}." width="40" height="40"> Rung {}: {}{}',
        picture.src,
        picture.alt,
        rung.position,
        rung.easy_read_name,
        f" {EASY_READ['gold']}" if rung.is_gold_standard else "",
    )
