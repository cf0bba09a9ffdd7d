"""Everything an organisation owns, as one zip of CSV files and a README that describes them.

Each file is defined once below (its columns and the rows of one query), and the README is
written from the same definitions, so the two cannot drift apart. Cells are defused against
spreadsheet formulas like every CSV the service writes. Secret link hashes are never included.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from .models import (
    Action,
    AgreedRung,
    Answer,
    Assessment,
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    PeerRating,
    PeerReview,
    PositionStatement,
    PrincipleResult,
    Respondent,
    Section,
)
from .reports.csv import safe_cell


@dataclass(frozen=True)
class Table:
    filename: str
    about: str
    columns: tuple[tuple[str, str], ...]  # (heading, what it holds)
    rows: Callable[[Organisation], object]  # an iterable of tuples, one value per column


def _assessments(organisation):
    return Assessment.objects.filter(organisation=organisation)


TABLES = (
    Table(
        "members.csv",
        "The people in the organisation.",
        (
            ("Name", "Their full name"),
            ("Email", "The address they sign in with"),
            ("Role", "admin or member"),
            ("Joined", "When they joined (UTC)"),
        ),
        lambda o: (
            Membership.objects.filter(organisation=o)
            .order_by("joined_at")
            .values_list("user__name", "user__email", "role", "joined_at")
        ),
    ),
    Table(
        "invitations.csv",
        "Invitations to join the organisation, accepted or not.",
        (
            ("Email", "Who was invited"),
            ("Role", "The role they were offered"),
            ("Invited by", "The admin who invited them"),
            ("Expires", "When the link stops working (UTC)"),
            ("Accepted", "When it was accepted, if it was"),
            ("Cancelled", "When it was cancelled, if it was"),
        ),
        lambda o: (
            Invitation.objects.filter(organisation=o)
            .order_by("pk")
            .values_list(
                "email", "role", "invited_by__name", "expires_at", "accepted_at", "revoked_at"
            )
        ),
    ),
    Table(
        "assessments.csv",
        "Each self-assessment.",
        (
            ("Assessment", "Its title"),
            ("Service", "The service it is about"),
            ("Framework version", "The version of the principles and questions it used"),
            ("Status", "open or closed"),
            ("Started", "When it was started (UTC)"),
            ("Closed", "When it was closed"),
            ("Shared with the working group", "True if it is shared"),
            ("Round", "The working group's round it is shared in"),
        ),
        lambda o: (
            _assessments(o)
            .order_by("created_at")
            .values_list(
                "title",
                "service",
                "framework__version",
                "status",
                "created_at",
                "closed_at",
                "shared_with_working_group",
                "round__name",
            )
        ),
    ),
    Table(
        "respondents.csv",
        "Everyone asked to answer: colleagues with an account, and people with a personal link.",
        (
            ("Assessment", "Which assessment"),
            ("Respondent", "A number for this person, used in answers.csv and sections.csv"),
            ("Name", "Their name (removed a set time after closing for personal links)"),
            ("Email", "Their email address, if one was given"),
            ("Personal link", "True for someone who answered through a personal link"),
            ("Perspective", "Who they answered as"),
            ("Agreed to be named", "True if a peer reviewer may see their name"),
            ("Started", "When they started"),
            ("Submitted", "When they submitted"),
        ),
        lambda o: (
            Respondent.objects.filter(assessment__organisation=o)
            .annotate(personal_link=ExpressionWrapper(Q(user__isnull=True), BooleanField()))
            .order_by("assessment__created_at", "pk")
            .values_list(
                "assessment__title",
                "pk",
                "name",
                "email",
                "personal_link",
                "perspective",
                "agreed_to_be_named",
                "started_at",
                "submitted_at",
            )
        ),
    ),
    Table(
        "answers.csv",
        "Every answer to a question, submitted or not.",
        (
            ("Assessment", "Which assessment"),
            ("Respondent", "The number from respondents.csv"),
            ("Question", "The question's code in the framework"),
            ("Answer", "1 not at all, 2 a little, 3 mostly, 4 fully, 0 don't know"),
            ("Evidence", "The example they gave"),
        ),
        lambda o: (
            Answer.objects.filter(respondent__assessment__organisation=o)
            .order_by("respondent__assessment__created_at", "respondent_id", "question__position")
            .values_list(
                "respondent__assessment__title",
                "respondent_id",
                "question__code",
                "extent",
                "evidence",
            )
        ),
    ),
    Table(
        "sections.csv",
        "Where each person placed each principle on the ladder, and why.",
        (
            ("Assessment", "Which assessment"),
            ("Respondent", "The number from respondents.csv"),
            ("Principle", "The principle"),
            ("Rung", "The rung they chose (1 to 7), empty if none"),
            ("Why", "What they wrote about the rung"),
        ),
        lambda o: (
            Section.objects.filter(respondent__assessment__organisation=o)
            .order_by("respondent__assessment__created_at", "respondent_id", "principle__position")
            .values_list(
                "respondent__assessment__title",
                "respondent_id",
                "principle__name",
                "rung__position",
                "rung_evidence",
            )
        ),
    ),
    Table(
        "results.csv",
        "The results frozen when each assessment closed.",
        (
            ("Assessment", "Which assessment"),
            ("Principle", "The principle"),
            ("Perspective", "Empty for everyone together, else one perspective"),
            ("Rung", "The median rung"),
            ("Lowest", "The lowest rung chosen"),
            ("Highest", "The highest rung chosen"),
            ("People", "How many people it counts"),
        ),
        lambda o: (
            PrincipleResult.objects.filter(assessment__organisation=o)
            .order_by("assessment__created_at", "principle__position", "perspective")
            .values_list(
                "assessment__title",
                "principle__name",
                "perspective",
                "rung__position",
                "lowest_rung",
                "highest_rung",
                "respondents",
            )
        ),
    ),
    Table(
        "position_statements.csv",
        "What the organisation told its peer reviewers.",
        (
            ("Assessment", "Which assessment"),
            ("Context", "About the organisation and the service"),
            ("Proud of", "What it is proud of"),
            ("Look at", "What it asked the reviewer to look at"),
        ),
        lambda o: PositionStatement.objects.filter(assessment__organisation=o).values_list(
            "assessment__title", "context", "proud_of", "look_at"
        ),
    ),
    Table(
        "peer_reviews.csv",
        "Peer reviews: who was asked, and what they said overall.",
        (
            ("Assessment", "Which assessment"),
            ("Review", "A number for this review, used in peer_ratings.csv"),
            ("Reviewer email", "Who was invited"),
            ("Reviewer", "Their name, once they accepted"),
            ("Reviewer's organisation", "Where they work"),
            ("Invited", "When they were invited"),
            ("Submitted", "When they submitted"),
            ("Cancelled", "When the invitation or review was cancelled"),
            ("Strengths", "What the reviewer saw as strengths"),
            ("Areas to develop", "What the reviewer suggested developing"),
        ),
        lambda o: (
            PeerReview.objects.filter(assessment__organisation=o)
            .order_by("invited_at")
            .values_list(
                "assessment__title",
                "pk",
                "email",
                "reviewer__name",
                "reviewer_organisation",
                "invited_at",
                "submitted_at",
                "revoked_at",
                "strengths",
                "areas_to_develop",
            )
        ),
    ),
    Table(
        "peer_ratings.csv",
        "Each reviewer's rung for each principle.",
        (
            ("Review", "The number from peer_reviews.csv"),
            ("Principle", "The principle"),
            ("Rung", "The reviewer's rung"),
            ("What they saw", "The reviewer's comment"),
            ("Suggestion", "One suggestion"),
        ),
        lambda o: (
            PeerRating.objects.filter(review__assessment__organisation=o)
            .order_by("review_id", "principle__position")
            .values_list("review_id", "principle__name", "rung__position", "comment", "suggestion")
        ),
    ),
    Table(
        "agreed_rungs.csv",
        "Where the organisation and its reviewer agreed it stands.",
        (
            ("Assessment", "Which assessment"),
            ("Principle", "The principle"),
            ("Rung", "The agreed rung"),
            ("Note", "Why"),
            ("Confirmed by the reviewer", "When the reviewer confirmed it"),
            ("Reviewer's reservation", "Why the reviewer disagreed, if they did"),
        ),
        lambda o: (
            AgreedRung.objects.filter(assessment__organisation=o)
            .order_by("assessment__created_at", "principle__position")
            .values_list(
                "assessment__title",
                "principle__name",
                "rung__position",
                "note",
                "reviewer_confirmed_at",
                "reviewer_dissent",
            )
        ),
    ),
    Table(
        "actions.csv",
        "The action plan: what the organisation will do after each assessment.",
        (
            ("Assessment", "The assessment it came from"),
            ("Principle", "The principle it is for"),
            ("What", "What will be done"),
            ("Member who leads it", "A member's name, if one leads it"),
            ("Someone else who leads it", "A name typed instead, for someone without an account"),
            ("Due by", "The date it is due, if one was given"),
            ("Status", "planned, under_way, done or dropped"),
            ("Notes", "What has happened so far"),
            ("Practice", "The suggested practice it was made from, if any"),
            ("Followed up in", "The later assessment that recorded what happened"),
        ),
        lambda o: (
            Action.objects.filter(organisation=o)
            .order_by("created_at", "pk")
            .values_list(
                "assessment__title",
                "principle__name",
                "what",
                "owner__name",
                "owner_name",
                "due_date",
                "status",
                "notes",
                "practice__name",
                "followed_up_in__title",
            )
        ),
    ),
    Table(
        "audit_log.csv",
        "Who did what in the organisation, and when.",
        (
            ("When", "When it happened (UTC)"),
            ("Who", "Who did it"),
            ("What", "What they did"),
            ("To what", "What it was done to"),
        ),
        lambda o: (
            AuditEvent.objects.filter(organisation=o)
            .order_by("at", "pk")
            .values_list("at", "actor_name", "verb", "subject")
        ),
    ),
)

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "area",
    "size",
    "sector",
    "created_at",
    "willing_to_review",
)


def _csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def readme(organisation: Organisation, made_at) -> str:
    lines = [
        f"Everything Coprod holds for {organisation.name}",
        f"Downloaded {made_at:%d %B %Y at %H:%M} UTC.",
        "",
        "organisation.json: the organisation's details.",
        "",
    ]
    for table in TABLES:
        lines += [f"{table.filename}: {table.about}"]
        lines += [f"  - {heading}: {meaning}" for heading, meaning in table.columns]
        lines += [""]
    return "\n".join(lines)


def organisation_archive(organisation: Organisation) -> bytes:
    """The zip an admin downloads: organisation.json, one CSV per table, README.txt."""
    made_at = timezone.now()
    details = {field: getattr(organisation, field) for field in ORGANISATION_FIELDS}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(organisation, made_at))
        archive.writestr("organisation.json", json.dumps(details, default=str, indent=2))
        for table in TABLES:
            header = [heading for heading, _ in table.columns]
            archive.writestr(table.filename, _csv(header, table.rows(organisation)))
    return buffer.getvalue()
