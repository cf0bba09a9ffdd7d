"""Answering an assessment as a colleague: the task list, the sections, saving, conflicts
between tabs, autosave, a session that ends mid-answer, checking and submitting, who may see
what, the easy-read view, and how many queries the pages make."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Answer, Assessment, Extent, Respondent, Section
from assessment.models.assessments import AssessmentError
from principles.models import Framework, Principle, Question, contents

from ..factories import PASSWORD, add_member, make_user
from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import (
    FIRST,
    LAST,
    SECOND,
    SECTIONS,
    SLUGS,
    Urls,
    complete,
    fill_in,
    form_of,
    saved_answers,
    saved_section,
    section_data,
    send_after_session_ended,
    text_of,
)

AUTOSAVE = {"X-Autosave": "1"}
READ_ONLY = "These answers can no longer be changed"
RESTORED = "We kept what you typed"

# Measured with 1 respondent and again with 50: the same each time.
# Task list: session, user, membership, respondent, the framework's content (from the cache),
# sections, answers, and the header's permission lookup (is this a working-group member?).
# Reading a page does not save a fresh session (assessment/sessions.py).
TASK_LIST_QUERIES = 8
# A section: session, user, membership, respondent, the framework's content (from the cache),
# the saved section with its rung, its answers, and the permission lookup.
SECTION_QUERIES = 8
# Check your answers: the same as the task list.
CHECK_QUERIES = 8


@pytest.fixture
def urls(assessment):
    return Urls(assessment)


@pytest.fixture
def priya(organisation, assessment):
    """Another colleague, who has answered everything."""
    user = make_user("priya@riverside.example", "Priya Shah")
    add_member(organisation, user)
    response = Respondent.objects.create(assessment=assessment, user=user, name="Priya Shah")
    complete(response, evidence="Priya's own example")
    return response


def status_of(response, slug):
    """The status the task list shows for one section."""
    match = re.search(
        rf'id="section-{slug}-status">(.*?)</div>', response.content.decode(), re.DOTALL
    )
    assert match, f"no status for {slug}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# The task list


def test_task_list_shows_six_sections_not_started(colleague_client, urls):
    response = colleague_client.get(urls.task_list)

    assert response.status_code == 200
    assert [status_of(response, slug) for slug in SLUGS] == ["Not started"] * len(SLUGS)
    assert f"You have completed 0 of {len(SLUGS)} sections." in text_of(response)
    for slug in SLUGS:
        assert f'href="{urls.section(slug)}"' in response.content.decode()


def test_saving_part_of_a_section_puts_it_in_progress(colleague_client, urls, respondent):
    data = section_data(FIRST, extent=None, rung=None, **{"nef-1-extent": Extent.MOSTLY})

    response = colleague_client.post(urls.section(FIRST), data | {"later": ""})

    assert response.status_code == 302
    task_list = colleague_client.get(urls.task_list)
    assert status_of(task_list, FIRST) == "In progress"
    assert [status_of(task_list, slug) for slug in SLUGS[1:]] == ["Not started"] * 5
    assert saved_answers(respondent, FIRST)["nef-1"] == (Extent.MOSTLY, "")


def test_only_evidence_typed_is_in_progress_too(colleague_client, urls):
    data = section_data(FIRST, extent=None, rung=None, rung_evidence="We ask at every meeting")

    colleague_client.post(urls.section(FIRST), data | {"later": ""})

    assert status_of(colleague_client.get(urls.task_list), FIRST) == "In progress"


def test_answering_every_question_without_a_rung_is_still_in_progress(colleague_client, urls):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=None))

    assert status_of(colleague_client.get(urls.task_list), FIRST) == "In progress"


def test_answering_every_question_and_choosing_a_rung_completes_it(
    colleague_client, urls, respondent
):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=6))

    response = colleague_client.get(urls.task_list)
    assert status_of(response, FIRST) == "Completed"
    assert f"You have completed 1 of {len(SLUGS)} sections." in text_of(response)
    section = saved_section(respondent, FIRST)
    assert section.rung.position == 6
    assert section.version == 1
    respondent.refresh_from_db()
    assert respondent.started_at is not None


def test_dont_know_counts_as_an_answer(colleague_client, urls):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, extent=Extent.DONT_KNOW))

    assert status_of(colleague_client.get(urls.task_list), FIRST) == "Completed"


# Moving on


def test_save_and_continue_goes_to_the_next_section(colleague_client, urls):
    response = colleague_client.post(urls.section(FIRST), section_data(FIRST))

    assert response.status_code == 302
    assert response.url == urls.section(SECOND)


def test_save_and_continue_skips_sections_already_completed(colleague_client, urls, respondent):
    fill_in(respondent, [SECOND])

    response = colleague_client.post(urls.section(FIRST), section_data(FIRST))

    assert response.url == urls.section(SLUGS[2])


def test_save_and_continue_after_the_last_section_goes_to_check(colleague_client, urls, respondent):
    fill_in(respondent, SLUGS[:-1])

    response = colleague_client.post(urls.section(LAST), section_data(LAST))

    assert response.url == urls.check


def test_save_and_continue_after_the_last_section_goes_back_to_one_not_finished(
    colleague_client, urls
):
    response = colleague_client.post(urls.section(LAST), section_data(LAST))

    assert response.url == urls.section(FIRST)


def test_save_and_continue_stays_on_an_unfinished_section_when_it_is_the_only_one(
    colleague_client, urls, respondent
):
    fill_in(respondent, SLUGS[1:])

    response = colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=None))

    assert response.url == urls.section(FIRST)


def test_save_and_come_back_later_goes_to_the_task_list_with_a_message(
    colleague_client, urls, respondent
):
    response = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, rung=None) | {"later": ""}, follow=True
    )

    assert response.redirect_chain == [(urls.task_list, 302)]
    assert (
        "Your answers are saved. To come back, sign in to Coprod and choose this assessment on "
        "your home page." in text_of(response)
    )
    assert len(saved_answers(respondent, FIRST)) == 3


def test_coming_back_later_shows_the_saved_answers(colleague_client, urls):
    data = section_data(
        FIRST,
        evidence="",
        rung=4,
        rung_evidence="We run a survey every spring",
        **{
            "nef-1-extent": Extent.MOSTLY,
            "nef-1-evidence": "Tenants chair the panel",
            "nef-9-extent": Extent.DONT_KNOW,
            "cp-1-extent": Extent.NOT_YET,
        },
    )
    colleague_client.post(urls.section(FIRST), data | {"later": ""})

    response = colleague_client.get(urls.section(FIRST))

    assert response.status_code == 200
    form = form_of(response)
    assert form.checked == {
        "nef-1-extent": "3",
        "nef-9-extent": "0",
        "cp-1-extent": "1",
        "rung": "4",
    }
    assert form.values["nef-1-evidence"] == "Tenants chair the panel"
    assert form.values["nef-9-evidence"] == ""
    assert form.values["rung_evidence"] == "We run a survey every spring"
    assert form.values["version"] == "1"


def test_saving_again_replaces_the_answers_and_bumps_the_version(
    colleague_client, urls, respondent
):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, extent=Extent.A_LITTLE))

    colleague_client.post(
        urls.section(FIRST), section_data(FIRST, extent=Extent.FULLY, rung=7, version=1)
    )

    assert set(saved_answers(respondent, FIRST).values()) == {(Extent.FULLY, "")}
    assert Answer.objects.filter(respondent=respondent).count() == 3
    section = saved_section(respondent, FIRST)
    assert (section.rung.position, section.version) == (7, 2)


def test_an_unknown_section_is_not_found(colleague_client, urls):
    assert colleague_client.get(urls.section("not-a-principle")).status_code == 404


# Mistakes and tampering


def test_evidence_over_5000_characters_is_refused_and_everything_typed_is_kept(
    colleague_client, urls, respondent
):
    data = section_data(
        FIRST,
        rung=3,
        rung_evidence="Posters in reception",
        **{
            "nef-1-evidence": "x" * 5001,
            "nef-9-evidence": "People sit on the board",
            "cp-1-extent": Extent.A_LITTLE,
        },
    )

    response = colleague_client.post(urls.section(FIRST), data)

    assert response.status_code == 200
    page = response.content.decode()
    message = "The example for question 1 must be 5,000 characters or fewer"
    summary = page[
        page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))
    ]
    assert f'<a href="#id_nef-1-evidence">{message}</a>' in summary
    field = page[page.index('id="div_id_nef-1-evidence"') : page.index('name="nef-1-evidence"')]
    assert "govuk-form-group--error" in field
    assert message in field
    assert "<title>Error: " in page
    form = form_of(response)
    assert form.values["nef-1-evidence"] == "x" * 5001
    assert form.values["nef-9-evidence"] == "People sit on the board"
    assert form.values["rung_evidence"] == "Posters in reception"
    assert form.checked == {
        "nef-1-extent": "4",
        "nef-9-extent": "4",
        "cp-1-extent": "2",
        "rung": "3",
    }
    assert saved_answers(respondent, FIRST) == {}
    assert saved_section(respondent, FIRST) is None


def test_evidence_of_exactly_5000_characters_is_saved(colleague_client, urls, respondent):
    data = section_data(FIRST, **{"nef-1-evidence": "x" * 5000})

    response = colleague_client.post(urls.section(FIRST), data)

    assert response.status_code == 302
    assert saved_answers(respondent, FIRST)["nef-1"] == (Extent.FULLY, "x" * 5000)


# "0" is "I don't know" (tests/assessment/test_dont_know.py).
@pytest.mark.parametrize("rung", ["9", "8", "-1", "abc", "5.5"])
def test_a_rung_outside_the_ladder_is_a_clear_error(colleague_client, urls, respondent, rung):
    response = colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=rung))

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<a href="#id_rung(_1)?">Select a valid choice.', page)
    field = page.split('id="div_id_rung"')[1].split("</legend>")[0]
    assert "govuk-form-group--error" in field
    assert saved_section(respondent, FIRST) is None


@pytest.mark.parametrize("extent", ["5", "-1", "fully", "4.0"])
def test_an_extent_outside_the_scale_is_a_clear_error(colleague_client, urls, respondent, extent):
    data = section_data(FIRST, **{"nef-9-extent": extent})

    response = colleague_client.post(urls.section(FIRST), data)

    assert response.status_code == 200
    assert re.search(
        r'<a href="#id_nef-9-extent(_1)?">Select a valid choice.', response.content.decode()
    )
    field = response.content.decode().split('id="div_id_nef-9-extent"')[1].split("</fieldset>")[0]
    assert "govuk-form-group--error" in field
    assert "Select a valid choice." in field
    assert saved_answers(respondent, FIRST) == {}


@pytest.mark.parametrize("version", ["999", "0", "-1", "x", ""])
def test_a_tampered_or_stale_version_changes_nothing(colleague_client, urls, respondent, version):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, extent=Extent.A_LITTLE, rung=2))
    before = saved_answers(respondent, FIRST)

    response = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, extent=Extent.FULLY, rung=7, version=version)
    )

    assert response.status_code in (200, 409)
    if response.status_code == 200:
        assert "There is a problem" in text_of(response)
    else:
        assert "These answers were changed somewhere else" in text_of(response)
    assert saved_answers(respondent, FIRST) == before
    section = saved_section(respondent, FIRST)
    assert (section.rung.position, section.version) == (2, 1)


def test_an_invented_version_on_a_new_section_saves_no_answers(colleague_client, urls, respondent):
    response = colleague_client.post(urls.section(FIRST), section_data(FIRST, version=999))

    assert response.status_code == 409
    assert saved_answers(respondent, FIRST) == {}
    assert status_of(colleague_client.get(urls.task_list), FIRST) == "Not started"


def test_an_assessment_keeps_the_wording_of_its_framework_version(
    colleague_client, urls, respondent, framework
):
    old = Question.objects.get(principle__framework=framework, code="nef-1")
    draft = framework.new_draft("2026.2")
    Question.objects.filter(principle__framework=draft, code="nef-1").update(
        text="Are the views of the people you support given the same weight as staff views?"
    )
    Principle.objects.filter(framework=draft, slug=FIRST).update(name="People are assets")
    draft.publish()
    assert Framework.objects.current() == draft

    response = colleague_client.get(urls.section(FIRST))

    page = text_of(response)
    assert old.text in page
    assert "given the same weight as staff views" not in page
    assert "Recognising people as assets" in page
    colleague_client.post(urls.section(FIRST), section_data(FIRST))
    answer = Answer.objects.get(respondent=respondent, question__code="nef-1")
    assert answer.question == old


def test_an_assessment_of_the_new_version_shows_the_new_wording(
    client, colleague, organisation, admin, framework
):
    draft = framework.new_draft("2026.2")
    Question.objects.filter(principle__framework=draft, code="nef-1").update(
        text="Are the views of the people you support given the same weight as staff views?"
    )
    draft.publish()
    newer = Assessment.objects.create(
        organisation=organisation, framework=draft, title="Autumn 2027", created_by=admin
    )
    Respondent.objects.create(assessment=newer, user=colleague, name="Sam Patel")
    client.force_login(colleague)

    response = client.get(Urls(newer).section(FIRST))

    assert "given the same weight as staff views" in text_of(response)


def test_the_task_list_counts_the_sections_of_the_assessments_version(
    client, colleague, organisation, admin, framework
):
    draft = framework.new_draft("2026.2")
    Principle.objects.create(
        framework=draft,
        slug="seventh",
        position=7,
        name="A seventh principle",
        way_ahead_name="A seventh principle",
        description="a principle a later version added.",
        plain_english="A new idea.",
    )
    draft.publish()
    newer = Assessment.objects.create(
        organisation=organisation, framework=draft, title="Autumn 2027", created_by=admin
    )
    Respondent.objects.create(assessment=newer, user=colleague, name="Sam Patel")
    client.force_login(colleague)

    response = client.get(Urls(newer).task_list)

    assert "You have completed 0 of 7 sections." in text_of(response)


# Two tabs


def test_a_save_from_a_stale_tab_shows_both_versions_and_keeps_the_newer(
    colleague_client, urls, respondent
):
    page = colleague_client.get(urls.section(FIRST))
    assert form_of(page).values["version"] == "0"
    tab_a = section_data(FIRST, extent=Extent.MOSTLY, rung=4, rung_evidence="Tab A's reason")
    tab_b = section_data(FIRST, extent=Extent.NOT_YET, rung=2, rung_evidence="Tab B's reason")
    assert colleague_client.post(urls.section(FIRST), tab_a).status_code == 302

    response = colleague_client.post(urls.section(FIRST), tab_b)

    assert response.status_code == 409
    text = text_of(response)
    assert "These answers were changed somewhere else" in text
    assert "What you just sent" in text
    assert "What is saved now" in text
    assert "Tab A's reason" in text
    assert "Tab B's reason" in text
    rows = re.findall(
        r'<td class="govuk-table__cell">(.*?)(?:<br>|</td>)', response.content.decode()
    )
    assert rows[:2] == ["Not yet", "Mostly"]
    assert rows[-2:] == ["Educating", "Consultation"]
    assert set(saved_answers(respondent, FIRST).values()) == {(Extent.MOSTLY, "")}
    section = saved_section(respondent, FIRST)
    assert (section.rung.position, section.rung_evidence, section.version) == (
        4,
        "Tab A's reason",
        1,
    )

    keep_mine = {
        name: value
        for name, value in form_of(response).values.items()
        if name != "csrfmiddlewaretoken"
    }
    assert keep_mine["version"] == "1"
    kept = colleague_client.post(urls.section(FIRST), keep_mine)

    assert kept.status_code == 302
    assert set(saved_answers(respondent, FIRST).values()) == {(Extent.NOT_YET, "")}
    section = saved_section(respondent, FIRST)
    assert (section.rung.position, section.rung_evidence, section.version) == (
        2,
        "Tab B's reason",
        2,
    )


def test_keeping_what_is_saved_goes_back_to_the_saved_answers(colleague_client, urls):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=4))
    response = colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=2))
    assert f'href="{urls.section(FIRST)}"' in response.content.decode()

    page = colleague_client.get(urls.section(FIRST))

    assert form_of(page).checked["rung"] == "4"
    assert form_of(page).values["version"] == "1"


def test_what_people_typed_is_shown_as_text_on_the_conflict_and_check_pages(
    colleague_client, urls, respondent
):
    typed = '<script>alert("hi")</script> & "quotes"'
    colleague_client.post(urls.section(FIRST), section_data(FIRST))
    conflict = colleague_client.post(urls.section(FIRST), section_data(FIRST, evidence=typed))

    assert "<script>alert" not in conflict.content.decode()
    assert typed in text_of(conflict)
    resent = form_of(conflict).values
    assert resent["nef-1-evidence"] == typed
    colleague_client.post(urls.section(FIRST), resent)
    assert saved_answers(respondent, FIRST)["nef-1"] == (Extent.FULLY, typed)
    check = colleague_client.get(urls.check)
    assert "<script>alert" not in check.content.decode()
    assert typed in text_of(check)


# Autosave


def test_autosave_saves_and_answers_the_new_version(colleague_client, urls, respondent):
    response = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, rung=None), headers=AUTOSAVE
    )

    assert response.status_code == 200
    assert response.json() == {"status": "saved", "version": 1, "expires_in": 28800}
    second = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, rung=3, version=1), headers=AUTOSAVE
    )
    assert second.json() == {"status": "saved", "version": 2, "expires_in": 28800}
    assert saved_section(respondent, FIRST).rung.position == 3


def test_a_stale_autosave_is_a_conflict(colleague_client, urls, respondent):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=4))

    response = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, rung=2), headers=AUTOSAVE
    )

    assert response.status_code == 409
    assert response.json()["status"] == "conflict"
    assert saved_section(respondent, FIRST).rung.position == 4


def test_an_invalid_autosave_is_a_bad_request(colleague_client, urls, respondent):
    response = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, rung=9), headers=AUTOSAVE
    )

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "invalid"
    assert list(body["errors"]) == ["rung"]
    assert saved_section(respondent, FIRST) is None


# When the session ends


def test_a_signed_out_save_is_sent_to_sign_in_and_kept_until_they_return(
    client, colleague, urls, respondent
):
    typed = section_data(FIRST, evidence="Typed before the session ended", rung=6)

    response = send_after_session_ended(
        client, urls.section(FIRST), typed, open_page=lambda: client.force_login(colleague)
    )

    assert response.status_code == 302
    address = urlsplit(response.url)
    assert address.path == reverse("login")
    assert parse_qs(address.query)["next"] == [urls.section(FIRST)]
    assert saved_answers(respondent, FIRST) == {}

    client.force_login(colleague)
    page = client.get(urls.section(FIRST))

    assert page.status_code == 200
    assert RESTORED in text_of(page)
    form = form_of(page)
    assert form.values["nef-1-evidence"] == "Typed before the session ended"
    assert form.checked["rung"] == "6"
    assert saved_answers(respondent, FIRST) == {}
    assert saved_section(respondent, FIRST) is None

    again = client.get(urls.section(FIRST))
    assert RESTORED not in text_of(again)
    assert form_of(again).values["nef-1-evidence"] == ""

    client.post(urls.section(FIRST), form.values | form.checked)
    assert saved_answers(respondent, FIRST)["nef-1"] == (
        Extent.FULLY,
        "Typed before the session ended",
    )


def test_what_was_typed_survives_signing_in_through_the_sign_in_page(
    client, colleague, urls, respondent
):
    typed = section_data(FIRST, evidence="Typed before the session ended")
    sign_in = send_after_session_ended(
        client, urls.section(FIRST), typed, open_page=lambda: client.force_login(colleague)
    ).url

    signed_in = client.post(sign_in, {"username": colleague.email, "password": PASSWORD})

    assert signed_in.status_code == 302
    assert signed_in.url == urls.section(FIRST)
    page = client.get(signed_in.url)
    assert RESTORED in text_of(page)
    assert form_of(page).values["cp-1-evidence"] == "Typed before the session ended"
    assert saved_answers(respondent, FIRST) == {}


def test_what_one_colleague_typed_is_not_shown_to_another_who_signs_in_after_them(
    client, colleague, urls, respondent, priya
):
    send_after_session_ended(
        client,
        urls.section(FIRST),
        section_data(FIRST, evidence="Sam's private example"),
        open_page=lambda: client.force_login(colleague),
    )

    client.force_login(priya.user)
    page = client.get(urls.section(FIRST))

    assert "Sam's private example" not in text_of(page)
    assert RESTORED not in text_of(page)


# Checking and submitting


def test_check_page_lists_every_answer_with_change_links(colleague_client, urls, respondent):
    complete(respondent, evidence="We do this weekly")

    response = colleague_client.get(urls.check)

    assert response.status_code == 200
    text = text_of(response)
    assert "Check your answers" in text
    for question in Question.objects.filter(principle__framework=respondent.assessment.framework):
        assert question.text in text
    assert text.count("We do this weekly") == 16
    page = response.content.decode()
    for slug, codes in SECTIONS.items():
        assert page.count(f'href="{urls.section(slug)}"') == len(codes) + 1
    assert page.count(f'href="{urls.about_you}"') == 3
    assert "Submit your answers" in text


def test_check_page_shows_what_is_not_answered(colleague_client, urls, respondent):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=None))

    text = text_of(colleague_client.get(urls.check))

    assert text.count("Not finished") == 6
    assert "Not answered" in text
    assert "Submit your answers" not in text


def test_submitting_an_incomplete_response_is_refused(colleague_client, urls, respondent):
    fill_in(respondent, SLUGS[:-1])
    respondent.perspective = "staff"
    respondent.save()

    response = colleague_client.post(urls.check)

    assert response.status_code == 200
    assert "Answer everything listed below before you submit." in text_of(response)
    respondent.refresh_from_db()
    assert respondent.submitted_at is None


def test_submitting_without_saying_who_you_answer_as_is_refused(colleague_client, urls, respondent):
    fill_in(respondent)

    response = colleague_client.post(urls.check)

    assert "Answer everything listed below before you submit." in text_of(response)
    respondent.refresh_from_db()
    assert respondent.submitted_at is None


def test_submitting_a_complete_response_sends_it(colleague_client, urls, respondent):
    complete(respondent)

    response = colleague_client.post(urls.check)

    assert response.status_code == 302
    assert response.url == urls.submitted
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None
    assert respondent.status == "Submitted"
    page = colleague_client.get(urls.submitted)
    assert "Your answers have been sent" in text_of(page)


def test_submitting_twice_keeps_one_submission(colleague_client, urls, respondent):
    complete(respondent)
    colleague_client.post(urls.check)
    respondent.refresh_from_db()
    first = respondent.submitted_at

    again = colleague_client.post(urls.check)

    assert again.status_code == 302
    assert again.url == urls.submitted
    respondent.refresh_from_db()
    assert respondent.submitted_at == first


def test_the_submitted_page_before_submitting_goes_to_check(colleague_client, urls):
    response = colleague_client.get(urls.submitted)

    assert response.status_code == 302
    assert response.url == urls.check


def test_after_submitting_a_section_is_read_only(colleague_client, urls, respondent):
    complete(respondent, rung=5)
    colleague_client.post(urls.check)

    response = colleague_client.get(urls.section(FIRST), follow=True)

    assert response.redirect_chain == [(urls.check, 302)]
    assert READ_ONLY in text_of(response)
    assert "Your answers" in text_of(response)
    assert "Change<" not in response.content.decode()
    assert "Submit your answers" not in text_of(response)


def test_after_submitting_a_section_post_changes_nothing(colleague_client, urls, respondent):
    complete(respondent, rung=5)
    colleague_client.post(urls.check)

    response = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, extent=Extent.NOT_YET, rung=1, version=1)
    )

    assert response.status_code == 302
    assert response.url == urls.check
    assert set(saved_answers(respondent, FIRST).values()) == {(Extent.FULLY, "")}
    assert saved_section(respondent, FIRST).rung.position == 5
    autosave = colleague_client.post(
        urls.section(FIRST), section_data(FIRST, rung=1, version=1), headers=AUTOSAVE
    )
    assert autosave.status_code == 409
    assert autosave.json() == {"status": "read-only"}
    assert saved_section(respondent, FIRST).rung.position == 5


def test_after_submitting_about_you_is_read_only(colleague_client, urls, respondent):
    complete(respondent, submit=True)

    response = colleague_client.post(
        urls.about_you, {"name": "Someone else", "perspective": "carer"}
    )

    assert response.url == urls.check
    respondent.refresh_from_db()
    assert (respondent.name, respondent.perspective) == ("Sam Patel", "staff")


def test_a_reopened_response_can_be_changed_again(colleague_client, urls, respondent):
    complete(respondent, rung=5, submit=True)

    respondent.reopen()

    respondent.refresh_from_db()
    assert respondent.submitted_at is None
    assert respondent.reopened_at is not None
    assert colleague_client.get(urls.section(FIRST)).status_code == 200
    response = colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=6, version=1))
    assert response.status_code == 302
    assert saved_section(respondent, FIRST).rung.position == 6
    assert colleague_client.post(urls.check).url == urls.submitted
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None


def test_a_response_to_a_closed_assessment_cannot_be_reopened(respondent, assessment):
    complete(respondent, submit=True)
    assessment.close()

    with pytest.raises(AssessmentError):
        respondent.reopen()


def test_a_closed_assessment_is_read_only(colleague_client, urls, respondent, assessment):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=3))
    other = Respondent.objects.create(assessment=assessment, name="Joan")
    complete(other, submit=True)
    assessment.close()

    task_list = colleague_client.get(urls.task_list)
    section = colleague_client.get(urls.section(FIRST), follow=True)
    post = colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=7, version=1))
    submit = colleague_client.post(urls.check)

    assert "This assessment has closed, so answers can no longer change." in text_of(task_list)
    assert section.redirect_chain == [(urls.check, 302)]
    assert READ_ONLY in text_of(section)
    assert post.url == urls.check
    assert submit.url == urls.check
    assert saved_section(respondent, FIRST).rung.position == 3
    respondent.refresh_from_db()
    assert respondent.submitted_at is None


# About you


def test_about_you_saves_and_goes_to_the_first_unfinished_section(
    colleague_client, urls, respondent
):
    fill_in(respondent, [FIRST])

    response = colleague_client.post(
        urls.about_you,
        {
            "name": "Sam P",
            "perspective": "staff",
            "agreed_to_be_quoted": "yes",
            "agreed_to_be_named": "on",
        },
    )

    assert response.url == urls.section(SECOND)
    respondent.refresh_from_db()
    assert (respondent.name, respondent.perspective, respondent.agreed_to_be_named) == (
        "Sam P",
        "staff",
        True,
    )
    assert respondent.started_at is not None


# Who may answer


def test_anonymous_people_are_sent_to_sign_in_from_every_page(client, urls, respondent):
    for url in urls.all():
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response.url).path == reverse("login"), url
        assert parse_qs(urlsplit(response.url).query)["next"] == [url]


def test_an_outsider_gets_not_found_on_every_page(client, outsider, other_organisation, urls):
    client.force_login(outsider)

    for url in urls.all():
        assert client.get(url).status_code == 404, url


def test_a_stranger_gets_not_found_on_every_page(client, stranger, urls, respondent):
    client.force_login(stranger)

    for url in urls.all():
        assert client.get(url).status_code == 404, url


def test_an_outsider_cannot_save_answers(client, outsider, other_organisation, urls, respondent):
    client.force_login(outsider)

    response = client.post(urls.section(FIRST), section_data(FIRST))

    assert response.status_code == 404
    assert not Answer.objects.exists()
    assert not Section.objects.exists()


def test_an_outsider_cannot_reach_it_through_their_own_organisation(
    client, outsider, other_organisation, assessment, respondent
):
    Respondent.objects.create(assessment=assessment, user=outsider, name="Nadia Hughes")
    client.force_login(outsider)
    url = reverse("colleague:task_list", kwargs={"org": other_organisation.pk, "pk": assessment.pk})

    assert client.get(url).status_code == 404


def test_a_member_who_was_not_asked_gets_not_found(client, colleague, urls):
    client.force_login(colleague)

    for url in urls.all():
        assert client.get(url).status_code == 404, url


def test_an_admin_who_was_not_asked_gets_not_found_too(client, admin, urls, respondent):
    client.force_login(admin)

    assert client.get(urls.task_list).status_code == 404
    assert client.get(urls.section(FIRST)).status_code == 404


def test_a_colleague_only_ever_sees_their_own_answers(colleague_client, urls, respondent, priya):
    task_list = colleague_client.get(urls.task_list)
    check = colleague_client.get(urls.check)

    assert [status_of(task_list, slug) for slug in SLUGS] == ["Not started"] * 6
    assert "Priya's own example" not in text_of(check)
    assert "Sam Patel" in text_of(check)


def test_a_colleague_saving_does_not_touch_another_colleagues_answers(
    colleague_client, urls, respondent, priya
):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, extent=Extent.NOT_YET, rung=1))

    assert set(saved_answers(priya, FIRST).values()) == {(Extent.FULLY, "Priya's own example")}
    assert saved_section(priya, FIRST).rung.position == 5
    assert set(saved_answers(respondent, FIRST).values()) == {(Extent.NOT_YET, "")}


# Easy read


def test_easy_read_shows_the_easy_read_wording_and_is_remembered(colleague_client, urls, framework):
    questions = Question.objects.filter(principle__framework=framework, principle__slug=FIRST)

    task_list = colleague_client.get(urls.task_list + "?view=easy-read")
    section = colleague_client.get(urls.section(FIRST))

    first = Principle.objects.get(framework=framework, slug=FIRST)
    assert first.easy_read in text_of(task_list)
    text = text_of(section)
    assert "You are reading the easy-read version." in text
    for question in questions:
        assert question.easy_read in text
        assert question.text not in text
    check = text_of(colleague_client.get(urls.check))
    assert questions[0].easy_read in check


def test_the_full_wording_is_the_default(colleague_client, urls, framework):
    question = Question.objects.get(principle__framework=framework, code="nef-1")

    text = text_of(colleague_client.get(urls.section(FIRST)))

    assert question.text in text
    assert question.easy_read not in text


def test_the_show_the_full_wording_link_turns_easy_read_off(colleague_client, urls, framework):
    question = Question.objects.get(principle__framework=framework, code="nef-1")
    easy = colleague_client.get(urls.section(FIRST) + "?view=easy-read")
    link = re.search(r'href="([^"]*)">Show the full wording', easy.content.decode()).group(1)

    full = colleague_client.get(link)

    assert question.text in text_of(full)
    assert question.plain_english not in text_of(full)


# Queries


@pytest.fixture
def forty_nine_others(assessment):
    """49 more people who have answered everything, to show the pages do not grow with them."""
    others = Respondent.objects.bulk_create(
        Respondent(assessment=assessment, name=f"Person {n}", perspective="person")
        for n in range(49)
    )
    for other in others:
        fill_in(other)
    Respondent.objects.filter(pk__in=[o.pk for o in others]).update(submitted_at=timezone.now())


def _page_queries(client, urls, respondent, assert_max):
    fill_in(respondent, SLUGS[:3])
    contents(respondent.assessment.framework_id)  # read once for every page (a cache miss)
    with assert_max(TASK_LIST_QUERIES):
        assert client.get(urls.task_list).status_code == 200
    with assert_max(SECTION_QUERIES):
        assert client.get(urls.section(FIRST)).status_code == 200
    with assert_max(CHECK_QUERIES):
        assert client.get(urls.check).status_code == 200


def test_pages_make_a_fixed_number_of_queries_with_one_respondent(
    colleague_client, urls, respondent, django_assert_max_num_queries
):
    _page_queries(colleague_client, urls, respondent, django_assert_max_num_queries)


def test_pages_make_the_same_number_of_queries_with_fifty_respondents(
    colleague_client, urls, respondent, forty_nine_others, django_assert_max_num_queries
):
    assert Respondent.objects.count() == 50
    _page_queries(colleague_client, urls, respondent, django_assert_max_num_queries)
