"""Personal-link respondents' names and emails go a set time after their assessment closes;
what they answered stays, anonymously."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessment.models import Answer, Assessment, Respondent

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import complete


def closed_ago(assessment: Assessment, days: int) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.CLOSED, closed_at=timezone.now() - timedelta(days=days)
    )


def remove() -> str:
    out = StringIO()
    call_command("remove_old_personal_details", stdout=out)
    return out.getvalue()


@pytest.fixture
def joan(link_respondent) -> Respondent:
    link_respondent.email = "joan@example.org"
    link_respondent.agreed_to_be_named = True
    link_respondent.save()
    link_respondent.new_link()
    complete(link_respondent, perspective="person", submit=True, evidence="The bus is late")
    return link_respondent


def test_a_year_after_closing_link_respondents_lose_their_name_and_email_not_their_answers(
    joan, respondent, assessment
):
    complete(respondent, submit=True)
    answers = set(Answer.objects.filter(respondent=joan).values_list("question_id", "evidence"))
    closed_ago(assessment, 366)

    said = remove()

    joan.refresh_from_db()
    assert "Removed the names and email addresses of 1 person" in said
    assert (joan.name, joan.email, joan.token_hash) == ("Name removed", "", None)
    assert joan.agreed_to_be_named is False
    assert joan.details_removed_at is not None
    assert joan.perspective == "person"
    assert set(Answer.objects.filter(respondent=joan).values_list("question_id", "evidence")) == (
        answers
    )
    respondent.refresh_from_db()
    assert respondent.name == "Sam Patel"  # colleagues are people with accounts


def test_nothing_is_removed_before_the_time_is_up(joan, assessment):
    closed_ago(assessment, 360)

    assert "of 0 people" in remove()
    joan.refresh_from_db()
    assert joan.name == "Joan"
    assert joan.email == "joan@example.org"


def test_open_assessments_keep_everyone(joan):
    remove()

    joan.refresh_from_db()
    assert joan.name == "Joan"


def test_the_time_kept_is_a_setting(joan, assessment, settings):
    settings.PERSONAL_DETAILS_KEPT_MONTHS = 1
    closed_ago(assessment, 32)

    remove()

    joan.refresh_from_db()
    assert joan.name == "Name removed"


def test_running_it_again_changes_nothing(joan, assessment):
    closed_ago(assessment, 400)
    remove()
    joan.refresh_from_db()
    removed_at = joan.details_removed_at

    assert "of 0 people" in remove()
    joan.refresh_from_db()
    assert joan.details_removed_at == removed_at
