"""Set-up and checks for the peer review browser test: Riverside's closed assessment built
straight from the models, and the assertion that the reviewer's pages keep the organisation's
own rungs hidden until the review is submitted."""

import re

from django.core import mail
from playwright.sync_api import Page

from assessment.models import Answer, Assessment, Extent, Perspective, Respondent, Section
from principles.models import Framework

from .assessment_helpers import path_of

# The principles in the framework's order (fixtures/framework.json).
PRINCIPLES = [
    "Recognising people as assets",
    "Building on people's existing capabilities",
    "Mutuality and reciprocity",
    "Peer support networks",
    "Breaking down barriers",
    "Facilitating rather than delivering services",
]

# name, perspective, agreed to be named, rung chosen for each principle. The lower median
# (the self-assessed rung) is 6, 5, 5, 6, 5, 6: only Co-design and Engagement.
RESPONDENTS = [
    ("Rita Okafor", Perspective.STAFF, True, [6, 5, 5, 7, 5, 6]),
    ("Joan Whitfield", Perspective.PERSON, False, [6, 5, 5, 6, 5, 6]),
    ("Bea Lindqvist", Perspective.VOLUNTEER, False, [5, 4, 4, 6, 4, 5]),
]
SELF_ASSESSED = ["6. Co-design", "5. Engagement", "5. Engagement", "6. Co-design"]
SELF_ASSESSED += ["5. Engagement", "6. Co-design"]

# Examples for the first principle's first question (nef-1) and why people placed it there.
EVIDENCE = {
    ("nef-1", "Rita Okafor"): "Cafe regulars sit on the steering group and their vote counts.",
    ("nef-1", "Joan Whitfield"): "I go to the steering group, but the big decisions come first.",
}
RUNG_EVIDENCE = {
    ("people-as-assets", "Bea Lindqvist"): "Volunteers planned this year's summer fair.",
}

# Rungs as the templates write them ("{{ rung.position }}. {{ rung.name }}", _rung.html).
RUNG_IN_WORDS = re.compile(
    r"\b[1-7]\. (Coercion|Educating|Informing|Consultation|Engagement|Co-design|Co-production)\b"
)


def build_closed_assessment(organisation, admin, framework: Framework) -> Assessment:
    """Riverside's "Autumn 2026", answered by three people (only Rita agreed to be named) and
    closed, as seed_demo builds it."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        framework=framework,
        title="Autumn 2026",
        service="Riverside community cafe and advice service",
        created_by=admin,
    )
    rungs = {rung.position: rung for rung in framework.rungs.all()}
    principles = list(framework.principles.order_by("position"))
    assert [p.name for p in principles] == PRINCIPLES
    for name, perspective, named, positions in RESPONDENTS:
        respondent = Respondent.objects.create(
            assessment=assessment,
            user=admin if name == admin.name else None,
            name=name,
            email=admin.email if name == admin.name else "",
            perspective=perspective,
            agreed_to_be_named=named,
            agreed_to_be_quoted=True,
        )
        for principle, position in zip(principles, positions, strict=True):
            Section.objects.create(
                respondent=respondent,
                principle=principle,
                rung=rungs[position],
                rung_evidence=RUNG_EVIDENCE.get((principle.slug, name), ""),
                version=1,
            )
            for question in principle.questions.all():
                Answer.objects.create(
                    respondent=respondent,
                    question=question,
                    extent=Extent.MOSTLY,
                    evidence=EVIDENCE.get((question.code, name), ""),
                )
        respondent.start()
        assert respondent.submit()
    assessment.close()
    return assessment


def rungs_shown_outside_the_rating(page: Page) -> list[str]:
    """Every rung written out in the page's main content, leaving out the reviewer's own
    rating radios (which list all seven rungs by design)."""
    text = page.locator("main").evaluate(
        """main => {
            const copy = main.cloneNode(true);
            copy.querySelectorAll('fieldset').forEach(fieldset => {
                if (fieldset.querySelector('input[type=radio][name=rung]')) fieldset.remove();
            });
            return copy.textContent.replace(/\\s+/g, ' ');
        }"""
    )
    return [match.group(0) for match in RUNG_IN_WORDS.finditer(text)]


def assert_blind(page: Page, own: set[str] = frozenset()) -> None:
    """Before submitting, the reviewer's page names no rung except ones they chose themselves
    (on the check page), and never says "Self-assessed" (the comparison's column)."""
    shown = rungs_shown_outside_the_rating(page)
    others = [rung for rung in shown if rung not in own]
    assert not others, f"{page.url} shows the reviewer rungs they did not choose: {others}"
    assert "self-assessed" not in page.locator("main").inner_text().lower(), (
        f"{page.url} mentions the self-assessment before the review is submitted"
    )


def only_link(message) -> str:
    """The one link in an email's text, the same in its HTML, as a path on the live server."""
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1, message.body
    assert links[0] in message.alternatives[0].content
    return path_of(links[0])


def review_invitation_path(reviewer_email: str) -> str:
    """The single link in the one email so far: the review invitation, as a live-server path."""
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [reviewer_email]
    links = re.findall(r"https?://\S+/review-invitations/\S+/", message.body)
    assert len(links) == 1, message.body
    assert links[0] in message.alternatives[0].content
    return path_of(links[0])
