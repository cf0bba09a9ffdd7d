"""Shared set-up for the working group's tests (assessment/views/working_group.py, dashboards.py,
tasks.py and the sharing form).

The fixtures are listed in `__all__`, so a test module takes them with
`from .working_group_helpers import *`; helpers and constants are imported by name.

- `wg_member`: Wanda Green, who has `assessment.view_working_group` through the "Working group"
  Group (as seed_demo grants it); `wg_client` is a test client signed in as her
- `london`: the round "London 2026/27"; `midlands`: another round, "Midlands 2026"
- `shared_round`: closed assessments with frozen PrincipleResult rows, set out in ROUND_RUNGS:
  four organisations shared theirs into London (Riverside, the conftest's `organisation`, and
  Northgate, `other_organisation`, among them). Around them, assessments that must never be
  counted in London: Hidden Hospice's (closed, attached to London, never shared), Still Open
  Trust's (attached and flagged as shared but still open; both in areas of their own,
  HIDDEN_AREAS), Elsewhere Trust's (shared into
  Midlands) and Solo Community Group's (shared outside any round). Riverside and Northgate
  have submitted peer reviews (PEER_RUNGS); Eastfield only a draft; Hidden Hospice one too.
- `clients`: a signed-in test client for each kind of person (PEOPLE), and an anonymous one
"""

import csv
import io
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.models import (
    Assessment,
    Organisation,
    PeerRating,
    PeerReview,
    PrincipleResult,
    Round,
    RoundSummary,
)
from principles.models import Principle, Rung
from tests.factories import make_organisation, make_user

from .helpers import page_tables

__all__ = [
    "clients",
    "london",
    "midlands",
    "shared_round",
    "wg_client",
    "wg_member",
    "working_group",
]

WG_EMAIL = "wanda@workinggroup.example"

RIVERSIDE = "Riverside Community Trust"
NORTHGATE = "Northgate Borough Council"
EASTFIELD = "Eastfield Health Partnership"
WESTBROOK = "Westbrook Social Kitchen"
HIDDEN = "Hidden Hospice"
STILL_OPEN = "Still Open Trust"
ELSEWHERE = "Elsewhere Trust"
SOLO = "Solo Community Group"

# The organisations that shared a closed assessment into London: type, area, and the rung
# (everyone together) for principles 1 to 6; None where nobody chose a rung.
ROUND_RUNGS = {
    RIVERSIDE: ("charity", "Riverside", [6, 5, 4, 7, 3, 5]),
    NORTHGATE: ("local_authority", "Northgate", [4, 3, 4, 5, 3, 3]),
    EASTFIELD: ("nhs", "Eastfield", [2, 3, 4, 7, 1, None]),
    WESTBROOK: ("charity", "Northgate", [5, 5, 2, 6, 2, 2]),
}
SHARED_IN_LONDON = sorted(ROUND_RUNGS)
# Never in London's figures; every one of them would change the counts if it were.
NEVER_IN_LONDON = [HIDDEN, STILL_OPEN, ELSEWHERE, SOLO]
# Where Hidden Hospice and Still Open Trust are: nobody else is there, so even the area filter
# must not offer these.
HIDDEN_AREAS = ["Hiddenvale", "Openshire"]

# The first submitted peer review's rungs (the one that counts), principles 1 to 6.
PEER_RUNGS = {
    RIVERSIDE: [4, 5, 5, 7, 6, 4],  # gaps (self minus peer): +2, 0, -1, 0, -3, +1
    NORTHGATE: [4, 5, 4, 5, 3, 1],  # gaps: 0, -2, 0, 0, 0, +2
}
GOLD = 7
PRINCIPLE_NAMES = [
    "Recognising people as assets",
    "Building on people's existing capabilities",
    "Mutuality and reciprocity",
    "Peer support networks",
    "Breaking down barriers",
    "Facilitating rather than delivering services",
]
RUNG_NAMES = [
    "Coercion",
    "Educating",
    "Informing",
    "Consultation",
    "Engagement",
    "Co-design",
    "Co-production",
]
TITLE = "Autumn 2026"
CLOSED_AT = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)


# People --------------------------------------------------------------------------------------


@pytest.fixture
def working_group(db) -> Group:
    """The group the permission is given to in the admin, as seed_demo does it."""
    group, _ = Group.objects.get_or_create(name="Working group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="assessment", codename="view_working_group")
    )
    return group


@pytest.fixture
def wg_member(working_group):
    user = make_user(WG_EMAIL, "Wanda Green")
    user.groups.add(working_group)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def wg_client(wg_member) -> Client:
    return signed_in(wg_member)


# The kinds of person every working-group route is walked with. What each should get is in
# the tests; `organisation_admin` is Riverside's admin (Riverside shared its results).
PEOPLE = [
    "working_group_member",
    "superuser",
    "staff_only",
    "organisation_admin",
    "organisation_member",
    "other_organisation_admin",
    "stranger",
    "anonymous",
]


@pytest.fixture
def clients(wg_member, admin, colleague, outsider, other_organisation, stranger, staff) -> dict:
    superuser = make_user("root@coprod.example", "Sue Perkins", is_staff=True, is_superuser=True)
    return {
        "working_group_member": signed_in(wg_member),
        "superuser": signed_in(superuser),
        "staff_only": signed_in(staff),
        "organisation_admin": signed_in(admin),
        "organisation_member": signed_in(colleague),
        "other_organisation_admin": signed_in(outsider),
        "stranger": signed_in(stranger),
        "anonymous": Client(),
    }


# Rounds and assessments ----------------------------------------------------------------------


@pytest.fixture
def london(db) -> Round:
    return Round.objects.create(
        name="London 2026/27",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        description="Organisations across London compare how they co-produce services.",
    )


@pytest.fixture
def midlands(db) -> Round:
    return Round.objects.create(
        name="Midlands 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )


def rungs_of(framework) -> dict[int, Rung]:
    return {r.position: r for r in Rung.objects.filter(framework=framework)}


def principles_of(framework) -> list[Principle]:
    return list(Principle.objects.filter(framework=framework).order_by("position"))


def result_rows(assessment, framework, rungs, *, perspective="", respondents=3) -> list:
    """Frozen results as `freeze_results` writes them: one row per principle with a rung."""
    by_position = rungs_of(framework)
    return [
        PrincipleResult(
            assessment=assessment,
            principle=principle,
            perspective=perspective,
            rung=by_position[position],
            lowest_rung=max(position - 1, 1),
            highest_rung=min(position + 1, GOLD),
            respondents=respondents,
        )
        for principle, position in zip(principles_of(framework), rungs, strict=True)
        if position is not None
    ]


def closed_assessment(
    organisation,
    framework,
    rungs,
    *,
    shared: bool,
    round=None,
    title=TITLE,
    service="",
    status=Assessment.Status.CLOSED,
) -> Assessment:
    """An assessment as it is after `close()` (and, if `shared`, after sharing), with its
    PrincipleResult rows for everyone together set to `rungs` (principles 1 to 6)."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        service=service,
        status=status,
        closed_at=CLOSED_AT if status == Assessment.Status.CLOSED else None,
        shared_with_working_group=shared,
        shared_at=timezone.now() if shared else None,
        round=round,
    )
    PrincipleResult.objects.bulk_create(result_rows(assessment, framework, rungs))
    return assessment


def peer_review(assessment, framework, rungs, *, submitted_at=None, email=None) -> PeerReview:
    """A peer review with a rating per principle, straight into the database (submitted if
    `submitted_at` is given), as the reviewer's pages would leave it."""
    review = PeerReview.objects.create(
        assessment=assessment,
        email=email or f"reviewer{PeerReview.objects.count()}@eastfield.example",
        expires_at=timezone.now() + PeerReview.LIFETIME,
        accepted_at=timezone.now(),
        reviewer_organisation="Eastfield CVS",
        has_conflict=False,
        submitted_at=submitted_at,
    )
    by_position = rungs_of(framework)
    PeerRating.objects.bulk_create(
        PeerRating(
            review=review,
            principle=principle,
            rung=by_position[position],
            comment=f"Seen at rung {position}",
        )
        for principle, position in zip(principles_of(framework), rungs, strict=True)
    )
    return review


@dataclass
class RoundData:
    round: Round
    assessments: dict[str, Assessment] = field(default_factory=dict)  # by organisation name

    def __getitem__(self, name: str) -> Assessment:
        return self.assessments[name]


@pytest.fixture
def shared_round(
    london, midlands, framework, admin, organisation, outsider, other_organisation
) -> RoundData:
    other_organisation.area = "Northgate"
    other_organisation.save(update_fields=["area"])
    organisations = {RIVERSIDE: organisation, NORTHGATE: other_organisation}
    data = RoundData(round=london)
    for name, (kind, area, rungs) in ROUND_RUNGS.items():
        if name not in organisations:
            user = make_user(f"admin@{name.split()[0].lower()}.example", f"Admin of {name}")
            organisations[name] = make_organisation(name, user, kind=kind, area=area)
        data.assessments[name] = closed_assessment(
            organisations[name],
            framework,
            rungs,
            shared=True,
            round=london,
            service="Community cafe" if name == RIVERSIDE else "",
        )
    # Per-perspective results are not the organisation's rung: they must not be counted.
    riverside = data[RIVERSIDE]
    PrincipleResult.objects.bulk_create(
        result_rows(riverside, framework, [1] * 6, perspective="staff", respondents=1)
        + result_rows(riverside, framework, [2] * 6, perspective="person", respondents=1)
    )

    def other(name, kind, area, rungs, **fields):
        user = make_user(f"admin@{name.split()[0].lower()}.example", f"Admin of {name}")
        organisation = make_organisation(name, user, kind=kind, area=area)
        data.assessments[name] = closed_assessment(organisation, framework, rungs, **fields)

    other(HIDDEN, "charity", HIDDEN_AREAS[0], [1] * 6, shared=False, round=london)
    other(STILL_OPEN, "charity", HIDDEN_AREAS[1], [1] * 6, shared=True, round=london, status="open")
    other(ELSEWHERE, "charity", "Midlands", [1] * 6, shared=True, round=midlands)
    other(SOLO, "community_group", "Soloton", [7] * 6, shared=True, round=None)

    first = timezone.now() - timedelta(days=10)
    for name, rungs in PEER_RUNGS.items():
        peer_review(data[name], framework, rungs, submitted_at=first)
    # A later review of Riverside does not change the peer rung: the first one counts.
    peer_review(data[RIVERSIDE], framework, [1] * 6, submitted_at=first + timedelta(days=2))
    # A draft never counts; nor does a review of an assessment that was never shared.
    peer_review(data[EASTFIELD], framework, [7] * 6)
    peer_review(data[HIDDEN], framework, [7] * 6, submitted_at=first)
    return data


def add_shared_organisations(round, framework, count: int, *, start: int = 0) -> None:
    """`count` more organisations that shared a closed assessment into `round`, each with six
    frozen results and a submitted peer review, in a handful of bulk inserts."""
    kinds = [Organisation.Kind.CHARITY, Organisation.Kind.NHS, Organisation.Kind.BUSINESS]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk Organisation {start + n:03}",
            kind=kinds[n % len(kinds)],
            area=f"Area {n % 7}",
            size=Organisation.Size.SMALL,
        )
        for n in range(count)
    )
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        Assessment(
            organisation=organisation,
            framework=framework,
            title=TITLE,
            status=Assessment.Status.CLOSED,
            closed_at=CLOSED_AT,
            shared_with_working_group=True,
            shared_at=now,
            round=round,
        )
        for organisation in organisations
    )
    principles = principles_of(framework)
    by_position = rungs_of(framework)
    PrincipleResult.objects.bulk_create(
        PrincipleResult(
            assessment=assessment,
            principle=principle,
            rung=by_position[(n + principle.position) % GOLD + 1],
            lowest_rung=1,
            highest_rung=GOLD,
            respondents=2,
        )
        for n, assessment in enumerate(assessments)
        for principle in principles
    )
    reviews = PeerReview.objects.bulk_create(
        PeerReview(
            assessment=assessment,
            email=f"peer{start + n}@bulk.example",
            expires_at=now + PeerReview.LIFETIME,
            accepted_at=now,
            submitted_at=now,
        )
        for n, assessment in enumerate(assessments)
    )
    PeerRating.objects.bulk_create(
        PeerRating(review=review, principle=principle, rung=by_position[principle.position])
        for review in reviews
        for principle in principles
    )


def done_summary(round, user=None, pdf: bytes = b"%PDF-1.7 a summary") -> RoundSummary:
    """A finished summary row, for routes that need one to exist."""
    return RoundSummary.objects.create(
        round=round,
        requested_by=user,
        status=RoundSummary.Status.DONE,
        organisations_total=1,
        organisations_done=1,
        pdf=pdf,
        finished_at=timezone.now(),
    )


# Addresses -----------------------------------------------------------------------------------


def dashboard_url(round, **filters) -> str:
    url = reverse("round_dashboard", args=[round.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in filters.items())}" if filters else url


def csv_url(round, **filters) -> str:
    url = reverse("round_scores_csv", args=[round.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in filters.items())}" if filters else url


def report_url(assessment) -> str:
    return reverse("working_group_report_pdf", args=[assessment.organisation_id, assessment.pk])


def sharing_url(assessment) -> str:
    return reverse("sharing", args=[assessment.organisation_id, assessment.pk])


def summary_url(round) -> str:
    return reverse("round_summary", args=[round.pk])


# Reading what comes back ---------------------------------------------------------------------


def words(response) -> str:
    """The words on the page between <main> and </main>: tags removed, entities decoded."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def tables(response) -> dict[str, list[list[str]]]:
    return dict(page_tables(response.content.decode(), split_elements=True))


def table(response, caption: str) -> list[list[str]]:
    """The rows of the table with this caption, header row first."""
    found = tables(response)
    assert caption in found, f"no table captioned {caption!r}; found {list(found)}"
    return found[caption]


def svg_charts(response) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", response.content.decode(), flags=re.DOTALL)


def rows_of(response) -> list[list[str]]:
    """A CSV download, parsed as a spreadsheet would read it (after the byte-order mark)."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "the CSV must start with the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def by_column(rows) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def pdf_text(content: bytes) -> str:
    """The PDF's text as `pdftotext` reads it, with runs of whitespace made single spaces."""
    assert content.startswith(b"%PDF-"), content[:20]
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def expected_counts(names=SHARED_IN_LONDON) -> list[list[int]]:
    """Organisations at rungs 1 to 7, then with no rung, for principles 1 to 6."""
    counts = []
    for index in range(6):
        chosen = [ROUND_RUNGS[name][2][index] for name in names]
        counts.append([chosen.count(position) for position in range(1, GOLD + 1)])
        counts[-1].append(chosen.count(None))
    return counts
