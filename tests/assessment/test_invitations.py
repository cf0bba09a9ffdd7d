import hashlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessment.models import Invitation, Membership, User
from tests.factories import PASSWORD, make_organisation, make_user, membership_of

from .helpers import (
    headings,
    html_part,
    invitation_token,
    main_content,
    only_link,
    said,
    site_path,
    text,
)

INVITEE = "new.person@example.org"
ANSWER = reverse("respond_to_invitation")


def invite(client, organisation, email=INVITEE, role="member"):
    return client.post(
        reverse("invite_member", args=[organisation.pk]), {"email": email, "role": role}
    )


@pytest.fixture
def invited(client, admin, organisation, mailoutbox):
    """An admin has invited INVITEE as a member; returns the token from the email."""
    client.force_login(admin)
    invite(client, organisation)
    client.logout()
    token = invitation_token(mailoutbox[-1])
    mailoutbox.clear()
    return token


@pytest.fixture
def stranger_invited(client, admin, organisation, stranger, mailoutbox):
    """An admin has invited `stranger`, who already has an account; returns the token."""
    client.force_login(admin)
    invite(client, organisation, email=stranger.email)
    client.logout()
    token = invitation_token(mailoutbox[-1])
    mailoutbox.clear()
    return token


def open_link(client, token):
    return client.get(reverse("open_invitation", args=[token]))


# Sending


def test_an_admin_invites_someone_by_email(client, admin, organisation, mailoutbox):
    client.force_login(admin)

    response = invite(client, organisation, email="  New.Person@Example.ORG ", role="admin")

    assert response.status_code == 302
    assert response.url == reverse("organisation", args=[organisation.pk])
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role) == (
        organisation,
        INVITEE,
        "admin",
    )
    assert invitation.invited_by == admin
    assert invitation.state == Invitation.State.PENDING
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    page = client.get(response.url)
    assert f"We have emailed an invitation to {INVITEE}." in said(page)
    assert INVITEE in said(page)  # listed under the invitations waiting for a reply


def test_the_invitation_email_has_text_and_html_with_an_absolute_link(
    client, admin, organisation, mailoutbox
):
    client.force_login(admin)

    invite(client, organisation)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [INVITEE]
    assert message.subject == "You are invited to join Riverside Community Trust on Coprod"
    assert "Rita Okafor has invited you to join Riverside Community Trust" in message.body
    assert "Rita Okafor has invited you" in html_part(message)
    token = invitation_token(message)  # one link, the same in text and HTML
    link = f"{settings.SITE_URL}/join/{token}/"
    assert link in message.body
    assert f'href="{link}"' in html_part(message)


def test_the_invitation_link_uses_the_sites_address(
    client, admin, organisation, mailoutbox, settings
):
    settings.SITE_URL = "https://coprod.example"
    client.force_login(admin)

    invite(client, organisation)

    token = invitation_token(mailoutbox[0])
    assert f"https://coprod.example/join/{token}/" in mailoutbox[0].body


def test_only_a_hash_of_the_token_is_stored(client, admin, organisation, mailoutbox):
    client.force_login(admin)

    invite(client, organisation)

    token = invitation_token(mailoutbox[0])
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = Invitation.objects.values().get()
    assert not any(token in str(value) for value in stored.values())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Invitation._meta.db_table}")  # noqa: S608
        row = cursor.fetchone()
    assert not any(token in str(value) for value in row)


def test_each_invitation_gets_its_own_token(client, admin, organisation, mailoutbox):
    client.force_login(admin)

    invite(client, organisation, email="one@example.org")
    invite(client, organisation, email="two@example.org")

    first, second = (invitation_token(message) for message in mailoutbox)
    assert first != second
    assert len(first) >= 40


def test_names_are_plain_in_the_subject_and_text_and_escaped_in_the_html(client, db, mailoutbox):
    boss = make_user("boss@example.org", "Dee <i>O'Neil</i>")
    hospice = make_organisation("St Mary's Hospice & Friends", boss)
    client.force_login(boss)

    invite(client, hospice)

    message = mailoutbox[0]
    assert message.subject == "You are invited to join St Mary's Hospice & Friends on Coprod"
    assert "Dee <i>O'Neil</i> has invited you to join St Mary's Hospice & Friends" in message.body
    html = html_part(message)
    assert "Dee &lt;i&gt;O&#x27;Neil&lt;/i&gt; has invited you" in html
    assert "St Mary&#x27;s Hospice &amp; Friends" in html
    assert "<i>" not in html


@pytest.mark.parametrize("email", ["member@riverside.example", "MEMBER@Riverside.Example"])
def test_inviting_an_existing_member_is_refused(
    client, admin, organisation, colleague, mailoutbox, email
):
    client.force_login(admin)

    response = invite(client, organisation, email=email)

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "This person is already a member of your organisation."
    ]
    assert "This person is already a member of your organisation." in said(response)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_inviting_someone_with_a_pending_invitation_is_refused(
    client, admin, organisation, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation)

    response = invite(client, organisation, email=INVITEE.upper())

    assert response.status_code == 200
    assert "This person already has an invitation waiting" in said(response)
    assert "email" in response.context["form"].errors
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


def test_someone_whose_invitation_expired_or_was_cancelled_can_be_invited_again(
    client, admin, organisation, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert invite(client, organisation).status_code == 302
    pending = Invitation.objects.pending().get()
    client.post(reverse("revoke_invitation", args=[organisation.pk, pending.pk]))

    assert invite(client, organisation).status_code == 302
    assert Invitation.objects.count() == 3
    assert Invitation.objects.pending().count() == 1


def test_the_same_person_can_be_invited_by_two_organisations(
    client, admin, organisation, outsider, other_organisation, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation)
    client.force_login(outsider)

    response = invite(client, other_organisation)

    assert response.status_code == 302
    assert Invitation.objects.pending().filter(email=INVITEE).count() == 2


@pytest.mark.parametrize("email", ["not-an-address", "someone@", "two@@example.org", ""])
def test_an_invalid_email_is_an_error_and_what_was_typed_is_kept(
    client, admin, organisation, mailoutbox, email
):
    client.force_login(admin)

    response = invite(client, organisation, email=email)

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    if email:
        assert f'value="{email}"' in text(response)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_bogus_role_is_an_error(client, admin, organisation, mailoutbox):
    client.force_login(admin)

    response = invite(client, organisation, role="owner")

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert f'value="{INVITEE}"' in text(response)
    assert not Invitation.objects.exists()


# Opening the link


def test_when_the_email_cannot_be_sent_the_invitation_is_kept_and_can_be_sent_again(
    client, admin, organisation, mail_server_down
):
    client.force_login(admin)

    response = invite(client, organisation)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.PENDING
    page = client.get(response.url)
    assert f"The invitation for {INVITEE} is saved, but we could not email it." in said(page)
    assert f"Send again to {INVITEE}" in said(page)
    assert mail_server_down == []


def test_sending_again_emails_a_new_link_and_the_old_one_stops_working(
    client, admin, organisation, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation)
    old_token = invitation_token(mailoutbox[-1])
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(hours=1)
    )

    response = client.post(reverse("resend_invitation", args=[organisation.pk, invitation.pk]))

    assert response.status_code == 302
    assert f"We have emailed an invitation to {INVITEE}." in said(client.get(response.url))
    new_token = invitation_token(mailoutbox[-1])
    assert new_token != old_token
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + Invitation.LIFETIME - timedelta(minutes=1)
    assert Invitation.from_token(old_token) is None
    assert Invitation.from_token(new_token) == invitation


def test_inviting_again_after_a_failed_email_points_to_send_again(
    client, admin, organisation, mail_server_down
):
    client.force_login(admin)
    invite(client, organisation)

    response = invite(client, organisation)

    assert response.status_code == 200
    assert "Use “Send again” on your organisation's page to email it once more." in said(response)
    assert Invitation.objects.count() == 1


def test_a_cancelled_invitation_cannot_be_sent_again(client, admin, organisation, mailoutbox):
    client.force_login(admin)
    invite(client, organisation)
    invitation = Invitation.objects.get()
    invitation.revoke()
    mailoutbox.clear()

    response = client.post(reverse("resend_invitation", args=[organisation.pk, invitation.pk]))

    assert "cannot be sent again: it is cancelled" in said(client.get(response.url))
    assert mailoutbox == []


def test_only_the_organisations_admins_can_send_an_invitation_again(
    client, admin, organisation, colleague, outsider, other_organisation, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation)
    invitation = Invitation.objects.get()
    mailoutbox.clear()
    url = reverse("resend_invitation", args=[organisation.pk, invitation.pk])
    foreign = reverse("resend_invitation", args=[other_organisation.pk, invitation.pk])

    for person, address in ((colleague, url), (outsider, url), (outsider, foreign)):
        client.force_login(person)
        assert client.post(address).status_code == 404
    client.logout()
    assert client.post(url).status_code == 302
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    client.force_login(admin)
    assert client.get(url).status_code == 405
    assert mailoutbox == []


def test_the_link_moves_the_token_from_the_address_into_the_session_as_a_hash(client, invited):
    response = open_link(client, invited)

    assert response.status_code == 302
    assert response.url == ANSWER
    assert invited not in response.url
    assert client.session["invitation_link"] == hashlib.sha256(invited.encode()).hexdigest()
    assert invited not in str(client.session.items())


def test_an_anonymous_visitor_is_offered_sign_in_or_sign_up(client, invited):
    response = open_link(client, invited)
    page = client.get(response.url)

    assert page.status_code == 200
    assert "Join Riverside Community Trust on Coprod" in headings(page)
    assert f'href="{reverse("signup")}?next=/join/"' in text(page)
    assert f'href="{reverse("login")}?next=/join/"' in text(page)
    assert "Accept and join" not in said(page)
    assert invited not in text(page)


def test_an_anonymous_post_accepts_nothing(client, invited):
    open_link(client, invited)

    response = client.post(ANSWER)

    assert response.status_code == 200
    assert not User.objects.filter(email=INVITEE).exists()
    assert Invitation.objects.get().state == Invitation.State.PENDING


def test_the_invited_person_sees_an_accept_button_and_a_get_accepts_nothing(
    client, organisation, stranger, stranger_invited
):
    client.force_login(stranger)
    open_link(client, stranger_invited)

    page = client.get(ANSWER)

    assert page.status_code == 200
    assert "Join Riverside Community Trust" in headings(page)
    assert "Rita Okafor has invited you to join Riverside Community Trust as a member." in said(
        page
    )
    assert '<form method="post">' in text(page)
    assert "Accept and join" in said(page)
    assert membership_of(organisation, stranger) is None
    assert Invitation.objects.get().state == Invitation.State.PENDING


def test_accepting_makes_the_person_a_member(client, organisation, stranger, stranger_invited):
    client.force_login(stranger)
    open_link(client, stranger_invited)

    response = client.post(ANSWER, follow=True)

    assert response.redirect_chain == [(reverse("organisation", args=[organisation.pk]), 302)]
    assert "You have joined Riverside Community Trust." in said(response)
    membership = membership_of(organisation, stranger)
    assert membership.role == Membership.Role.MEMBER
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.ACCEPTED
    assert invitation.accepted_by == stranger
    assert invitation.accepted_at is not None
    assert "invitation_token" not in client.session
    assert client.session["organisation_id"] == organisation.pk


def test_an_invitation_as_admin_makes_the_person_an_admin(
    client, admin, organisation, stranger, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation, email=stranger.email, role="admin")
    client.force_login(stranger)
    open_link(client, invitation_token(mailoutbox[0]))

    client.post(ANSWER)

    assert membership_of(organisation, stranger).role == Membership.Role.ADMIN
    assert client.get(reverse("invite_member", args=[organisation.pk])).status_code == 200


def test_accepting_works_whatever_the_case_of_the_invited_address(
    client, admin, organisation, stranger, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation, email="Stranger@Example.ORG")
    client.force_login(stranger)
    open_link(client, invitation_token(mailoutbox[0]))

    client.post(ANSWER)

    assert membership_of(organisation, stranger) is not None


def test_accepting_twice_makes_one_membership(client, organisation, stranger, stranger_invited):
    client.force_login(stranger)
    open_link(client, stranger_invited)
    client.post(ANSWER)

    again = client.post(ANSWER)  # the token has left the session
    open_link(client, stranger_invited)
    replay = client.post(ANSWER)

    assert again.status_code == 404
    assert "We do not recognise this invitation link" in headings(again)
    assert replay.status_code == 410
    assert "This invitation has already been used" in headings(replay)
    assert Membership.objects.filter(organisation=organisation, user=stranger).count() == 1


def test_someone_signed_in_with_another_address_is_told_and_cannot_accept(
    client, organisation, outsider, stranger_invited
):
    client.force_login(outsider)
    open_link(client, stranger_invited)

    page = client.get(ANSWER)
    post = client.post(ANSWER)

    assert page.status_code == 403
    assert "This invitation was sent to a different email address" in headings(page)
    assert "You are signed in as admin@northgate.example" in said(page)
    assert "stranger@example.org" not in text(page)
    assert post.status_code == 403
    assert membership_of(organisation, outsider) is None
    assert Invitation.objects.get().state == Invitation.State.PENDING


def test_signing_out_from_the_wrong_account_keeps_the_invitation_for_the_right_one(
    client, organisation, outsider, stranger, stranger_invited
):
    client.force_login(outsider)
    open_link(client, stranger_invited)
    page = client.get(ANSWER)
    switch = reverse("switch_account_for_invitation")
    assert f'action="{switch}"' in page.content.decode()

    response = client.post(switch, follow=True)

    assert SESSION_KEY not in client.session
    assert response.status_code == 200
    assert "Join Riverside Community Trust on Coprod" in headings(response)


# Links that cannot be used


def test_an_expired_invitation_has_its_own_page(client, stranger, organisation, stranger_invited):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(stranger)
    open_link(client, stranger_invited)

    page = client.get(ANSWER)
    post = client.post(ANSWER)

    assert page.status_code == 410
    assert headings(page) == ["This invitation has expired"]
    assert "Ask the person who invited you to send a new one" in said(page)
    assert post.status_code == 410
    assert membership_of(organisation, stranger) is None


def test_an_invitation_expiring_while_open_cannot_be_accepted(
    client, stranger, organisation, stranger_invited
):
    client.force_login(stranger)
    open_link(client, stranger_invited)
    assert client.get(ANSWER).status_code == 200
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(ANSWER)

    assert headings(response) == ["This invitation has expired"]
    assert membership_of(organisation, stranger) is None


def test_an_admin_cancels_an_invitation(client, admin, organisation, stranger_invited):
    invitation = Invitation.objects.get()
    client.force_login(admin)
    url = reverse("revoke_invitation", args=[organisation.pk, invitation.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)

    assert response.redirect_chain == [(reverse("organisation", args=[organisation.pk]), 302)]
    assert "The invitation for stranger@example.org has been cancelled." in said(response)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.state == Invitation.State.REVOKED
    assert not organisation.invitations.pending().exists()


def test_a_cancelled_invitation_has_its_own_page(
    client, admin, organisation, stranger, stranger_invited
):
    client.force_login(admin)
    client.post(reverse("revoke_invitation", args=[organisation.pk, Invitation.objects.get().pk]))
    client.force_login(stranger)
    open_link(client, stranger_invited)

    page = client.get(ANSWER)
    post = client.post(ANSWER)

    assert page.status_code == 410
    assert headings(page) == ["This invitation has been cancelled"]
    assert post.status_code == 410
    assert membership_of(organisation, stranger) is None


def test_an_invitation_cancelled_while_open_cannot_be_accepted(
    client, admin, organisation, stranger, stranger_invited
):
    invitation = Invitation.objects.get()
    client.force_login(stranger)
    open_link(client, stranger_invited)
    assert client.get(ANSWER).status_code == 200
    invitation.revoke()

    response = client.post(ANSWER)

    assert headings(response) == ["This invitation has been cancelled"]
    assert membership_of(organisation, stranger) is None


def test_cancelling_an_accepted_invitation_does_not_undo_the_membership(
    client, admin, organisation, stranger, stranger_invited
):
    client.force_login(stranger)
    open_link(client, stranger_invited)
    client.post(ANSWER)
    client.force_login(admin)

    client.post(reverse("revoke_invitation", args=[organisation.pk, Invitation.objects.get().pk]))

    assert Invitation.objects.get().state == Invitation.State.ACCEPTED
    assert membership_of(organisation, stranger) is not None


def test_a_used_invitation_has_its_own_page(client, organisation, stranger, stranger_invited):
    client.force_login(stranger)
    open_link(client, stranger_invited)
    client.post(ANSWER)
    client.logout()

    open_link(client, stranger_invited)
    page = client.get(ANSWER)

    assert page.status_code == 410
    assert headings(page) == ["This invitation has already been used"]


@pytest.mark.parametrize(
    "token",
    ["garbage", "x" * 43, "a" * 2000, "%00", "café", "..", "'; DROP TABLE x; --"],
    ids=["word", "token-length", "very-long", "nul", "accent", "dots", "sql"],
)
def test_an_unknown_link_has_its_own_page(client, invited, token):
    client.get(f"/join/{token}/")

    page = client.get(ANSWER)

    assert page.status_code == 404
    assert headings(page) == ["We do not recognise this invitation link"]
    assert "Check that you copied the whole link" in said(page)
    assert "invitations/problem.html" in [t.name for t in page.templates]


def test_the_answer_page_without_a_link_has_the_unknown_page(client, db):
    page = client.get(ANSWER)

    assert page.status_code == 404
    assert headings(page) == ["We do not recognise this invitation link"]


def test_each_problem_has_a_different_heading(client, admin, organisation, mailoutbox):
    client.force_login(admin)
    tokens = {}
    for email in ["expired@example.org", "cancelled@example.org", "used@example.org"]:
        invite(client, organisation, email=email)
        tokens[email] = invitation_token(mailoutbox[-1])
    Invitation.objects.filter(email="expired@example.org").update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    Invitation.objects.get(email="cancelled@example.org").revoke()
    used = make_user("used@example.org", "Used")
    Invitation.objects.get(email="used@example.org").accept(used)
    client.logout()

    seen = {}
    for email, token in [*tokens.items(), ("unknown", "not-a-real-token")]:
        open_link(client, token)
        seen[email] = headings(client.get(ANSWER))

    assert seen == {
        "expired@example.org": ["This invitation has expired"],
        "cancelled@example.org": ["This invitation has been cancelled"],
        "used@example.org": ["This invitation has already been used"],
        "unknown": ["We do not recognise this invitation link"],
    }


def test_no_invitation_page_reveals_whether_the_address_has_an_account(
    client, admin, organisation, stranger, mailoutbox
):
    client.force_login(admin)
    invite(client, organisation, email=stranger.email)  # has an account
    invite(client, organisation, email=INVITEE)  # has none
    with_account, without_account = (invitation_token(message) for message in mailoutbox)
    client.logout()

    def page(token):
        open_link(client, token)
        return client.get(ANSWER)

    first, second = page(with_account), page(without_account)
    assert first.status_code == second.status_code == 200
    assert main_content(first) == main_content(second)
    for response in (first, second):
        assert stranger.email not in text(response)
        assert INVITEE not in text(response)

    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    first, second = page(with_account), page(without_account)
    assert first.status_code == second.status_code == 410
    assert main_content(first) == main_content(second)
    assert stranger.email not in text(first)


# Joining through the invitation


def test_a_newcomer_signs_up_from_the_invitation_and_lands_back_on_it(
    client, organisation, invited, mailoutbox
):
    open_link(client, invited)
    choice = client.get(ANSWER)
    signup_url = f"{reverse('signup')}?next=/join/"
    assert signup_url in text(choice)
    form = client.get(signup_url)
    assert '<input type="hidden" name="next" value="/join/">' in text(form)

    response = client.post(
        signup_url,
        {
            "name": "New Person",
            "email": INVITEE,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/join/",
        },
    )

    assert response.status_code == 302
    assert response.url == ANSWER
    assert headings(client.get(ANSWER)) == ["Confirm your email address first"]
    confirmed = client.post(site_path(only_link(mailoutbox[-1])))  # the link we emailed
    assert confirmed.url == ANSWER
    page = client.get(ANSWER)
    assert "Accept and join" in said(page)
    client.post(ANSWER)
    newcomer = User.objects.get(email=INVITEE)
    assert membership_of(organisation, newcomer).role == Membership.Role.MEMBER


def test_someone_with_an_account_signs_in_from_the_invitation_and_lands_back_on_it(
    client, organisation, stranger, stranger_invited
):
    open_link(client, stranger_invited)
    assert f"{reverse('login')}?next=/join/" in text(client.get(ANSWER))

    response = client.post(
        f"{reverse('login')}?next=/join/",
        {"username": stranger.email, "password": PASSWORD, "next": "/join/"},
    )

    assert response.status_code == 302
    assert response.url == ANSWER
    assert "Accept and join" in said(client.get(ANSWER))
    client.post(ANSWER)
    assert membership_of(organisation, stranger) is not None


def test_signing_up_from_the_invitation_uses_the_invited_address_whatever_is_posted(
    client, organisation, invited
):
    """The address is filled in and fixed: a posted change (a tampered form) is ignored, since
    an account for any other address could never accept."""
    open_link(client, invited)
    form = client.get(f"{reverse('signup')}?next=/join/")
    assert f'value="{INVITEE}"' in text(form)
    assert "readonly" in text(form)

    client.post(
        reverse("signup"),
        {
            "name": "Someone Else",
            "email": "someone.else@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/join/",
        },
    )

    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert User.objects.get(email=INVITEE).name == "Someone Else"
    assert headings(client.get(ANSWER)) == ["Confirm your email address first"]
    assert organisation.memberships.count() == 1


def test_someone_signed_in_with_another_address_still_cannot_accept(client, organisation, invited):
    open_link(client, invited)
    someone = make_user("someone.else@example.org", "Someone Else")
    client.force_login(someone)

    page = client.get(ANSWER)
    client.post(ANSWER)

    assert page.status_code == 403
    assert membership_of(organisation, someone) is None
