import pytest
from django.urls import reverse

from assessment.models import Invitation, Membership
from tests.factories import add_member, make_user

from .helpers import headings, said

LAST_ADMIN = "An organisation must have at least one admin. Make someone else an admin first."


def membership(organisation, user) -> Membership:
    return Membership.objects.get(organisation=organisation, user=user)


def change_role(client, organisation, member, role):
    return client.post(
        reverse("change_role", args=[organisation.pk, member.pk]), {"role": role}, follow=True
    )


def test_an_admin_makes_a_member_an_admin_and_back(client, admin, organisation, colleague):
    client.force_login(admin)
    member = membership(organisation, colleague)

    response = change_role(client, organisation, member, "admin")

    assert response.redirect_chain == [(reverse("organisation", args=[organisation.pk]), 302)]
    member.refresh_from_db()
    assert member.role == Membership.Role.ADMIN
    assert "Sam Patel is now admin." in said(response)

    response = change_role(client, organisation, member, "member")

    member.refresh_from_db()
    assert member.role == Membership.Role.MEMBER
    assert "Sam Patel is now member." in said(response)


def test_a_new_admin_can_use_admin_pages(client, admin, organisation, colleague):
    client.force_login(admin)
    change_role(client, organisation, membership(organisation, colleague), "admin")

    client.force_login(colleague)

    assert client.get(reverse("invite_member", args=[organisation.pk])).status_code == 200
    assert client.get(reverse("organisation_edit", args=[organisation.pk])).status_code == 200


def test_the_last_admin_cannot_stop_being_an_admin(client, admin, organisation, colleague):
    client.force_login(admin)
    own = membership(organisation, admin)

    response = change_role(client, organisation, own, "member")

    assert response.status_code == 200
    assert LAST_ADMIN in said(response)
    own.refresh_from_db()
    assert own.role == Membership.Role.ADMIN


def test_the_last_admin_cannot_be_removed(client, admin, organisation, colleague):
    client.force_login(admin)
    own = membership(organisation, admin)

    response = client.post(reverse("remove_member", args=[organisation.pk, own.pk]), follow=True)

    assert response.redirect_chain == [(reverse("organisation", args=[organisation.pk]), 302)]
    assert LAST_ADMIN in said(response)
    assert Membership.objects.filter(pk=own.pk, role=Membership.Role.ADMIN).exists()


def test_an_admin_can_step_down_when_there_is_another_admin(client, admin, organisation, colleague):
    membership(organisation, colleague).change_role(Membership.Role.ADMIN)
    client.force_login(admin)
    own = membership(organisation, admin)

    change_role(client, organisation, own, "member")

    own.refresh_from_db()
    assert own.role == Membership.Role.MEMBER
    assert client.get(reverse("invite_member", args=[organisation.pk])).status_code == 404


def test_an_admin_can_leave_when_there_is_another_admin(client, admin, organisation, colleague):
    membership(organisation, colleague).change_role(Membership.Role.ADMIN)
    client.force_login(admin)
    own = membership(organisation, admin)

    response = client.post(reverse("remove_member", args=[organisation.pk, own.pk]))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not Membership.objects.filter(pk=own.pk).exists()
    assert client.get(reverse("organisation", args=[organisation.pk])).status_code == 404


def test_removing_asks_for_confirmation_first(client, admin, organisation, colleague):
    client.force_login(admin)
    member = membership(organisation, colleague)

    response = client.get(reverse("remove_member", args=[organisation.pk, member.pk]))

    assert response.status_code == 200
    assert "Remove Sam Patel?" in headings(response)
    assert "Remove Sam Patel" in said(response)
    assert Membership.objects.filter(pk=member.pk).exists()


def test_removing_a_member_takes_away_their_access(client, admin, organisation, colleague):
    client.force_login(admin)
    member = membership(organisation, colleague)

    response = client.post(reverse("remove_member", args=[organisation.pk, member.pk]), follow=True)

    assert response.redirect_chain == [(reverse("organisation", args=[organisation.pk]), 302)]
    assert "Sam Patel has been removed from Riverside Community Trust." in said(response)
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert colleague.__class__.objects.filter(pk=colleague.pk).exists()  # the account stays

    client.force_login(colleague)
    assert client.get(reverse("organisation", args=[organisation.pk])).status_code == 404
    assert "Riverside Community Trust" not in said(client.get(reverse("home")))


def test_a_removed_member_can_be_invited_again(client, admin, organisation, colleague):
    client.force_login(admin)
    member = membership(organisation, colleague)
    client.post(reverse("remove_member", args=[organisation.pk, member.pk]))

    response = client.post(
        reverse("invite_member", args=[organisation.pk]),
        {"email": colleague.email, "role": "member"},
    )

    assert response.status_code == 302
    assert Invitation.objects.filter(email=colleague.email).count() == 1


@pytest.mark.parametrize("role", ["owner", "ADMIN", "", "superuser"])
def test_a_bogus_role_is_an_error_and_changes_nothing(client, admin, organisation, colleague, role):
    client.force_login(admin)
    member = membership(organisation, colleague)

    response = change_role(client, organisation, member, role)

    assert response.status_code == 200
    assert "Choose admin or member." in said(response)
    member.refresh_from_db()
    assert member.role == Membership.Role.MEMBER


def test_changing_a_role_is_a_post(client, admin, organisation, colleague):
    client.force_login(admin)
    member = membership(organisation, colleague)

    response = client.get(
        reverse("change_role", args=[organisation.pk, member.pk]), {"role": "admin"}
    )

    assert response.status_code == 405
    member.refresh_from_db()
    assert member.role == Membership.Role.MEMBER


@pytest.fixture
def invitation(admin, organisation):
    invitation, _token = Invitation.create(
        organisation=organisation, email="new@riverside.example", role="member", invited_by=admin
    )
    return invitation


def test_a_member_cannot_manage_people(client, admin, organisation, colleague, invitation):
    other = make_user("third@riverside.example", "Third Person")
    add_member(organisation, other)
    client.force_login(colleague)
    admin_membership = membership(organisation, admin)
    other_membership = membership(organisation, other)
    attempts = [
        (
            "post",
            reverse("change_role", args=[organisation.pk, admin_membership.pk]),
            {"role": "member"},
        ),
        (
            "post",
            reverse("change_role", args=[organisation.pk, other_membership.pk]),
            {"role": "admin"},
        ),
        ("get", reverse("remove_member", args=[organisation.pk, admin_membership.pk]), {}),
        ("post", reverse("remove_member", args=[organisation.pk, admin_membership.pk]), {}),
        ("post", reverse("remove_member", args=[organisation.pk, other_membership.pk]), {}),
        ("get", reverse("invite_member", args=[organisation.pk]), {}),
        (
            "post",
            reverse("invite_member", args=[organisation.pk]),
            {"email": "x@example.org", "role": "admin"},
        ),
        ("post", reverse("revoke_invitation", args=[organisation.pk, invitation.pk]), {}),
    ]

    for method, url, data in attempts:
        assert getattr(client, method)(url, data).status_code == 404, (method, url)

    assert sorted(organisation.memberships.values_list("user__email", "role")) == [
        ("admin@riverside.example", "admin"),
        ("member@riverside.example", "member"),
        ("third@riverside.example", "member"),
    ]
    assert list(organisation.invitations.pending()) == [invitation]
    assert Invitation.objects.count() == 1
