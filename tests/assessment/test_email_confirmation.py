"""A new account confirms its email address before it accepts what was sent to that address
(assessment/views/accounts.py: signup, confirm_email, send_confirmation; the accept pages)."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from assessment.models import Invitation, Membership, PeerReview, User
from assessment.models.accounts import CONFIRMATION_LIFETIME
from assessment.models.organisations import InvitationError
from assessment.models.reviews import ReviewError
from tests.factories import PASSWORD, make_user, membership_of

from .helpers import headings, html_part, invitation_token, only_link, said, site_path, text
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import ANSWER as REVIEW_ANSWER
from .review_helpers import invite, link_for

INVITEE = "new.person@example.org"
JOIN = reverse("respond_to_invitation")


def sign_up(client, email=INVITEE, next_url=""):
    return client.post(
        reverse("signup"),
        {
            "name": "Nia Newcomer",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )


def confirmation_link(mailoutbox, to=INVITEE) -> str:
    [message] = [m for m in mailoutbox if m.to == [to] and "Confirm" in m.subject]
    return site_path(only_link(message))


@pytest.fixture
def leaked(client, admin, organisation, mailoutbox) -> str:
    """An invitation for INVITEE to join Riverside, whose link has leaked; returns the token."""
    client.force_login(admin)
    client.post(
        reverse("invite_member", args=[organisation.pk]), {"email": INVITEE, "role": "member"}
    )
    client.logout()
    token = invitation_token(mailoutbox[-1])
    mailoutbox.clear()
    return token


# Signing up --------------------------------------------------------------------------------


def test_signing_up_emails_a_link_to_confirm_the_address(client, db, mailoutbox):
    response = sign_up(client)

    user = User.objects.get()
    assert not user.has_confirmed_email
    [message] = mailoutbox
    assert message.to == [INVITEE]
    assert message.subject == "Confirm your email address for Coprod"
    link = only_link(message)
    assert link.startswith("http://") and "/account/confirm-email/" in link
    assert "If it was not you, do not open the link." in message.body
    assert "Nia Newcomer" in html_part(message)
    page = client.get(response.url)
    assert f"We have emailed a link to {INVITEE}." in said(page)


def test_signing_up_still_works_when_the_email_cannot_be_sent(client, db, mail_server_down):
    response = sign_up(client)

    assert response.status_code == 302
    assert User.objects.get().email == INVITEE
    assert f"We could not email a link to confirm {INVITEE}" in said(client.get(response.url))


def test_opening_the_link_asks_before_confirming(client, db, mailoutbox):
    """Mail scanners open links: only the button confirms."""
    sign_up(client)
    link = confirmation_link(mailoutbox)

    page = client.get(link)

    assert page.status_code == 200
    assert headings(page) == ["Confirm your email address"]
    assert "Only confirm if you made this account." in said(page)
    assert not User.objects.get().has_confirmed_email


def test_pressing_the_button_confirms_the_address(client, db, mailoutbox):
    sign_up(client)
    link = confirmation_link(mailoutbox)

    response = client.post(link)

    assert response.status_code == 302
    assert User.objects.get().has_confirmed_email
    assert f"Thank you. You have confirmed {INVITEE}." in said(client.get(response.url))
    assert headings(client.get(link)) == ["Your email address is confirmed"]


def test_the_link_works_in_another_browser_too(client, db, mailoutbox):
    sign_up(client)
    link = confirmation_link(mailoutbox)
    client.logout()

    client.post(link)

    assert User.objects.get().has_confirmed_email


def test_a_tampered_link_fails(client, db, mailoutbox):
    sign_up(client)
    link = confirmation_link(mailoutbox)
    token = link.rstrip("/").rsplit("/", 1)[1]
    data, _rest = token.split(":", 1)
    other = make_user("other@example.org", email_confirmed_at=None)
    forged = signing.dumps({"user": other.pk, "email": other.email}, key="not-our-secret")
    tampered = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token.replace(data, data[::-1]),
        forged,
        "nonsense",
    ]

    for bad in tampered:
        page = client.get(reverse("confirm_email", args=[bad]))
        posted = client.post(reverse("confirm_email", args=[bad]))
        assert page.status_code == posted.status_code == 404
        assert headings(page) == ["We do not recognise this link"]

    assert not User.objects.filter(email_confirmed_at__isnull=False).exists()


def test_the_link_expires(client, db, mailoutbox, monkeypatch):
    sign_up(client)
    link = confirmation_link(mailoutbox)
    later = timezone.now() + CONFIRMATION_LIFETIME + timedelta(minutes=1)
    monkeypatch.setattr(signing.time, "time", later.timestamp)

    page = client.get(link)
    posted = client.post(link)

    assert page.status_code == posted.status_code == 410
    assert headings(page) == ["This link has expired"]
    assert "Send me a new link" in said(page)
    assert not User.objects.get().has_confirmed_email


def test_a_link_for_an_address_the_account_no_longer_has_fails(client, db, mailoutbox):
    sign_up(client)
    link = confirmation_link(mailoutbox)
    User.objects.update(email="changed@example.org")

    assert client.post(link).status_code == 404
    assert not User.objects.get().has_confirmed_email


# Accepting an organisation's invitation -----------------------------------------------------


def test_a_leaked_join_link_cannot_be_used_until_the_address_is_confirmed(
    client, organisation, leaked, mailoutbox
):
    """Someone holding the link signs up as the invited address: they cannot join until the
    link we sent to that address is opened, and its button pressed."""
    client.get(reverse("open_invitation", args=[leaked]))
    sign_up(client, next_url=JOIN)

    page = client.get(JOIN)
    posted = client.post(JOIN)

    assert page.status_code == 403
    assert headings(page) == ["Confirm your email address first"]
    assert "Send the link again" in said(page)
    assert posted.status_code == 403
    newcomer = User.objects.get(email=INVITEE)
    assert membership_of(organisation, newcomer) is None
    assert Invitation.objects.get().state == Invitation.State.PENDING
    with pytest.raises(InvitationError, match="Confirm your email address first"):
        Invitation.objects.get().accept(newcomer)


def test_the_real_owner_confirms_and_joins(client, organisation, leaked, mailoutbox):
    client.get(reverse("open_invitation", args=[leaked]))
    sign_up(client, next_url=JOIN)
    assert client.get(JOIN).status_code == 403

    back = client.post(confirmation_link(mailoutbox))
    assert back.url == JOIN
    page = client.get(JOIN)
    assert "Accept and join" in said(page)
    client.post(JOIN)

    newcomer = User.objects.get(email=INVITEE)
    assert membership_of(organisation, newcomer).role == Membership.Role.MEMBER


def test_asking_for_the_link_again_sends_it_and_comes_back(
    client, organisation, leaked, mailoutbox
):
    client.get(reverse("open_invitation", args=[leaked]))
    sign_up(client, next_url=JOIN)
    mailoutbox.clear()

    response = client.post(reverse("send_confirmation"), {"next": JOIN})

    assert response.url == JOIN
    assert [m.to for m in mailoutbox] == [[INVITEE]]
    page = client.get(JOIN)
    assert f"We have emailed a link to {INVITEE}." in said(page)
    client.post(confirmation_link(mailoutbox))
    assert "Accept and join" in said(client.get(JOIN))


def test_asking_again_when_confirmed_sends_nothing(client, stranger, mailoutbox):
    client.force_login(stranger)

    response = client.post(reverse("send_confirmation"), {"next": "https://evil.example/"})

    assert response.url == reverse("home")
    assert mailoutbox == []
    assert f"You have already confirmed {stranger.email}." in said(client.get(response.url))


def test_asking_for_a_link_needs_an_account_and_a_post(client, db, mailoutbox):
    assert client.post(reverse("send_confirmation")).url.startswith(reverse("login"))
    client.force_login(make_user(INVITEE, email_confirmed_at=None))
    assert client.get(reverse("send_confirmation")).status_code == 405
    assert mailoutbox == []


# Accepting a peer review --------------------------------------------------------------------


def test_a_leaked_review_link_cannot_be_used_until_the_address_is_confirmed(
    anonymous, closed, admin, mailoutbox
):
    email = "nell@elsewhere.example"
    _review, token = invite(closed, admin, email=email)
    anonymous.get(link_for(token))
    sign_up(anonymous, email=email, next_url=REVIEW_ANSWER)

    page = anonymous.get(REVIEW_ANSWER)
    posted = anonymous.post(REVIEW_ANSWER)

    assert page.status_code == posted.status_code == 403
    assert headings(page) == ["Confirm your email address first"]
    review = PeerReview.objects.get()
    assert review.accepted_at is None
    with pytest.raises(ReviewError) as refused:
        review.accept(User.objects.get(email=email))
    assert refused.value.problem == "unconfirmed"

    back = anonymous.post(confirmation_link(mailoutbox, to=email))
    assert back.url == REVIEW_ANSWER
    anonymous.post(REVIEW_ANSWER)
    review.refresh_from_db()
    assert review.reviewer == User.objects.get(email=email)


# Accounts from before ----------------------------------------------------------------------


def test_demo_accounts_count_as_confirmed(framework, settings):
    settings.DEBUG = True

    call_command("seed_demo", verbosity=0)

    assert User.objects.count() == 5
    assert not User.objects.filter(email_confirmed_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_accounts_made_before_confirmation_existed_count_as_confirmed():
    before = ("assessment", "0005_one_open_invitation_and_live_review")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    OldUser = executor.loader.project_state([before]).apps.get_model("assessment", "User")
    old = OldUser.objects.create(email="old@example.org", name="Old Account")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    user = User.objects.get(pk=old.pk)
    assert user.has_confirmed_email
    assert user.email_confirmed_at == user.date_joined


def test_the_confirm_page_escapes_the_name(client, db, mailoutbox):
    client.post(
        reverse("signup"),
        {
            "name": "<b>Bold</b>",
            "email": INVITEE,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    page = client.get(confirmation_link(mailoutbox))

    assert "<b>Bold</b>" not in text(page)
    assert re.search("&lt;b&gt;Bold", text(page))
