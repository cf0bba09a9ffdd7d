"""Depositing case studies, the submitter's own list, and the working group deciding on them.

Riverside's admin deposits; everyone else is walked through every new URL: nobody but the
submitter and the working group sees a study before it is published.
"""

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from principles.models import CaseStudy
from tests.principles.case_study_helpers import (
    assert_well_formed,
    make_case_study,
    make_many_case_studies,
)

from .working_group_helpers import signed_in, wg_member, working_group  # noqa: F401

YOURS = reverse("your_case_studies")
QUEUE = reverse("case_study_queue")
LIBRARY = reverse("library:case_studies")

VALID = {
    "title": "Tenants' repairs panel",
    "summary": "Tenants and staff planned the new repairs service together.",
    "what_changed": "Repairs are faster, and tenants now chair the panel.",
    "principles": ["people-as-assets", "mutuality-reciprocity"],
    "sector": "housing",
    "kind": "co_design",
    "place": "Riverside",
    "contact": "",
}


def assert_not_found(client, url, data=None):
    """404 for GET and POST; a page that takes only one of them may answer the other with 405,
    which it does whoever asks, so it gives nothing away."""
    statuses = {client.get(url).status_code, client.post(url, data or {}).status_code}
    assert statuses <= {404, 405}, (url, statuses)
    assert 404 in statuses, (url, statuses)


def deposit_url(organisation):
    return reverse("deposit_case_study", args=[organisation.pk])


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def deposited(framework, admin, organisation):
    """A study Riverside's admin deposited, waiting for approval."""
    study = CaseStudy(
        title="Riverside café",
        summary="People who use the day centre run its café with staff.",
        what_changed="Twelve people have paid work, and the menu is theirs.",
        sector="social_care",
        kind="co_delivery",
        place="Riverside",
    )
    study.deposit(
        by=admin, organisation_name=organisation.name, principle_slugs=["people-as-assets"]
    )
    return study


@pytest.fixture
def people(wg_member, admin, colleague, outsider, other_organisation, stranger, staff):  # noqa: F811
    return {
        "anonymous": Client(),
        "submitter": signed_in(admin),
        "colleague of the submitter": signed_in(colleague),
        "member of another organisation": signed_in(outsider),
        "stranger": signed_in(stranger),
        "staff without the permission": signed_in(staff),
        "working-group member": signed_in(wg_member),
    }


# --- Depositing ------------------------------------------------------------------------------


def test_a_member_deposits_a_case_study_that_waits_for_approval(
    client, framework, colleague, organisation
):
    client.force_login(colleague)

    response = client.post(deposit_url(organisation), VALID, follow=True)

    assert response.redirect_chain == [(YOURS, 302)]
    assert "your case study has gone to the working group" in words(response)
    study = CaseStudy.objects.get()
    assert study.status == CaseStudy.Status.SUBMITTED
    assert study.submitted_by == colleague
    assert study.organisation_name == "Riverside Community Trust"
    assert sorted(study.principle_slugs()) == ["mutuality-reciprocity", "people-as-assets"]
    assert "Tenants' repairs panel" in words(response)
    assert "Waiting for approval" in words(response)
    assert "Tenants" not in words(client.get(LIBRARY))


def test_the_deposit_form_has_one_heading_and_explains_who_sees_it(
    client, framework, colleague, organisation
):
    client.force_login(colleague)

    response = client.get(deposit_url(organisation))

    page = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert "Share a case study" in words(response)
    assert "The working group reads it before anyone else can" in words(response)


def test_an_empty_form_says_what_is_missing_next_to_each_field(
    client, framework, colleague, organisation
):
    client.force_login(colleague)

    response = client.post(deposit_url(organisation), {})

    text = words(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    for message in (
        "Enter a title",
        "Enter what you did and who took part",
        "Enter what changed as a result",
        "Select at least one principle it shows",
        "Select the sector it is in",
        "Select the kind of co-production it was",
        "Enter where it happened",
    ):
        assert text.count(message) == 2, message  # in the summary and beside the field
    assert not CaseStudy.objects.exists()


def test_too_long_text_is_refused_and_nothing_typed_is_lost(
    client, framework, colleague, organisation
):
    client.force_login(colleague)
    long_summary = "We met every week. " * 100

    response = client.post(deposit_url(organisation), {**VALID, "summary": long_summary})

    page = response.content.decode()
    assert "What you did must be 1500 characters or fewer" in words(response)
    assert long_summary.strip() in page
    assert 'value="Tenants&#x27; repairs panel"' in page
    assert re.search(r'value="mutuality-reciprocity"\s+checked', page)
    assert re.search(r'value="co_design"\s+checked', page)
    assert not CaseStudy.objects.exists()


def test_a_contact_is_kept_only_with_consent(client, framework, colleague, organisation):
    client.force_login(colleague)
    contact = {**VALID, "contact": "Sam Patel, sam@riverside.example"}

    refused = client.post(deposit_url(organisation), contact)
    client.post(deposit_url(organisation), {**contact, "contact_consent": "on"})

    assert words(refused).count("Tick the box to say we may share this contact") == 2
    assert "onstraint" not in words(refused)
    study = CaseStudy.objects.get()
    assert study.contact == "Sam Patel, sam@riverside.example"
    assert study.contact_consent


def test_only_members_of_the_organisation_can_deposit_for_it(people, organisation, framework):
    url = deposit_url(organisation)

    for name in ("member of another organisation", "stranger", "staff without the permission"):
        assert people[name].get(url).status_code == 404, name
        assert people[name].post(url, VALID).status_code == 404, name
    assert people["anonymous"].get(url).url.startswith(reverse("login"))
    assert not CaseStudy.objects.exists()


# --- Your case studies -----------------------------------------------------------------------


def test_the_submitter_sees_their_studies_and_their_status(people, deposited):
    make_case_study("Someone else's study", status="submitted")

    response = people["submitter"].get(YOURS)

    text = words(response)
    assert response.status_code == 200
    assert "Riverside café Riverside Community Trust Waiting for approval" in text
    assert "Someone else's study" not in text
    assert "Share a case study from Riverside Community Trust" in text


@pytest.mark.parametrize(
    "person", ["colleague of the submitter", "member of another organisation", "stranger"]
)
def test_nobody_else_sees_the_study_in_their_own_list(people, deposited, person):
    response = people[person].get(YOURS)

    assert response.status_code == 200
    assert "Riverside café" not in words(response)


def test_someone_in_no_organisation_is_told_how_to_share_one(people, deposited):
    text = words(people["stranger"].get(YOURS))

    assert "You have not shared any case studies yet" in text
    assert "Set up your organisation" in text


def test_the_submitter_reads_why_it_was_sent_back_and_sends_it_again(people, deposited):
    deposited.send_back("Please say how many people took part.")
    client = people["submitter"]

    page = words(client.get(reverse("your_case_study", args=[deposited.pk])))
    response = client.post(
        reverse("change_case_study", args=[deposited.pk]),
        {**VALID, "summary": "Forty people who use the day centre run its café."},
    )

    assert "Please say how many people took part." in page
    assert "Change it and send it again" in page
    assert response.status_code == 302
    deposited.refresh_from_db()
    assert deposited.status == CaseStudy.Status.SUBMITTED
    assert deposited.summary.startswith("Forty people")


def test_a_published_study_can_no_longer_be_changed(people, deposited):
    deposited.publish()

    response = people["submitter"].post(
        reverse("change_case_study", args=[deposited.pk]), {**VALID, "title": "Changed"}
    )

    assert response.status_code == 302
    deposited.refresh_from_db()
    assert deposited.title == "Riverside café"


# --- Every role on every URL -----------------------------------------------------------------

SUBMITTER_URLS = ["your_case_study", "change_case_study"]
WORKING_GROUP_URLS = ["moderate_case_study"]
DECISIONS = ["publish_case_study", "send_back_case_study"]


@pytest.mark.parametrize(
    "person",
    [
        "colleague of the submitter",
        "member of another organisation",
        "stranger",
        "staff without the permission",
        "working-group member",
    ],
)
def test_only_the_submitter_reaches_their_own_study(people, deposited, person):
    for name in SUBMITTER_URLS:
        assert_not_found(people[person], reverse(name, args=[deposited.pk]), VALID)
    deposited.refresh_from_db()
    assert deposited.title == "Riverside café"


@pytest.mark.parametrize(
    "person",
    [
        "submitter",
        "colleague of the submitter",
        "member of another organisation",
        "stranger",
        "staff without the permission",
    ],
)
def test_only_the_working_group_reaches_the_queue_and_decides(people, deposited, person):
    client = people[person]

    assert client.get(QUEUE).status_code == 404
    assert client.get(reverse("moderate_case_study", args=[deposited.pk])).status_code == 404
    for name in DECISIONS:
        url = reverse(name, args=[deposited.pk])
        assert client.post(url, {"reason": "No"}).status_code == 404, name
    deposited.refresh_from_db()
    assert deposited.status == CaseStudy.Status.SUBMITTED


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(people, deposited, organisation):
    client = people["anonymous"]
    urls = [YOURS, QUEUE, deposit_url(organisation)] + [
        reverse(name, args=[deposited.pk])
        for name in SUBMITTER_URLS + WORKING_GROUP_URLS + DECISIONS
    ]

    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(f"{reverse('login')}?next="), url
    deposited.refresh_from_db()
    assert deposited.status == CaseStudy.Status.SUBMITTED


@pytest.mark.parametrize("person", ["submitter", "working-group member"])
def test_unknown_ids_are_not_found_even_for_those_allowed(people, deposited, person):
    missing = deposited.pk + 1000
    names = SUBMITTER_URLS if person == "submitter" else WORKING_GROUP_URLS + DECISIONS

    for name in names:
        assert_not_found(people[person], reverse(name, args=[missing]), {"reason": "No"})


def test_a_seeded_study_is_not_anyones_own(people, deposited):
    seeded = make_case_study("Seeded", submitted_by=None)

    url = reverse("your_case_study", args=[seeded.pk])

    assert people["submitter"].get(url).status_code == 404


@pytest.mark.parametrize(
    "person",
    [
        "anonymous",
        "submitter",
        "colleague of the submitter",
        "member of another organisation",
        "stranger",
        "staff without the permission",
        "working-group member",
    ],
)
def test_an_unapproved_study_is_invisible_in_the_library_to_everyone(people, deposited, person):
    client = people[person]

    assert client.get(reverse("library:case_study", args=[deposited.slug])).status_code == 404
    assert "Riverside café" not in words(client.get(LIBRARY, {"q": "café"}))
    assert "Riverside café" not in words(
        client.get(reverse("principles:principle", args=["people-as-assets"]))
    )


# --- The working group decides ---------------------------------------------------------------


def test_the_working_group_sees_the_queue_and_the_study(people, deposited):
    client = people["working-group member"]

    queue = words(client.get(QUEUE))
    page = words(client.get(reverse("moderate_case_study", args=[deposited.pk])))

    assert "1 case study is waiting" in queue
    assert "Riverside café Riverside Community Trust" in queue
    assert "People who use the day centre run its café with staff." in page
    assert "Sent by Rita Okafor (admin@riverside.example)" in page
    assert "Publish it" in page
    assert "Why are you sending it back?" in page


def test_publishing_puts_it_in_the_library_and_emails_the_submitter(people, deposited, mailoutbox):
    response = people["working-group member"].post(
        reverse("publish_case_study", args=[deposited.pk]), follow=True
    )

    assert "“Riverside café” is published in the library" in words(response)
    deposited.refresh_from_db()
    assert deposited.is_published
    library = words(people["anonymous"].get(LIBRARY))
    assert "Riverside café" in library
    principle_page = words(
        people["anonymous"].get(reverse("principles:principle", args=["people-as-assets"]))
    )
    assert "Riverside café" in principle_page
    [email] = mailoutbox
    assert email.to == ["admin@riverside.example"]
    assert email.subject == 'Your case study "Riverside café" is published'
    assert f"{settings.SITE_URL}{deposited.get_absolute_url()}" in email.body
    assert "Published" in words(people["submitter"].get(YOURS))


def test_sending_back_needs_a_reason(people, deposited, mailoutbox):
    url = reverse("send_back_case_study", args=[deposited.pk])

    response = people["working-group member"].post(url, {"reason": "   "})

    assert response.status_code == 200
    assert "Enter why you are sending it back" in words(response)
    assert "There is a problem" in words(response)
    deposited.refresh_from_db()
    assert deposited.status == CaseStudy.Status.SUBMITTED
    assert mailoutbox == []


def test_sending_back_tells_the_submitter_why(people, deposited, mailoutbox):
    url = reverse("send_back_case_study", args=[deposited.pk])

    people["working-group member"].post(url, {"reason": "Please leave out people's names."})

    deposited.refresh_from_db()
    assert deposited.status == CaseStudy.Status.SENT_BACK
    [email] = mailoutbox
    assert email.to == ["admin@riverside.example"]
    assert "Please leave out people's names." in email.body
    assert reverse("your_case_study", args=[deposited.pk]) in email.body
    assert "Sent back" in words(people["submitter"].get(YOURS))
    assert "Riverside café" not in words(people["anonymous"].get(LIBRARY))


def test_a_study_is_decided_once_and_emailed_once(people, deposited, mailoutbox):
    client = people["working-group member"]

    client.post(reverse("publish_case_study", args=[deposited.pk]))
    response = client.post(
        reverse("send_back_case_study", args=[deposited.pk]), {"reason": "Too late"}, follow=True
    )

    assert "Someone has already decided on this case study" in words(response)
    deposited.refresh_from_db()
    assert deposited.is_published
    assert len(mailoutbox) == 1


def test_deciding_must_be_a_post(people, deposited):
    client = people["working-group member"]

    for name in DECISIONS:
        assert client.get(reverse(name, args=[deposited.pk])).status_code == 405
    deposited.refresh_from_db()
    assert deposited.status == CaseStudy.Status.SUBMITTED


def test_publishing_still_happens_when_the_mail_server_is_down(people, deposited, mail_server_down):
    people["working-group member"].post(reverse("publish_case_study", args=[deposited.pk]))

    deposited.refresh_from_db()
    assert deposited.is_published


# --- Query counts ----------------------------------------------------------------------------


def test_the_queue_makes_a_fixed_number_of_queries_with_a_thousand_waiting(
    people, framework, django_assert_max_num_queries
):
    make_many_case_studies(1000, status=CaseStudy.Status.SUBMITTED, published_at=None)
    client = people["working-group member"]

    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(QUEUE, {"page": 20})

    assert "1000 case studies are waiting" in words(response)
    assert words(response).count("Study ") == 20


def test_your_case_studies_makes_a_fixed_number_of_queries(
    people, admin, framework, django_assert_max_num_queries
):
    make_many_case_studies(200, status=CaseStudy.Status.SUBMITTED, submitted_by=admin)

    with django_assert_max_num_queries(YOURS_QUERIES):
        response = people["submitter"].get(YOURS)

    assert words(response).count("Waiting for approval") == 200


# Measured: the session, the user, their permissions (two), the count, the page, and saving
# the session (three, as every request does).
QUEUE_QUERIES = 9
# Measured: the same, with the studies and the memberships in place of the count and the page.
YOURS_QUERIES = 9


def test_every_case_study_page_is_well_formed(people, deposited, organisation):
    submitter, wg = people["submitter"], people["working-group member"]
    pages = [
        submitter.get(deposit_url(organisation)),
        submitter.post(deposit_url(organisation), {"title": "x" * 200}),
        submitter.get(YOURS),
        submitter.get(reverse("your_case_study", args=[deposited.pk])),
        submitter.get(reverse("change_case_study", args=[deposited.pk])),
        wg.get(QUEUE),
        wg.get(reverse("moderate_case_study", args=[deposited.pk])),
        wg.post(reverse("send_back_case_study", args=[deposited.pk]), {"reason": ""}),
    ]
    deposited.publish()
    pages += [
        people["anonymous"].get(LIBRARY, {"q": "café", "sector": "nowhere"}),
        people["anonymous"].get(deposited.get_absolute_url()),
        people["anonymous"].get(reverse("principles:principle", args=["people-as-assets"])),
    ]

    for response in pages:
        assert response.status_code == 200
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1
        assert_well_formed(response)
