"""An organisation's own data: the audit log, the download of everything, and deletion
(assessment/views/data.py, exports.py, Organisation.erase, AuditEvent)."""

import csv
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessment.models import (
    Assessment,
    AuditEvent,
    Organisation,
    PeerReview,
    Respondent,
    RoundSummary,
    User,
)

from .answering_helpers import complete
from .helpers import said
from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import RIVERSIDE, dashboard_url, done_summary, signed_in, words


def data_url(organisation) -> str:
    return reverse("organisation_data", args=[organisation.pk])


def export_url(organisation) -> str:
    return reverse("organisation_export", args=[organisation.pk])


def delete_url(organisation) -> str:
    return reverse("organisation_delete", args=[organisation.pk])


def archive_of(response) -> zipfile.ZipFile:
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def rows(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


@pytest.fixture
def spring(organisation, framework, admin, colleague) -> Assessment:
    """Riverside's assessment: Sam answered and submitted; Joan answered by personal link."""
    assessment = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Spring 2027", created_by=admin
    )
    sam = Respondent.objects.create(assessment=assessment, user=colleague, name="Sam Patel")
    joan = Respondent.objects.create(assessment=assessment, name="Joan", email="joan@example.org")
    joan.new_link()
    complete(sam, submit=True, evidence='=HYPERLINK("http://evil.example")')
    complete(joan, perspective="person", submit=True, evidence="The bus is <b>late</b>")
    return assessment


# Who may use them


@pytest.mark.parametrize("url", [data_url, export_url, delete_url])
def test_only_the_organisations_admins_reach_its_data(
    url, clients, organisation, other_organisation
):
    address = url(organisation)
    for who in (
        "organisation_member",
        "other_organisation_admin",
        "stranger",
        "working_group_member",
        "superuser",
    ):
        client = clients[who]
        assert client.get(address).status_code in (404, 405), who
        assert client.post(address, {"name": organisation.name}).status_code in (404, 405), who
    assert clients["anonymous"].get(address).status_code == 302
    assert clients["anonymous"].post(address).status_code == 302
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    foreign = url(other_organisation)
    assert clients["organisation_admin"].get(foreign).status_code in (404, 405)
    assert clients["organisation_admin"].post(foreign, {"name": "x"}).status_code in (404, 405)
    assert Organisation.objects.filter(pk=other_organisation.pk).exists()


# The audit log


def test_closing_submitting_reopening_and_sharing_are_recorded(admin, organisation, spring):
    joan = spring.respondents.get(name="Joan")
    joan.reopen(by=admin)
    joan.submit()
    spring.close(by=admin)
    spring.set_sharing(True, None, by=admin)

    events = [
        (e.actor_name, e.verb, e.subject)
        for e in AuditEvent.objects.filter(organisation=organisation).order_by("pk")
    ]

    assert events == [
        ("Sam Patel", "submitted", "their answers to Spring 2027"),
        ("Joan (personal link)", "submitted", "their answers to Spring 2027"),
        ("Rita Okafor", "reopened", "Joan's answers to Spring 2027"),
        ("Joan (personal link)", "submitted", "their answers to Spring 2027"),
        ("Rita Okafor", "closed", "Spring 2027"),
        ("Rita Okafor", "shared", "Spring 2027"),
    ]


def test_the_admin_reads_who_did_what_newest_first(admin, organisation, spring):
    spring.close(by=admin)
    client = signed_in(admin)

    page = client.get(data_url(organisation))

    assert page.status_code == 200
    text = said(page)
    assert text.index("Rita Okafor Closed Spring 2027") < text.index("Sam Patel Submitted")


def test_the_record_cannot_be_changed_or_deleted_one_by_one(admin, organisation, spring):
    event = AuditEvent.objects.filter(organisation=organisation).first()
    event.subject = "something else"

    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()


# Download everything


def test_the_download_holds_everything_with_a_readme_and_is_recorded(admin, organisation, spring):
    client = signed_in(admin)

    archive = archive_of(client.post(export_url(organisation)))

    names = set(archive.namelist())
    readme = archive.read("README.txt").decode()
    for name in names - {"README.txt"}:
        assert f"{name}:" in readme
    assert {"members.csv", "answers.csv", "respondents.csv", "audit_log.csv"} <= names
    answers = rows(archive, "answers.csv")
    assert "The bus is <b>late</b>" in {row["Evidence"] for row in answers}
    assert '\'=HYPERLINK("http://evil.example")' in {row["Evidence"] for row in answers}
    people = {row["Name"]: row for row in rows(archive, "respondents.csv")}
    assert people["Joan"]["Email"] == "joan@example.org"
    assert people["Joan"]["Personal link"] == "True"
    joan = spring.respondents.get(name="Joan")
    for name in names:
        assert joan.token_hash not in archive.read(name).decode("utf-8-sig")
    assert AuditEvent.objects.filter(organisation=organisation, verb="exported").exists()


def test_the_download_is_a_post_so_a_link_cannot_start_it(admin, organisation):
    assert signed_in(admin).get(export_url(organisation)).status_code == 405


# Deleting


def test_the_first_step_names_what_will_go(admin, organisation, spring):
    page = signed_in(admin).get(delete_url(organisation))

    assert page.status_code == 200
    text = said(page)
    assert "Delete Riverside Community Trust and everything it holds?" in text
    assert "1 assessment, with 2 people's" in text
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_wrong_name_deletes_nothing_and_keeps_what_was_typed(admin, organisation, spring):
    response = signed_in(admin).post(delete_url(organisation), {"name": "Riverside"})

    assert response.status_code == 200
    assert "The name you typed is not the organisation's name." in said(response)
    assert 'value="Riverside"' in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_deleting_removes_everything_it_owns_and_keeps_peoples_accounts(
    admin, colleague, organisation, spring
):
    client = signed_in(admin)

    response = client.post(delete_url(organisation), {"name": " riverside community  TRUST "})

    assert response.status_code == 302
    assert "Riverside Community Trust and everything it held have been deleted." in said(
        client.get(response.url)
    )
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Assessment.objects.filter(pk=spring.pk).exists()
    assert not Respondent.objects.filter(assessment_id=spring.pk).exists()
    assert User.objects.filter(pk__in=[admin.pk, colleague.pk]).count() == 2
    [last] = AuditEvent.objects.all()
    assert (last.organisation, last.organisation_name, last.verb) == (
        None,
        "Riverside Community Trust",
        "deleted",
    )


def test_shared_results_leave_the_working_groups_dashboards_and_summaries_at_once(
    shared_round, admin, organisation, wg_client
):
    summary = done_summary(shared_round.round)
    before = words(wg_client.get(dashboard_url(shared_round.round)))
    assert RIVERSIDE in before

    signed_in(admin).post(delete_url(organisation), {"name": organisation.name})

    assert RIVERSIDE not in words(wg_client.get(dashboard_url(shared_round.round)))
    summary.refresh_from_db()
    assert summary.status == RoundSummary.Status.FAILED
    assert summary.pdf is None
    assert not PeerReview.objects.filter(assessment__organisation_id=organisation.pk).exists()


def test_the_back_office_shows_the_record_but_cannot_change_or_delete_it(
    clients, admin, organisation, spring
):
    staff = clients["superuser"]
    event = AuditEvent.objects.filter(organisation=organisation).first()

    listing = staff.get(reverse("admin:assessment_auditevent_changelist"))
    deleting = staff.post(reverse("admin:assessment_auditevent_delete", args=[event.pk]))

    assert listing.status_code == 200
    assert "Sam Patel" in listing.content.decode()
    assert deleting.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_inviting_changing_roles_and_removing_people_are_recorded(
    admin, colleague, organisation, spring, mailoutbox
):
    client = signed_in(admin)
    client.post(
        reverse("invite_member", args=[organisation.pk]),
        {"email": "new.person@example.org", "role": "member"},
    )
    member = organisation.memberships.get(user=colleague)
    client.post(reverse("change_role", args=[organisation.pk, member.pk]), {"role": "admin"})
    client.post(reverse("remove_member", args=[organisation.pk, member.pk]))
    client.post(
        reverse("add_link_respondent", args=[organisation.pk, spring.pk]),
        {"name": "Pat Jones", "email": "", "message": ""},
    )

    events = list(
        AuditEvent.objects.filter(organisation=organisation, actor=admin)
        .order_by("pk")
        .values_list("verb", "subject")
    )

    assert events == [
        ("invited", "new.person@example.org to join as member"),
        ("changed_role", "Sam Patel to admin"),
        ("removed", "Sam Patel"),
        ("invited", "Pat Jones to Spring 2027"),
    ]
