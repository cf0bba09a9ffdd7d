"""Sharing an assessment's results with the working group: when closing it
(assessment/views/assessments.py close_assessment) and later on the sharing page
(assessment/views/working_group.py sharing, forms/working_group.py SharingForm)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment, Respondent, RoundSummary
from assessment.models.rounds import OUT_OF_DATE
from assessment.tasks import build_round_summary

from .answering_helpers import FormReader, complete
from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import (
    ELSEWHERE,
    RIVERSIDE,
    SHARED_IN_LONDON,
    TITLE,
    by_column,
    closed_assessment,
    csv_url,
    dashboard_url,
    done_summary,
    pdf_text,
    report_url,
    rows_of,
    sharing_url,
    signed_in,
    summary_url,
    table,
    words,
)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Closing: the admin chooses whether to share --------------------------------------------------


@pytest.fixture
def ready_to_close(organisation, framework, admin) -> Assessment:
    """Riverside's "Spring 2027", open, with one submitted response, so it can be closed."""
    assessment = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Spring 2027", created_by=admin
    )
    respondent = Respondent.objects.create(assessment=assessment, user=admin, name="Rita Okafor")
    complete(respondent, perspective="staff", rung=5, submit=True)
    return assessment


def close_url(assessment) -> str:
    return reverse("close_assessment", args=[assessment.organisation_id, assessment.pk])


def test_the_closing_page_asks_whether_to_share_and_in_which_round(
    admin, ready_to_close, london, midlands
):
    response = signed_in(admin).get(close_url(ready_to_close))

    assert response.status_code == 200
    form = FormReader(response.content.decode())
    assert form.radios["share"] == ["yes", "no"]
    assert "share" not in form.checked, "nothing is chosen for the admin"
    page = words(response)
    assert "Share the results with the working group?" in page
    assert "London 2026/27" in page and "Midlands 2026" in page


def test_closing_with_yes_shares_the_results_and_notes_when(admin, ready_to_close):
    before = timezone.now()

    response = signed_in(admin).post(close_url(ready_to_close), {"share": "yes"})

    assert response.status_code == 302
    assert response.url == reverse(
        "results", args=[ready_to_close.organisation_id, ready_to_close.pk]
    )
    ready_to_close.refresh_from_db()
    assert ready_to_close.status == Assessment.Status.CLOSED
    assert ready_to_close.shared_with_working_group is True
    assert before <= ready_to_close.shared_at <= timezone.now()
    assert ready_to_close.round is None
    assert any("shared with the working group" in m for m in messages_of(response))
    assert ready_to_close.results.filter(perspective="").count() == 6


def test_closing_with_yes_and_a_round_attaches_the_results_to_the_round(
    admin, ready_to_close, london, wg_client
):
    signed_in(admin).post(close_url(ready_to_close), {"share": "yes", "round": london.pk})

    ready_to_close.refresh_from_db()
    assert ready_to_close.shared_with_working_group is True
    assert ready_to_close.shared_at is not None
    assert ready_to_close.round == london
    assert RIVERSIDE in words(wg_client.get(dashboard_url(london)))


def test_closing_without_answering_the_share_question_shares_nothing(
    admin, ready_to_close, london, wg_client
):
    response = signed_in(admin).post(close_url(ready_to_close), {})

    assert response.status_code == 302
    ready_to_close.refresh_from_db()
    assert ready_to_close.status == Assessment.Status.CLOSED
    assert ready_to_close.shared_with_working_group is False
    assert ready_to_close.shared_at is None
    assert any("not shared with the working group" in m for m in messages_of(response))
    assert wg_client.get(report_url(ready_to_close)).status_code == 404


def test_closing_with_no_shares_nothing_even_if_a_round_is_chosen(
    admin, ready_to_close, london, wg_client
):
    signed_in(admin).post(close_url(ready_to_close), {"share": "no", "round": london.pk})

    ready_to_close.refresh_from_db()
    assert ready_to_close.status == Assessment.Status.CLOSED
    assert ready_to_close.shared_with_working_group is False
    assert ready_to_close.shared_at is None
    assert RIVERSIDE not in words(wg_client.get(dashboard_url(london)))
    assert wg_client.get(report_url(ready_to_close)).status_code == 404


# The sharing page --------------------------------------------------------------------------


@pytest.fixture
def closed(organisation, framework) -> Assessment:
    """Riverside's "Autumn 2026", closed and not shared."""
    return closed_assessment(organisation, framework, [6, 5, 4, 7, 3, 5], shared=False)


def test_the_admin_sees_the_sharing_page_with_the_current_choice(admin, closed, london):
    response = signed_in(admin).get(sharing_url(closed))

    assert response.status_code == 200
    form = FormReader(response.content.decode())
    assert form.checked == {"share": "no"}
    page = words(response)
    assert "Share the results with the working group" in page
    assert "These results are not shared with the working group at the moment." in page
    assert "London 2026/27" in page


def test_the_assessment_page_links_the_sharing_page_for_admins_only(admin, colleague, closed):
    link = f'href="{sharing_url(closed)}"'

    assert link in signed_in(admin).get(closed.get_absolute_url()).content.decode()
    assert link not in signed_in(colleague).get(closed.get_absolute_url()).content.decode()


def test_sharing_on_the_sharing_page_shares_the_results_and_notes_when(admin, closed, wg_client):
    before = timezone.now()

    response = signed_in(admin).post(sharing_url(closed), {"share": "yes"})

    assert response.status_code == 302
    assert response.url == closed.get_absolute_url()
    closed.refresh_from_db()
    assert closed.shared_with_working_group is True
    assert before <= closed.shared_at <= timezone.now()
    assert closed.round is None
    assert "The results are shared with the working group." in messages_of(response)
    home = wg_client.get(reverse("working_group"))
    assert RIVERSIDE in words(home)
    assert wg_client.get(report_url(closed)).status_code == 200


def test_sharing_into_a_round_attaches_the_results_to_it(admin, closed, london, wg_client):
    response = signed_in(admin).post(sharing_url(closed), {"share": "yes", "round": london.pk})

    closed.refresh_from_db()
    assert closed.shared_with_working_group is True
    assert closed.round == london
    assert (
        "The results are shared with the working group as part of London 2026/27."
        in messages_of(response)
    )
    assert RIVERSIDE in words(wg_client.get(dashboard_url(london)))


def test_moving_shared_results_to_another_round_keeps_the_first_shared_date(
    admin, closed, london, midlands, wg_client
):
    client = signed_in(admin)
    client.post(sharing_url(closed), {"share": "yes", "round": london.pk})
    closed.refresh_from_db()
    first_shared = closed.shared_at

    client.post(sharing_url(closed), {"share": "yes", "round": midlands.pk})

    closed.refresh_from_db()
    assert closed.round == midlands
    assert closed.shared_at == first_shared
    assert RIVERSIDE not in words(wg_client.get(dashboard_url(london)))
    assert RIVERSIDE in words(wg_client.get(dashboard_url(midlands)))


def test_the_sharing_page_says_when_and_in_which_round_results_were_shared(admin, closed, london):
    client = signed_in(admin)
    client.post(sharing_url(closed), {"share": "yes", "round": london.pk})

    response = client.get(sharing_url(closed))

    form = FormReader(response.content.decode())
    assert form.checked == {"share": "yes"}
    page = words(response)
    assert f"You shared these results on {timezone.localdate():%-d %B %Y}" in page
    assert "as part of London 2026/27" in page


def test_an_answer_is_needed_on_the_sharing_page(admin, closed):
    response = signed_in(admin).post(sharing_url(closed), {})

    assert response.status_code == 200
    assert "Select yes if you want to share the results with the working group" in words(response)
    closed.refresh_from_db()
    assert closed.shared_with_working_group is False


def test_a_round_that_does_not_exist_is_refused(admin, closed, london):
    response = signed_in(admin).post(sharing_url(closed), {"share": "yes", "round": 999_999})

    assert response.status_code == 200
    assert "Choose a round from the list" in words(response)
    closed.refresh_from_db()
    assert closed.shared_with_working_group is False
    assert closed.round is None


# Withdrawing ---------------------------------------------------------------------------------


def test_withdrawing_stops_sharing_and_forgets_the_date(admin, shared_round):
    riverside = shared_round[RIVERSIDE]

    response = signed_in(admin).post(sharing_url(riverside), {"share": "no"})

    assert response.status_code == 302
    riverside.refresh_from_db()
    assert riverside.shared_with_working_group is False
    assert riverside.shared_at is None
    assert "The results are not shared with the working group." in messages_of(response)


def test_withdrawn_results_vanish_from_every_working_group_page(admin, shared_round, wg_client):
    london = shared_round.round
    riverside = shared_round[RIVERSIDE]
    assert RIVERSIDE in words(wg_client.get(dashboard_url(london)))  # shared to begin with

    signed_in(admin).post(sharing_url(riverside), {"share": "no", "round": london.pk})

    dashboard = words(wg_client.get(dashboard_url(london)))
    assert RIVERSIDE not in dashboard
    assert "3 organisations have shared their results in this round" in dashboard
    assert RIVERSIDE not in words(wg_client.get(dashboard_url(london, kind="charity")))
    assert RIVERSIDE not in words(wg_client.get(reverse("working_group")))
    home = wg_client.get(reverse("working_group"))
    assert ["London 2026/27", "1 April 2026 to 31 March 2027", "3"] in table(
        home, "Rounds, newest first"
    )
    organisations = {
        row["Organisation"] for row in by_column(rows_of(wg_client.get(csv_url(london))))
    }
    assert organisations == set(SHARED_IN_LONDON) - {RIVERSIDE}
    assert wg_client.get(report_url(riverside)).status_code == 404

    wg_client.post(summary_url(london))
    summary = RoundSummary.objects.get(round=london)
    assert summary.status == RoundSummary.Status.DONE
    assert summary.organisations_total == 3
    text = pdf_text(bytes(summary.pdf))
    assert RIVERSIDE not in text
    assert all(name in text for name in set(SHARED_IN_LONDON) - {RIVERSIDE})


def test_withdrawing_makes_a_summary_that_included_the_results_unusable(
    admin, shared_round, wg_client, wg_member
):
    london = shared_round.round
    summary = done_summary(london, wg_member)
    pdf = reverse("round_summary_pdf", args=[london.pk, summary.pk])
    assert wg_client.get(pdf).status_code == 200

    signed_in(admin).post(sharing_url(shared_round[RIVERSIDE]), {"share": "no"})

    summary.refresh_from_db()
    assert summary.status == RoundSummary.Status.FAILED
    assert summary.pdf is None
    assert summary.error == OUT_OF_DATE
    assert wg_client.get(pdf).status_code == 404
    assert OUT_OF_DATE in words(wg_client.get(summary_url(london)))


def test_a_summary_still_waiting_when_results_are_withdrawn_is_never_built(
    admin, shared_round, wg_member
):
    london = shared_round.round
    waiting = RoundSummary.objects.create(round=london, requested_by=wg_member)

    signed_in(admin).post(sharing_url(shared_round[RIVERSIDE]), {"share": "no"})
    build_round_summary.enqueue(waiting.pk)  # the worker gets to it afterwards

    waiting.refresh_from_db()
    assert waiting.status == RoundSummary.Status.FAILED
    assert waiting.error == OUT_OF_DATE
    assert waiting.pdf is None


def test_moving_shared_results_out_of_a_round_makes_its_summary_unusable(
    admin, shared_round, wg_member, midlands
):
    summary = done_summary(shared_round.round, wg_member)

    signed_in(admin).post(
        sharing_url(shared_round[RIVERSIDE]), {"share": "yes", "round": midlands.pk}
    )

    summary.refresh_from_db()
    assert summary.status == RoundSummary.Status.FAILED
    assert summary.pdf is None


def test_withdrawing_results_of_another_round_leaves_this_rounds_summary(
    shared_round, wg_member, midlands
):
    summary = done_summary(shared_round.round, wg_member)
    elsewhere = shared_round[ELSEWHERE]
    elsewhere_admin = elsewhere.organisation.memberships.get().user

    signed_in(elsewhere_admin).post(sharing_url(elsewhere), {"share": "no"})

    summary.refresh_from_db()
    assert summary.status == RoundSummary.Status.DONE
    assert bytes(summary.pdf) == b"%PDF-1.7 a summary"


# Who may use the sharing page --------------------------------------------------------------


def assert_unchanged(assessment, *, shared: bool, round=None):
    assessment.refresh_from_db()
    assert assessment.shared_with_working_group is shared
    assert (assessment.shared_at is not None) is shared
    assert assessment.round == round


def test_a_member_who_is_not_an_admin_gets_404_and_changes_nothing(colleague, closed, london):
    client = signed_in(colleague)

    assert client.get(sharing_url(closed)).status_code == 404
    assert client.post(sharing_url(closed), {"share": "yes", "round": london.pk}).status_code == 404

    assert_unchanged(closed, shared=False)


def test_an_admin_of_another_organisation_gets_404(outsider, other_organisation, closed):
    client = signed_in(outsider)

    assert client.get(sharing_url(closed)).status_code == 404
    assert client.post(sharing_url(closed), {"share": "yes"}).status_code == 404

    assert_unchanged(closed, shared=False)


def test_a_working_group_member_cannot_share_or_withdraw_for_an_organisation(
    wg_client, shared_round
):
    riverside = shared_round[RIVERSIDE]

    assert wg_client.get(sharing_url(riverside)).status_code == 404
    assert wg_client.post(sharing_url(riverside), {"share": "no"}).status_code == 404

    assert_unchanged(riverside, shared=True, round=shared_round.round)


def test_anonymous_visitors_are_sent_to_sign_in(client, closed):
    response = client.post(sharing_url(closed), {"share": "yes"})

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")
    assert_unchanged(closed, shared=False)


def test_an_open_assessment_has_no_sharing_page(admin, organisation, framework):
    still_open = Assessment.objects.create(
        organisation=organisation, framework=framework, title=TITLE, created_by=admin
    )
    client = signed_in(admin)

    assert client.get(sharing_url(still_open)).status_code == 404
    assert client.post(sharing_url(still_open), {"share": "yes"}).status_code == 404

    assert_unchanged(still_open, shared=False)
