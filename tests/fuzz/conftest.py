"""Everything the fuzz tests post to, in one place: `world` has an object for every form.

- Riverside (`organisation`): admin Rita, colleague Sam, Cal (a member not yet asked to
  answer), and an invitation waiting for someone else
- `open`: Riverside's "Spring 2027", open; Sam answers it (nothing yet), and so does Joan by
  personal link (everything answered, not submitted)
- `closed`: Riverside's "Autumn 2026", closed, shared with the working group in `round`, with
  a position statement
- `review`: Evan's review of `closed`, accepted, declared and filled in, not yet submitted
- `done_review`: Dana's review of `closed`, submitted, with agreed positions for every
  principle (so Dana can confirm or disagree, and Rita can change them)
- the roles, by name: see ROLES
"""

from copy import deepcopy
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessment.models import (
    AgreedRung,
    Assessment,
    Invitation,
    Membership,
    PeerReview,
    PositionStatement,
    Respondent,
    Round,
)
from assessment.views.answering import STASH_KEY
from principles.models import Framework, Principle, Rung
from tests.assessment.answering_helpers import complete
from tests.assessment.review_helpers import (
    RESPONDENTS,
    close_with_respondents,
    declare,
    invite,
    rate_everything,
    submit_review,
)
from tests.factories import add_member, make_organisation, make_user

# Who may post: signed out, each kind of signed-in person, and someone holding a personal link.
ROLES = [
    "anonymous",
    "admin",
    "colleague",
    "outsider",
    "stranger",
    "staff",
    "working_group",
    "reviewer",
    "done_reviewer",
    "link",
]


@dataclass
class World:
    """The objects every form needs, and the values their hidden fields carry."""

    users: dict
    organisation: object
    open: Assessment
    colleague_membership: Membership
    candidate: object
    invitation: Invitation
    joan: Respondent
    joan_token: str
    closed: Assessment
    round: Round
    review: PeerReview
    done_review: PeerReview
    principles: list = field(default_factory=list)
    rungs: list = field(default_factory=list)

    def client(self, role: str) -> Client:
        """A new client for `role`: signed in, or holding Joan's link, or neither."""
        client = Client()
        if role == "link":
            response = client.get(reverse("open_personal_link", args=[self.joan_token]))
            assert response.status_code == 302, response.status_code
        elif role != "anonymous":
            client.force_login(self.users[role])
        return client

    def owner(self, role: str) -> str:
        """The signed note of whose answers a page shows: Sam's, or Joan's (`link`)."""
        respondent = self.joan
        if role == "colleague":
            respondent = self.open.respondents.get(user=self.users["colleague"])
        return signing.dumps(respondent.pk, salt=STASH_KEY)

    def statement_version(self) -> str:
        """The position statement's version, as its form carries it."""
        return PositionStatement.objects.get(assessment=self.closed).version

    def outsider_organisation(self):
        return self.users["outsider"].memberships.get().organisation

    def fingerprint(self) -> str:
        """The agreed positions' fingerprint, as the agreed-positions form carries it."""
        return AgreedRung.fingerprint(self.closed.pk)

    def recorded_at(self) -> list[str]:
        """When each of Dana's agreed positions was recorded, as her page carries it."""
        return [
            moment.isoformat()
            for moment in AgreedRung.objects.filter(review=self.done_review).values_list(
                "recorded_at", flat=True
            )
        ]

    def password_reset_url(self) -> str:
        user = self.users["admin"]
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        return reverse(
            "password_reset_confirm", args=[uid, default_token_generator.make_token(user)]
        )


class Clients:
    """One test client per role for a whole test, each signed in (or holding Joan's link)
    once. Each example is rolled back, and whatever it did to the client's session with it:
    `prepared` hands out the clients as they were before the example began."""

    def __init__(self, world: World):
        self.world = world
        self.made: dict[str, tuple[Client, SimpleCookie]] = {}

    def prepared(self, *roles: str) -> dict[str, Client]:
        """Call outside the example's transaction: the sessions must outlive it."""
        for role in roles:
            if role not in self.made:
                client = self.world.client(role)
                self.made[role] = (client, deepcopy(client.cookies))
        ready = {}
        for role in roles:
            client, cookies = self.made[role]
            client.cookies = deepcopy(cookies)
            ready[role] = client
        return ready


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    """Built once for the module, in a transaction rolled back when the module is done (every
    example also rolls back its own changes, so each starts from this)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def clients(world, db, settings, mailoutbox) -> Clients:
    """Clients for the world's roles, with rate limits off (so they never answer for a form)
    and email kept in memory. `db` puts each test in a transaction of its own, inside the
    world's."""
    settings.RATELIMIT_ENABLED = False
    return Clients(world)


def build_world() -> World:
    framework = Framework.objects.get(version="2026.1")
    admin = make_user("admin@riverside.example", "Rita Okafor")
    organisation = make_organisation("Riverside Community Trust", admin)
    colleague = make_user("member@riverside.example", "Sam Patel")
    add_member(organisation, colleague)
    candidate = make_user("cal@riverside.example", "Cal Candidate")
    add_member(organisation, candidate)
    outsider = make_user("admin@northgate.example", "Nadia Hughes")
    make_organisation("Northgate Borough Council", outsider, kind="local_authority")
    stranger = make_user("stranger@example.org", "Stella Ranger")
    staff = make_user("wg@wayahead.example", "Wendy Green", is_staff=True)

    open_assessment = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Spring 2027", created_by=admin
    )
    Respondent.objects.create(assessment=open_assessment, user=colleague, name="Sam Patel")
    # Joan has answered everything, so she can submit; Sam has answered nothing.
    joan, joan_token = open_assessment.add_by_link(name="Joan Whitfield")
    complete(joan)

    london = Round.objects.create(
        name="London 2026/27", starts_on="2026-04-01", ends_on="2027-03-31"
    )
    closed = close_with_respondents(organisation, framework, admin, RESPONDENTS)
    closed = closed.set_sharing(True, london, by=admin)
    PositionStatement.objects.create(
        assessment=closed, context="A cafe", proud_of="The menu", look_at="Decisions"
    )
    invitation, _ = Invitation.create(
        organisation=organisation,
        email="invited@riverside.example",
        role=Membership.Role.MEMBER,
        invited_by=admin,
    )

    reviewer = make_user("reviewer@eastfield.example", "Evan Clarke")
    make_organisation("Eastfield CVS", reviewer, kind="infrastructure", area="Eastfield")
    review, _ = invite(closed, admin)
    review.accept(reviewer)
    declare(review)
    # Evan has rated everything and written his feedback, so he can submit.
    rate_everything(review)
    assert review.save_feedback(review.version, strengths="Warm", areas_to_develop="Sharing")

    done_reviewer = make_user("dana@westbrook.example", "Dana Reed")
    make_organisation("Westbrook Trust", done_reviewer, area="Westbrook")
    done_review, _ = invite(closed, admin, email=done_reviewer.email)
    done_review.accept(done_reviewer)
    declare(done_review)
    submit_review(done_review)
    principles = list(Principle.objects.filter(framework=framework).order_by("position"))
    rungs = list(Rung.objects.filter(framework=framework).order_by("position"))
    assert done_review.agree(
        {p: (rungs[3], "We agreed on engagement") for p in principles},
        by=admin,
        seen=AgreedRung.fingerprint(closed.pk),
    )

    working_group = make_user("wanda@wayahead.example", "Wanda Green")
    group, _ = Group.objects.get_or_create(name="Working group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="assessment", codename="view_working_group")
    )
    working_group.groups.add(group)
    review.refresh_from_db()
    return World(
        users={
            "admin": admin,
            "colleague": colleague,
            "outsider": outsider,
            "stranger": stranger,
            "staff": staff,
            "working_group": working_group,
            "reviewer": reviewer,
            "done_reviewer": done_reviewer,
        },
        organisation=organisation,
        open=open_assessment,
        colleague_membership=Membership.objects.get(organisation=organisation, user=colleague),
        candidate=candidate,
        invitation=invitation,
        joan=joan,
        joan_token=joan_token,
        closed=closed,
        round=london,
        review=review,
        done_review=done_review,
        principles=principles,
        rungs=rungs,
    )
