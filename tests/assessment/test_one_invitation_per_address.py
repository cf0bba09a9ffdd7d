"""One open invitation per organisation and address, one live peer review per assessment and
address: partial unique indexes, and what two people pressing at the same moment see
(Invitation.create, PeerReview.invite, migration 0005)."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.forms.organisations import InvitationForm
from assessment.forms.reviews import ReviewerInvitationForm
from assessment.models import Invitation, PeerReview
from assessment.models.organisations import InvitationError
from assessment.models.reviews import ReviewError
from tests.factories import PASSWORD

from .helpers import said
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import REVIEWER_EMAIL, invite, org_url

INVITEE = "new.person@example.org"
BEFORE = ("assessment", "0004_stored_reports_and_summary_heartbeat")
AFTER = ("assessment", "0005_one_open_invitation_and_live_review")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a real race needs PostgreSQL's row locks"
)


def _invitation(organisation, email=INVITEE, **fields):
    return Invitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=fields.pop("token_hash", email),
        expires_at=timezone.now() + Invitation.LIFETIME,
        **fields,
    )


def _review(assessment, email=REVIEWER_EMAIL, **fields):
    return PeerReview.objects.create(
        assessment=assessment,
        email=email,
        token_hash=fields.pop("token_hash", email),
        expires_at=timezone.now() + PeerReview.LIFETIME,
        **fields,
    )


# The constraints ---------------------------------------------------------------------------


def test_the_database_refuses_a_second_open_invitation_in_any_case(organisation):
    _invitation(organisation)

    with pytest.raises(IntegrityError), transaction.atomic():
        _invitation(organisation, email=INVITEE.upper(), token_hash="other")


def test_accepted_and_cancelled_invitations_do_not_count(organisation, other_organisation):
    _invitation(organisation, token_hash="a", accepted_at=timezone.now())
    _invitation(organisation, token_hash="b", revoked_at=timezone.now())
    _invitation(other_organisation, token_hash="c")

    _invitation(organisation, token_hash="d")

    assert Invitation.objects.filter(email=INVITEE).count() == 4


def test_inviting_again_after_expiry_cancels_the_expired_invitation(admin, organisation):
    expired = _invitation(organisation, invited_by=admin)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))

    invitation, _token = Invitation.create(
        organisation=organisation, email=INVITEE, role="member", invited_by=admin
    )

    expired.refresh_from_db()
    assert expired.state == Invitation.State.REVOKED
    assert invitation.state == Invitation.State.PENDING


def test_the_model_turns_a_duplicate_into_the_friendly_message(admin, organisation):
    _invitation(organisation)

    with pytest.raises(InvitationError) as refused:
        Invitation.create(
            organisation=organisation, email=INVITEE.title(), role="member", invited_by=admin
        )

    assert str(refused.value) == Invitation.ALREADY_WAITING
    assert Invitation.objects.count() == 1


def test_the_database_refuses_a_second_live_review(closed):
    _review(closed)

    with pytest.raises(IntegrityError), transaction.atomic():
        _review(closed, email=REVIEWER_EMAIL.upper(), token_hash="other")


def test_a_submitted_review_still_counts_and_a_cancelled_one_does_not(closed):
    now = timezone.now()
    _review(closed, token_hash="a", accepted_at=now, submitted_at=now)
    _review(closed, token_hash="b", revoked_at=now)

    with pytest.raises(IntegrityError), transaction.atomic():
        _review(closed, token_hash="c")


def test_inviting_a_reviewer_again_after_expiry_cancels_the_expired_invitation(closed, admin):
    expired, _token = invite(closed, admin)
    PeerReview.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))

    review, _token = invite(closed, admin)

    expired.refresh_from_db()
    assert expired.state == PeerReview.State.REVOKED
    assert review.state == PeerReview.State.INVITED


def test_the_model_turns_a_duplicate_review_into_the_friendly_message(closed, admin):
    invite(closed, admin)

    with pytest.raises(ReviewError) as refused:
        invite(closed, admin, email=REVIEWER_EMAIL.upper())

    assert refused.value.problem == "duplicate"
    assert PeerReview.objects.count() == 1


# Two requests at the same moment -----------------------------------------------------------


def _at_once(monkeypatch, form_class, post):
    """Run `post(client)` in two threads, both past the form's duplicate check before either
    saves, as when two admins (or two tabs) press at the same moment."""
    both_checked = threading.Barrier(2, timeout=10)
    checked = form_class.clean_email

    def clean_email(self):
        email = checked(self)
        both_checked.wait()
        return email

    monkeypatch.setattr(form_class, "clean_email", clean_email)
    responses = []

    def run():
        try:
            responses.append(post())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(responses, key=lambda response: response.status_code)


def _client(user) -> Client:
    """Signed in through the sign-in page: force_login's request has no address, which
    django-axes cannot record on PostgreSQL."""
    client = Client()
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    return client


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_admins_inviting_one_address_at_once_make_one_invitation(
    monkeypatch, admin, organisation, mailoutbox
):
    clients = iter([_client(admin), _client(admin)])
    url = reverse("invite_member", args=[organisation.pk])

    shown, sent = _at_once(
        monkeypatch,
        InvitationForm,
        lambda: next(clients).post(url, {"email": INVITEE, "role": "member"}),
    )

    assert sent.status_code == 302
    assert shown.status_code == 200
    assert "This person already has an invitation waiting" in said(shown)
    assert Invitation.objects.filter(email=INVITEE).count() == 1
    assert [message.to for message in mailoutbox] == [[INVITEE]]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_admins_inviting_one_reviewer_at_once_make_one_review(
    monkeypatch, admin, closed, reviewer_organisation, mailoutbox
):
    clients = iter([_client(admin), _client(admin)])
    url = org_url("invite_reviewer", closed)

    shown, sent = _at_once(
        monkeypatch,
        ReviewerInvitationForm,
        lambda: next(clients).post(url, {"email": REVIEWER_EMAIL, "message": ""}),
    )

    assert sent.status_code == 302
    assert shown.status_code == 200
    assert "has already been invited to review this assessment" in said(shown)
    assert PeerReview.objects.filter(email=REVIEWER_EMAIL).count() == 1
    assert [message.to for message in mailoutbox] == [[REVIEWER_EMAIL]]


# Data from before the constraints ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_cancels_duplicates_made_before_it(admin, closed):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    OldInvitation = apps.get_model("assessment", "Invitation")
    OldReview = apps.get_model("assessment", "PeerReview")
    now = timezone.now()
    soon, later = now + timedelta(days=1), now + timedelta(days=2)
    organisation_id = closed.organisation_id
    older = OldInvitation.objects.create(
        organisation_id=organisation_id, email=INVITEE, token_hash="i1", expires_at=soon
    )
    newer = OldInvitation.objects.create(
        organisation_id=organisation_id, email=INVITEE.upper(), token_hash="i2", expires_at=later
    )
    accepted = OldReview.objects.create(
        assessment_id=closed.pk, email=REVIEWER_EMAIL, token_hash="r1", expires_at=soon,
        accepted_at=now,
    )  # fmt: skip
    invited = OldReview.objects.create(
        assessment_id=closed.pk, email=REVIEWER_EMAIL, token_hash="r2", expires_at=later
    )

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert set(Invitation.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True)) == {
        newer.pk
    }
    assert Invitation.objects.get(pk=older.pk).state == Invitation.State.REVOKED
    assert set(PeerReview.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True)) == {
        accepted.pk
    }
    assert PeerReview.objects.get(pk=invited.pk).state == PeerReview.State.REVOKED
