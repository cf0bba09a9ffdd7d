"""Easy read on every page a respondent sees, questions put to who is answering, pictures
beside the key ideas, the larger-text setting, and no sign-in prompts for people with a link."""

import re

import pytest
from django.urls import reverse

from assessment.models import Perspective
from principles.models import Audience, Descriptor, Principle, Question, Rung

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import FIRST, SLUGS, Urls, complete, fill_in, section_data, text_of

LINK = Urls()
EASY = "?view=easy-read"


def questions_of(framework, slug=FIRST):
    return list(
        Question.objects.filter(principle__framework=framework, principle__slug=slug).order_by(
            "position"
        )
    )


def easy(client, url):
    return text_of(client.get(url + EASY))


# Who is answering decides the wording


@pytest.mark.parametrize(
    "perspective", [Perspective.PERSON, Perspective.CARER, Perspective.VOLUNTEER]
)
def test_people_who_use_services_carers_and_volunteers_are_asked_about_this_service(
    link_client, link_respondent, framework, perspective
):
    link_respondent.perspective = perspective
    link_respondent.save()

    full = text_of(link_client.get(LINK.section(FIRST) + "?view=full"))
    easy_page = easy(link_client, LINK.section(FIRST))

    for question in questions_of(framework):
        assert question.service_text in full
        assert question.text not in full
        assert question.service_easy_read in easy_page
        assert question.service_text not in easy_page
    assert "Where is this service on the ladder for recognising people as assets?" in full
    assert "Where is this service on the ladder?" in easy_page
    assert "your organisation" not in full + easy_page


def test_staff_are_asked_about_their_organisation_in_nefs_words(
    link_client, link_respondent, framework
):
    link_respondent.perspective = Perspective.STAFF
    link_respondent.save()

    full = text_of(link_client.get(LINK.section(FIRST) + "?view=full"))
    easy_page = easy(link_client, LINK.section(FIRST))

    for question in questions_of(framework):
        assert question.text in full
        assert question.easy_read in easy_page
        assert question.text not in easy_page
    assert "Where is your organisation on the ladder for recognising people as assets?" in full
    assert "Where is your organisation on the ladder?" in easy_page


def test_a_colleague_who_has_not_said_is_asked_as_staff(colleague_client, assessment, framework):
    page = text_of(colleague_client.get(Urls(assessment).section(FIRST) + "?view=full"))

    for question in questions_of(framework):
        assert question.text in page


def test_the_check_page_shows_each_question_as_the_person_was_asked_it(
    link_client, link_respondent, framework
):
    complete(link_respondent, perspective=Perspective.CARER)

    full = text_of(link_client.get(LINK.check + "?view=full"))
    easy_page = easy(link_client, LINK.check)

    question = questions_of(framework)[0]
    assert question.service_text in full
    assert question.service_easy_read in easy_page
    assert question.text not in full + easy_page
    assert "I look after someone who uses this service" in easy_page


def test_perspective_wording_comes_from_the_framework_version(
    link_client, link_respondent, framework
):
    assert link_respondent.asked_about == Audience.SERVICE
    question = questions_of(framework)[0]
    assert question.wording(Audience.SERVICE, easy_read=True) == question.service_easy_read


# Every respondent page in easy read


def test_the_section_page_in_easy_read_shows_easy_names_pictures_and_rungs(link_client, framework):
    page = link_client.get(LINK.section(FIRST) + EASY).content.decode()
    text = text_of(link_client.get(LINK.section(FIRST)))
    principle = Principle.objects.get(framework=framework, slug=FIRST)

    assert re.search(r"<title>\s*Everyone has something to give", page)
    assert principle.easy_read_name in text and principle.easy_read in text
    assert principle.name not in text
    assert 'src="/static/img/pictograms/people-as-assets.svg" alt="A person with a star' in page
    for rung in Rung.objects.filter(framework=framework):
        assert f"Rung {rung.position}: {rung.easy_read_name}" in text
        assert rung.name not in re.sub(r"Co-production self-assessment", "", text)
    assert 'alt="Doing with people."' in page
    for descriptor in Descriptor.objects.filter(principle=principle):
        assert descriptor.easy_read in text
        assert descriptor.text not in text
    assert "Tell us an example for question 1. You do not have to." in text
    assert "steps" not in text
    assert "An example or evidence" not in text


def test_a_too_long_example_is_explained_in_easy_read_and_nothing_typed_is_lost(
    link_client,
):
    link_client.get(LINK.task_list + EASY)
    typed = "x" * 5001

    response = link_client.post(LINK.section(FIRST), section_data(FIRST, evidence=typed))

    text = text_of(response)
    assert response.status_code == 200
    assert "Your example for question 1 is too long. Please use 5,000 letters or fewer." in text
    assert typed in text


def test_the_task_list_in_easy_read_shows_each_part_with_its_picture(link_client, framework):
    page = link_client.get(LINK.task_list + EASY).content.decode()

    for principle in Principle.objects.filter(framework=framework):
        assert principle.easy_read_name in page
        assert principle.name not in page
        assert f'src="/static/img/pictograms/{principle.slug}.svg"' in page
    assert "There are six parts." in page
    assert "Check your answers and send them" in page


def test_about_you_in_easy_read(link_client):
    text = easy(link_client, LINK.about_you)

    assert "Who are you?" in text
    assert "I use this service" in text
    assert "Which best describes you" not in text

    response = link_client.post(LINK.about_you, {"name": ""})
    assert "Tell us your name" in text_of(response)
    assert "Choose who you are" in text_of(response)


def test_check_your_answers_and_the_confirmation_in_easy_read(
    link_client, link_respondent, framework
):
    complete(link_respondent, perspective=Perspective.PERSON)

    check = easy(link_client, LINK.check)
    assert "Send your answers" in check
    assert "Rung 5: Listened to a bit" in check
    assert "Engagement" not in check
    assert "Give and take" in check and "Mutuality and reciprocity" not in check

    link_client.post(LINK.check)
    submitted = text_of(link_client.get(LINK.submitted))
    assert "They do this when everyone has finished." in submitted
    assert "when the assessment closes" not in submitted


def test_the_code_and_link_pages_in_easy_read(client, db):
    code_page = text_of(client.get(reverse("enter_code") + EASY))
    assert "Type the code from your letter or email." in code_page

    needed = text_of(client.get(LINK.task_list))
    assert "We need to know it is you." in needed

    unknown = text_of(client.get(reverse("open_personal_link", args=["no-such-token"])))
    assert "Check that you have the whole link." in unknown


def test_the_framework_pages_opening_paragraph_in_easy_read(client, framework):
    text = easy(client, reverse("principles:overview"))

    assert framework.easy_read_introduction in text
    assert framework.introduction not in text


def test_the_easy_read_section_page_makes_a_bounded_number_of_queries(
    link_client, link_respondent, django_assert_max_num_queries
):
    fill_in(link_respondent, SLUGS[:1])
    link_client.get(LINK.section(FIRST) + EASY)

    with django_assert_max_num_queries(12):
        assert link_client.get(LINK.section(FIRST)).status_code == 200


# Larger text


def test_larger_text_is_offered_on_every_page_and_remembered(client, framework):
    page = client.get(reverse("principles:overview")).content.decode()
    assert 'class="govuk-template"' in page
    assert "Make the text larger" in page

    response = client.get(reverse("text_size") + "?size=larger&next=/framework/")

    assert response.status_code == 302
    assert response["Location"] == "/framework/"
    page = client.get(reverse("principles:overview")).content.decode()
    assert 'class="govuk-template coprod-larger-text"' in page
    assert "Make the text smaller" in page


def test_easy_read_uses_larger_text_unless_the_standard_size_was_chosen(client, framework):
    overview = reverse("principles:overview")
    assert "coprod-larger-text" in client.get(overview + EASY).content.decode()

    client.get(reverse("text_size") + "?size=standard&next=/framework/")

    assert "coprod-larger-text" not in client.get(overview).content.decode()


def test_the_text_size_link_never_sends_people_to_another_site(client, db):
    response = client.get(reverse("text_size") + "?size=larger&next=https://evil.example/")

    assert response["Location"] == reverse("home")


# No sign-in prompts for people with a link


def test_people_with_a_personal_link_never_see_sign_in_prompts(link_client):
    for url in LINK.all()[:3]:
        page = link_client.get(url).content.decode()
        assert "Sign in" not in page, url
        assert "Create an account" not in page, url
        assert f'href="{LINK.task_list}">Your answers</a>' in page


def test_visitors_without_a_link_are_still_offered_sign_in(client, framework):
    page = client.get(reverse("principles:overview")).content.decode()

    assert "Sign in" in page
    assert "Create an account" in page
