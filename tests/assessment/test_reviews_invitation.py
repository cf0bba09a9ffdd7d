"""Inviting a peer reviewer, the invitation link, and finding an organisation willing to review
(assessment/views/reviews.py: invite_reviewer, resend_review, revoke_review, the invitation
link's three views, review_offer and willing_reviewers)."""

import hashlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment import ratelimit
from assessment.models import Assessment, Organisation, PeerReview, User
from assessment.models.reviews import ReviewError
from assessment.tokens import hash_token
from assessment.views.invitations import REVIEW
from tests.factories import PASSWORD, add_member, make_organisation, make_user

from .helpers import headings, html_part, only_link, said, site_path, text
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import (
    ANSWER,
    MESSAGE,
    RESPONDENTS,
    REVIEWER_EMAIL,
    close_with_respondents,
    invite,
    link_for,
    open_link,
    org_url,
    review_token,
    review_url,
)

NEW_ADDRESS = "new.reviewer@elsewhere.example"


def send_invitation(client, assessment, email=REVIEWER_EMAIL, message=MESSAGE):
    return client.post(org_url("invite_reviewer", assessment), {"email": email, "message": message})


@pytest.fixture
def emailed(admin_client, closed, reviewer_organisation, mailoutbox) -> str:
    """The admin has invited Evan through the page; returns the token from the email."""
    response = send_invitation(admin_client, closed)
    assert response.status_code == 302
    token = review_token(mailoutbox[-1])
    mailoutbox.clear()
    return token


# Inviting ----------------------------------------------------------------------------------


def test_an_admin_invites_a_reviewer_with_a_personal_message(
    admin_client, admin, closed, reviewer_organisation, mailoutbox
):
    response = send_invitation(admin_client, closed, email="  Reviewer@Eastfield.EXAMPLE ")

    assert response.status_code == 302
    assert response.url == org_url("peer_reviews", closed)
    review = PeerReview.objects.get()
    assert (review.assessment, review.email, review.message) == (closed, REVIEWER_EMAIL, MESSAGE)
    assert review.invited_by == admin
    assert review.state == PeerReview.State.INVITED
    assert review.reviewer is None
    assert review.accepted_at is None
    page = admin_client.get(response.url)
    assert f"We have emailed an invitation to {REVIEWER_EMAIL}." in said(page)
    assert REVIEWER_EMAIL in said(page)  # listed among the reviewers, for the admin


def test_the_link_expires_after_14_days_by_default(admin_client, closed, mailoutbox):
    before = timezone.now()

    send_invitation(admin_client, closed)

    review = PeerReview.objects.get()
    assert timedelta(days=14) == PeerReview.LIFETIME
    assert before + timedelta(days=14) <= review.expires_at <= timezone.now() + timedelta(days=14)


def test_only_a_sha256_hash_of_the_token_is_stored(admin_client, closed, mailoutbox):
    send_invitation(admin_client, closed)

    token = review_token(mailoutbox[0])
    review = PeerReview.objects.get()
    assert review.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40
    assert not any(token in str(value) for value in PeerReview.objects.values().get().values())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {PeerReview._meta.db_table}")  # noqa: S608
        row = cursor.fetchone()
    assert not any(token in str(value) for value in row)


def test_the_email_has_plain_text_and_html_with_the_same_absolute_link(
    admin_client, closed, mailoutbox
):
    send_invitation(admin_client, closed)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [REVIEWER_EMAIL]
    assert message.subject == "Will you be a peer reviewer for Riverside Community Trust?"
    assert "Rita Okafor from Riverside Community Trust would like you" in message.body
    assert MESSAGE in message.body
    html = html_part(message)
    assert "Rita Okafor from Riverside Community Trust would like you" in html
    assert MESSAGE in html
    token = review_token(message)  # one link, in both parts
    link = f"{settings.SITE_URL}/review-invitations/{token}/"
    assert link.startswith(settings.SITE_URL)
    assert link in message.body
    assert f'href="{link}"' in html


def test_the_link_uses_the_sites_address(admin_client, closed, mailoutbox, settings):
    settings.SITE_URL = "https://coprod.example"

    send_invitation(admin_client, closed)

    token = review_token(mailoutbox[0])
    assert f"https://coprod.example/review-invitations/{token}/" in mailoutbox[0].body


def test_the_personal_message_is_plain_in_the_text_and_escaped_in_the_html(
    admin_client, closed, mailoutbox
):
    message = 'Dear Evan, <script>alert("hi")</script> & <b>thanks</b>'

    send_invitation(admin_client, closed, message=message)

    email = mailoutbox[0]
    assert message in email.body
    html = html_part(email)
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &lt;b&gt;thanks&lt;/b&gt;" in (
        html
    )
    assert "<script>" not in html
    assert "<b>" not in html


def test_the_message_is_escaped_on_the_accept_page_too(
    admin_client, reviewer_client, closed, mailoutbox
):
    send_invitation(admin_client, closed, message="<i>Hello</i> & welcome")
    open_link(reviewer_client, review_token(mailoutbox[0]))

    page = reviewer_client.get(ANSWER)

    assert "&lt;i&gt;Hello&lt;/i&gt; &amp; welcome" in text(page)
    assert "<i>Hello</i>" not in text(page)


def test_an_admin_can_invite_more_than_one_reviewer(admin_client, closed, mailoutbox):
    send_invitation(admin_client, closed)
    send_invitation(admin_client, closed, email=NEW_ADDRESS)

    assert sorted(PeerReview.objects.values_list("email", flat=True)) == sorted(
        [REVIEWER_EMAIL, NEW_ADDRESS]
    )
    assert [m.to for m in mailoutbox] == [[REVIEWER_EMAIL], [NEW_ADDRESS]]
    assert review_token(mailoutbox[0]) != review_token(mailoutbox[1])


def test_inviting_is_only_possible_once_the_assessment_is_closed(
    admin_client, organisation, framework, admin, mailoutbox
):
    still_open = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Spring 2027", created_by=admin
    )

    get = admin_client.get(org_url("invite_reviewer", still_open))
    post = send_invitation(admin_client, still_open)
    page = admin_client.get(org_url("peer_reviews", still_open))

    assert get.status_code == 404
    assert post.status_code == 404
    assert not PeerReview.objects.exists()
    assert mailoutbox == []
    assert page.status_code == 200
    assert headings(page) == ["Peer review starts when the assessment closes"]
    assert org_url("invite_reviewer", still_open) not in text(page)
    with pytest.raises(ReviewError) as refused:
        invite(still_open, admin)
    assert refused.value.problem == "closed"


def test_a_member_who_is_not_an_admin_cannot_invite(
    member_client, closed, reviewer_organisation, mailoutbox
):
    get = member_client.get(org_url("invite_reviewer", closed))
    post = send_invitation(member_client, closed)

    assert get.status_code == 404
    assert post.status_code == 404
    assert not PeerReview.objects.exists()
    assert mailoutbox == []


def test_a_member_sees_the_peer_review_page_without_the_invite_button(
    member_client, closed, invited
):
    page = member_client.get(org_url("peer_reviews", closed))

    assert page.status_code == 200
    assert org_url("invite_reviewer", closed) not in text(page)
    assert org_url("resend_review", closed, invited[0].pk) not in text(page)
    assert "Invited reviewer" in said(page)
    assert REVIEWER_EMAIL not in text(page)  # only admins see the address


@pytest.mark.parametrize(
    "email", ["member@riverside.example", "MEMBER@Riverside.example", "admin@riverside.example"]
)
def test_the_organisations_own_members_cannot_be_its_reviewer(
    admin_client, closed, colleague, mailoutbox, email
):
    response = send_invitation(admin_client, closed, email=email)

    assert response.status_code == 200
    error = (
        "This person is a member of Riverside Community Trust. A peer reviewer must come from "
        "another organisation."
    )
    assert response.context["form"].errors["email"] == [error]
    assert error in said(response)
    assert not PeerReview.objects.exists()
    assert mailoutbox == []


def test_someone_who_joined_the_organisation_after_being_invited_cannot_accept(
    reviewer_client, closed, organisation, reviewer, token
):
    add_member(organisation, reviewer)
    open_link(reviewer_client, token)

    page = reviewer_client.get(ANSWER)
    post = reviewer_client.post(ANSWER)

    assert page.status_code == 403
    assert headings(page) == ["You cannot review your own organisation"]
    assert post.status_code == 403
    assert headings(post) == ["You cannot review your own organisation"]
    review = PeerReview.objects.get()
    assert review.reviewer is None
    assert review.accepted_at is None


def test_inviting_the_same_address_twice_is_refused(admin_client, closed, mailoutbox):
    send_invitation(admin_client, closed)

    response = send_invitation(admin_client, closed, email=REVIEWER_EMAIL.upper())

    assert response.status_code == 200
    assert "This person has already been invited to review this assessment." in said(response)
    assert PeerReview.objects.count() == 1
    assert len(mailoutbox) == 1


def test_someone_whose_invitation_was_cancelled_can_be_invited_again(
    admin_client, closed, invited, mailoutbox
):
    invited[0].revoke()

    response = send_invitation(admin_client, closed)

    assert response.status_code == 302
    assert PeerReview.objects.count() == 2
    assert PeerReview.objects.live().get().email == REVIEWER_EMAIL


@pytest.mark.parametrize("email", ["", "not-an-address", "two@@example.org"])
def test_an_invalid_address_is_an_error(admin_client, closed, mailoutbox, email):
    response = send_invitation(admin_client, closed, email=email)

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not PeerReview.objects.exists()
    assert mailoutbox == []


def test_a_message_over_2000_characters_is_an_error(admin_client, closed, mailoutbox):
    response = send_invitation(admin_client, closed, message="x" * 2001)

    assert response.status_code == 200
    assert "The message must be 2,000 characters or fewer" in said(response)
    assert not PeerReview.objects.exists()
    assert mailoutbox == []


# Re-sending and cancelling -------------------------------------------------------------------


def test_resending_replaces_the_link(admin_client, reviewer_client, closed, emailed, mailoutbox):
    review = PeerReview.objects.get()
    old_hash = review.token_hash
    PeerReview.objects.update(expires_at=timezone.now() + timedelta(days=1))

    response = admin_client.post(org_url("resend_review", closed, review.pk))

    assert response.status_code == 302
    assert response.url == org_url("peer_reviews", closed)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [REVIEWER_EMAIL]
    new = review_token(mailoutbox[0])
    assert new != emailed
    review.refresh_from_db()
    assert review.token_hash == hashlib.sha256(new.encode()).hexdigest() != old_hash
    assert review.expires_at > timezone.now() + timedelta(days=13)
    assert "The old link no longer works" in said(admin_client.get(response.url))
    # The old link stops working; the new one works.
    open_link(reviewer_client, emailed)
    old = reviewer_client.get(ANSWER)
    assert old.status_code == 410
    assert reviewer_client.post(ANSWER).status_code == 410
    review.refresh_from_db()
    assert review.accepted_at is None
    open_link(reviewer_client, new)
    assert reviewer_client.get(ANSWER).status_code == 200
    assert reviewer_client.post(ANSWER).status_code == 302
    review.refresh_from_db()
    assert review.accepted_at is not None


def test_an_expired_invitation_can_be_resent(
    admin_client, reviewer_client, closed, emailed, mailoutbox
):
    PeerReview.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    review = PeerReview.objects.get()
    assert review.state == PeerReview.State.EXPIRED

    admin_client.post(org_url("resend_review", closed, review.pk))

    open_link(reviewer_client, review_token(mailoutbox[0]))
    assert reviewer_client.post(ANSWER).status_code == 302
    review.refresh_from_db()
    assert review.state == PeerReview.State.ACCEPTED


def test_an_accepted_invitation_is_not_sent_again(admin_client, closed, accepted, mailoutbox):
    response = admin_client.post(org_url("resend_review", closed, accepted.pk), follow=True)

    assert response.status_code == 200
    assert f"The invitation for {REVIEWER_EMAIL} cannot be sent again" in said(response)
    assert mailoutbox == []
    accepted.refresh_from_db()
    assert accepted.state == PeerReview.State.ACCEPTED


def test_cancelling_an_invitation_makes_the_link_show_its_cancelled_page(
    admin_client, reviewer_client, closed, emailed
):
    review = PeerReview.objects.get()

    response = admin_client.post(org_url("revoke_review", closed, review.pk), follow=True)

    assert response.status_code == 200
    assert f"The review by {REVIEWER_EMAIL} has been cancelled." in said(response)
    review.refresh_from_db()
    assert review.revoked_at is not None
    assert review.state == PeerReview.State.REVOKED
    open_link(reviewer_client, emailed)
    page = reviewer_client.get(ANSWER)
    post = reviewer_client.post(ANSWER)
    assert page.status_code == 410
    assert headings(page) == ["This invitation has been cancelled"]
    assert post.status_code == 410
    assert headings(post) == ["This invitation has been cancelled"]
    review.refresh_from_db()
    assert review.reviewer is None
    assert review.accepted_at is None


def test_cancelling_an_accepted_review_takes_the_workspace_away(
    admin_client, reviewer_client, closed, declared
):
    task_list = review_url("review_task_list", declared)
    assert reviewer_client.get(task_list).status_code == 200

    admin_client.post(org_url("revoke_review", closed, declared.pk))

    declared.refresh_from_db()
    assert declared.state == PeerReview.State.REVOKED
    for name in ("review_task_list", "review_about_you", "review_organisation", "review_check"):
        assert reviewer_client.get(review_url(name, declared)).status_code == 404, name
    page = reviewer_client.get(reverse("my_reviews"))
    assert "Riverside Community Trust" not in said(page)


def test_a_submitted_review_cannot_be_cancelled(admin_client, reviewer_client, closed, submitted):
    response = admin_client.post(org_url("revoke_review", closed, submitted.pk), follow=True)

    assert "has already submitted their review, so it cannot be cancelled" in said(response)
    submitted.refresh_from_db()
    assert submitted.revoked_at is None
    assert reviewer_client.get(review_url("reviewer_comparison", submitted)).status_code == 200


def test_members_cannot_resend_or_cancel(member_client, closed, emailed, mailoutbox):
    review = PeerReview.objects.get()

    resend = member_client.post(org_url("resend_review", closed, review.pk))
    revoke = member_client.post(org_url("revoke_review", closed, review.pk))

    assert (resend.status_code, revoke.status_code) == (404, 404)
    assert mailoutbox == []
    review.refresh_from_db()
    assert review.state == PeerReview.State.INVITED
    assert review.token_hash == hashlib.sha256(emailed.encode()).hexdigest()


# Opening the link ----------------------------------------------------------------------------


def test_the_link_moves_the_token_from_the_address_into_the_session(anonymous, token):
    response = open_link(anonymous, token)

    assert response.status_code == 302
    assert response.url == ANSWER
    assert token not in response.url
    assert anonymous.session[REVIEW.session_key] == hash_token(token)


def test_an_anonymous_visitor_is_offered_sign_in_or_create_account(anonymous, token):
    open_link(anonymous, token)

    page = anonymous.get(ANSWER)

    assert page.status_code == 200
    assert headings(page) == ["Peer review for Riverside Community Trust"]
    assert f'href="{reverse("signup")}?next={ANSWER}"' in text(page)
    assert f'href="{reverse("login")}?next={ANSWER}"' in text(page)
    assert "Accept and start the review" not in said(page)
    assert token not in text(page)


def test_the_page_never_says_whether_the_address_has_an_account(
    closed, admin, reviewer, reviewer_organisation
):
    """One invitation to an address with an account, one to an address without: a visitor
    who is not signed in reads the same words on both."""
    assert User.objects.filter(email=REVIEWER_EMAIL).exists()
    assert not User.objects.filter(email=NEW_ADDRESS).exists()
    pages = []
    for email in (REVIEWER_EMAIL, NEW_ADDRESS):
        _review, token = invite(closed, admin, email=email)
        visitor = Client()
        open_link(visitor, token)
        page = visitor.get(ANSWER)
        assert page.status_code == 200
        assert email not in text(page)
        pages.append(said(page))

    assert pages[0] == pages[1]


def test_an_anonymous_post_accepts_nothing(anonymous, token):
    open_link(anonymous, token)

    response = anonymous.post(ANSWER)

    assert response.status_code == 200
    assert headings(response) == ["Peer review for Riverside Community Trust"]
    review = PeerReview.objects.get()
    assert review.accepted_at is None
    assert review.reviewer is None


def test_the_invited_person_sees_an_accept_button_and_a_get_accepts_nothing(reviewer_client, token):
    open_link(reviewer_client, token)

    page = reviewer_client.get(ANSWER)

    assert page.status_code == 200
    assert headings(page) == ["Review Riverside Community Trust"]
    assert "Rita Okafor would like you to review their co-production self-assessment" in said(page)
    assert MESSAGE in said(page)
    assert '<form method="post">' in text(page)
    assert "Accept and start the review" in said(page)
    review = PeerReview.objects.get()
    assert review.accepted_at is None
    assert review.reviewer is None
    assert review.token_hash is not None


def test_accepting_with_a_post_makes_them_the_reviewer(reviewer_client, reviewer, token):
    open_link(reviewer_client, token)

    response = reviewer_client.post(ANSWER, follow=True)

    review = PeerReview.objects.get()
    assert response.redirect_chain == [(review_url("review_task_list", review), 302)]
    assert "You are now the peer reviewer for Riverside Community Trust." in said(response)
    assert review.reviewer == reviewer
    assert review.accepted_at is not None
    again = Client()
    open_link(again, token)
    assert "This invitation has already been used" in headings(again.get(ANSWER))
    assert review.state == PeerReview.State.ACCEPTED
    assert REVIEW.session_key not in reviewer_client.session


def test_accepting_works_whatever_the_case_of_the_invited_address(
    reviewer_client, reviewer, closed, admin, reviewer_organisation
):
    _review, token = invite(closed, admin, email="Reviewer@EASTFIELD.example")
    open_link(reviewer_client, token)

    reviewer_client.post(ANSWER)

    assert PeerReview.objects.get().reviewer == reviewer


def test_the_link_works_only_once(reviewer_client, reviewer, token):
    open_link(reviewer_client, token)
    reviewer_client.post(ANSWER)
    first = PeerReview.objects.get()

    again = reviewer_client.post(ANSWER)  # the token has left the session
    open_link(reviewer_client, token)
    replay_page = reviewer_client.get(ANSWER)
    replay = reviewer_client.post(ANSWER)
    elsewhere = Client()
    open_link(elsewhere, token)
    other_browser = elsewhere.get(ANSWER)

    assert again.status_code == 410
    assert headings(again) == ["We do not recognise this invitation link"]
    assert replay_page.status_code == 410
    assert headings(replay_page) == ["This invitation has already been used"]
    assert replay.status_code == 410
    assert headings(replay) == ["This invitation has already been used"]
    assert other_browser.status_code == 410
    assert "Accept" not in said(other_browser)
    review = PeerReview.objects.get()
    assert (review.reviewer, review.accepted_at) == (reviewer, first.accepted_at)


def test_creating_an_account_in_the_same_flow_comes_back_to_accept(
    anonymous, closed, admin, mailoutbox
):
    _review, token = invite(closed, admin, email=NEW_ADDRESS)
    open_link(anonymous, token)

    created = anonymous.post(
        reverse("signup"),
        {
            "name": "Nell Newcomer",
            "email": NEW_ADDRESS,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": ANSWER,
        },
    )
    first = anonymous.get(ANSWER)
    confirmed = anonymous.post(site_path(only_link(mailoutbox[-1])))  # the link we emailed
    page = anonymous.get(ANSWER)
    accepted = anonymous.post(ANSWER)

    assert created.status_code == 302
    assert created.url == ANSWER
    assert headings(first) == ["Confirm your email address first"]
    assert confirmed.url == ANSWER
    assert page.status_code == 200
    assert "Accept and start the review" in said(page)
    assert accepted.status_code == 302
    review = PeerReview.objects.get()
    assert review.reviewer == User.objects.get(email=NEW_ADDRESS)
    assert review.accepted_at is not None


def test_signing_in_in_the_same_flow_comes_back_to_accept(anonymous, reviewer, token):
    open_link(anonymous, token)

    signed_in = anonymous.post(
        f"{reverse('login')}?next={ANSWER}",
        {"username": REVIEWER_EMAIL, "password": PASSWORD, "next": ANSWER},
    )
    accepted = anonymous.post(ANSWER)

    assert signed_in.status_code == 302
    assert signed_in.url == ANSWER
    assert accepted.status_code == 302
    assert PeerReview.objects.get().reviewer == reviewer


def test_someone_signed_in_as_someone_else_is_told_and_cannot_accept(
    outsider_client, outsider, token
):
    open_link(outsider_client, token)

    page = outsider_client.get(ANSWER)
    post = outsider_client.post(ANSWER)

    assert page.status_code == 403
    assert headings(page) == ["This invitation was sent to a different email address"]
    assert "You are signed in as admin@northgate.example" in said(page)
    assert REVIEWER_EMAIL not in text(page)
    switch = reverse("switch_account_for_review")
    assert f'action="{switch}"' in text(page)
    assert "Sign out and switch account" in said(page)
    assert post.status_code == 403
    review = PeerReview.objects.get()
    assert review.reviewer is None
    assert review.accepted_at is None


def test_switching_account_keeps_the_invitation_for_the_right_person(
    outsider_client, reviewer, token
):
    open_link(outsider_client, token)

    response = outsider_client.post(reverse("switch_account_for_review"), follow=True)

    assert SESSION_KEY not in outsider_client.session
    assert outsider_client.session[REVIEW.session_key] == hash_token(token)
    assert response.redirect_chain == [(ANSWER, 302)]
    assert headings(response) == ["Peer review for Riverside Community Trust"]
    outsider_client.force_login(reviewer)
    assert outsider_client.post(ANSWER).status_code == 302
    assert PeerReview.objects.get().reviewer == reviewer


def test_switching_account_needs_a_post(outsider_client, token):
    open_link(outsider_client, token)

    response = outsider_client.get(reverse("switch_account_for_review"))

    assert response.status_code == 405
    assert SESSION_KEY in outsider_client.session


# Links that cannot be used -----------------------------------------------------------------


def test_a_used_link_says_it_was_used_in_any_browser(reviewer_client, reviewer, token):
    """The reviewer accepts on one device, then taps the link in the email on another: they
    are told it was used (and where their review is), not that the link is unrecognised."""
    open_link(reviewer_client, token)
    reviewer_client.post(ANSWER)
    phone = Client()
    phone.force_login(reviewer)
    open_link(phone, token)

    page = phone.get(ANSWER)

    assert page.status_code == 410
    assert headings(page) == ["This invitation has already been used"]


def test_a_link_replaced_while_the_page_was_open_is_told_so(closed, invited, reviewer):
    review, _token = invited
    loaded = PeerReview.objects.get(pk=review.pk)  # the accept page, as it was loaded
    review.resend()

    with pytest.raises(ReviewError) as refused:
        loaded.accept(reviewer)

    assert refused.value.problem == "replaced"
    review.refresh_from_db()
    assert review.accepted_at is None


def test_one_address_never_holds_two_live_invitations_to_one_assessment(
    admin_client, reviewer_client, reviewer, closed, emailed, mailoutbox
):
    """An expired invitation may be re-sent, or the address invited afresh: not both. Else the
    same person ends up with two reviews of one assessment."""
    expired = PeerReview.objects.get()
    PeerReview.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert send_invitation(admin_client, closed).status_code == 302  # invited afresh

    admin_client.post(org_url("resend_review", closed, expired.pk))  # and the old one re-sent

    assert PeerReview.objects.live().filter(email=REVIEWER_EMAIL).count() == 1
    for message in mailoutbox:
        open_link(reviewer_client, review_token(message))
        reviewer_client.post(ANSWER)
    assert PeerReview.objects.filter(reviewer=reviewer, assessment=closed).count() == 1


def test_when_the_email_cannot_be_sent_the_admin_is_told_and_can_resend(
    admin_client, closed, mail_server_down
):
    response = send_invitation(admin_client, closed, email=NEW_ADDRESS)

    assert response.status_code == 302
    page = admin_client.get(response.url)
    assert f"We could not email {NEW_ADDRESS}. Use Re-send to try again in a while." in said(page)
    review = PeerReview.objects.get()
    assert review.can_be_resent
    assert mail_server_down == []


def test_names_are_plain_in_the_subject_and_text_and_escaped_in_the_html(
    admin_client, closed, organisation, admin, mailoutbox
):
    organisation.name = "St Mary's Hospice & <b>Friends</b>"
    organisation.save()
    admin.name = "Dee O'Neil"
    admin.save()

    send_invitation(admin_client, closed)

    message = mailoutbox[0]
    assert message.subject == "Will you be a peer reviewer for St Mary's Hospice & <b>Friends</b>?"
    assert "Dee O'Neil from St Mary's Hospice & <b>Friends</b> would like you" in message.body
    html = html_part(message)
    assert "Dee O&#x27;Neil from St Mary&#x27;s Hospice &amp; &lt;b&gt;Friends&lt;/b&gt;" in html
    assert "<b>" not in html


def test_an_expired_link_has_its_own_page(reviewer_client, token):
    PeerReview.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    open_link(reviewer_client, token)

    page = reviewer_client.get(ANSWER)
    post = reviewer_client.post(ANSWER)

    assert page.status_code == 410
    assert headings(page) == ["This invitation has expired"]
    assert "Invitations to review work for 14 days." in said(page)
    assert post.status_code == 410
    assert headings(post) == ["This invitation has expired"]
    assert PeerReview.objects.get().accepted_at is None


def test_an_expired_link_says_so_to_anonymous_visitors_too(anonymous, token):
    PeerReview.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    open_link(anonymous, token)

    page = anonymous.get(ANSWER)

    assert page.status_code == 410
    assert headings(page) == ["This invitation has expired"]


@pytest.mark.parametrize("bogus", ["not-a-real-token", "x" * 43, "%00"])
def test_an_unknown_link_has_its_own_page(reviewer_client, invited, bogus):
    opened = reviewer_client.get(link_for(bogus))
    page = reviewer_client.get(ANSWER)
    post = reviewer_client.post(ANSWER)

    assert opened.status_code == 302
    assert page.status_code == 410
    assert headings(page) == ["We do not recognise this invitation link"]
    assert post.status_code == 410
    assert PeerReview.objects.get().accepted_at is None


def test_the_answer_page_without_a_link_is_the_unknown_link_page(reviewer_client):
    page = reviewer_client.get(ANSWER)

    assert page.status_code == 410
    assert headings(page) == ["We do not recognise this invitation link"]


def test_a_replaced_link_is_not_recognised_and_points_to_the_newest_email(
    reviewer_client, closed, admin_client, invited
):
    review, old = invited
    admin_client.post(org_url("resend_review", closed, review.pk))
    open_link(reviewer_client, old)

    page = reviewer_client.get(ANSWER)

    assert page.status_code == 410
    assert "use the link in the newest email" in said(page)


# Rate limiting -----------------------------------------------------------------------------


@pytest.fixture
def fixed_clock(monkeypatch):
    """Keep every request in one rate-limit window, whenever the test runs."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))


def test_opening_links_more_than_the_limit_from_one_address_gets_a_friendly_page(
    fixed_clock, anonymous, token
):
    for _ in range(ratelimit.LIMIT):
        assert anonymous.get(link_for("guess")).status_code == 302

    response = anonymous.get(link_for(token))

    assert ratelimit.LIMIT == 20
    assert ratelimit.WINDOW == 10 * 60
    assert response.status_code == 429
    assert headings(response) == ["You have tried this too many times"]
    assert "Wait 10 minutes, then try again." in said(response)
    assert 0 < int(response["Retry-After"]) <= ratelimit.WINDOW
    # the link was not opened
    assert anonymous.session.get(REVIEW.session_key) == hash_token("guess")
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert other_address.get(link_for(token)).status_code == 302


def test_the_limit_counts_per_person_as_well_as_per_address(
    fixed_clock, reviewer_client, reviewer, token
):
    for number in range(ratelimit.LIMIT):
        address = Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
        address.force_login(reviewer)
        assert address.get(link_for("guess")).status_code == 302

    elsewhere = Client(REMOTE_ADDR="198.51.100.1")
    elsewhere.force_login(reviewer)
    assert elsewhere.get(link_for(token)).status_code == 429


def test_accepting_is_rate_limited(fixed_clock, outsider_client, token):
    open_link(outsider_client, token)
    for _ in range(ratelimit.LIMIT):
        assert outsider_client.post(ANSWER).status_code == 403

    response = outsider_client.post(ANSWER)

    assert response.status_code == 429
    assert headings(response) == ["You have tried this too many times"]
    assert outsider_client.get(ANSWER).status_code == 403  # looking is not limited


def test_inviting_is_rate_limited(fixed_clock, admin_client, closed, mailoutbox):
    for _ in range(ratelimit.LIMIT):
        assert send_invitation(admin_client, closed, email="not-an-address").status_code == 200

    response = send_invitation(admin_client, closed)

    assert response.status_code == 429
    assert not PeerReview.objects.exists()
    assert mailoutbox == []


def test_posts_refused_as_not_found_do_not_use_up_an_admins_tries(
    fixed_clock, admin_client, outsider_client, closed, mailoutbox
):
    """Someone else at the same address posting to assessments that are not theirs."""
    for _ in range(ratelimit.LIMIT + 5):
        assert send_invitation(outsider_client, closed).status_code == 404

    response = send_invitation(admin_client, closed)

    assert response.status_code == 302
    assert PeerReview.objects.count() == 1


def test_the_rate_limit_can_be_switched_off(fixed_clock, settings, anonymous, token):
    settings.RATELIMIT_ENABLED = False

    statuses = {anonymous.get(link_for(token)).status_code for _ in range(ratelimit.LIMIT + 5)}

    assert statuses == {302}


# Mutuality: organisations willing to review others -----------------------------------------


def offer(client, organisation, willing="yes", kinds=("charity",), areas=""):
    return client.post(
        reverse("review_offer", args=[organisation.pk]),
        {"willing": willing, "kinds": list(kinds), "areas": areas},
    )


def find(client, organisation, **filters):
    return client.get(reverse("willing_reviewers", args=[organisation.pk]), filters)


def listed(response) -> list[str]:
    return [organisation.name for organisation, _kinds in response.context["willing"]]


@pytest.fixture
def westbrook(db):
    """An NHS trust in Westbrook, willing to review NHS bodies anywhere."""
    organisation = make_organisation(
        "Westbrook Health", make_user("admin@westbrook.example"), kind="nhs", area="Westbrook"
    )
    organisation.willing_to_review = True
    organisation.review_kinds = ["nhs"]
    organisation.save()
    return organisation


def test_an_admin_says_their_organisation_is_willing_to_review(
    reviewer_client, reviewer_organisation
):
    response = offer(
        reviewer_client,
        reviewer_organisation,
        kinds=["charity", "community_group"],
        areas="  Riverside,   Northgate ",
    )

    assert response.status_code == 302
    reviewer_organisation.refresh_from_db()
    assert reviewer_organisation.willing_to_review is True
    assert reviewer_organisation.review_kinds == ["charity", "community_group"]
    assert reviewer_organisation.review_areas == "Riverside, Northgate"


def test_willing_needs_at_least_one_type(reviewer_client, reviewer_organisation):
    response = offer(reviewer_client, reviewer_organisation, kinds=[])

    assert response.status_code == 200
    assert "Select at least one type of organisation you could review" in said(response)
    reviewer_organisation.refresh_from_db()
    assert reviewer_organisation.willing_to_review is False


def test_saying_no_takes_the_organisation_off_the_list(
    reviewer_client, admin_client, organisation, reviewer_organisation
):
    offer(reviewer_client, reviewer_organisation, areas="Riverside")

    offer(reviewer_client, reviewer_organisation, willing="no")

    reviewer_organisation.refresh_from_db()
    assert reviewer_organisation.willing_to_review is False
    assert reviewer_organisation.review_kinds == []
    assert reviewer_organisation.review_areas == ""
    assert "Eastfield CVS" not in listed(find(admin_client, organisation))


def test_a_member_cannot_change_the_offer(admin, member_client, organisation):
    get = member_client.get(reverse("review_offer", args=[organisation.pk]))
    post = offer(member_client, organisation)

    assert (get.status_code, post.status_code) == (404, 404)
    organisation.refresh_from_db()
    assert organisation.willing_to_review is False


def test_another_organisations_admin_sees_the_willing_organisations(
    reviewer_client, admin_client, organisation, reviewer_organisation, westbrook
):
    offer(reviewer_client, reviewer_organisation, kinds=["charity", "community_group"])

    page = find(admin_client, organisation)

    assert page.status_code == 200
    assert listed(page) == ["Eastfield CVS", "Westbrook Health"]
    assert "Charity, Community group" in said(page)
    assert "Anywhere" in said(page)


def test_the_list_can_be_filtered_by_type(
    reviewer_client, admin_client, organisation, reviewer_organisation, westbrook
):
    offer(reviewer_client, reviewer_organisation, kinds=["charity"])

    assert listed(find(admin_client, organisation, kind="charity")) == ["Eastfield CVS"]
    assert listed(find(admin_client, organisation, kind="nhs")) == ["Westbrook Health"]
    assert listed(find(admin_client, organisation, kind="business")) == []
    assert "No organisations match." in said(find(admin_client, organisation, kind="business"))


def test_the_list_can_be_filtered_by_area(
    reviewer_client, admin_client, organisation, reviewer_organisation, westbrook
):
    offer(reviewer_client, reviewer_organisation, areas="Riverside, Northgate")

    # Westbrook Health said it could review anywhere, so it matches every area.
    assert listed(find(admin_client, organisation, area="northgate")) == [
        "Eastfield CVS",
        "Westbrook Health",
    ]
    assert listed(find(admin_client, organisation, area="Southside")) == ["Westbrook Health"]
    assert listed(find(admin_client, organisation, kind="charity", area="Southside")) == []


def test_an_organisation_that_named_its_areas_is_not_listed_for_other_areas(
    reviewer_client, admin_client, organisation, reviewer_organisation
):
    """Eastfield CVS is based in Eastfield but said it could review in Riverside only: the
    list of who could review in Eastfield must not show it ("Areas they could review in:
    Riverside" next to a search for Eastfield)."""
    offer(reviewer_client, reviewer_organisation, areas="Riverside")

    assert listed(find(admin_client, organisation, area="Riverside")) == ["Eastfield CVS"]
    assert listed(find(admin_client, organisation, area="Eastfield")) == []


def test_an_unknown_type_in_the_filter_is_an_error_not_a_crash(admin_client, organisation):
    page = find(admin_client, organisation, kind="spaceship")

    assert page.status_code == 200
    assert "Choose a type of organisation from the list" in said(page)


def test_an_organisation_not_willing_is_not_listed(
    admin_client, organisation, reviewer_organisation, westbrook
):
    assert reviewer_organisation.willing_to_review is False

    assert listed(find(admin_client, organisation)) == ["Westbrook Health"]


def test_the_list_never_includes_the_viewers_own_organisation(
    admin_client, organisation, westbrook
):
    offer(admin_client, organisation, kinds=["charity", "nhs"])
    organisation.refresh_from_db()
    assert organisation.willing_to_review is True

    for filters in ({}, {"kind": "charity"}, {"area": "Riverside"}):
        found = listed(find(admin_client, organisation, **filters))
        assert "Riverside Community Trust" not in found, filters


def test_only_admins_can_look_for_reviewers(member_client, organisation, westbrook):
    assert find(member_client, organisation).status_code == 404


def test_an_invitation_to_an_organisation_on_the_list_goes_through(
    admin_client, closed, organisation, reviewer_organisation, mailoutbox
):
    """Finding a reviewer on the list, then inviting them, is the whole point of the list."""
    reviewer_organisation.willing_to_review = True
    reviewer_organisation.review_kinds = [Organisation.Kind.CHARITY]
    reviewer_organisation.save()
    assert "Eastfield CVS" in listed(find(admin_client, organisation))

    assert send_invitation(admin_client, closed).status_code == 302
    assert len(mailoutbox) == 1


def test_a_second_closed_assessment_gets_its_own_invitations(
    admin_client, organisation, framework, admin, closed, invited, mailoutbox
):
    second = close_with_respondents(organisation, framework, admin, RESPONDENTS, title="Later")

    assert send_invitation(admin_client, second).status_code == 302
    assert PeerReview.objects.filter(email=REVIEWER_EMAIL).count() == 2


# Declining -----------------------------------------------------------------------------------

DECLINE = reverse("decline_review_invitation")


def test_someone_without_an_account_declines_with_a_reason_and_the_admins_are_told(
    anonymous, admin_client, emailed, closed, admin, mailoutbox
):
    open_link(anonymous, emailed)
    page = anonymous.get(ANSWER)
    assert "decline the invitation" in said(page)

    form = anonymous.get(DECLINE)
    response = anonymous.post(DECLINE, {"reason": "I am away until <b>March</b>."})

    assert form.status_code == 200
    assert headings(form) == ["Decline the invitation to review Riverside Community Trust"]
    assert response.status_code == 200
    assert "You have declined the invitation" in said(response)
    review = PeerReview.objects.get()
    assert review.state == PeerReview.State.DECLINED
    assert review.decline_reason == "I am away until <b>March</b>."
    assert review.token_hash is None
    [message] = mailoutbox
    assert message.to == [admin.email]
    assert f"{REVIEWER_EMAIL} has declined your invitation" in message.body
    assert 'They said: "I am away until <b>March</b>."' in message.body
    assert "&lt;b&gt;March&lt;/b&gt;" in html_part(message)
    listing = said(admin_client.get(org_url("peer_reviews", closed)))
    assert "Declined" in listing
    assert "They said: I am away until <b>March</b>." in listing
    assert open_link(anonymous, emailed).status_code == 302
    assert anonymous.get(ANSWER).status_code == 410  # the link no longer works


def test_a_reason_is_optional_but_limited(anonymous, emailed, mailoutbox):
    open_link(anonymous, emailed)

    too_long = anonymous.post(DECLINE, {"reason": "x" * 1001})

    assert too_long.status_code == 200
    assert "Your reason must be 1,000 characters or fewer" in said(too_long)
    assert PeerReview.objects.get().state == PeerReview.State.INVITED
    assert anonymous.post(DECLINE, {"reason": ""}).status_code == 200
    assert PeerReview.objects.get().state == PeerReview.State.DECLINED


def test_an_accepted_invitation_cannot_be_declined(reviewer_client, emailed, reviewer):
    open_link(reviewer_client, emailed)
    reviewer_client.post(ANSWER)

    response = reviewer_client.post(DECLINE, {"reason": "Changed my mind"})

    assert response.status_code in (404, 410)
    assert PeerReview.objects.get().state == PeerReview.State.ACCEPTED


def test_declining_needs_the_link(anonymous, emailed):
    response = anonymous.post(DECLINE, {"reason": "guess"})

    assert response.status_code == 410
    assert PeerReview.objects.get().state == PeerReview.State.INVITED


def test_after_a_decline_the_same_person_can_be_invited_again(
    admin_client, anonymous, emailed, closed, mailoutbox
):
    open_link(anonymous, emailed)
    anonymous.post(DECLINE, {"reason": ""})

    response = send_invitation(admin_client, closed)

    assert response.status_code == 302
    assert PeerReview.objects.count() == 2


def test_sessions_and_logs_never_hold_an_invitation_links_token(
    anonymous, emailed, caplog, admin_client, closed
):
    """Sessions are signed, not encrypted: whoever reads a session row must not learn a link."""
    from django.contrib.sessions.models import Session

    from tests.assessment.test_invitations import invitation_token, invite

    with caplog.at_level("INFO"):
        open_link(anonymous, emailed)
        anonymous.get(ANSWER)
        stored = Session.objects.get(session_key=anonymous.session.session_key)
        member = Client()
        invite(admin_client, closed.organisation, email="new.person@example.org")
        join = invitation_token(mail.outbox[-1])
        member.get(reverse("open_invitation", args=[join]))
        member.get(reverse("respond_to_invitation"))
        joined = Session.objects.get(session_key=member.session.session_key)

    for token, session in ((emailed, stored), (join, joined)):
        assert token not in session.session_data
        assert token not in str(session.get_decoded())
        assert token not in caplog.text
