"""Colleagues in one step: an admin invites someone new straight into an assessment; accepting
joins the organisation and the assessment at once (views/invitations.py, Invitation.accept),
and an invited address finds its invitations however the person signed up."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.models import (
    Assessment,
    AuditEvent,
    EmailCount,
    Invitation,
    Membership,
    Respondent,
    User,
)
from assessment.models.organisations import InvitationError
from tests.factories import PASSWORD, make_organisation, make_user, membership_of

from .helpers import headings, invitation_token, only_link, said, site_path, text
from .review_helpers import uninvited  # noqa: F401 - Uma, a would-be reviewer nobody invited
from .working_group_helpers import wg_member, working_group  # noqa: F401

INVITEE = "new.person@example.org"
JOIN = reverse("respond_to_invitation")


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    """Riverside's open assessment, Spring 2027, with its admin down to answer."""
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


def invite_url(assessment) -> str:
    return reverse("invite_to_assessment", args=[assessment.organisation_id, assessment.pk])


def invite(client, assessment, email=INVITEE, role="member"):
    return client.post(invite_url(assessment), {"email": email, "role": role})


def task_list(assessment) -> str:
    return reverse(
        "colleague:task_list", kwargs={"org": assessment.organisation_id, "pk": assessment.pk}
    )


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


def confirm(client, mailoutbox, to=INVITEE):
    [message] = [m for m in mailoutbox if m.to == [to] and "Confirm" in m.subject]
    return client.post(site_path(only_link(message)))


@pytest.fixture
def invited(client, admin, spring, mailoutbox) -> str:
    """The admin has invited INVITEE into Spring 2027; returns the link's token."""
    client.force_login(admin)
    invite(client, spring)
    client.logout()
    token = invitation_token(mailoutbox[-1])
    mailoutbox.clear()
    return token


# Sending -------------------------------------------------------------------------------------


def test_an_admin_invites_a_new_colleague_into_the_assessment_with_one_email(
    client, admin, organisation, spring, mailoutbox
):
    client.force_login(admin)

    response = invite(client, spring)

    assert response.status_code == 302
    assert response.url == spring.get_absolute_url()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.assessment, invitation.role) == (
        INVITEE,
        spring,
        "member",
    )
    assert len(mailoutbox) == 1
    [message] = mailoutbox
    assert message.to == [INVITEE]
    assert message.subject == "You are invited to join Riverside Community Trust on Coprod"
    assert "and to answer its self-assessment, Spring 2027. Accepting does both at once" in (
        " ".join(message.body.split())
    )
    invitation_token(message)  # one link, to the invitation, the same in text and HTML
    assert f"We have emailed an invitation to {INVITEE}." in said(client.get(response.url))
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.INVITED, subject=f"{INVITEE} to join as member and answer Spring 2027"
    ).exists()
    # Counted like every other email someone causes.
    assert EmailCount.objects.get(key__startswith="person:", key__endswith=":day").count == 1


def test_the_add_colleagues_page_offers_it(client, admin, spring):
    client.force_login(admin)

    page = client.get(reverse("add_colleagues", args=[spring.organisation_id, spring.pk]))

    assert f'href="{invite_url(spring)}"' in text(page)
    assert "invite a new colleague by email" in said(page)


def test_the_organisation_page_says_which_assessment_an_invitation_is_for(
    client, admin, organisation, invited
):
    client.force_login(admin)

    page = client.get(organisation.get_absolute_url())

    assert "Member, to answer Spring 2027" in said(page)


def test_a_member_already_is_pointed_to_add_colleagues(
    client, admin, spring, colleague, mailoutbox
):
    client.force_login(admin)

    response = invite(client, spring, email=colleague.email.upper())

    assert response.status_code == 200
    assert "Choose them on the “Add colleagues” page instead." in said(response)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_bad_address_is_an_error_and_what_was_typed_is_kept(client, admin, spring, mailoutbox):
    client.force_login(admin)

    response = invite(client, spring, email="nia at example")

    assert response.status_code == 200
    assert headings(response) == ["Invite a new colleague to answer"]
    assert "Enter an email address in the right format" in said(response)
    assert 'value="nia at example"' in text(response)
    assert "govuk-error-summary" in text(response)
    assert not Invitation.objects.exists()


def test_the_address_limit_stops_the_invitation_and_saves_nothing(
    client, admin, spring, mailoutbox
):
    client.force_login(admin)
    add = reverse("add_link_respondent", args=[spring.organisation_id, spring.pk])
    for number in range(5):
        client.post(add, {"name": f"Person {number}", "email": INVITEE, "message": ""})
    assert len(mailoutbox) == 5

    refused = invite(client, spring)

    assert refused.status_code == 200
    assert f"We have already emailed {INVITEE} 5 times today" in said(refused)
    assert f'value="{INVITEE}"' in text(refused)
    assert not Invitation.objects.exists()
    assert len(mailoutbox) == 5


def test_a_closed_assessment_takes_no_new_colleagues(client, admin, spring, mailoutbox):
    Assessment.objects.filter(pk=spring.pk).update(status=Assessment.Status.CLOSED)
    client.force_login(admin)

    response = invite(client, spring)

    assert response.url == spring.get_absolute_url()
    assert "This assessment is closed, so nobody new can answer it." in said(
        client.get(response.url)
    )
    assert not Invitation.objects.exists()
    assert mailoutbox == []


# Signing up from the invitation ---------------------------------------------------------------


def test_signing_up_from_the_invitation_fills_in_the_address_and_fixes_it(
    client, invited, mailoutbox
):
    client.get(reverse("open_invitation", args=[invited]))
    signup = f"{reverse('signup')}?next={JOIN}"
    assert signup in text(client.get(JOIN))

    form = client.get(signup)
    tampered = sign_up(client, email="someone.else@example.org", next_url=JOIN)

    assert f'value="{INVITEE}"' in text(form)
    assert "readonly" in text(form)
    assert "Your invitation was sent to this address" in said(form)
    assert tampered.url == JOIN
    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert User.objects.filter(email=INVITEE).exists()


def test_the_headers_sign_up_leaves_the_address_free(client, invited):
    client.get(reverse("open_invitation", args=[invited]))

    form = client.get(reverse("signup"))
    sign_up(client, email="someone.else@example.org")

    assert "readonly" not in text(form)
    assert User.objects.filter(email="someone.else@example.org").exists()


# Accepting -----------------------------------------------------------------------------------


def test_accepting_joins_the_organisation_and_the_assessment_at_once(
    client, organisation, spring, invited, mailoutbox
):
    client.get(reverse("open_invitation", args=[invited]))
    sign_up(client, next_url=JOIN)
    assert confirm(client, mailoutbox).url == JOIN
    page = client.get(JOIN)

    accepted = client.post(JOIN, follow=True)

    assert "and to answer its co-production self-assessment, Spring 2027" in said(page)
    assert accepted.redirect_chain == [(task_list(spring), 302)]
    assert "You have joined Riverside Community Trust and can now answer Spring 2027." in said(
        accepted
    )
    newcomer = User.objects.get(email=INVITEE)
    assert membership_of(organisation, newcomer).role == Membership.Role.MEMBER
    respondent = spring.respondents.get(user=newcomer)
    assert (respondent.name, respondent.email) == ("Nia Newcomer", INVITEE)
    assert Invitation.objects.get().state == Invitation.State.ACCEPTED
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.JOINED,
        actor=newcomer,
        subject="Riverside Community Trust as member, answering Spring 2027",
    ).exists()


def test_accepting_is_all_or_nothing(admin, organisation, spring, stranger):
    """If the respondent cannot be saved, the person does not join and the invitation still
    waits: the database itself refuses the row here."""
    invitation, _token = Invitation.create(
        organisation=organisation,
        email=stranger.email,
        role="member",
        invited_by=admin,
        assessment=spring,
    )
    table = Respondent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_row()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )

    with pytest.raises(DatabaseError):
        invitation.accept(stranger)

    assert membership_of(organisation, stranger) is None
    assert not spring.respondents.filter(user=stranger).exists()
    assert Invitation.objects.get().state == Invitation.State.PENDING
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.JOINED).exists()


def test_an_assessment_closed_since_joins_the_organisation_only_and_says_so(
    client, organisation, spring, stranger, admin
):
    _invitation, token = Invitation.create(
        organisation=organisation,
        email=stranger.email,
        role="member",
        invited_by=admin,
        assessment=spring,
    )
    Assessment.objects.filter(pk=spring.pk).update(status=Assessment.Status.CLOSED)
    client.force_login(stranger)
    client.get(reverse("open_invitation", args=[token]))
    page = client.get(JOIN)

    joined = client.post(JOIN, follow=True)

    assert (
        "it has closed since: accepting makes you a member of Riverside Community Trust only"
        in (said(page))
    )
    assert joined.redirect_chain == [(organisation.get_absolute_url(), 302)]
    assert "You have joined Riverside Community Trust." in said(joined)
    assert "Spring 2027 has closed, so there is nothing for you to answer." in said(joined)
    assert membership_of(organisation, stranger) is not None
    assert not spring.respondents.filter(user=stranger).exists()


def test_an_invitation_without_an_assessment_still_only_joins(
    client, admin, organisation, spring, stranger
):
    invitation, _token = Invitation.create(
        organisation=organisation, email=stranger.email, role="member", invited_by=admin
    )

    invitation.accept(stranger)

    assert membership_of(organisation, stranger) is not None
    assert not spring.respondents.filter(user=stranger).exists()


# Waiting invitations, whatever the route to signing up ----------------------------------------


def test_signing_up_from_the_header_offers_the_waiting_invitation(
    client, organisation, spring, invited, mailoutbox
):
    """Nia never opens the invitation's link: she follows "Create an account" at the top of the
    page. Home offers her the invitation, to accept once her address is confirmed."""
    created = sign_up(client)
    before = client.get(created.url)
    back = confirm(client, mailoutbox)
    after = client.get(back.url)
    invitation = Invitation.objects.get()
    accept = reverse("accept_waiting_invitation", args=[invitation.pk])

    joined = client.post(accept, follow=True)

    assert created.url == reverse("home")
    assert "You have been invited" in said(before)
    assert "Rita Okafor has invited you to join Riverside Community Trust as a member" in said(
        before
    )
    assert "To accept, first confirm that new.person@example.org is yours" in said(before)
    assert f'action="{accept}"' not in text(before)
    assert back.url == reverse("home")
    assert f'action="{accept}"' in text(after)
    assert joined.redirect_chain == [(task_list(spring), 302)]
    newcomer = User.objects.get(email=INVITEE)
    assert membership_of(organisation, newcomer) is not None
    assert spring.respondents.filter(user=newcomer).exists()
    assert "You have been invited" not in said(client.get(reverse("home")))


def test_an_unconfirmed_address_cannot_accept_a_waiting_invitation(
    client, organisation, invited, mailoutbox
):
    sign_up(client)

    response = client.post(
        reverse("accept_waiting_invitation", args=[Invitation.objects.get().pk]), follow=True
    )

    assert "Confirm your email address first." in said(response)
    assert organisation.memberships.count() == 1
    assert Invitation.objects.get().state == Invitation.State.PENDING


def test_a_working_group_member_with_an_invitation_sees_it_at_home(
    client,
    admin,
    organisation,
    wg_member,  # noqa: F811 - the fixture
):
    Invitation.create(
        organisation=organisation, email=wg_member.email, role="member", invited_by=admin
    )
    client.force_login(wg_member)

    page = client.get(reverse("home"))

    assert page.status_code == 200
    assert "Join Riverside Community Trust" in said(page)


def test_home_with_invitations_waiting_takes_a_bounded_number_of_queries(
    client, admin, organisation, spring, stranger, django_assert_max_num_queries
):
    for number in range(5):
        other = make_user(f"admin{number}@elsewhere.example", f"Admin {number}")
        elsewhere = make_organisation(f"Elsewhere {number}", other)
        Invitation.create(
            organisation=elsewhere, email=stranger.email, role="member", invited_by=other
        )
    client.force_login(stranger)

    with django_assert_max_num_queries(8):
        page = client.get(reverse("home"))

    assert said(page).count("Accept and join") == 5


def test_the_invite_page_takes_a_bounded_number_of_queries(
    client, admin, spring, django_assert_max_num_queries
):
    client.force_login(admin)

    with django_assert_max_num_queries(8):
        page = client.get(invite_url(spring))

    assert page.status_code == 200
    assert headings(page) == ["Invite a new colleague to answer"]


# Who may --------------------------------------------------------------------------------------


@pytest.fixture
def people(colleague, outsider, other_organisation, stranger, uninvited, wg_member):  # noqa: F811
    def signed_in(user):
        client = Client()
        client.force_login(user)
        return client

    return {
        "a member who is not an admin": signed_in(colleague),
        "another organisation's admin": signed_in(outsider),
        "someone in no organisation": signed_in(stranger),
        "an uninvited reviewer": signed_in(uninvited),
        "the working group": signed_in(wg_member),
    }


def test_only_the_organisations_admins_may_invite_into_an_assessment(
    spring, people, mailoutbox, other_organisation, framework, outsider
):
    northgate = Assessment(organisation=other_organisation, title="Northgate 2027").start(outsider)
    foreign = reverse("invite_to_assessment", args=[spring.organisation_id, northgate.pk])
    anonymous = Client()

    for url in (invite_url(spring), foreign):
        for who, client in people.items():
            assert client.get(url).status_code == 404, (who, url)
            assert client.post(url, {"email": INVITEE, "role": "member"}).status_code == 404, (
                who,
                url,
            )
        assert anonymous.get(url).url == f"{reverse('login')}?next={url}"
        assert anonymous.post(url, {"email": INVITEE}).url == f"{reverse('login')}?next={url}"

    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_nobody_but_the_invited_address_accepts_a_waiting_invitation(
    admin, organisation, spring, people
):
    invitation, _token = Invitation.create(
        organisation=organisation, email=INVITEE, role="member", invited_by=admin, assessment=spring
    )
    url = reverse("accept_waiting_invitation", args=[invitation.pk])

    for who, client in people.items():
        assert client.post(url).status_code == 404, who
        assert client.get(url).status_code == 405, who
    assert Client().post(url).url == f"{reverse('login')}?next={url}"

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING
    assert organisation.memberships.count() == 2  # the admin and the colleague


@pytest.mark.parametrize("problem", ["revoked", "expired", "accepted", "unknown"])
def test_an_invitation_no_longer_waiting_is_not_found(
    client, admin, organisation, spring, stranger, problem
):
    invitation, _token = Invitation.create(
        organisation=organisation,
        email=stranger.email,
        role="member",
        invited_by=admin,
        assessment=spring,
    )
    pk = invitation.pk
    if problem == "revoked":
        invitation.revoke()
    elif problem == "expired":
        Invitation.objects.filter(pk=pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif problem == "accepted":
        invitation.accept(stranger)
    else:
        pk = 999_999
    client.force_login(stranger)

    assert client.post(reverse("accept_waiting_invitation", args=[pk])).status_code == 404
    assert spring.respondents.filter(user=stranger).count() == (problem == "accepted")


def test_accepting_twice_at_once_is_refused_the_second_time(admin, organisation, spring, stranger):
    invitation, _token = Invitation.create(
        organisation=organisation,
        email=stranger.email,
        role="member",
        invited_by=admin,
        assessment=spring,
    )
    stale = Invitation.objects.get(pk=invitation.pk)
    invitation.accept(stranger)

    with pytest.raises(InvitationError):
        stale.accept(stranger)

    assert spring.respondents.filter(user=stranger).count() == 1
    assert Membership.objects.filter(organisation=organisation, user=stranger).count() == 1
