"""Demo data for `make run`: the accounts listed in the README, safe to run again and again."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessment.models import (
    Action,
    AgreedRung,
    Answer,
    Assessment,
    Extent,
    Membership,
    Organisation,
    PeerReview,
    Perspective,
    PositionStatement,
    Respondent,
    Round,
    Section,
    User,
)
from principles.models import CaseStudy, Framework, Practice, Principle

PASSWORD = "coproduce-demo"  # noqa: S105 - published in the README on purpose

ORGANISATIONS = {
    "riverside": {
        "name": "Riverside Community Trust",
        "kind": Organisation.Kind.CHARITY,
        "area": "Riverside",
        "size": Organisation.Size.SMALL,
    },
    "northgate": {
        "name": "Northgate Borough Council",
        "kind": Organisation.Kind.LOCAL_AUTHORITY,
        "area": "Northgate",
        "size": Organisation.Size.LARGE,
    },
    "eastfield": {
        "name": "Eastfield CVS",
        "kind": Organisation.Kind.INFRASTRUCTURE,
        "area": "Eastfield",
        "size": Organisation.Size.MICRO,
    },
}

# email, name, organisation, role, working-group staff
PEOPLE = [
    ("admin@riverside.example", "Rita Okafor", "riverside", Membership.Role.ADMIN, False),
    ("member@riverside.example", "Sam Patel", "riverside", Membership.Role.MEMBER, False),
    ("admin@northgate.example", "Nadia Hughes", "northgate", Membership.Role.ADMIN, False),
    ("reviewer@eastfield.example", "Evan Clarke", "eastfield", Membership.Role.MEMBER, False),
    ("wg@wayahead.example", "Wendy Green", None, None, True),
]


class Command(BaseCommand):
    help = "Create the demo organisations and accounts (password: coproduce-demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (not for production)."
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo makes accounts with a published password, so it only runs with "
                "DEBUG=true. Use --force if you really mean it."
            )
        organisations = {}
        for key, fields in ORGANISATIONS.items():
            organisations[key], _ = Organisation.objects.update_or_create(
                name=fields["name"], defaults=fields
            )
        for email, name, org_key, role, is_staff in PEOPLE:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={"name": name, "is_staff": is_staff, "email_confirmed_at": timezone.now()},
            )
            if created:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            if org_key:
                Membership.objects.get_or_create(
                    organisation=organisations[org_key], user=user, defaults={"role": role}
                )
        framework = Framework.objects.current()
        self._riverside_closed_assessment(organisations["riverside"], framework)
        self._riverside_peer_review(organisations["riverside"], framework)
        self._northgate_assessment_in_progress(organisations["northgate"], framework)
        self._working_group(organisations, framework)
        _a_year_before(organisations, framework)
        self._case_studies(organisations["riverside"])
        self._riverside_actions(organisations["riverside"])
        _riverside_heard_back(organisations["riverside"], framework)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(PEOPLE)} accounts, password {PASSWORD}.")
        )

    def _case_studies(self, organisation):
        """The seeded library, and one study Riverside deposited that waits for the working
        group's approval."""
        call_command("loaddata", "case_studies", verbosity=0)
        title = "Cafe regulars run the advice drop-in rota"
        if CaseStudy.objects.filter(title=title, organisation_name=organisation.name).exists():
            return
        CaseStudy(
            title=title,
            summary=(
                "People who use the advice service asked to help run it. Regulars now draw up "
                "the drop-in rota with staff each month and greet people as they arrive."
            ),
            what_changed=(
                "Waiting times fell, and more people come back: they say it feels like their "
                "place, not an office."
            ),
            sector=CaseStudy.Sector.COMMUNITY,
            kind=CaseStudy.Kind.CO_DELIVERY,
            place="Riverside",
        ).deposit(
            by=User.objects.get(email="member@riverside.example"),
            organisation_name=organisation.name,
            principle_slugs=["people-as-assets", "facilitating-not-delivering"],
        )

    def _riverside_actions(self, organisation):
        """Five actions from Riverside's closed assessment, two of them overdue: three from the
        suggested practices, two written by the team."""
        call_command("loaddata", "practices", verbosity=0)
        assessment = Assessment.objects.get(organisation=organisation, title="Autumn 2026")
        if assessment.actions.exists():
            return
        rita = User.objects.get(email="admin@riverside.example")
        sam = User.objects.get(email="member@riverside.example")
        today = timezone.localdate()
        framework_id = assessment.framework_id
        for slug, practice, what, owner, owner_name, due_in, status in [
            ("mutuality-reciprocity", "time-bank", "", sam, "", -21, Action.Status.UNDER_WAY),
            ("peer-support-networks", "peer-support", "", rita, "", -7, Action.Status.PLANNED),
            (
                "people-as-assets",
                "asset-mapping",
                "",
                None,
                "Joan (cafe volunteer)",
                30,
                Action.Status.PLANNED,
            ),
            (
                "breaking-down-barriers",
                None,
                "Two cafe regulars join the interview panel for the new advice worker",
                rita,
                "",
                45,
                Action.Status.PLANNED,
            ),
            (
                "facilitating-not-delivering",
                None,
                "Ask the trustees to give the cafe group a budget of its own",
                sam,
                "",
                -60,
                Action.Status.DONE,
            ),
        ]:
            principle = Principle.objects.get(framework_id=framework_id, slug=slug)
            chosen = (
                Practice.objects.get(framework_id=framework_id, slug=practice) if practice else None
            )
            Action.objects.create(
                organisation=organisation,
                assessment=assessment,
                principle=principle,
                practice=chosen,
                what=what or chosen.name,
                owner=owner,
                owner_name=owner_name,
                due_date=today + timedelta(days=due_in),
                status=status,
                created_by=rita,
            )

    def _riverside_closed_assessment(self, organisation, framework):
        assessment, created = Assessment.objects.get_or_create(
            organisation=organisation,
            title="Autumn 2026",
            defaults={
                "framework": framework,
                "service": "Riverside community cafe and advice service",
                "created_by": User.objects.get(email="admin@riverside.example"),
            },
        )
        if not created:
            return
        for name, email, perspective, rungs, extents in RIVERSIDE_RESPONDENTS:
            user = User.objects.filter(email=email).first() if email else None
            respondent = Respondent.objects.create(
                assessment=assessment,
                user=user,
                name=name,
                email=email,
                perspective=perspective,
                agreed_to_be_named=perspective == Perspective.STAFF,
            )
            _answer(respondent, framework, rungs, extents)
            respondent.submit()
        assessment.close(by=User.objects.get(email="admin@riverside.example"))

    def _northgate_assessment_in_progress(self, organisation, framework):
        admin = User.objects.get(email="admin@northgate.example")
        assessment, created = Assessment.objects.get_or_create(
            organisation=organisation,
            title="Spring 2027",
            defaults={"framework": framework, "service": "Adult social care", "created_by": admin},
        )
        if not created:
            return
        respondent = Respondent.objects.create(
            assessment=assessment,
            user=admin,
            name=admin.name,
            email=admin.email,
            perspective=Perspective.STAFF,
        )
        # Two sections done, the rest still to do.
        _answer(respondent, framework, [4, 3], [2, 2], principles=2)

    def _riverside_peer_review(self, organisation, framework):
        """Eastfield CVS's submitted review of Riverside, with four agreed positions, two of
        them confirmed by the reviewer (one a peer-confirmed gold standard)."""
        assessment = Assessment.objects.get(organisation=organisation, title="Autumn 2026")
        if assessment.peer_reviews.exists():
            return
        admin = User.objects.get(email="admin@riverside.example")
        reviewer = User.objects.get(email="reviewer@eastfield.example")
        PositionStatement.objects.create(
            assessment=assessment,
            context="A small charity running a community cafe and an advice service in "
            "Riverside, with about 30 volunteers. Most volunteers first came as customers.",
            proud_of="Cafe regulars sit on the steering group, and the buddy scheme is run "
            "entirely by people who once used the advice service.",
            look_at="Whether decisions are really shared, or made before the steering group "
            "meets; and what happens to the ideas people give us.",
            updated_by=admin,
        )
        review, _token = PeerReview.invite(
            assessment=assessment,
            email=reviewer.email,
            message="Evan, thank you for agreeing to be our critical friend.",
            invited_by=admin,
        )
        review.accept(reviewer)
        review.save_about_you(
            review.version, organisation="Eastfield CVS", has_conflict=False, conflict_details=""
        )
        rungs = {rung.position: rung for rung in framework.rungs.all()}
        principles = list(framework.principles.order_by("position"))
        for principle, (rung, comment, suggestion) in zip(principles, PEER_RATINGS, strict=True):
            review.save_rating(
                review.version,
                principle=principle,
                rung=rungs[rung],
                comment=comment,
                suggestion=suggestion,
            )
        review.save_feedback(
            review.version,
            strengths="A warm, welcoming place where people who use services run real parts "
            "of it: the buddy scheme above all.",
            areas_to_develop="Share decisions before they are made, and tell people what "
            "happened to their ideas.",
        )
        review.submit()
        agreed = review.agree(
            {principles[index]: (rungs[rung], note) for index, rung, note in AGREED_POSITIONS},
            by=admin,
            seen=AgreedRung.fingerprint(assessment.pk),
        )
        for position in agreed:
            if position.principle.slug in ("people-as-assets", "peer-support-networks"):
                position.confirm(seen_at=position.recorded_at)

    def _working_group(self, organisations, framework):
        """Wendy's working group sees a round with Riverside's and Northgate's shared results."""
        group, _ = Group.objects.get_or_create(name="Working group")
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="assessment", codename="view_working_group"
            )
        )
        User.objects.get(email="wg@wayahead.example").groups.add(group)
        london, _ = Round.objects.get_or_create(
            name="London 2026/27",
            defaults={
                "starts_on": date(2026, 4, 1),
                "ends_on": date(2027, 3, 31),
                "description": "Organisations across London compare how they co-produce services.",
            },
        )
        riverside = Assessment.objects.get(
            organisation=organisations["riverside"], title="Autumn 2026"
        )
        northgate = self._northgate_closed_assessment(organisations["northgate"], framework)
        for assessment in (riverside, northgate):
            if not assessment.shared_with_working_group:
                assessment.shared_with_working_group = True
                assessment.shared_at = timezone.now()
                assessment.round = london
                assessment.save(update_fields=["shared_with_working_group", "shared_at", "round"])

    def _northgate_closed_assessment(self, organisation, framework):
        admin = User.objects.get(email="admin@northgate.example")
        assessment, created = Assessment.objects.get_or_create(
            organisation=organisation,
            title="Autumn 2026",
            defaults={"framework": framework, "service": "Adult social care", "created_by": admin},
        )
        if created:
            for user, name, perspective, rungs in [
                (admin, admin.name, Perspective.STAFF, [4, 3, 4, 5, 3, 3]),
                (None, "Dev Mistry", Perspective.PERSON, [3, 2, 3, 4, 2, 3]),
            ]:
                respondent = Respondent.objects.create(
                    assessment=assessment,
                    user=user,
                    name=name,
                    email=user.email if user else "",
                    perspective=perspective,
                )
                _answer(respondent, framework, rungs, [Extent.A_LITTLE] * 6)
                respondent.submit()
            assessment.close(by=admin)
        return assessment


def _answer(respondent, framework, rungs, extents, principles=6):
    rung_by_position = {r.position: r for r in framework.rungs.all()}
    for principle, rung, extent in zip(
        list(framework.principles.all())[:principles], rungs, extents, strict=False
    ):
        Section.objects.create(
            respondent=respondent,
            principle=principle,
            rung=rung_by_position[rung],
            rung_evidence=EVIDENCE.get((principle.slug, respondent.perspective), ""),
            version=1,
        )
        for question in principle.questions.all():
            Answer.objects.create(
                respondent=respondent,
                question=question,
                extent=extent,
                evidence=EVIDENCE.get((question.code, respondent.perspective), ""),
            )
    respondent.start()


# name, email (None: answers through a personal link), perspective, rung per principle, and
# the answer given to every question of that principle.
RIVERSIDE_RESPONDENTS = [
    (
        "Rita Okafor",
        "admin@riverside.example",
        Perspective.STAFF,
        [6, 5, 5, 6, 5, 4],
        [Extent.MOSTLY, Extent.MOSTLY, Extent.MOSTLY, Extent.FULLY, Extent.MOSTLY, Extent.A_LITTLE],
    ),
    (
        "Sam Patel",
        "member@riverside.example",
        Perspective.STAFF,
        [6, 4, 5, 7, 5, 5],
        [Extent.MOSTLY, Extent.A_LITTLE, Extent.MOSTLY, Extent.FULLY, Extent.MOSTLY, Extent.MOSTLY],
    ),
    (
        "Joan Whitfield",
        "",
        Perspective.PERSON,
        [4, 4, 3, 6, 4, 4],
        [
            Extent.A_LITTLE,
            Extent.A_LITTLE,
            Extent.NOT_YET,
            Extent.MOSTLY,
            Extent.A_LITTLE,
            Extent.DONT_KNOW,
        ],
    ),
    (
        "Tariq Hussain",
        "",
        Perspective.CARER,
        [5, 4, 4, 6, 4, 3],
        [
            Extent.MOSTLY,
            Extent.A_LITTLE,
            Extent.A_LITTLE,
            Extent.MOSTLY,
            Extent.A_LITTLE,
            Extent.A_LITTLE,
        ],
    ),
    (
        "Bea Lindqvist",
        "",
        Perspective.VOLUNTEER,
        [5, 5, 6, 7, 5, 4],
        [Extent.MOSTLY, Extent.MOSTLY, Extent.FULLY, Extent.FULLY, Extent.MOSTLY, Extent.A_LITTLE],
    ),
]

EVIDENCE = {
    ("nef-1", Perspective.STAFF): (
        "Cafe regulars sit on the steering group and their vote counts the same as ours."
    ),
    ("nef-1", Perspective.PERSON): (
        "I go to the steering group, but the big decisions still seem to be made before we meet."
    ),
    ("nef-2", Perspective.VOLUNTEER): (
        "Volunteer hours are logged and can be swapped for a free meal or a training course."
    ),
    ("nef-6", Perspective.CARER): (
        "The carers' coffee morning started as our idea and the trust now pays for the room."
    ),
    ("nef-7", Perspective.STAFF): (
        "New advice clients are paired with someone who has been through the same problem."
    ),
    ("people-as-assets", Perspective.STAFF): (
        "We ask every newcomer what they are good at, and the answers shape the activity plan."
    ),
    ("people-as-assets", Perspective.PERSON): (
        "Staff listen, but I am not sure what happens to what we say."
    ),
    ("peer-support-networks", Perspective.VOLUNTEER): (
        "The buddy scheme is run entirely by people who used the advice service."
    ),
}

# The reviewer's rung, what they saw and one suggestion, per principle in order.
PEER_RATINGS = [
    (
        4,
        "Staff clearly value what people bring, but the examples are mostly about asking, "
        "not acting on the answers.",
        "Show people what changed because of what they said.",
    ),
    (
        4,
        "Volunteering builds skills, mostly in roles staff designed.",
        "Let volunteers design one new role themselves.",
    ),
    (
        5,
        "The time-swap for meals and courses is a real exchange.",
        "Open the swap to carers as well as volunteers.",
    ),
    (
        7,
        "The buddy scheme is designed and run by people who used the service.",
        "Write down how it works so it survives changes of staff.",
    ),
    (
        3,
        "People who use services say the big decisions are made before they meet.",
        "Send papers to the steering group a week before decisions, in plain English.",
    ),
    (
        3,
        "Staff still deliver most activities; few are led by the people who come.",
        "Hand one regular activity to a group of regulars to run.",
    ),
]
# (principle index, agreed rung, note)
AGREED_POSITIONS = [
    (0, 4, "Agreed on a call: we ask well, but do not yet show what changed."),
    (1, 4, "Agreed: roles are still designed by staff."),
    (2, 5, "Agreed: the time-swap is real reciprocity."),
    (3, 7, "Agreed: the buddy scheme is the gold standard."),
]


# Progress between assessments and rounds (issue 13) -----------------------------------------

# (name, kind, area) of four small community organisations that shared in London 2025/26 with
# Riverside: with it, five, the fewest a comparison of organisations like it is shown for.
COMMUNITY_NEIGHBOURS = [
    ("Brook Lane Tenants' Association", Organisation.Kind.COMMUNITY_GROUP, "Riverside"),
    ("Hillside Play Network", Organisation.Kind.CHARITY, "Hillside"),
    ("Canal Side Food Bank", Organisation.Kind.CHARITY, "Canal Side"),
    ("Mill Yard Youth Club", Organisation.Kind.COMMUNITY_GROUP, "Mill Yard"),
]
NEIGHBOUR_RUNGS = [[4, 3, 4, 6, 3, 3], [3, 3, 5, 5, 2, 2], [5, 4, 4, 6, 4, 3], [2, 3, 3, 4, 3, 2]]
A_YEAR_BEFORE = date(2025, 5, 20)
# (name, email, perspective, rung per principle) of Riverside's people in Spring 2025.
RIVERSIDE_SPRING_2025 = [
    ("Rita Okafor", "admin@riverside.example", Perspective.STAFF, [4, 5, 4, 6, 6, 3]),
    ("Joan Whitfield", "", Perspective.PERSON, [3, 4, 3, 5, 6, 3]),
    ("Bea Lindqvist", "", Perspective.VOLUNTEER, [3, 4, 5, 6, 5, 4]),
]
NORTHGATE_SPRING_2025 = [
    ("Nadia Hughes", "admin@northgate.example", Perspective.STAFF, [3, 3, 4, 5, 2, 2]),
    ("Dev Mistry", "", Perspective.PERSON, [2, 2, 3, 3, 2, 2]),
]


def _a_year_before(organisations, framework):
    """Last year's round, London 2025/26: Riverside's Spring 2025 assessment (peer-confirmed on
    peer support) and Northgate's Spring 2025, so their results show the change in standing and
    the trend, and London 2026/27's dashboard the movement since; and four small community
    organisations that shared there too, so Riverside's Spring 2025 results compare it with
    organisations like it. Riverside works in the community sector."""
    riverside, northgate = organisations["riverside"], organisations["northgate"]
    Organisation.objects.filter(pk=riverside.pk, sector="").update(
        sector=CaseStudy.Sector.COMMUNITY
    )
    last_year, _ = Round.objects.get_or_create(
        name="London 2025/26",
        defaults={
            "starts_on": date(2025, 4, 1),
            "ends_on": date(2026, 3, 31),
            "description": "Organisations across London compare how they co-produce services.",
        },
    )
    spring = _closed_a_year_before(
        riverside,
        framework,
        "Spring 2025",
        "Riverside community cafe and advice service",
        RIVERSIDE_SPRING_2025,
        last_year,
    )
    if spring and not spring.peer_reviews.exists():
        _confirmed_on_peer_support(spring, framework)
    _closed_a_year_before(
        northgate, framework, "Spring 2025", "Adult social care", NORTHGATE_SPRING_2025, last_year
    )
    for (name, kind, area), rungs in zip(COMMUNITY_NEIGHBOURS, NEIGHBOUR_RUNGS, strict=True):
        neighbour, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "area": area,
                "size": Organisation.Size.SMALL,
                "sector": CaseStudy.Sector.COMMUNITY,
            },
        )
        people = [("A volunteer", "", Perspective.VOLUNTEER, rungs)]
        _closed_a_year_before(neighbour, framework, "Spring 2025", "", people, last_year)


def _closed_a_year_before(organisation, framework, title, service, people, round):
    """A closed assessment from a year before, shared in `round`; None if it was made before."""
    assessment, created = Assessment.objects.get_or_create(
        organisation=organisation,
        title=title,
        defaults={"framework": framework, "service": service},
    )
    if not created:
        return None
    for name, email, perspective, rungs in people:
        respondent = Respondent.objects.create(
            assessment=assessment,
            user=User.objects.filter(email=email).first() if email else None,
            name=name,
            email=email,
            perspective=perspective,
        )
        _answer(respondent, framework, rungs, [Extent.A_LITTLE] * 6)
        respondent.submit()
    assessment.close()
    closed_at = timezone.make_aware(datetime.combine(A_YEAR_BEFORE, time(12)))
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=closed_at - timedelta(days=30),
        closed_at=closed_at,
        shared_with_working_group=True,
        shared_at=closed_at,
        round=round,
    )
    assessment.refresh_from_db()
    return assessment


def _confirmed_on_peer_support(assessment, framework):
    """Eastfield CVS reviewed Spring 2025 too, and confirmed rung 6 for peer support networks."""
    admin = User.objects.get(email="admin@riverside.example")
    reviewer = User.objects.get(email="reviewer@eastfield.example")
    review, _token = PeerReview.invite(
        assessment=assessment, email=reviewer.email, message="", invited_by=admin
    )
    review.accept(reviewer)
    review.save_about_you(
        review.version, organisation="Eastfield CVS", has_conflict=False, conflict_details=""
    )
    rungs = {rung.position: rung for rung in framework.rungs.all()}
    principles = list(framework.principles.order_by("position"))
    for principle in principles:
        review.save_rating(
            review.version, principle=principle, rung=rungs[4], comment="", suggestion=""
        )
    review.save_feedback(review.version, strengths="The buddy scheme.", areas_to_develop="")
    review.submit()
    peer_support = next(p for p in principles if p.slug == "peer-support-networks")
    agreed = review.agree(
        {peer_support: (rungs[6], "Agreed: the buddy scheme is nearly there.")},
        by=admin,
        seen=AgreedRung.fingerprint(assessment.pk),
    )
    for position in agreed:
        position.confirm(seen_at=position.recorded_at)


# People who use services heard back (issue 12) ------------------------------------------------

HEARD_BACK_TITLE = "Summer 2026"
HEARD_BACK_MESSAGE = (
    "Thank you to everyone who answered. You told us that big decisions are made before the "
    "steering group meets. From May, the group gets its papers a week before, in plain "
    "English, and at every meeting we will say what changed because of what you said."
)
# name, email (None: answered through a personal link), perspective, agreed to their examples
# being shown, rung per principle (None: "I don't know"), and why they chose the first rung.
# Three staff and three people who use services are shown as groups of their own; the two
# volunteers and the one carer, too few apart, together as "Other perspectives".
HEARD_BACK_PEOPLE = [
    (
        "Rita Okafor",
        "admin@riverside.example",
        Perspective.STAFF,
        True,
        [5, 5, 5, 6, 4, 4],
        "We ask newcomers what they are good at, and the answers shape the drop-in.",
    ),
    (
        "Sam Patel",
        "member@riverside.example",
        Perspective.STAFF,
        False,
        [5, 4, 5, 6, 4, 5],
        "Between us: the rota is still mostly ours.",
    ),
    (
        "Priya Shah",
        "",
        Perspective.STAFF,
        True,
        [6, 5, 4, 6, 5, 4],
        "Two regulars now greet people at the door on Tuesdays.",
    ),
    (
        "Joan Whitfield",
        "",
        Perspective.PERSON,
        True,
        [4, 4, 3, 6, 3, None],
        "They ask what I think, but I do not hear what happens next.",
    ),
    (
        "Marcus Bell",
        "",
        Perspective.PERSON,
        False,
        [4, 3, 4, 5, 3, 3],
        "I would rather this stayed with the trust.",
    ),
    (
        "Aisha Rahman",
        "",
        Perspective.PERSON,
        True,
        [5, None, 4, 6, 4, 4],
        "I help plan the summer trips now.",
    ),
    (
        "Bea Lindqvist",
        "",
        Perspective.VOLUNTEER,
        True,
        [5, 5, 6, 7, 4, 4],
        "Volunteers swap hours for meals and courses.",
    ),
    (
        "Tom Okoro",
        "",
        Perspective.VOLUNTEER,
        False,
        [4, 4, 5, 6, 4, None],
        "Not for sharing, please.",
    ),
    (
        "Tariq Hussain",
        "",
        Perspective.CARER,
        True,
        [4, 4, None, 6, 3, 3],
        "The carers' coffee morning was our idea.",
    ),
]


def _riverside_heard_back(organisation, framework):
    """Riverside's "Summer 2026" of its advice drop-in, closed with a message for everyone who
    answered: people in four perspectives (a lone carer, so "Other perspectives" and its note
    show), a few "I don't know" rungs, and some people who agreed to their examples being
    shown and some who did not. Not shared with the working group, and a service of its own,
    so the round's figures and Autumn 2026's progress stay as they were."""
    assessment, created = Assessment.objects.get_or_create(
        organisation=organisation,
        title=HEARD_BACK_TITLE,
        defaults={
            "framework": framework,
            "service": "Riverside advice drop-in",
            "created_by": User.objects.get(email="admin@riverside.example"),
        },
    )
    if not created:
        return
    rungs = {rung.position: rung for rung in framework.rungs.all()}
    principles = list(framework.principles.order_by("position").prefetch_related("questions"))
    for name, email, perspective, quoted, positions, example in HEARD_BACK_PEOPLE:
        respondent = Respondent.objects.create(
            assessment=assessment,
            user=User.objects.filter(email=email).first() if email else None,
            name=name,
            email=email,
            perspective=perspective,
            agreed_to_be_quoted=quoted,
        )
        for principle, position in zip(principles, positions, strict=True):
            Section.objects.create(
                respondent=respondent,
                principle=principle,
                rung=rungs.get(position),
                dont_know=position is None,
                rung_evidence=example if principle.position == 1 else "",
                version=1,
            )
            Answer.objects.bulk_create(
                Answer(respondent=respondent, question=question, extent=_extent(position))
                for question in principle.questions.all()
            )
        respondent.start()
        respondent.submit()
    assessment.close(by=assessment.created_by, message=HEARD_BACK_MESSAGE)


def _extent(position: int | None) -> int:
    """How far the questions are true, roughly as high as the rung chosen."""
    if position is None:
        return Extent.DONT_KNOW
    return Extent.MOSTLY if position >= 5 else Extent.A_LITTLE if position >= 3 else Extent.NOT_YET
