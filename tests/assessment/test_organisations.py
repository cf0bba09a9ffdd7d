import re

import pytest
from django.urls import reverse

from assessment.models import Membership, Organisation
from tests.factories import add_member, make_organisation, make_user

from .helpers import headings, said, text

MARKUP_NAME = '<script>alert("x")</script> <b>Trust</b>'


def organisation_data(**fields):
    return {
        "name": "Hilltop Youth Forum",
        "kind": "community_group",
        "area": "Hilltop ward",
        "size": "micro",
        **fields,
    }


def test_anonymous_visitors_are_sent_to_sign_in_to_create_an_organisation(client, db):
    url = reverse("organisation_create")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert client.post(url, organisation_data()).status_code == 302
    assert not Organisation.objects.exists()


def test_the_create_form_is_shown_to_a_signed_in_person(client, stranger):
    client.force_login(stranger)

    response = client.get(reverse("organisation_create"))

    assert response.status_code == 200
    assert "Set up your organisation" in headings(response)


def test_creating_an_organisation_makes_its_creator_the_admin(client, stranger):
    client.force_login(stranger)

    response = client.post(reverse("organisation_create"), organisation_data())

    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.kind, organisation.area, organisation.size) == (
        "Hilltop Youth Forum",
        "community_group",
        "Hilltop ward",
        "micro",
    )
    membership = Membership.objects.get()
    assert (membership.organisation, membership.user, membership.role) == (
        organisation,
        stranger,
        Membership.Role.ADMIN,
    )
    assert response.status_code == 302
    assert response.url == reverse("organisation", args=[organisation.pk])
    assert client.session["organisation_id"] == organisation.pk
    page = client.get(response.url)
    assert "Hilltop Youth Forum has been created. You are its admin." in said(page)


def test_spaces_in_a_name_are_tidied(client, stranger):
    client.force_login(stranger)

    client.post(reverse("organisation_create"), organisation_data(name="  Hilltop   Youth Forum "))

    assert Organisation.objects.get().name == "Hilltop Youth Forum"


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"name": ""}, "name", "Enter the name of your organisation"),
        ({"name": "     "}, "name", "Enter the name of your organisation"),
        ({"kind": "space_agency"}, "kind", "Select a valid choice"),
        ({"kind": ""}, "kind", "Select the type of organisation"),
        ({"size": "enormous"}, "size", "Select a valid choice"),
        ({"name": "N" * 201}, "name", "at most 200 characters"),
        ({"area": "A" * 121}, "area", "at most 120 characters"),
        ({"area": ""}, "area", "Enter the area or borough you mainly work in"),
    ],
    ids=[
        "missing-name",
        "blank-name",
        "unknown-kind",
        "missing-kind",
        "unknown-size",
        "long-name",
        "long-area",
        "missing-area",
    ],
)
def test_bad_details_are_shown_next_to_the_field_and_what_was_typed_is_kept(
    client, stranger, fields, field, error
):
    client.force_login(stranger)
    data = organisation_data(**fields)

    response = client.post(reverse("organisation_create"), data)

    assert response.status_code == 200
    assert not Organisation.objects.exists()
    assert list(response.context["form"].errors) == [field]
    page = text(response)
    # GOV.UK markup: the message sits in the field's group, and the field points to it.
    assert re.search(rf'id="div_id_{field}" class="govuk-form-group govuk-form-group--error"', page)
    assert re.search(rf'<span id="id_{field}_\d+_error" class="govuk-error-message">', page)
    assert error in said(response)
    assert headings(response)[0] == "Set up your organisation"
    for typed in ("name", "area"):
        if data[typed].strip():
            assert f'value="{data[typed]}"' in page
    if data["kind"] == "community_group":
        assert re.search(r'value="community_group"\s+checked', page)


def test_a_name_of_200_characters_and_area_of_120_are_accepted(client, stranger):
    client.force_login(stranger)

    client.post(reverse("organisation_create"), organisation_data(name="N" * 200, area="A" * 120))

    assert Organisation.objects.get().name == "N" * 200


def test_markup_in_an_organisation_name_is_escaped_everywhere_it_is_shown(client, stranger):
    client.force_login(stranger)
    client.post(reverse("organisation_create"), organisation_data(name=MARKUP_NAME))
    organisation = Organisation.objects.get()
    assert organisation.name == MARKUP_NAME
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;Trust&lt;/b&gt;"

    pages = {
        "detail with message": client.get(reverse("organisation", args=[organisation.pk])),
        "home": client.get(reverse("home")),
        "edit": client.get(reverse("organisation_edit", args=[organisation.pk])),
        "invite": client.get(reverse("invite_member", args=[organisation.pk])),
        "remove": client.get(
            reverse("remove_member", args=[organisation.pk, organisation.memberships.get().pk])
        ),
    }

    for name, page in pages.items():
        assert page.status_code == 200, name
        assert escaped in text(page), name
        assert "<script>alert" not in text(page), name
        assert "<b>Trust</b>" not in text(page), name


def test_only_admins_can_change_an_organisations_details(client, organisation, colleague):
    url = reverse("organisation_edit", args=[organisation.pk])
    client.force_login(colleague)

    assert client.get(url).status_code == 404
    assert client.post(url, organisation_data()).status_code == 404
    organisation.refresh_from_db()
    assert organisation.name == "Riverside Community Trust"


def test_an_admin_changes_the_organisations_details(client, admin, organisation):
    client.force_login(admin)
    url = reverse("organisation_edit", args=[organisation.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="Riverside Community Trust"' in text(form)

    response = client.post(url, organisation_data(name="Riverside Trust", size="medium"))

    assert response.status_code == 302
    assert response.url == reverse("organisation", args=[organisation.pk])
    organisation.refresh_from_db()
    assert (organisation.name, organisation.size) == ("Riverside Trust", "medium")
    assert "Your organisation's details have been saved." in said(client.get(response.url))


def test_bad_changes_are_refused_and_what_was_typed_is_kept(client, admin, organisation):
    client.force_login(admin)

    response = client.post(
        reverse("organisation_edit", args=[organisation.pk]),
        organisation_data(name="", area="Somewhere new"),
    )

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert 'value="Somewhere new"' in text(response)
    organisation.refresh_from_db()
    assert (organisation.name, organisation.area) == ("Riverside Community Trust", "Riverside")


def test_a_rejected_change_leaves_the_saved_name_on_the_page(client, admin, organisation):
    client.force_login(admin)

    response = client.post(
        reverse("organisation_edit", args=[organisation.pk]),
        organisation_data(name="Renamed Trust", area=""),
    )

    assert response.status_code == 200
    assert 'value="Renamed Trust"' in text(response)  # kept in the field, to correct
    assert headings(response) == ["Change Riverside Community Trust's details"]
    assert "Back to Riverside Community Trust" in said(response)
    organisation.refresh_from_db()
    assert organisation.name == "Riverside Community Trust"


def test_a_member_sees_the_organisation_and_its_people_but_no_admin_controls(
    client, organisation, colleague
):
    client.force_login(colleague)

    response = client.get(reverse("organisation", args=[organisation.pk]))

    assert response.status_code == 200
    assert "Riverside Community Trust" in headings(response)
    assert "Rita Okafor" in said(response)
    assert "Sam Patel (you)" in said(response)
    assert "Invite a colleague" not in said(response)
    assert "Change your organisation's details" not in said(response)
    assert "Make admin" not in said(response)
    assert "/members/" not in text(response)  # no role or removal links


def test_an_admin_sees_the_controls_for_people_and_invitations(client, admin, organisation):
    client.force_login(admin)

    response = client.get(reverse("organisation", args=[organisation.pk]))

    assert "Invite a colleague" in said(response)
    assert "Change your organisation's details" in said(response)
    assert "Invitations waiting for a reply" in said(response)


def test_switching_organisation_is_a_post(client, admin, organisation):
    client.force_login(admin)
    url = reverse("switch", args=[organisation.pk])

    assert client.get(url).status_code == 405
    assert "organisation_id" not in client.session


def test_switching_organisation_remembers_it_in_the_session(
    client, admin, organisation, outsider, other_organisation
):
    add_member(other_organisation, admin)
    client.force_login(admin)

    response = client.post(reverse("switch", args=[other_organisation.pk]))

    assert response.status_code == 302
    assert response.url == reverse("organisation", args=[other_organisation.pk])
    assert client.session["organisation_id"] == other_organisation.pk
    client.post(reverse("switch", args=[organisation.pk]))
    assert client.session["organisation_id"] == organisation.pk


def test_nobody_can_switch_to_an_organisation_they_are_not_in(
    client, organisation, outsider, other_organisation
):
    client.force_login(outsider)
    client.post(reverse("switch", args=[other_organisation.pk]))

    response = client.post(reverse("switch", args=[organisation.pk]))

    assert response.status_code == 404
    assert client.session["organisation_id"] == other_organisation.pk


def test_a_person_in_two_organisations_sees_both_on_the_home_page(
    client, organisation, colleague, other_organisation
):
    add_member(other_organisation, colleague, role=Membership.Role.ADMIN)
    client.force_login(colleague)
    client.post(reverse("switch", args=[other_organisation.pk]))

    home = client.get(reverse("home"))

    words = said(home)
    assert "Riverside Community Trust" in words
    assert "Northgate Borough Council" in words
    assert "Charity, Riverside. You are a member; 2 members." in words
    assert "You are an admin; 2 members." in words
    assert words.index("Northgate Borough Council") < words.index("Riverside Community Trust")
    assert words.count("Current") == 1
    assert "Northgate Borough Council Current" in words


def test_someone_in_no_organisation_is_offered_to_set_one_up(client, stranger):
    client.force_login(stranger)

    home = client.get(reverse("home"))

    assert "You are not part of an organisation yet" in said(home)
    assert reverse("organisation_create") in text(home)


def test_the_home_page_does_not_show_other_peoples_organisations(
    client, organisation, other_organisation
):
    someone = make_user("someone@example.org", "Some One")
    make_organisation("Someone's Own Group", someone)
    client.force_login(someone)

    words = said(client.get(reverse("home")))

    assert "Someone's Own Group" in words
    assert "Riverside Community Trust" not in words
    assert "Northgate Borough Council" not in words
