"""Benchmark data in bulk: organisations with closed, shared assessments, and people to answer.

`grow(n)` brings the database up to `n` benchmark organisations (it only adds), each with an
admin, a closed assessment in the benchmark round answered by three people (the admin and two
people with personal links), its frozen PrincipleResult rows, and, for every third organisation,
a submitted peer review (agreed rungs for every sixth). The results are frozen the way
`PrincipleResult.objects.freeze` freezes them, and `check_frozen_results` proves it on a sample.

`answering_pool(n)` adds an open assessment with `n` people answering through personal links,
each with a session of their own, so every save of a section in a benchmark is a real first save.
"""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from statistics import median_low

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from assessment.access import RESPONDENT_SESSION_KEY
from assessment.groups import perspective_groups
from assessment.models import (
    AgreedRung,
    Answer,
    Assessment,
    Extent,
    Membership,
    Organisation,
    PeerRating,
    PeerReview,
    Perspective,
    PositionStatement,
    PrincipleResult,
    Respondent,
    Round,
    Section,
    User,
)
from principles.models import Framework

PREFIX = "Bench organisation"
ROUND_NAME = "Benchmark round"
PASSWORD = "bench-password-not-secret"  # noqa: S105 - benchmark accounts in a throwaway database
CHUNK = 500  # organisations per transaction
BATCH = 5000  # rows per INSERT
AREAS = ["Riverside", "Northgate", "Eastfield", "Southwark", "Hackney", "Camden", "Brent"]
# Who answers each benchmark assessment: the admin, then two people with personal links.
PERSPECTIVES = [Perspective.STAFF, Perspective.PERSON, Perspective.VOLUNTEER]
EXTENTS = [e.value for e in Extent]


class FrameworkRows:
    """The current framework's rows, read once."""

    def __init__(self):
        self.framework = Framework.objects.current()
        if self.framework is None:
            raise SystemExit("No published framework: load the framework fixture first.")
        self.principles = list(self.framework.principles.order_by("position"))
        self.rungs = {r.position: r for r in self.framework.rungs.all()}
        self.questions = {p.pk: list(p.questions.order_by("position")) for p in self.principles}


def bench_round() -> Round:
    round_, _ = Round.objects.get_or_create(
        name=ROUND_NAME,
        defaults={
            "starts_on": date(2027, 1, 1),
            "ends_on": date(2027, 12, 31),
            "description": "Made by bench/seed.py.",
        },
    )
    return round_


def bench_organisations() -> int:
    return Organisation.objects.filter(name__startswith=PREFIX).count()


def grow(organisations: int) -> int:
    """Add benchmark organisations until there are `organisations`; returns how many were
    added."""
    have = bench_organisations()
    if have >= organisations:
        return 0
    framework = FrameworkRows()
    round_ = bench_round()
    password = make_password(PASSWORD)  # hashed once: hashing 10,000 times would take minutes
    for start in range(have + 1, organisations + 1, CHUNK):
        numbers = range(start, min(start + CHUNK, organisations + 1))
        with transaction.atomic():
            _add_chunk(numbers, framework, round_, password)
    return organisations - have


def _add_chunk(numbers, fw: FrameworkRows, round_: Round, password: str) -> None:
    now = timezone.now()
    rngs = {n: random.Random(n) for n in numbers}  # noqa: S311 - made-up data, reproducible
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"{PREFIX} {n:05d}",
            kind=rngs[n].choice(Organisation.Kind.values),
            area=rngs[n].choice(AREAS),
            size=rngs[n].choice(Organisation.Size.values),
        )
        for n in numbers
    )
    admins = User.objects.bulk_create(
        User(email=f"admin{n:05d}@bench.example", name=f"Admin {n:05d}", password=password)
        for n in numbers
    )
    Membership.objects.bulk_create(
        Membership(organisation=o, user=u, role=Membership.Role.ADMIN)
        for o, u in zip(organisations, admins, strict=True)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            organisation=o,
            framework=fw.framework,
            title="Spring 2027",
            service="Community services",
            status=Assessment.Status.CLOSED,
            created_by=u,
            closed_at=now - timedelta(days=n % 90),
            shared_with_working_group=True,
            shared_at=now,
            round=round_,
        )
        for n, o, u in zip(numbers, organisations, admins, strict=True)
    )
    respondents = Respondent.objects.bulk_create(
        Respondent(
            assessment=a,
            user=u if perspective == Perspective.STAFF else None,
            name=u.name if perspective == Perspective.STAFF else f"{perspective.label} {n}",
            email=u.email if perspective == Perspective.STAFF else "",
            perspective=perspective,
            agreed_to_be_named=perspective == Perspective.STAFF,
            started_at=now,
            submitted_at=now,
        )
        for n, a, u in zip(numbers, assessments, admins, strict=True)
        for perspective in PERSPECTIVES
    )
    sections, answers = [], []
    # One person per perspective: every group too small to show on its own (groups.py).
    grouping = perspective_groups(Counter(PERSPECTIVES))
    chosen: dict[int, dict[tuple[int, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    number_of = {a.pk: n for n, a in zip(numbers, assessments, strict=True)}
    for respondent in respondents:
        rng = rngs[number_of[respondent.assessment_id]]
        for principle in fw.principles:
            position = rng.randint(2, 7)
            sections.append(
                Section(
                    respondent=respondent,
                    principle=principle,
                    rung=fw.rungs[position],
                    rung_evidence="What we do, and what people told us about it.",
                    version=1,
                )
            )
            # What PrincipleResult.objects.freeze reads: submitted respondents' chosen rungs, for
            # everyone together ("") and for the group their perspective is shown in.
            chosen[respondent.assessment_id][(principle.pk, "")].append(position)
            if group := grouping.of(respondent.perspective):
                chosen[respondent.assessment_id][(principle.pk, group)].append(position)
            for question in fw.questions[principle.pk]:
                answers.append(
                    Answer(
                        respondent=respondent,
                        question=question,
                        extent=rng.choice(EXTENTS),
                        evidence="An example of this in practice." if rng.random() < 0.3 else "",
                    )
                )
    Section.objects.bulk_create(sections, batch_size=BATCH)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    PrincipleResult.objects.bulk_create(
        (
            PrincipleResult(
                assessment_id=assessment_id,
                principle_id=principle_id,
                perspective=perspective,
                rung=fw.rungs[median_low(positions)],
                lowest_rung=min(positions),
                highest_rung=max(positions),
                respondents=len(positions),
            )
            for assessment_id, by_key in chosen.items()
            for (principle_id, perspective), positions in by_key.items()
        ),
        batch_size=BATCH,
    )
    _peer_reviews(numbers, assessments, admins, chosen, fw, now)


def _peer_reviews(numbers, assessments, admins, chosen, fw: FrameworkRows, now) -> None:
    """A submitted review of every third organisation, by the admin of the organisation before
    it; agreed rungs (one confirmed by the reviewer) for every sixth."""
    reviewed = [
        (n, assessment, admins[index - 1])
        for index, (n, assessment) in enumerate(zip(numbers, assessments, strict=True))
        if n % 3 == 0 and index > 0
    ]
    PositionStatement.objects.bulk_create(
        PositionStatement(
            assessment=assessment,
            context="A community organisation with staff and volunteers.",
            proud_of="People who use our services help run them.",
            look_at="Whether decisions are really shared.",
            updated_by=assessment.created_by,
        )
        for _, assessment, _ in reviewed
    )
    reviews = PeerReview.objects.bulk_create(
        PeerReview(
            assessment=assessment,
            email=reviewer.email,
            invited_by=assessment.created_by,
            expires_at=now + PeerReview.LIFETIME,
            accepted_at=now,
            reviewer=reviewer,
            reviewer_organisation="A neighbouring organisation",
            has_conflict=False,
            strengths="A welcoming place where people shape what happens.",
            areas_to_develop="Share decisions before they are made.",
            version=8,
            submitted_at=now,
        )
        for _, assessment, reviewer in reviewed
    )
    ratings, agreed = [], []
    for (n, assessment, _), review in zip(reviewed, reviews, strict=True):
        rng = random.Random(-n)  # noqa: S311 - made-up data, reproducible
        for principle in fw.principles:
            own = median_low(chosen[assessment.pk][(principle.pk, "")])
            ratings.append(
                PeerRating(
                    review=review,
                    principle=principle,
                    rung=fw.rungs[max(1, own - rng.randint(0, 2))],
                    comment="Minutes and two conversations with volunteers.",
                    suggestion="Share the budget with the steering group.",
                )
            )
        if n % 6 == 0:
            for index, principle in enumerate(fw.principles[:2]):
                own = median_low(chosen[assessment.pk][(principle.pk, "")])
                agreed.append(
                    AgreedRung(
                        assessment=assessment,
                        principle=principle,
                        rung=fw.rungs[own],
                        note="Agreed on a call.",
                        review=review,
                        recorded_by=assessment.created_by,
                        reviewer_confirmed_at=now if index == 0 else None,
                    )
                )
    PeerRating.objects.bulk_create(ratings, batch_size=BATCH)
    AgreedRung.objects.bulk_create(agreed, batch_size=BATCH)


def check_frozen_results(sample: int = 5) -> None:
    """Freeze a sample of benchmark assessments again with the app's own
    `PrincipleResult.objects.freeze` and compare: the bulk rows must be exactly what closing an
    assessment writes."""

    def rows(assessment):
        return sorted(
            PrincipleResult.objects.filter(assessment=assessment).values_list(
                "principle_id",
                "perspective",
                "rung_id",
                "lowest_rung",
                "highest_rung",
                "respondents",
            )
        )

    assessments = Assessment.objects.filter(organisation__name__startswith=PREFIX)
    for assessment in assessments.order_by("?")[:sample]:
        before = rows(assessment)
        with transaction.atomic():
            PrincipleResult.objects.freeze(assessment)
            after = rows(assessment)
            transaction.set_rollback(True)
        if before != after:
            raise SystemExit(
                f"Bulk results differ from PrincipleResult.objects.freeze for {assessment.pk}."
            )


def analyse() -> None:
    """Refresh PostgreSQL's statistics after a bulk load, as autovacuum would in a live site."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def answering_pool(people: int, label: str) -> list[tuple[Respondent, str]]:
    """`people` respondents answering an open assessment through personal links, none of
    whom has saved anything yet, each with a session key of their own."""
    fw = FrameworkRows()
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench answering organisation",
        defaults={"kind": Organisation.Kind.CHARITY, "area": "Riverside", "size": "small"},
    )
    assessment = Assessment.objects.create(
        organisation=organisation, framework=fw.framework, title=f"Open for answers ({label})"
    )
    respondents = Respondent.objects.bulk_create(
        Respondent(
            assessment=assessment,
            name=f"Person {label} {number}",
            perspective=PERSPECTIVES[number % len(PERSPECTIVES)],
            link_expires_at=timezone.now() + Respondent.LINK_LIFETIME,
        )
        for number in range(people)
    )
    keys = sessions([{RESPONDENT_SESSION_KEY: r.pk} for r in respondents])
    return list(zip(respondents, keys, strict=True))


def signed_in_sessions(user: User, count: int) -> list[str]:
    """`count` separate sessions signed in as `user`, as `login()` writes them (so concurrent
    requests do not all update one session row, which real visitors would not do)."""
    data = {
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        "_auth_user_hash": user.get_session_auth_hash(),
    }
    return sessions([data] * count)


def sessions(contents: list[dict]) -> list[str]:
    """Database sessions holding `contents`; returns their keys."""
    from django.conf import settings

    store = SessionStore()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = [
        Session(
            session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
            session_data=store.encode(data),
            expire_date=expires,
        )
        for data in contents
    ]
    Session.objects.bulk_create(rows, batch_size=BATCH)
    return [row.session_key for row in rows]
