"""Limits on every email someone can cause: per person, per organisation and per address, per
day, and per person per minute (assessment/email_limits.py, and each view that sends)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessment import email_limits
from assessment.models import (
    AgreedRung,
    Assessment,
    EmailCount,
    Invitation,
    PeerReview,
    Respondent,
)
from tests.factories import add_member, make_organisation, make_user

from .answering_helpers import SLUGS, form_of
from .helpers import said
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import REVIEWER_EMAIL, org_url

# 10:00:05 in London on Wednesday 2 December 2026: the day's limits end at midnight.
START = datetime(2026, 12, 2, 10, 0, 5, tzinfo=UTC)
TOMORROW = "You can try again from 00:00 on Thursday 3 December."
RESET = reverse("password_reset")


@pytest.fixture
def clock(monkeypatch):
    """The time, moved on by the test: `clock.advance(minutes=...)`."""

    class Clock:
        now = START

        def advance(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


def add_link(client, assessment, number: int, email=None, message=""):
    return client.post(
        reverse("add_link_respondent", args=[assessment.organisation_id, assessment.pk]),
        {
            "name": f"Person {number}",
            "email": email or f"person{number}@example.org",
            "message": message,
        },
    )


def invite_member(client, organisation, email):
    return client.post(
        reverse("invite_member", args=[organisation.pk]), {"email": email, "role": "member"}
    )


# Per person per minute: the fresh account that sent 30 emails in 3 seconds ---------------------


def test_a_fresh_account_cannot_send_thirty_personal_links_in_three_seconds(
    client, clock, framework, mailoutbox
):
    fresh = make_user("fresh@example.net", "Fresh Account", email_confirmed_at=None)
    client.force_login(fresh)
    client.post(
        reverse("organisation_create"),
        {"name": "Fresh Org", "kind": "charity", "area": "Anywhere", "size": "micro"},
    )
    assessment = Assessment(organisation=fresh.memberships.get().organisation, title="Spam")
    assessment.start(fresh)

    responses = [add_link(client, assessment, number, message="Buy now") for number in range(30)]

    assert len(mailoutbox) == email_limits.PER_PERSON_PER_MINUTE == 10
    refused = responses[10:]
    assert {response.status_code for response in refused} == {200}
    assert (
        "You have sent 10 emails in the last minute, the most one person can send so quickly. "
        "Nothing was sent. You can try again from 10:01." in said(refused[0])
    )
    assert assessment.respondents.filter(email__startswith="person").count() == 10


def test_after_a_minute_the_person_can_send_again(client, clock, admin, spring, mailoutbox):
    client.force_login(admin)
    for number in range(10):
        add_link(client, spring, number)
    assert add_link(client, spring, 10).status_code == 200

    clock.advance(minutes=1)

    assert add_link(client, spring, 11).status_code == 200  # the page showing the link
    assert len(mailoutbox) == 11


def test_adding_many_colleagues_at_once_is_one_press_not_a_burst(
    client, clock, admin, organisation, spring, mailoutbox
):
    colleagues = [make_user(f"colleague{n}@riverside.example") for n in range(15)]
    for colleague in colleagues:
        add_member(organisation, colleague)
    client.force_login(admin)

    response = client.post(
        reverse("add_colleagues", args=[organisation.pk, spring.pk]),
        {"people": [colleague.pk for colleague in colleagues]},
    )

    assert response.status_code == 302
    assert len(mailoutbox) == 15


# Per person, per organisation, per address per day --------------------------------------------


def test_a_person_reaches_their_limit_for_the_day(
    client, clock, monkeypatch, admin, organisation, mailoutbox
):
    monkeypatch.setattr(email_limits, "PER_PERSON_PER_DAY", 3)
    client.force_login(admin)
    for number in range(3):
        invite_member(client, organisation, f"new{number}@example.org")
        clock.advance(minutes=1)

    response = invite_member(client, organisation, "one.more@example.org")

    assert response.status_code == 200
    assert (
        "You have sent 3 emails today, the most one person can send in a day. Nothing was "
        f"sent. {TOMORROW}" in said(response)
    )
    assert not Invitation.objects.filter(email="one.more@example.org").exists()
    assert len(mailoutbox) == 3


def test_an_account_that_has_not_confirmed_its_address_sends_twenty_a_day(
    client, clock, framework, mailoutbox
):
    fresh = make_user("fresh@example.net", "Fresh Account", email_confirmed_at=None)
    organisation = make_organisation("Fresh Org", fresh)
    assessment = Assessment(organisation=organisation, title="Spam").start(fresh)
    client.force_login(fresh)
    for number in range(email_limits.UNCONFIRMED_PERSON_PER_DAY):
        add_link(client, assessment, number)
        clock.advance(minutes=1)

    refused = add_link(client, assessment, 99)

    assert len(mailoutbox) == 20
    assert (
        "You have sent 20 emails today, the most you can send in a day until you confirm your "
        "own email address (open the link we emailed you when you made your account). Nothing "
        f"was sent. {TOMORROW}" in said(refused)
    )
    fresh.confirm_email()
    assert add_link(client, assessment, 100).status_code == 200
    assert len(mailoutbox) == 21


def test_adding_more_colleagues_than_the_day_allows_says_so(
    client, clock, monkeypatch, admin, organisation, spring, mailoutbox
):
    monkeypatch.setattr(email_limits, "PER_PERSON_PER_DAY", 3)
    colleagues = [make_user(f"colleague{n}@riverside.example") for n in range(4)]
    for colleague in colleagues:
        add_member(organisation, colleague)
    client.force_login(admin)

    response = client.post(
        reverse("add_colleagues", args=[organisation.pk, spring.pk]),
        {"people": [colleague.pk for colleague in colleagues]},
    )

    assert response.status_code == 200
    assert (
        "These 4 emails would take you over the 3 one person can send in a day. Nothing was "
        "sent." in said(response)
    )
    assert mailoutbox == []
    assert not spring.respondents.filter(user__in=colleagues).exists()


def test_an_organisation_reaches_its_limit_for_the_day_whichever_admin_sends(
    client, clock, monkeypatch, admin, organisation, mailoutbox
):
    monkeypatch.setattr(email_limits, "PER_ORGANISATION_PER_DAY", 3)
    second_admin = make_user("second@riverside.example")
    add_member(organisation, second_admin, role="admin")
    for number, person in enumerate([admin, admin, second_admin, second_admin]):
        client.force_login(person)
        response = invite_member(client, organisation, f"new{number}@example.org")

    assert (
        "Riverside Community Trust has sent 3 emails today, the most one organisation can send "
        f"in a day. Nothing was sent. {TOMORROW}" in said(response)
    )
    assert len(mailoutbox) == 3


def test_twenty_reminders_to_one_address_send_five(client, clock, admin, spring, mailoutbox):
    joan = Respondent.objects.create(assessment=spring, name="Joan", email="joan@example.org")
    joan.new_link()
    client.force_login(admin)
    remind = reverse("remind_respondent", args=[spring.organisation_id, spring.pk, joan.pk])

    for _ in range(20):
        response = client.post(remind)
        clock.advance(minutes=1)

    assert len(mailoutbox) == email_limits.PER_ADDRESS_PER_DAY == 5
    page = client.get(response.url)
    assert (
        "We have already emailed joan@example.org 5 times today, the most we send to one "
        "address in a day. Nothing was sent." in said(page)
    )


def test_a_refused_reminder_leaves_the_link_as_it_was(client, clock, admin, spring, mailoutbox):
    joan = Respondent.objects.create(assessment=spring, name="Joan", email="joan@example.org")
    joan.new_link()
    client.force_login(admin)
    remind = reverse("remind_respondent", args=[spring.organisation_id, spring.pk, joan.pk])
    for _ in range(5):
        client.post(remind)
        clock.advance(minutes=1)
    joan.refresh_from_db()
    last_emailed = joan.token_hash

    client.post(remind)

    joan.refresh_from_db()
    assert joan.token_hash == last_emailed  # the link in the last email still works


def test_reopening_answers_is_refused_with_its_email(
    client, clock, monkeypatch, admin, spring, mailoutbox
):
    monkeypatch.setattr(email_limits, "PER_ADDRESS_PER_DAY", 0)
    joan = Respondent.objects.create(
        assessment=spring, name="Joan", email="joan@example.org", submitted_at=timezone.now()
    )
    client.force_login(admin)

    response = client.post(
        reverse("reopen_response", args=[spring.organisation_id, spring.pk, joan.pk])
    )

    joan.refresh_from_db()
    assert joan.submitted_at is not None
    assert mailoutbox == []
    assert "We have already emailed joan@example.org 0 times today" in said(
        client.get(response.url)
    )


def test_the_address_limit_counts_every_kind_of_email_and_every_sender(
    client, clock, admin, organisation, outsider, other_organisation, spring, mailoutbox
):
    address = "busy.person@example.org"
    client.force_login(admin)
    for number in range(3):
        add_link(client, spring, number, email=address)
        clock.advance(minutes=1)
    invite_member(client, organisation, address)
    client.force_login(outsider)
    invite_member(client, other_organisation, address)

    response = invite_member(client, other_organisation, "someone.else@example.org")
    assert response.status_code == 302
    client.force_login(admin)
    refused = add_link(client, spring, 9, email=address)

    assert [m.to for m in mailoutbox].count([address]) == 5
    assert "We have already emailed busy.person@example.org 5 times today" in said(refused)


def test_resending_an_invitation_is_limited_too(client, clock, admin, organisation, mailoutbox):
    client.force_login(admin)
    invite_member(client, organisation, "slow@example.org")
    invitation = Invitation.objects.get()
    resend = reverse("resend_invitation", args=[organisation.pk, invitation.pk])
    for _ in range(4):
        client.post(resend)
        clock.advance(minutes=1)

    response = client.post(resend)

    assert len(mailoutbox) == 5
    assert "We have already emailed slow@example.org 5 times today" in said(
        client.get(response.url)
    )


def test_a_refused_invitation_uses_up_nothing(client, clock, admin, organisation, mailoutbox):
    client.force_login(admin)
    invite_member(client, organisation, "once@example.org")
    for _ in range(10):
        clock.advance(minutes=1)
        invite_member(client, organisation, "once@example.org")  # already waiting

    assert EmailCount.objects.get(key__startswith="person:", key__endswith=":day").count == 1


def test_peer_review_invitations_and_resends_are_limited(
    admin_client, clock, closed, reviewer_organisation, mailoutbox
):
    admin_client.post(org_url("invite_reviewer", closed), {"email": REVIEWER_EMAIL})
    review = PeerReview.objects.get()
    for _ in range(4):
        clock.advance(minutes=1)
        admin_client.post(org_url("resend_review", closed, review.pk))

    response = admin_client.post(org_url("resend_review", closed, review.pk))
    other = admin_client.post(org_url("invite_reviewer", closed), {"email": "x@elsewhere.example"})

    assert [m.to for m in mailoutbox] == [[REVIEWER_EMAIL]] * 5 + [["x@elsewhere.example"]]
    assert f"We have already emailed {REVIEWER_EMAIL} 5 times today" in said(
        admin_client.get(response.url)
    )
    assert other.status_code == 302  # another address is not held up


def test_agreed_positions_are_saved_when_the_reviewer_cannot_be_emailed_again(
    admin_client, clock, monkeypatch, submitted, mailoutbox
):
    monkeypatch.setattr(email_limits, "PER_ADDRESS_PER_DAY", 1)
    url = org_url("record_agreed", submitted.assessment, submitted.pk)

    def record(note):
        data = {"version": form_of(admin_client.get(url)).values["version"]}
        data |= {f"{slug}-rung": "" for slug in SLUGS} | {f"{slug}-note": "" for slug in SLUGS}
        data |= {f"{SLUGS[0]}-rung": "5", f"{SLUGS[0]}-note": note}
        return admin_client.post(url, data)

    record("First")
    clock.advance(minutes=1)
    response = record("Second")

    assert len(mailoutbox) == 1
    assert AgreedRung.objects.get().note == "Second"
    assert (
        "The agreed positions have been saved. The reviewer needs to look at the changed ones "
        f"again, but we did not email them: We have already emailed {REVIEWER_EMAIL} 1 times"
        in said(admin_client.get(response.url))
    )


# Emails about one's own account ---------------------------------------------------------------


def test_password_reset_sends_at_most_five_a_day_to_one_address(client, clock, admin, mailoutbox):
    for _ in range(5):
        assert client.post(RESET, {"email": admin.email}).status_code == 302

    response = client.post(RESET, {"email": admin.email.upper()})

    assert response.status_code == 200
    assert len(mailoutbox) == 5
    assert (
        f"There have already been 5 requests to email {admin.email} today, the most we allow "
        f"in a day. Nothing was sent. {TOMORROW}" in said(response)
    )


def test_the_reset_limit_says_the_same_whether_or_not_the_address_has_an_account(
    client, clock, admin, mailoutbox
):
    nobody = "nobody@riverside.example"
    for _ in range(6):
        with_account = client.post(RESET, {"email": admin.email})
        without = client.post(RESET, {"email": nobody})

    assert with_account.status_code == without.status_code == 200
    assert said(with_account).replace(admin.email, nobody) == said(without)


def test_password_resets_from_one_network_are_limited(client, clock, monkeypatch, db):
    monkeypatch.setattr(email_limits, "ACCOUNT_EMAILS_PER_NETWORK_PER_DAY", 3)
    for number in range(3):
        assert client.post(RESET, {"email": f"guess{number}@example.org"}).status_code == 302

    response = client.post(RESET, {"email": "one.more@example.org"})
    elsewhere = client.post(RESET, {"email": "one.more@example.org"}, REMOTE_ADDR="192.0.2.9")

    assert response.status_code == 200
    assert (
        "There have been 3 requests like this from your network today, the most we allow in a "
        f"day. Nothing was sent. {TOMORROW}" in said(response)
    )
    assert elsewhere.status_code == 302


def test_sign_ups_from_one_network_still_make_accounts_when_over_the_limit(
    client, clock, monkeypatch, db, mailoutbox
):
    monkeypatch.setattr(email_limits, "ACCOUNT_EMAILS_PER_NETWORK_PER_DAY", 0)

    response = client.post(
        reverse("signup"),
        {
            "name": "Late Comer",
            "email": "late@example.org",
            "password1": "river-otters-sing-at-dawn",
            "password2": "river-otters-sing-at-dawn",
        },
    )

    assert response.status_code == 302
    assert mailoutbox == []
    assert "We could not email a link to confirm late@example.org. There have been 0" in said(
        client.get(response.url)
    )


def test_asking_for_the_confirmation_link_again_is_limited(client, clock, db, mailoutbox):
    newcomer = make_user("new@example.org", email_confirmed_at=None)
    client.force_login(newcomer)
    for _ in range(5):
        client.post(reverse("send_confirmation"))
        clock.advance(minutes=1)

    response = client.post(reverse("send_confirmation"))

    assert len(mailoutbox) == 5
    page = client.get(response.url)
    assert "We could not email a link to confirm new@example.org." in said(page)
    assert "There have already been 5 requests to email new@example.org today" in said(page)


# Counting at the same moment -------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_both_take_the_last_email(rf, admin):
    """Neither request sees the other's count before adding its own."""
    request = rf.post("/")
    request.user = admin
    for number in range(email_limits.PER_PERSON_PER_MINUTE - 1):
        email_limits.take(request, recipients=[f"before{number}@example.org"])
    start = threading.Barrier(8, timeout=10)
    outcomes = []

    def send(number):
        try:
            start.wait()
            email_limits.take(request, recipients=[f"p{number}@example.org"])
            outcomes.append("sent")
        except email_limits.LimitReached:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=[number]) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused"] * 7 + ["sent"]
