""" "I don't know" is an answer for the rung: saving it, the task list, check your answers,
submitting, and how the results page, the PDF and the CSV count it (beside the medians, never
in them). Also: "Save and continue" past the last section says why it goes back."""

import csv
import io

import pytest
from django.urls import reverse

from assessment.models import Respondent
from assessment.reports import pdf
from assessment.results import assessment_results
from principles.models import Principle

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import (
    FIRST,
    LAST,
    SLUGS,
    Urls,
    complete,
    fill_in,
    form_of,
    saved_section,
    section_data,
    text_of,
)
from .helpers import said
from .pdf_helpers import pdf_text, principle_part

DONT_KNOW = 0


@pytest.fixture
def urls(assessment):
    return Urls(assessment)


def dont_know(respondent, slug=FIRST):
    """Change one saved section to "I don't know", as choosing it in the form does."""
    section = saved_section(respondent, slug)
    section.rung, section.dont_know = None, True
    section.save()


@pytest.fixture
def answered(assessment):
    """Three staff and three people who use services submitted; on the first principle two
    staff chose rungs 6 and 2 and the third said "I don't know", and one person who uses
    services chose rung 7 and two said "I don't know"."""
    made = []
    for perspective, rungs in (("staff", [6, 2, None]), ("person", [7, None, None])):
        for number, position in enumerate(rungs):
            respondent = Respondent.objects.create(
                assessment=assessment, name=f"{perspective} {number}"
            )
            complete(respondent, perspective=perspective, rung=4)
            if position is None:
                dont_know(respondent)
            else:
                section = saved_section(respondent, FIRST)
                section.rung = section.rung.__class__.objects.get(
                    framework_id=assessment.framework_id, position=position
                )
                section.save()
            assert respondent.submit()
            made.append(respondent)
    return made


# Answering


def test_the_rung_question_offers_i_dont_know_last(colleague_client, urls):
    response = colleague_client.get(urls.section(FIRST))

    assert form_of(response).radios["rung"] == ["7", "6", "5", "4", "3", "2", "1", "0"]
    page = text_of(response)
    assert "I don't know" in page
    assert "Choose this if you cannot say which rung fits. It still counts as an answer." in page


def test_choosing_i_dont_know_completes_the_section(colleague_client, urls, respondent):
    response = colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=DONT_KNOW))

    assert response.status_code == 302
    section = saved_section(respondent, FIRST)
    assert (section.rung, section.dont_know) == (None, True)
    assert "You have completed 1 of 6 sections." in text_of(colleague_client.get(urls.task_list))
    assert form_of(colleague_client.get(urls.section(FIRST))).checked["rung"] == "0"


def test_choosing_a_rung_afterwards_replaces_i_dont_know(colleague_client, urls, respondent):
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=DONT_KNOW))

    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=3, version=1))

    section = saved_section(respondent, FIRST)
    assert (section.rung.position, section.dont_know) == (3, False)


def test_check_your_answers_shows_i_dont_know_and_submitting_works(
    colleague_client, urls, respondent
):
    respondent.perspective = "staff"
    respondent.save()
    fill_in(respondent, SLUGS[1:])
    colleague_client.post(urls.section(FIRST), section_data(FIRST, rung=DONT_KNOW))

    check = colleague_client.get(urls.check)
    assert "I don't know" in said(check)
    response = colleague_client.post(urls.check)

    assert response.url == urls.submitted
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None


def test_a_link_respondent_can_say_i_dont_know_too(link_client, link_respondent):
    urls = Urls()
    link_client.post(urls.section(FIRST), section_data(FIRST, rung=DONT_KNOW))

    assert saved_section(link_respondent, FIRST).dont_know


def test_save_and_continue_past_the_last_section_says_why_it_goes_back(
    colleague_client, urls, framework
):
    response = colleague_client.post(urls.section(LAST), section_data(LAST), follow=True)

    assert response.redirect_chain[-1][0] == urls.section(FIRST)
    first = Principle.objects.get(framework=framework, slug=FIRST)
    assert (
        "Some answers are still missing, so we have brought you back to the first section "
        f"that needs them: {first.name}." in said(response)
    )


def test_save_and_continue_to_the_next_section_says_nothing_extra(colleague_client, urls):
    response = colleague_client.post(urls.section(FIRST), section_data(FIRST), follow=True)

    assert "Some answers are still missing" not in said(response)


# Results count it honestly


def test_the_medians_use_only_the_rungs_people_chose(assessment, answered):
    assessment.close()

    summary = assessment_results(assessment).principles[0]
    assert (summary.rung.position, summary.respondents, summary.dont_know) == (6, 3, 3)
    by_group = {p.perspective: p for p in summary.perspectives}
    assert (by_group["staff"].rung.position, by_group["staff"].respondents) == (2, 2)
    assert by_group["staff"].dont_know == 1
    assert (by_group["person"].rung.position, by_group["person"].dont_know) == (7, 2)
    # The other principles: everyone chose rung 4.
    assert assessment_results(assessment).principles[1].dont_know == 0


def test_a_principle_everyone_said_i_dont_know_to_has_no_rung(assessment, answered):
    for respondent in answered:
        dont_know(respondent, LAST)
    assessment.close()

    summary = assessment_results(assessment).principles[-1]
    assert (summary.rung, summary.respondents, summary.dont_know) == (None, 0, 6)
    assert [(p.perspective, p.rung, p.dont_know) for p in summary.perspectives] == [
        ("staff", None, 3),
        ("person", None, 3),
    ]


def test_the_results_page_says_how_many_said_i_dont_know(client, admin, assessment, answered):
    assessment.close()
    client.force_login(admin)

    page = said(client.get(reverse("results", args=[assessment.organisation_id, assessment.pk])))

    assert 'People who said "I don\'t know" 3 (not counted in the rung reached)' in page
    assert "Staff 2. " in page
    assert "Person who uses services 7. " in page


def test_the_pdf_says_how_many_said_i_dont_know(assessment, answered):
    assessment.close()

    first = principle_part(pdf_text(pdf.assessment_report(assessment)), 1)

    assert "3 people; 3 said “I don't know”" in first
    assert "I don't know 1 2" in first


def test_the_csv_says_i_dont_know(client, admin, assessment, answered):
    assessment.close()
    client.force_login(admin)

    response = client.get(reverse("results_csv", args=[assessment.organisation_id, assessment.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    first = Principle.objects.get(framework=assessment.framework, slug=FIRST)
    rung_rows = [r for r in rows if r[4] == "rung" and r[3] == first.name]
    assert [r[6] for r in rung_rows].count("I don't know") == 3
