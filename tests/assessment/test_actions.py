"""Action plans (assessment/views/actions.py, models/actions.py, suggestions.py, digests.py):
suggestions from the standing, actions made in one press or from scratch, carried over to the
next assessment, in the report, the CSVs and a weekly email."""

import csv
import io
import re
import threading
import zipfile
from datetime import timedelta
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.exports import organisation_archive
from assessment.models import Action, Assessment, AuditEvent, Membership, Perspective
from assessment.reports.pdf import assessment_report
from principles.models import CaseStudy, Practice, Principle
from tests.factories import add_member, make_user
from tests.principles.case_study_helpers import make_many_case_studies

from .helpers import said
from .pdf_helpers import agree, close_assessment, pdf_text, submitted_review
from .working_group_helpers import signed_in, wg_member, working_group  # noqa: F401

FORMULA = '=HYPERLINK("http://evil.example","x")'
XSS = "<script>alert(1)</script>"
# Everyone on rung 4 (Consultation), but "mutuality-reciprocity" at the gold standard.
RUNGS = {
    "people-as-assets": 4,
    "building-capabilities": 4,
    "mutuality-reciprocity": 7,
    "peer-support-networks": 4,
    "breaking-down-barriers": 4,
    "facilitating-not-delivering": 4,
}


@pytest.fixture
def closed(organisation, framework, admin):
    return close_assessment(
        organisation,
        framework,
        admin,
        [{"name": "Ann", "perspective": Perspective.STAFF, "rungs": RUNGS}],
        title="Autumn 2026",
    )


@pytest.fixture
def member_client(client, colleague):
    client.force_login(colleague)
    return client


def next_steps_url(assessment) -> str:
    return reverse("results_next_steps", args=[assessment.organisation_id, assessment.pk])


def results_url(assessment) -> str:
    return reverse("results", args=[assessment.organisation_id, assessment.pk])


def practice(framework, slug) -> Practice:
    return Practice.objects.get(framework=framework, slug=slug)


def principle(framework, slug) -> Principle:
    return Principle.objects.get(framework=framework, slug=slug)


def make_action(assessment, slug="people-as-assets", **fields) -> Action:
    fields.setdefault("what", "Map the cafe's regulars' skills")
    return Action.objects.create(
        organisation=assessment.organisation,
        assessment=assessment,
        principle=principle(assessment.framework, slug),
        **fields,
    )


def form_data(framework, **changes) -> dict:
    data = {
        "principle": principle(framework, "people-as-assets").pk,
        "what": "Ask regulars to run the welcome desk",
        "owner": "",
        "owner_name": "",
        "due_date_0": "",
        "due_date_1": "",
        "due_date_2": "",
        "status": "planned",
        "notes": "",
    }
    return {**data, **changes}


# Suggestions on the results page ------------------------------------------------------------


def test_the_results_page_suggests_practices_from_the_standing_to_the_next_rung(
    member_client, closed, framework
):
    summary = said(member_client.get(results_url(closed)))
    page = said(member_client.get(next_steps_url(closed)))

    assert "Recognising people as assets: from Consultation to Engagement" in summary
    assert "Mutuality and reciprocity: from" not in summary
    assert "Recognising people as assets: from Consultation to Engagement" in page
    assert "Design and plan services with the people who use them" in page
    assert "From In This Together" in page
    # At the gold standard: nothing to suggest for that principle.
    assert "Mutuality and reciprocity: from" not in page


def test_suggestions_follow_the_agreed_rung_not_the_self_assessed_one(
    member_client, closed, framework, admin
):
    reviewer = make_user("reviewer@eastfield.example", "Evan Clarke")
    review = submitted_review(closed, admin, reviewer, {**RUNGS}, {})
    agree(review, admin, {"people-as-assets": (6, "We agreed co-design")}, confirmed=())

    page = said(member_client.get(next_steps_url(closed)))

    assert "Recognising people as assets: from Co-design to Co-production" in page
    assert "Recognising people as assets: from Consultation" not in page


def test_suggestions_show_published_case_studies_of_the_principle_only(
    member_client, closed, framework, admin
):
    call_command("loaddata", "case_studies", verbosity=0)
    CaseStudy(
        title="Unpublished study",
        summary="s",
        what_changed="w",
        sector=CaseStudy.Sector.HEALTH,
        kind=CaseStudy.Kind.CO_DESIGN,
        place="Here",
    ).deposit(by=admin, organisation_name="Riverside", principle_slugs=["people-as-assets"])

    page = said(member_client.get(next_steps_url(closed)))

    assert "Case studies that show recognising people as assets" in page
    assert "Hackney Play Streets" in page
    assert "Unpublished study" not in page


def test_an_open_assessment_suggests_nothing(member_client, organisation, framework, admin):
    assessment = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Open", created_by=admin
    )

    assert "Next steps" not in said(member_client.get(results_url(assessment)))


# Making actions --------------------------------------------------------------------------------


def test_one_press_on_a_suggestion_puts_the_practice_in_the_plan(
    member_client, closed, framework, colleague
):
    chosen = practice(framework, "design-services-together")
    url = reverse("action_from_practice", args=[closed.organisation_id, closed.pk])

    response = member_client.post(url, {"principle": "people-as-assets", "practice": chosen.pk})

    action = Action.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("action_edit", args=[closed.organisation_id, action.pk])
    assert action.what == chosen.name and action.practice == chosen
    assert action.status == Action.Status.PLANNED and action.created_by == colleague
    page = said(member_client.get(next_steps_url(closed)))
    assert "In your action plan" in page
    assert "1 in your plan" in said(member_client.get(results_url(closed)))
    # Pressing again makes no second one.
    member_client.post(url, {"principle": "people-as-assets", "practice": chosen.pk})
    assert Action.objects.count() == 1


def test_a_suggestion_is_added_only_by_pressing_its_button_which_names_it(
    member_client, closed, framework
):
    chosen = practice(framework, "design-services-together")
    url = reverse("action_from_practice", args=[closed.organisation_id, closed.pk])

    page = member_client.get(next_steps_url(closed)).content.decode()

    [form] = [
        form
        for form in re.findall(
            rf'<form method="post" action="{url}">(.*?)</form>', page, flags=re.DOTALL
        )
        if f'name="practice" value="{chosen.pk}"' in form
        and 'name="principle" value="people-as-assets"' in form
    ]
    button = " ".join(unescape(re.sub(r"<[^>]+>", "", form)).split())
    assert button == f"Add to our action plan: {chosen.name}, for Recognising people as assets"
    # A link followed by a mail scanner or a prefetching browser adds nothing.
    query = f"?principle=people-as-assets&practice={chosen.pk}"
    assert member_client.get(url + query).status_code == 405
    assert not Action.objects.exists()


def test_after_one_press_a_member_reads_what_was_added_and_how_to_drop_it(
    member_client, closed, framework
):
    chosen = practice(framework, "design-services-together")
    url = reverse("action_from_practice", args=[closed.organisation_id, closed.pk])

    response = member_client.post(
        url, {"principle": "people-as-assets", "practice": chosen.pk}, follow=True
    )

    page = said(response)
    assert f"“{chosen.name}” is in your action plan, for Recognising people as assets." in page
    assert "Added it by mistake? Choose “Dropped” as its status and save." in page
    assert "Only an admin can delete an action." in page
    assert "Delete this action" not in page


def test_after_one_press_an_admin_is_offered_to_delete_it(client, closed, framework, admin):
    client.force_login(admin)
    chosen = practice(framework, "design-services-together")
    url = reverse("action_from_practice", args=[closed.organisation_id, closed.pk])

    response = client.post(
        url, {"principle": "people-as-assets", "practice": chosen.pk}, follow=True
    )

    action = Action.objects.get()
    delete_url = reverse("action_delete", args=[closed.organisation_id, action.pk])
    assert "Added it by mistake? Delete it from the plan" in said(response)
    assert f'<a class="govuk-notification-banner__link" href="{delete_url}">' in (
        response.content.decode()
    )


def test_a_practice_whose_name_has_markup_is_escaped_in_the_message(
    client, closed, framework, admin
):
    chosen = practice(framework, "design-services-together")
    Practice.objects.filter(pk=chosen.pk).update(name=XSS)  # the fixture is trusted; be safe
    client.force_login(admin)
    url = reverse("action_from_practice", args=[closed.organisation_id, closed.pk])

    response = client.post(
        url, {"principle": "people-as-assets", "practice": chosen.pk}, follow=True
    )

    assert XSS not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_presses_at_once_add_the_practice_once(closed, framework, colleague):
    """Without JavaScript a double click sends two requests: the second waits for the first's
    lock on the assessment, then finds the action there."""
    chosen = practice(framework, "design-services-together")
    url = reverse("action_from_practice", args=[closed.organisation_id, closed.pk])
    data = {"principle": "people-as-assets", "practice": chosen.pk}
    answers = []

    def second_press():
        try:
            client = Client()
            client.force_login(colleague)
            answers.append(client.post(url, data))
        finally:
            connections.close_all()

    with transaction.atomic():  # the first press, holding the lock as from_practice does
        Assessment.objects.select_for_update().get(pk=closed.pk)
        thread = threading.Thread(target=second_press)
        thread.start()
        thread.join(2.0)  # time to reach the lock and wait there
        make_action(closed, what=chosen.name, practice=chosen)
    thread.join(30)

    assert not thread.is_alive()
    assert answers[0].status_code == 302
    assert Action.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"principle": "people-as-assets", "practice": "x"},
        {"principle": "no-such-principle", "practice": "1"},
        {"principle": "people-as-assets"},
        # A practice that does not fit that principle.
        {"principle": "peer-support-networks", "practice": "design-services-together"},
    ],
)
def test_a_suggestion_that_does_not_exist_is_404(member_client, closed, framework, data):
    if data.get("practice") == "design-services-together":
        data["practice"] = practice(framework, "design-services-together").pk
    url = reverse("action_from_practice", args=[closed.organisation_id, closed.pk])

    assert member_client.post(url, data).status_code == 404
    assert not Action.objects.exists()


def test_a_member_writes_an_action_from_scratch(member_client, closed, framework, admin):
    url = reverse("action_add", args=[closed.organisation_id, closed.pk])
    assert member_client.get(url + "?principle=peer-support-networks").status_code == 200

    response = member_client.post(
        url,
        form_data(
            framework,
            what="  Start a   peer group  ",
            owner=admin.pk,
            due_date_0="31",
            due_date_1="3",
            due_date_2="2027",
        ),
    )

    assert response.status_code == 302
    action = Action.objects.get()
    assert action.what == "Start a peer group"
    assert action.owner == admin and action.due_date.isoformat() == "2027-03-31"
    assert action.assessment == closed and action.organisation == closed.organisation


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"what": ""}, "what", "Enter what you will do"),
        ({"what": "x" * 201}, "what", "What you will do must be 200 characters or fewer"),
        ({"notes": "x" * 2001}, "notes", "Notes must be 2000 characters or fewer"),
        ({"owner_name": "Joan", "owner": "OWNER"}, "owner_name", "not both"),
        ({"owner": "999999"}, "owner", "Choose someone from the list"),
        ({"due_date_0": "31", "due_date_1": "2", "due_date_2": "2027"}, "due_date", "real date"),
        ({"due_date_0": "1", "due_date_1": "", "due_date_2": ""}, "due_date", "Enter the month"),
        ({"status": "finished"}, "status", "Select a valid choice"),
    ],
)
def test_a_bad_action_is_refused_next_to_the_field_keeping_what_was_typed(
    member_client, closed, framework, admin, changes, field, message
):
    if changes.get("owner") == "OWNER":
        changes["owner"] = admin.pk
    url = reverse("action_add", args=[closed.organisation_id, closed.pk])
    data = form_data(framework, **{"what": "Kept words", **changes})

    response = member_client.post(url, data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "There is a problem" in said(response)
    if field != "what":
        assert 'value="Kept words"' in response.content.decode()
    assert not Action.objects.exists()


def test_someone_who_is_not_a_member_cannot_be_made_owner(
    member_client, closed, framework, outsider
):
    url = reverse("action_add", args=[closed.organisation_id, closed.pk])

    response = member_client.post(url, form_data(framework, owner=outsider.pk))

    assert "Choose someone from the list" in response.context["form"].errors["owner"][0]


def test_the_plan_holds_a_limited_number_of_actions(member_client, closed, framework, monkeypatch):
    monkeypatch.setattr("assessment.views.actions.PLAN_MAX", 1)
    make_action(closed)
    url = reverse("action_add", args=[closed.organisation_id, closed.pk])

    response = member_client.post(url, form_data(framework))

    assert "the most it can hold" in said(response)
    assert Action.objects.count() == 1


def test_typed_text_is_escaped_on_the_plan(member_client, closed):
    make_action(closed, what=XSS, owner_name=XSS)

    page = member_client.get(reverse("action_plan", args=[closed.organisation_id]))

    assert XSS not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()


# Changing and deleting -------------------------------------------------------------------------


def test_a_member_changes_an_action_and_its_status(member_client, closed, framework, colleague):
    action = make_action(closed)
    url = reverse("action_edit", args=[closed.organisation_id, action.pk])

    response = member_client.post(
        url, form_data(framework, what="New words", status="under_way", owner=colleague.pk)
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.what, action.status, action.owner) == ("New words", "under_way", colleague)


def test_a_member_cannot_delete_an_action_but_an_admin_can(client, closed, colleague, admin):
    action = make_action(closed)
    url = reverse("action_delete", args=[closed.organisation_id, action.pk])
    client.force_login(colleague)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Action.objects.filter(pk=action.pk).exists()

    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()


# Access ----------------------------------------------------------------------------------------


@pytest.fixture
def people(outsider, other_organisation, stranger, wg_member):  # noqa: F811
    """Who must never reach Riverside's plan: another organisation's admin, an uninvited
    reviewer (signed in, in no organisation) and a working-group member."""
    return {
        "other organisation": outsider,
        "uninvited reviewer": stranger,
        "working group": wg_member,
    }


def _plan_urls(assessment, action) -> list[str]:
    org, pk = assessment.organisation_id, assessment.pk
    return [
        reverse("action_plan", args=[org]),
        reverse("actions_csv", args=[org]),
        reverse("action_edit", args=[org, action.pk]),
        reverse("action_delete", args=[org, action.pk]),
        reverse("action_add", args=[org, pk]),
        reverse("action_from_practice", args=[org, pk]),
        reverse("earlier_actions", args=[org, pk]),
        reverse("follow_up", args=[org, pk, action.pk]),
    ]


def test_nobody_outside_the_organisation_reaches_its_plan(client, closed, people):
    action = make_action(closed)
    for who, person in people.items():
        client.force_login(person)
        for url in _plan_urls(closed, action):
            for method in (client.get, client.post):
                assert method(url).status_code in (404, 405), (who, url)
    assert Action.objects.get().what == action.what


def test_anonymous_visitors_are_sent_to_sign_in(client, closed):
    action = make_action(closed)
    for url in _plan_urls(closed, action):
        assert client.get(url).status_code == 302
        assert client.post(url).status_code in (302, 405)


def test_an_action_of_another_organisation_is_404_under_your_own(
    client, closed, admin, other_organisation, outsider, framework
):
    theirs = close_assessment(
        other_organisation,
        framework,
        outsider,
        [{"name": "Bo", "perspective": Perspective.STAFF, "rungs": RUNGS}],
        title="Theirs",
    )
    action = make_action(theirs)
    client.force_login(admin)

    for name in ("action_edit", "action_delete"):
        assert (
            client.get(reverse(name, args=[closed.organisation_id, action.pk])).status_code == 404
        )
    url = reverse("follow_up", args=[closed.organisation_id, closed.pk, action.pk])
    assert client.get(url).status_code == 404


# Carrying over ---------------------------------------------------------------------------------


def test_the_next_assessment_asks_what_happened_to_open_actions(
    member_client, closed, framework, admin
):
    still_open = make_action(closed, what="Open one", status=Action.Status.UNDER_WAY)
    make_action(closed, what="Done one", status=Action.Status.DONE)
    later = Assessment.objects.create(
        organisation=closed.organisation, framework=framework, title="Spring 2027", created_by=admin
    )
    later.created_at = closed.created_at + timedelta(days=200)
    later.save(update_fields=["created_at"])

    detail = said(member_client.get(reverse("assessment", args=[later.organisation_id, later.pk])))
    assert "1 action from your earlier assessments is not finished" in detail
    page = said(
        member_client.get(reverse("earlier_actions", args=[later.organisation_id, later.pk]))
    )
    assert "Open one" in page and "Done one" not in page

    url = reverse("follow_up", args=[later.organisation_id, later.pk, still_open.pk])
    response = member_client.post(url, {"status": "done", "notes": "Ran three sessions"})

    assert response.status_code == 302
    still_open.refresh_from_db()
    assert still_open.status == "done" and still_open.followed_up_in == later
    page = said(
        member_client.get(reverse("earlier_actions", args=[later.organisation_id, later.pk]))
    )
    assert "Told us already" in page
    # The earlier assessment asks nothing about its own actions.
    assert not Action.objects.carried_into(closed).exists()


# Overdue actions on the organisation's page ------------------------------------------------------


def test_overdue_actions_show_on_the_organisations_page(member_client, closed):
    yesterday = timezone.localdate() - timedelta(days=1)
    make_action(closed, what="Late one", due_date=yesterday)
    make_action(closed, what="Late but done", due_date=yesterday, status=Action.Status.DONE)
    make_action(closed, what="Not yet due", due_date=timezone.localdate() + timedelta(days=3))

    page = said(member_client.get(reverse("organisation", args=[closed.organisation_id])))

    assert "1 action in your plan is past its due date" in page
    assert "Late one" in page and "Late but done" not in page and "Not yet due" not in page


# The report, the CSV and the export -----------------------------------------------------------


def test_the_report_pdf_includes_the_action_plan(closed, admin):
    make_action(closed, what="Ask regulars to run the menu", owner=admin)
    make_action(closed, what="<b>Bold</b> move", owner_name="Joan")

    text = pdf_text(assessment_report(closed))

    assert "Action plan" in text
    assert "Ask regulars to run the menu" in text and "Rita Okafor" in text
    assert "<b>Bold</b> move" in text and "Joan" in text  # printed as typed, not markup


def test_a_kept_report_is_laid_out_again_when_the_plan_changes(member_client, closed):
    url = reverse("results_pdf", args=[closed.organisation_id, closed.pk])
    first = member_client.get(url).content
    assert "No actions have been planned" in pdf_text(first)

    make_action(closed, what="A brand new action")

    assert "A brand new action" in pdf_text(member_client.get(url).content)


def test_the_plan_csv_defuses_formulas(member_client, closed):
    make_action(closed, what=FORMULA, notes="-1+2", owner_name="@joan")

    response = member_client.get(reverse("actions_csv", args=[closed.organisation_id]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Assessment", "Principle", "What"]
    assert rows[1][2] == "'" + FORMULA and rows[1][3] == "'@joan" and rows[1][6] == "'-1+2"


def test_the_organisations_export_has_the_plan(closed, organisation):
    make_action(closed, what=FORMULA)

    with zipfile.ZipFile(io.BytesIO(organisation_archive(organisation))) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("actions.csv").decode("utf-8-sig"))))
        readme = archive.read("README.txt").decode()

    assert rows[1][2] == "'" + FORMULA
    assert "actions.csv" in readme


# The weekly email ---------------------------------------------------------------------------------


def test_the_weekly_email_goes_to_members_who_lead_open_actions(
    closed, admin, colleague, mailoutbox
):
    yesterday = timezone.localdate() - timedelta(days=1)
    make_action(closed, what="Rita's late action", owner=admin, due_date=yesterday)
    make_action(closed, what="Rita's other action", owner=admin)
    make_action(closed, what="Rita's done action", owner=admin, status=Action.Status.DONE)
    make_action(closed, what="Joan's action", owner_name="Joan")
    quiet = make_user("quiet@riverside.example", "Quiet Person", action_digest=False)
    add_member(closed.organisation, quiet)
    make_action(closed, what="Quiet's action", owner=quiet)
    leaver = make_user("left@riverside.example", "Left Person")
    make_action(closed, what="Leaver's action", owner=leaver)  # not a member

    call_command("send_action_digests")

    assert [m.to for m in mailoutbox] == [[admin.email]]
    message = mailoutbox[0]
    assert message.subject == "Your actions: 2 not done yet, 1 overdue"
    assert "> Rita's late action" in message.body and "OVERDUE" in message.body
    assert "Rita's done action" not in message.body
    assert reverse("digest_setting") in message.body

    call_command("send_action_digests")  # again the same week: nothing more
    assert len(mailoutbox) == 1


def test_the_weekly_email_is_sent_again_a_week_later(closed, admin, mailoutbox):
    make_action(closed, owner=admin)
    call_command("send_action_digests")
    type(admin).objects.filter(pk=admin.pk).update(
        action_digest_sent_at=timezone.now() - timedelta(days=7)
    )

    call_command("send_action_digests")

    assert len(mailoutbox) == 2


def test_the_weekly_email_tries_again_when_the_mail_server_is_down(closed, admin, mail_server_down):
    make_action(closed, owner=admin)

    call_command("send_action_digests")

    admin.refresh_from_db()
    assert admin.action_digest_sent_at is None


def test_a_person_turns_the_weekly_email_off(client, admin):
    client.force_login(admin)
    url = reverse("digest_setting")
    assert "Emails about the actions you lead" in said(client.get(reverse("password_change")))

    response = client.post(url, {})

    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.action_digest is False


# Query counts ---------------------------------------------------------------------------------


def test_the_results_page_and_the_plan_make_a_fixed_number_of_queries(
    member_client, closed, admin, django_assert_max_num_queries
):
    make_many_case_studies(1000)
    for n in range(50):
        make_action(closed, what=f"Action {n}", owner=admin, due_date=timezone.localdate())
    member_client.get(results_url(closed))  # builds and keeps the summary

    with django_assert_max_num_queries(10):  # as RESULTS_PAGE_QUERIES in test_results_views.py
        member_client.get(results_url(closed))
    with django_assert_max_num_queries(14):
        response = member_client.get(next_steps_url(closed))
    assert "Study " in said(response)
    with django_assert_max_num_queries(8):
        response = member_client.get(reverse("action_plan", args=[closed.organisation_id]))
    assert "Action 49" in said(response)
    with django_assert_max_num_queries(16):  # as tests/assessment/test_organisation_standings.py
        member_client.get(reverse("organisation", args=[closed.organisation_id]))
    with django_assert_max_num_queries(8):
        member_client.get(reverse("actions_csv", args=[closed.organisation_id]))


def test_seed_demo_gives_riverside_five_actions_two_overdue(framework, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)

    riverside = Membership.objects.get(user__email="admin@riverside.example").organisation
    assert riverside.actions.count() == 5
    assert riverside.actions.overdue().count() == 2


# The organisation's record of who did what ---------------------------------------------------


def recorded(organisation) -> list[tuple[str, str, str]]:
    """What the record says about the plan (closing the assessment is in it too)."""
    return list(
        AuditEvent.objects.filter(organisation=organisation, subject__startswith="the action “")
        .order_by("pk")
        .values_list("actor_name", "verb", "subject")
    )


def test_adding_changing_and_deleting_actions_are_recorded(
    client, closed, framework, admin, colleague
):
    org = closed.organisation_id
    client.force_login(colleague)
    chosen = practice(framework, "design-services-together")
    client.post(
        reverse("action_from_practice", args=[org, closed.pk]),
        {"principle": "people-as-assets", "practice": chosen.pk},
    )
    client.post(
        reverse("action_add", args=[org, closed.pk]),
        form_data(framework, what="Start a peer group"),
    )
    suggested, written = Action.objects.order_by("pk")
    client.post(
        reverse("action_edit", args=[org, suggested.pk]),
        form_data(
            framework,
            what=chosen.name,
            owner=colleague.pk,
            due_date_0="31",
            due_date_1="3",
            due_date_2="2027",
            status="under_way",
            notes="Two sessions booked with Joan's phone number",
        ),
    )
    client.post(
        reverse("action_edit", args=[org, written.pk]),
        form_data(framework, what="Start a weekly peer group", owner_name="Joan"),
    )
    client.force_login(admin)
    client.post(reverse("action_delete", args=[org, written.pk]))

    assert recorded(closed.organisation) == [
        ("Sam Patel", "added", f"the action “{chosen.name}” to the action plan"),
        ("Sam Patel", "added", "the action “Start a peer group” to the action plan"),
        (
            "Sam Patel",
            "changed",
            f"the action “{chosen.name}”: led by Sam Patel, due by 31 March 2027, "
            "now under way, notes changed",
        ),
        (
            "Sam Patel",
            "changed",
            "the action “Start a weekly peer group”: was “Start a peer group”, led by Joan",
        ),
        (
            "Rita Okafor",
            "deleted",
            "the action “Start a weekly peer group” from the action plan",
        ),
    ]
    # The admin reads it on the organisation's data page, newest first.
    page = said(client.get(reverse("organisation_data", args=[org])))
    assert page.index("Rita Okafor Deleted the action") < page.index("Sam Patel Added the action")


def test_saving_an_action_unchanged_records_nothing_and_keeps_the_report(
    member_client, closed, framework
):
    action = make_action(closed, what="Ask regulars to run the welcome desk")
    touched = action.updated_at

    response = member_client.post(
        reverse("action_edit", args=[closed.organisation_id, action.pk]), form_data(framework)
    )

    assert response.status_code == 302
    assert recorded(closed.organisation) == []
    action.refresh_from_db()
    assert action.updated_at == touched


def test_what_happened_to_an_earlier_action_is_recorded(member_client, closed, framework, admin):
    action = make_action(closed, what="Open one")
    later = Assessment.objects.create(
        organisation=closed.organisation, framework=framework, title="Spring 2027", created_by=admin
    )
    later.created_at = closed.created_at + timedelta(days=200)
    later.save(update_fields=["created_at"])

    member_client.post(
        reverse("follow_up", args=[later.organisation_id, later.pk, action.pk]),
        {"status": "dropped", "notes": ""},
    )

    assert recorded(closed.organisation) == [
        ("Sam Patel", "changed", "the action “Open one”: now dropped, followed up in Spring 2027")
    ]
