"""An organisation admin starts an assessment, chooses who answers it, keeps track of them,
and closes it (assessment/views/assessments.py)."""

import hashlib
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment, PrincipleResult, Respondent
from principles.models import Framework

from ..factories import add_member, make_user
from .answering_helpers import FIRST, Urls, complete, fill_in, form_of, section_data, text_of
from .helpers import html_part, only_link, said, site_path

HEADING_CANCELLED = "This link has been cancelled"
HEADING_UNKNOWN = "We do not recognise this link"
HEADING_CLOSED = "This assessment has closed"


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    """Riverside's "Spring 2027", started by its admin, who is down to answer it."""
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def sam(spring, colleague) -> Respondent:
    """The colleague, down to answer Spring 2027 with their account."""
    (added,) = spring.add_colleagues([colleague])
    return added


@pytest.fixture
def joan(spring) -> Respondent:
    """Joan answers through a personal link and gave no email address."""
    return Respondent.objects.create(assessment=spring, name="Joan Smith")


def url(name: str, assessment: Assessment, respondent: Respondent | None = None) -> str:
    args = [assessment.organisation_id, assessment.pk]
    return reverse(name, args=[*args, respondent.pk] if respondent else args)


def create_url(organisation) -> str:
    return reverse("assessment_create", args=[organisation.pk])


def personal_link(response) -> str:
    """The link shown on the "personal link" page, in its read-only input."""
    found = re.search(
        r'<input[^>]*id="personal-link"[^>]*value="([^"]*)"', response.content.decode()
    )
    assert found, "the page should show a personal link"
    return unescape(found.group(1))


def token_of(link: str) -> str:
    prefix = f"{settings.SITE_URL}/respond/"
    assert link.startswith(prefix), link
    return link.removeprefix(prefix).rstrip("/")


def open_link(link: str):
    """Open a personal link in a fresh browser, as the person it was sent to would."""
    return Client().get(site_path(link))


def task_list_link(assessment: Assessment) -> str:
    return f"{settings.SITE_URL}{Urls(assessment).task_list}"


def statuses(response) -> dict[str, str]:
    """{name: status} from the table of people answering."""
    page = response.content.decode()
    body = page[page.index('<tbody class="govuk-table__body">') :]
    body = body[: body.index("</tbody>")]
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.DOTALL):
        name = re.search(r'<th scope="row"[^>]*>(.*?)<span', row, flags=re.DOTALL).group(1)
        status = re.search(r'class="govuk-tag[^"]*">(.*?)</strong>', row).group(1)
        found[unescape(name).strip()] = status
    return found


def checkbox_values(response, name: str) -> set[int]:
    page = response.content.decode()
    inputs = re.findall(r"<input[^>]*>", page)
    return {
        int(re.search(r'value="(\d+)"', tag).group(1))
        for tag in inputs
        if f'name="{name}"' in tag and 'type="checkbox"' in tag
    }


# Starting


def test_an_admin_starts_an_assessment_pinned_to_the_current_framework(
    admin_client, admin, organisation, framework
):
    newer = framework.new_draft("2026.2")
    newer.publish()
    assert Framework.objects.current() == newer

    response = admin_client.post(
        create_url(organisation), {"title": "Spring 2027", "service": "Day centres"}
    )

    assessment = Assessment.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response.url == assessment.get_absolute_url()
    assert assessment.framework == newer
    assert (assessment.title, assessment.service) == ("Spring 2027", "Day centres")
    assert assessment.is_open
    assert assessment.created_by == admin
    assert [(r.user, r.name, r.email) for r in assessment.respondents.all()] == [
        (admin, "Rita Okafor", "admin@riverside.example")
    ]
    page = admin_client.get(response.url)
    assert "Spring 2027 has started and you are down to answer it." in said(page)
    assert "Day centres" in said(page)


def test_the_service_is_optional(admin_client, organisation, framework):
    response = admin_client.post(create_url(organisation), {"title": "Spring 2027", "service": ""})

    assessment = Assessment.objects.get(organisation=organisation)
    assert response.url == assessment.get_absolute_url()
    assert assessment.service == ""
    assert assessment.framework == framework
    assert "The whole organisation" in said(admin_client.get(response.url))


def test_a_title_is_required(admin_client, organisation, framework):
    for title in ("", "   "):
        response = admin_client.post(create_url(organisation), {"title": title, "service": "X"})

        assert response.status_code == 200
        assert "Enter a name for the assessment" in text_of(response)
    assert not Assessment.objects.exists()


def test_an_over_long_title_is_refused_and_what_was_typed_is_kept(
    admin_client, organisation, framework
):
    typed = "A" * 121

    response = admin_client.post(
        create_url(organisation), {"title": typed, "service": "Day centres"}
    )

    assert response.status_code == 200
    assert "The name must be 120 characters or fewer" in text_of(response)
    assert form_of(response).values["title"] == typed
    assert form_of(response).values["service"] == "Day centres"
    assert not Assessment.objects.exists()


def test_a_title_of_exactly_120_characters_is_accepted(admin_client, organisation, framework):
    response = admin_client.post(create_url(organisation), {"title": "B" * 120})

    assert response.status_code == 302
    assert Assessment.objects.get().title == "B" * 120


def test_a_member_who_is_not_an_admin_cannot_start_an_assessment(
    client, colleague, organisation, framework
):
    client.force_login(colleague)

    assert client.get(create_url(organisation)).status_code == 404
    assert client.post(create_url(organisation), {"title": "Mine"}).status_code == 404
    assert not Assessment.objects.exists()


def test_the_organisation_page_offers_start_only_to_admins(
    client, admin, colleague, organisation, framework
):
    client.force_login(colleague)
    assert (
        create_url(organisation) not in client.get(organisation.get_absolute_url()).content.decode()
    )

    client.force_login(admin)
    assert create_url(organisation) in client.get(organisation.get_absolute_url()).content.decode()


def test_html_in_the_title_is_escaped_on_the_organisation_and_assessment_pages(
    admin_client, organisation, framework
):
    title = "<script>alert(1)</script> Spring"
    service = "<b>Day</b> centres"
    response = admin_client.post(create_url(organisation), {"title": title, "service": service})
    assessment = Assessment.objects.get()
    assert assessment.title == title

    for page in (
        admin_client.get(organisation.get_absolute_url()),
        admin_client.get(response.url),
    ):
        content = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in content
        assert "<b>Day</b>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Spring" in content
        assert "&lt;b&gt;Day&lt;/b&gt; centres" in content


def test_without_a_published_framework_nothing_starts(admin_client, organisation, framework):
    Framework.objects.update(published_at=None)

    response = admin_client.post(create_url(organisation), {"title": "Spring 2027"})

    assert response.status_code == 200
    assert "There is no published version of the framework yet" in text_of(response)
    assert form_of(response).values["title"] == "Spring 2027"
    assert not Assessment.objects.exists()


# Adding colleagues


def test_the_admin_adds_colleagues_and_each_is_emailed_a_link_to_their_task_list(
    admin_client, organisation, spring, colleague
):
    third = make_user("tom@riverside.example", "Tom Lee")
    add_member(organisation, third)

    response = admin_client.post(
        url("add_colleagues", spring), {"people": [colleague.pk, third.pk]}
    )

    assert response.status_code == 302
    assert response.url == spring.get_absolute_url()
    added = spring.respondents.exclude(user__email="admin@riverside.example")
    assert [(r.user, r.name, r.email, r.has_link) for r in added.order_by("name")] == [
        (colleague, "Sam Patel", "member@riverside.example", False),
        (third, "Tom Lee", "tom@riverside.example", False),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "member@riverside.example",
        "tom@riverside.example",
    ]
    for message in mail.outbox:
        link = only_link(message)  # the same link in the text and the HTML
        assert link == task_list_link(spring)
        assert link.startswith(settings.SITE_URL)
        assert "Spring 2027" in message.subject
    assert "We have emailed Sam Patel and Tom Lee a link to answer the assessment." in said(
        admin_client.get(response.url)
    )


def test_only_members_not_yet_answering_are_offered(
    admin_client, admin, organisation, spring, sam, outsider, other_organisation
):
    third = make_user("tom@riverside.example", "Tom Lee")
    add_member(organisation, third)

    response = admin_client.get(url("add_colleagues", spring))

    assert response.status_code == 200
    assert checkbox_values(response, "people") == {third.pk}
    assert "Sam Patel" not in said(response)


def test_a_colleague_already_answering_is_not_added_twice(admin_client, spring, sam, colleague):
    response = admin_client.post(url("add_colleagues", spring), {"people": [colleague.pk]})

    assert response.status_code == 200
    assert spring.respondents.filter(user=colleague).count() == 1
    assert mail.outbox == []


def test_someone_from_another_organisation_cannot_be_added_as_a_colleague(
    admin_client, spring, colleague, outsider, other_organisation
):
    response = admin_client.post(url("add_colleagues", spring), {"people": [outsider.pk]})

    assert response.status_code == 200
    assert "Select colleagues from the list" in text_of(response)
    assert not spring.respondents.filter(user=outsider).exists()
    assert mail.outbox == []


def test_when_everyone_is_answering_the_page_says_so(admin_client, spring, sam):
    response = admin_client.get(url("add_colleagues", spring))

    assert response.status_code == 200
    assert "Everyone in Riverside Community Trust is already down to answer" in said(response)
    assert checkbox_values(response, "people") == set()


# Adding someone by personal link


def test_someone_added_by_link_gets_a_link_shown_once_that_opens_their_answers(
    admin_client, spring
):
    response = admin_client.post(url("add_link_respondent", spring), {"name": "  Joan   Smith "})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    joan = spring.respondents.get(name="Joan Smith")
    assert joan.user is None
    assert joan.email == ""
    assert "Joan Smith has been added" in said(response)
    link = personal_link(response)
    token = token_of(link)
    assert mail.outbox == []

    visitor = Client()
    opened = visitor.get(site_path(link))
    assert opened.status_code == 302
    assert opened.url == reverse("link:task_list")
    assert token not in opened.url
    task_list = visitor.get(opened.url)
    assert task_list.status_code == 200
    assert token not in task_list.content.decode()

    # Shown once: the assessment page does not show it again.
    assert token not in admin_client.get(spring.get_absolute_url()).content.decode()


def test_the_token_is_stored_only_as_its_sha256_hash(admin_client, spring):
    response = admin_client.post(url("add_link_respondent", spring), {"name": "Joan Smith"})

    token = token_of(personal_link(response))
    joan = spring.respondents.get(name="Joan Smith")
    assert joan.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in joan.token_hash
    stored = Respondent.objects.filter(pk=joan.pk).values().get()
    assert token not in [str(value) for value in stored.values()]
    assert joan.link_expires_at > timezone.now()


def test_with_an_email_address_the_same_link_is_emailed_with_the_message(admin_client, spring):
    response = admin_client.post(
        url("add_link_respondent", spring),
        {"name": "Joan Smith", "email": " Joan@Example.org ", "message": "Your views matter."},
    )

    assert response.status_code == 200
    joan = spring.respondents.get(name="Joan Smith")
    assert joan.email == "joan@example.org"
    assert joan.user is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["joan@example.org"]
    assert only_link(message) == personal_link(response)
    assert "Your views matter." in message.body
    assert "We have emailed their personal link to joan@example.org." in said(response)
    assert open_link(personal_link(response)).status_code == 302


def test_html_in_a_name_or_message_is_escaped_on_the_pages_and_in_the_email(admin_client, spring):
    xss = "<script>alert(1)</script>"

    response = admin_client.post(
        url("add_link_respondent", spring),
        {"name": f"Joan {xss}", "email": "joan@example.org", "message": f"Hi {xss}"},
    )

    assert response.status_code == 200
    assert spring.respondents.filter(name=f"Joan {xss}").exists()
    page = admin_client.get(spring.get_absolute_url())
    for content in (response.content.decode(), page.content.decode(), html_part(mail.outbox[0])):
        assert xss not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_a_name_is_needed_for_a_personal_link(admin_client, spring):
    response = admin_client.post(url("add_link_respondent", spring), {"name": "  "})

    assert response.status_code == 200
    assert "Enter their name" in text_of(response)
    assert spring.respondents.count() == 1
    assert mail.outbox == []


def test_a_message_without_an_email_address_is_refused_and_kept(admin_client, spring):
    response = admin_client.post(
        url("add_link_respondent", spring), {"name": "Joan Smith", "message": "Hello Joan"}
    )

    assert response.status_code == 200
    assert "We can only send a message by email" in text_of(response)
    assert form_of(response).values["message"] == "Hello Joan"
    assert form_of(response).values["name"] == "Joan Smith"
    assert not spring.respondents.filter(name="Joan Smith").exists()


# Reminding


def test_reminding_a_colleague_emails_them_again(admin_client, spring, sam):
    response = admin_client.post(url("remind_respondent", spring, sam))

    assert response.status_code == 302
    assert response.url == spring.get_absolute_url()
    sam.refresh_from_db()
    assert sam.reminded_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@riverside.example"]
    assert only_link(mail.outbox[0]) == task_list_link(spring)
    page = admin_client.get(response.url)
    assert "We have emailed a reminder to Sam Patel." in said(page)
    assert f"Reminded {timezone.localdate():%-d %B %Y}" in said(page)


def test_reminding_someone_with_a_link_gives_them_a_new_one_and_the_old_one_stops(
    admin_client, spring, joan
):
    old = joan.new_link()

    response = admin_client.post(url("remind_respondent", spring, joan))

    assert response.status_code == 200
    assert "A new personal link for Joan Smith" in said(response)
    new = token_of(personal_link(response))
    assert new != old
    joan.refresh_from_db()
    assert joan.reminded_at is not None
    assert joan.token_hash == hashlib.sha256(new.encode()).hexdigest()
    assert mail.outbox == []
    stale = open_link(f"{settings.SITE_URL}/respond/{old}/")
    assert stale.status_code == 410
    assert HEADING_UNKNOWN in text_of(stale)
    assert open_link(personal_link(response)).url == reverse("link:task_list")


def test_the_action_for_someone_with_a_link_says_it_sends_a_new_link(
    admin_client, spring, sam, joan
):
    joan.new_link()

    page = said(admin_client.get(url("assessment", spring)))

    assert "Send a new link to Joan Smith" in page
    assert "Remind Joan Smith" not in page
    assert "Remind Sam Patel" in page


def test_reminding_someone_with_a_link_and_an_email_emails_the_new_link(admin_client, spring, joan):
    joan.email = "joan@example.org"
    joan.save()
    old = joan.new_link()

    response = admin_client.post(url("remind_respondent", spring, joan))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["joan@example.org"]
    link = only_link(mail.outbox[0])
    assert token_of(link) != old
    assert open_link(link).url == reverse("link:task_list")
    assert open_link(f"{settings.SITE_URL}/respond/{old}/").status_code == 410
    joan.refresh_from_db()
    assert joan.reminded_at is not None


def test_remind_is_not_offered_or_done_for_a_submitted_response(admin_client, spring, sam):
    complete(sam, submit=True)
    remind = url("remind_respondent", spring, sam)

    page = admin_client.get(spring.get_absolute_url())
    response = admin_client.post(remind, follow=True)

    assert remind not in page.content.decode()
    assert url("reopen_response", spring, sam) in page.content.decode()
    assert "Sam Patel has already submitted their answers." in said(response)
    sam.refresh_from_db()
    assert sam.reminded_at is None
    assert mail.outbox == []


def test_remind_cancel_and_reopen_only_take_post(admin_client, spring, joan):
    for name in ("remind_respondent", "cancel_respondent", "reopen_response"):
        assert admin_client.get(url(name, spring, joan)).status_code == 405
    joan.refresh_from_db()
    assert (joan.reminded_at, joan.revoked_at, joan.reopened_at) == (None, None, None)


# Cancelling a link


def test_cancelling_a_link_stops_it_working(admin_client, spring, joan):
    token = joan.new_link()

    response = admin_client.post(url("cancel_respondent", spring, joan))

    assert response.status_code == 302
    assert response.url == spring.get_absolute_url()
    joan.refresh_from_db()
    assert joan.revoked_at is not None
    opened = open_link(f"{settings.SITE_URL}/respond/{token}/")
    assert opened.status_code == 410
    assert HEADING_CANCELLED in text_of(opened)
    page = admin_client.get(response.url)
    assert "Joan Smith's personal link has been cancelled and no longer works." in said(page)
    assert statuses(page)["Joan Smith"] == "Link cancelled"


def test_a_colleague_has_no_link_to_cancel(admin_client, spring, sam):
    response = admin_client.post(url("cancel_respondent", spring, sam), follow=True)

    assert "answers with their own account, so there is no link to cancel" in said(response)
    sam.refresh_from_db()
    assert sam.revoked_at is None


# Reopening


def test_reopening_a_submitted_response_lets_them_change_it_and_tells_them(
    admin_client, spring, sam
):
    complete(sam, submit=True)

    response = admin_client.post(url("reopen_response", spring, sam))

    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.submitted_at is None
    assert sam.reopened_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@riverside.example"]
    assert only_link(mail.outbox[0]) == task_list_link(spring)
    assert "Sam Patel's answers are open for changes again. We have emailed them" in said(
        admin_client.get(response.url)
    )


def test_reopening_a_link_response_emails_them_a_new_link(admin_client, spring, joan):
    joan.email = "joan@example.org"
    joan.save()
    old = joan.new_link()
    complete(joan, perspective="person", submit=True)

    response = admin_client.post(url("reopen_response", spring, joan))

    assert response.status_code == 302
    joan.refresh_from_db()
    assert joan.submitted_at is None
    assert joan.reopened_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["joan@example.org"]
    link = only_link(mail.outbox[0])
    assert token_of(link) != old
    assert open_link(link).url == reverse("link:task_list")


def test_reopening_a_link_response_without_an_email_says_how_long_the_link_works(
    admin_client, spring, joan
):
    joan.new_link()
    complete(joan, perspective="person", submit=True)
    joan.refresh_from_db()
    until = f"{timezone.localtime(joan.link_expires_at):%-d %B %Y}"

    response = admin_client.post(url("reopen_response", spring, joan), follow=True)

    assert (
        "Joan Smith's answers are open for changes again. Let them know: their personal link "
        f"works until {until}." in said(response)
    )
    joan.refresh_from_db()
    assert joan.submitted_at is None
    assert mail.outbox == []


def test_reopening_a_response_to_a_closed_assessment_is_refused(admin_client, spring, sam):
    complete(sam, submit=True)
    spring.close()
    sam.refresh_from_db()
    submitted_at = sam.submitted_at

    response = admin_client.post(url("reopen_response", spring, sam), follow=True)

    assert response.status_code == 200
    assert "A closed assessment cannot be reopened for changes." in said(response)
    sam.refresh_from_db()
    assert sam.submitted_at == submitted_at
    assert sam.reopened_at is None
    assert mail.outbox == []
    spring.refresh_from_db()
    assert not spring.is_open


def test_a_response_in_progress_has_nothing_to_reopen(admin_client, spring, sam):
    response = admin_client.post(url("reopen_response", spring, sam), follow=True)

    assert "has not submitted their answers, so they can already change them" in said(response)
    sam.refresh_from_db()
    assert sam.reopened_at is None
    assert mail.outbox == []


# What the admin sees


def test_the_assessment_page_shows_each_persons_status_and_the_counts(
    admin_client, spring, sam, joan
):
    sam.start()
    complete(joan, perspective="person", submit=True)
    gone = Respondent.objects.create(assessment=spring, name="Olu Ade")
    gone.new_link()
    gone.revoke()

    response = admin_client.get(spring.get_absolute_url())

    assert response.status_code == 200
    assert statuses(response) == {
        "Rita Okafor (you)": "Invited",
        "Sam Patel": "Started",
        "Joan Smith": "Submitted",
        "Olu Ade": "Link cancelled",
    }
    assert "3 invited, 2 started, 1 submitted; 1 link cancelled." in said(response)
    assert "Person who uses services" in said(response)


def test_a_member_does_not_see_who_is_answering(client, spring, sam, colleague):
    client.force_login(colleague)

    response = client.get(spring.get_absolute_url())

    assert response.status_code == 200
    assert "People answering" not in said(response)
    assert "Rita Okafor" not in said(response)
    assert Urls(spring).task_list in response.content.decode()


# Measured: 7 queries whether 1 or 50 people answer (reading does not save the session): the
# session, the person, their membership, the assessment, its respondents, how many actions
# earlier assessments left open, and the header's permission lookup.
DETAIL_QUERIES = 7


def _many_people(assessment, count: int) -> None:
    """People in every state: invited, started, submitted and cancelled, with and without links."""
    made = Respondent.objects.bulk_create(
        Respondent(assessment=assessment, name=f"Person {n}", email=f"p{n}@example.org")
        for n in range(count)
    )
    now = timezone.now()
    for n, person in enumerate(made):
        if n % 4 == 1:
            person.started_at = now
        elif n % 4 == 2:
            person.started_at = person.submitted_at = now
        elif n % 4 == 3:
            person.revoked_at = now
        person.reminded_at = now if n % 2 else None
    Respondent.objects.bulk_update(
        made, ["started_at", "submitted_at", "revoked_at", "reminded_at"]
    )


def test_the_assessment_page_makes_a_fixed_number_of_queries_with_one_person(
    admin_client, spring, django_assert_max_num_queries
):
    assert spring.respondents.count() == 1

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = admin_client.get(spring.get_absolute_url())

    assert len(statuses(response)) == 1


def test_the_assessment_page_makes_the_same_number_of_queries_with_fifty_people(
    admin_client, spring, django_assert_max_num_queries
):
    _many_people(spring, 49)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = admin_client.get(spring.get_absolute_url())

    assert len(statuses(response)) == 50


# Closing


def test_the_close_page_says_how_many_will_and_will_not_be_counted(admin_client, spring, sam, joan):
    complete(sam, submit=True)
    complete(joan, perspective="person", submit=True)

    response = admin_client.get(url("close_assessment", spring))

    assert response.status_code == 200
    assert "2 responses have been submitted. They will be counted" in said(response)
    assert "1 response is still in progress" in said(response)
    assert "It is kept but not counted." in said(response)


def test_the_close_page_names_who_has_not_submitted(admin_client, spring, sam, joan):
    complete(sam, submit=True)
    joan.name = "Joan <b>Smith</b>"
    joan.save()

    response = admin_client.get(url("close_assessment", spring))

    text = said(response)
    listed = text[text.index("Not submitted yet") :]
    assert "Joan <b>Smith</b>" in listed
    assert "Rita Okafor" in listed
    assert "Sam Patel" not in listed
    assert "<b>Smith</b>" not in response.content.decode()


def test_the_admin_is_never_offered_a_reminder_to_themselves(admin_client, spring, sam, admin):
    page = said(admin_client.get(url("assessment", spring)))

    assert "Remind Sam Patel" in page
    assert f"Remind {admin.name}" not in page


def test_closing_with_nothing_submitted_says_why_and_stays_open(admin_client, spring, sam):
    sam.start()

    response = admin_client.post(url("close_assessment", spring))

    assert response.status_code == 200
    assert (
        "At least one person must submit their answers before you can close the assessment."
        in said(response)
    )
    spring.refresh_from_db()
    assert spring.is_open
    assert spring.closed_at is None
    assert not PrincipleResult.objects.filter(assessment=spring).exists()


# A person or two per perspective: small groups are tested in test_small_groups.py.
@pytest.mark.usefixtures("every_group_shown")
def test_closing_writes_the_results_and_says_how_many_were_not_counted(
    admin_client, spring, sam, joan
):
    complete(sam, perspective="staff", rung=5, submit=True)
    complete(joan, perspective="person", rung=3, submit=True)
    Respondent.objects.create(assessment=spring, name="Olu Ade").start()

    response = admin_client.post(url("close_assessment", spring))

    assert response.status_code == 302
    assert response.url == url("results", spring)
    spring.refresh_from_db()
    assert not spring.is_open
    assert spring.closed_at is not None
    results = PrincipleResult.objects.filter(assessment=spring)
    # Six principles: everyone together, staff, and people who use services.
    assert results.count() == 18
    everyone = results.filter(perspective="")
    assert {(r.rung.position, r.lowest_rung, r.highest_rung, r.respondents) for r in everyone} == {
        (3, 3, 5, 2)
    }
    assert "Assessment closed. 2 responses in progress were not counted." in said(
        admin_client.get(response.url)
    )


def test_closing_when_everyone_submitted_says_every_response_was_counted(
    admin_client, spring, admin
):
    complete(spring.respondents.get(user=admin), submit=True)

    response = admin_client.post(url("close_assessment", spring), follow=True)

    assert response.redirect_chain == [(url("results", spring), 302)]
    assert "Assessment closed. Every response was counted." in said(response)


def test_closing_twice_is_harmless(admin_client, spring, sam):
    complete(sam, submit=True)
    admin_client.post(url("close_assessment", spring))
    spring.refresh_from_db()
    closed_at = spring.closed_at
    results = list(PrincipleResult.objects.filter(assessment=spring).values_list("pk", flat=True))

    again = admin_client.post(url("close_assessment", spring), follow=True)

    assert again.redirect_chain == [(url("results", spring), 302)]
    assert "This assessment is already closed." in said(again)
    spring.refresh_from_db()
    assert spring.closed_at == closed_at
    assert sorted(
        PrincipleResult.objects.filter(assessment=spring).values_list("pk", flat=True)
    ) == (sorted(results))
    assert admin_client.get(url("close_assessment", spring)).url == url("results", spring)


def test_after_closing_answering_is_read_only(client, admin_client, spring, sam, joan, colleague):
    token = joan.new_link()
    fill_in(sam, [FIRST], rung=3)
    complete(Respondent.objects.create(assessment=spring, name="Olu Ade"), submit=True)
    admin_client.post(url("close_assessment", spring))
    urls = Urls(spring)
    sam_client = Client()
    sam_client.force_login(colleague)

    section = sam_client.get(urls.section(FIRST))
    post = sam_client.post(urls.section(FIRST), section_data(FIRST, rung=7, version=1))
    submit = sam_client.post(urls.check)

    assert section.url == urls.check
    assert post.url == urls.check
    assert submit.url == urls.check
    sam.refresh_from_db()
    assert sam.submitted_at is None
    assert sam.sections.get(principle__slug=FIRST).rung.position == 3
    closed = open_link(f"{settings.SITE_URL}/respond/{token}/")
    assert closed.status_code == 410
    assert HEADING_CLOSED in text_of(closed)


def test_after_closing_nobody_new_can_be_added_and_there_are_no_actions(
    admin_client, spring, sam, colleague, organisation
):
    complete(sam, submit=True)
    spring.close()
    add_member(organisation, make_user("tom@riverside.example", "Tom Lee"))

    colleagues = admin_client.post(url("add_colleagues", spring), {"people": [1]}, follow=True)
    link = admin_client.post(url("add_link_respondent", spring), {"name": "Joan"}, follow=True)
    page = admin_client.get(spring.get_absolute_url())

    assert "This assessment is closed, so nobody new can answer it." in said(colleagues)
    assert "This assessment is closed, so nobody new can answer it." in said(link)
    assert spring.respondents.count() == 2
    assert mail.outbox == []
    assert url("remind_respondent", spring, sam) not in page.content.decode()
    assert url("reopen_response", spring, sam) not in page.content.decode()
    assert url("results", spring) in page.content.decode()
