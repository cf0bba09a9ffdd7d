"""Shared set-up for the peer review tests (assessment/views/reviews.py).

The fixtures are listed in `__all__`, so a test module takes them with
`from .review_helpers import *`; helpers and constants are imported by name.

- `closed`: Riverside's "Autumn 2026", closed after five people submitted (see RESPONDENTS):
  two agreed to be named, three did not; a sixth person never submitted and is not counted.
  Everyone chose the rungs in SELF_RUNGS, so those are the self-assessed (median) rungs.
- `reviewer`: Evan Clarke, admin of a third organisation, Eastfield CVS
- `uninvited`: Uma Reed of Westbrook Trust, a would-be reviewer nobody invited
- `invited` / `token`: Evan's invitation to review `closed`, and its link's token
- `accepted`, `declared`, `submitted`: the same review further along, through the model's own
  methods (as seed_demo does)
- `admin_client`, `member_client`, `reviewer_client`, `outsider_client`, `uninvited_client`,
  `anonymous`: separate test clients, so one test can switch between people
- `_empty_cache` (autouse): the rate limit's counters start from nothing in every test
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import (
    Answer,
    Assessment,
    Extent,
    PeerReview,
    Perspective,
    Respondent,
    Section,
)
from principles.models import Principle, Question, Rung
from tests.factories import make_organisation, make_user

from .answering_helpers import SLUGS
from .helpers import page_tables

__all__ = [
    "_empty_cache",
    "accepted",
    "admin_client",
    "anonymous",
    "closed",
    "declared",
    "invited",
    "member_client",
    "outsider_client",
    "reviewer",
    "reviewer_client",
    "reviewer_organisation",
    "submitted",
    "token",
    "uninvited",
    "uninvited_client",
]

REVIEWER_EMAIL = "reviewer@eastfield.example"
MESSAGE = "Evan, thank you for agreeing to be our critical friend."
ANSWER = reverse("respond_to_review_invitation")

# Where everyone placed Riverside, so the self-assessed (median) rung of each principle.
SELF_RUNGS = {
    "people-as-assets": 6,  # Co-design
    "building-capabilities": 5,
    "mutuality-reciprocity": 4,
    "peer-support-networks": 7,  # Co-production: the gold standard
    "breaking-down-barriers": 3,
    "facilitating-not-delivering": 5,
}
# Where the reviewer places Riverside: two principles two or more rungs apart.
PEER_RUNGS = {
    "people-as-assets": 4,  # 2 lower: discuss
    "building-capabilities": 5,  # the same
    "mutuality-reciprocity": 5,  # 1 higher
    "peer-support-networks": 7,  # the same, the gold standard
    "breaking-down-barriers": 6,  # 3 higher: discuss
    "facilitating-not-delivering": 4,  # 1 lower
}
assert list(SELF_RUNGS) == SLUGS == list(PEER_RUNGS)

# name, perspective, agreed to be named, what they wrote (examples, and why they chose the rung)
RESPONDENTS = [
    (
        "Sam Patel",
        Perspective.STAFF,
        True,
        "Staff example: cafe regulars plan the menu with us",
        "Staff ladder: the steering group signs off the budget",
    ),
    (
        "Priya Shah",
        Perspective.PERSON,
        True,
        "Named person example: I run the Tuesday buddy session",
        "Named person ladder: my idea for late opening was adopted",
    ),
    (
        "Joan Whitfield",
        Perspective.PERSON,
        False,
        "Unnamed person example: the advice desk asked me to co-write leaflets",
        "Unnamed person ladder: we vote on the cafe's opening hours",
    ),
    (
        "Dev Mistry",
        Perspective.VOLUNTEER,
        False,
        "Unnamed volunteer example: volunteers train the new volunteers",
        "Unnamed volunteer ladder: volunteers sit on the interview panel",
    ),
    (
        "Kit Unsaid",
        "",
        False,
        "Unnamed anyone example: the noticeboard is ours to fill",
        "Unnamed anyone ladder: the garden was our idea",
    ),
]
NAMED = ["Sam Patel", "Priya Shah"]
UNNAMED = ["Joan Whitfield", "Dev Mistry", "Kit Unsaid"]
WHO = {
    "Joan Whitfield": "A person who uses services",
    "Dev Mistry": "A volunteer",
    "Kit Unsaid": "Someone who answered",
}
DRAFT_NAME = "Olive Draftworth"
DRAFT_EVIDENCE = "Draft example: never sent, never shown"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """The rate limit counts in the cache: start (and leave) every test with no counts."""
    cache.clear()
    yield
    cache.clear()


def rung(framework, position: int) -> Rung:
    return Rung.objects.get(framework=framework, position=position)


def principle(framework, slug: str) -> Principle:
    return Principle.objects.get(framework=framework, slug=slug)


def answer_everything(
    respondent: Respondent,
    rungs: dict[str, int],
    *,
    evidence: str = "",
    rung_evidence: str = "",
    extent=Extent.MOSTLY,
) -> None:
    """Answer every section straight into the database, as the answering forms would."""
    framework_id = respondent.assessment.framework_id
    by_position = {r.position: r for r in Rung.objects.filter(framework_id=framework_id)}
    principles = list(Principle.objects.filter(framework_id=framework_id))
    Section.objects.bulk_create(
        Section(
            respondent=respondent,
            principle=p,
            rung=by_position[rungs[p.slug]],
            rung_evidence=rung_evidence,
            version=1,
        )
        for p in principles
    )
    Answer.objects.bulk_create(
        Answer(respondent=respondent, question=q, extent=extent, evidence=evidence)
        for q in Question.objects.filter(principle__in=principles)
    )


def close_with_respondents(organisation, framework, admin, people, *, title="Autumn 2026"):
    """A closed assessment: `people` are (name, perspective, named, evidence, rung evidence),
    and each of them chose SELF_RUNGS and submitted. Someone who never submitted (with their
    own name and words) stays uncounted."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        service="Riverside community cafe",
        created_by=admin,
    )
    for name, perspective, named, evidence, rung_evidence in people:
        respondent = Respondent.objects.create(
            assessment=assessment,
            name=name,
            perspective=perspective,
            agreed_to_be_named=named,
            agreed_to_be_quoted=True,
        )
        answer_everything(respondent, SELF_RUNGS, evidence=evidence, rung_evidence=rung_evidence)
        assert respondent.submit()
    draft = Respondent.objects.create(
        assessment=assessment,
        name=DRAFT_NAME,
        perspective=Perspective.STAFF,
        agreed_to_be_named=True,
    )
    answer_everything(
        draft, dict.fromkeys(SLUGS, 1), evidence=DRAFT_EVIDENCE, rung_evidence=DRAFT_EVIDENCE
    )
    assert assessment.close() == 1
    return assessment


@pytest.fixture
def closed(organisation, framework, admin) -> Assessment:
    return close_with_respondents(organisation, framework, admin, RESPONDENTS)


@pytest.fixture
def reviewer(db):
    return make_user(REVIEWER_EMAIL, "Evan Clarke")


@pytest.fixture
def reviewer_organisation(reviewer):
    return make_organisation("Eastfield CVS", reviewer, kind="infrastructure", area="Eastfield")


@pytest.fixture
def uninvited(db):
    user = make_user("uma@westbrook.example", "Uma Reed")
    make_organisation("Westbrook Trust", user, area="Westbrook")
    return user


def invite(assessment, admin, email=REVIEWER_EMAIL, message=MESSAGE) -> tuple[PeerReview, str]:
    return PeerReview.invite(assessment=assessment, email=email, message=message, invited_by=admin)


def declare(review, *, organisation="Eastfield CVS", conflict=False, details="") -> None:
    assert (
        review.save_about_you(
            review.version,
            organisation=organisation,
            has_conflict=conflict,
            conflict_details=details,
        )
        is not None
    )


def rate(review, slug: str, position: int | None, comment="", suggestion="") -> None:
    framework_id = review.assessment.framework_id
    assert (
        review.save_rating(
            review.version,
            principle=Principle.objects.get(framework_id=framework_id, slug=slug),
            rung=Rung.objects.get(framework_id=framework_id, position=position)
            if position
            else None,
            comment=comment,
            suggestion=suggestion,
        )
        is not None
    )


def rate_everything(review, rungs=PEER_RUNGS) -> None:
    for slug, position in rungs.items():
        rate(review, slug, position, f"Seen for {slug}", f"Suggested for {slug}")


def submit_review(review) -> None:
    rate_everything(review)
    assert (
        review.save_feedback(
            review.version,
            strengths="A warm welcome, and the buddy scheme",
            areas_to_develop="Share decisions before they are made",
        )
        is not None
    )
    assert review.submit()


@pytest.fixture
def invited(closed, admin, reviewer_organisation) -> tuple[PeerReview, str]:
    return invite(closed, admin)


@pytest.fixture
def token(invited) -> str:
    return invited[1]


@pytest.fixture
def accepted(invited, reviewer) -> PeerReview:
    review = invited[0]
    review.accept(reviewer)
    return review


@pytest.fixture
def declared(accepted) -> PeerReview:
    declare(accepted)
    return accepted


@pytest.fixture
def submitted(declared) -> PeerReview:
    submit_review(declared)
    return declared


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin) -> Client:
    return signed_in(admin)


@pytest.fixture
def member_client(colleague) -> Client:
    return signed_in(colleague)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return signed_in(reviewer)


@pytest.fixture
def outsider_client(other_organisation, outsider) -> Client:
    return signed_in(outsider)


@pytest.fixture
def uninvited_client(uninvited) -> Client:
    return signed_in(uninvited)


@pytest.fixture
def anonymous(db) -> Client:
    return Client()


# Addresses --------------------------------------------------------------------------------


def org_url(name: str, assessment, *args) -> str:
    return reverse(name, args=[assessment.organisation_id, assessment.pk, *args])


def review_url(name: str, review, *args) -> str:
    return reverse(name, args=[review.pk, *args])


def link_for(token: str) -> str:
    return reverse("open_review_invitation", args=[token])


def open_link(client, token: str):
    return client.get(link_for(token))


def review_token(message) -> str:
    """The token in an invitation email's one link (the same link in text and HTML)."""
    from django.conf import settings

    from .helpers import only_link

    link = only_link(message)
    prefix = f"{settings.SITE_URL}/review-invitations/"
    assert link.startswith(prefix), link
    return link.removeprefix(prefix).rstrip("/")


def people(count: int) -> list[tuple]:
    """`count` respondents for close_with_respondents: a third named, staff and people who use
    services in turn."""
    return [
        (f"Person {n}", "staff" if n % 2 else "person", n % 3 == 0, f"Ex {n}", f"Why {n}")
        for n in range(count)
    ]


def queries_for(client, url) -> int:
    """How many queries one GET of `url` makes (it must succeed)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def rating_data(position=None, comment="", suggestion="", *, version, later=False) -> dict:
    data = {"version": version, "comment": comment, "suggestion": suggestion}
    if position is not None:
        data["rung"] = position
    data["later" if later else "continue"] = "1"
    return data


def table(response, caption: str) -> list[list[str]]:
    """The body rows of the one table with this caption."""
    found = [rows[1:] for name, rows in page_tables(response.content.decode()) if name == caption]
    assert len(found) == 1, f"expected one table captioned {caption!r}, found {len(found)}"
    return found[0]
