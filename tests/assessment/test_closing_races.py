"""Closing an assessment while people save and submit: one lock order (the assessment's row
first) means nothing is saved or submitted after the results are frozen.

Each test holds the assessment's lock the way `Assessment.close()` does, starts the other
request in a thread, gives it a moment to get stuck behind the lock, then closes and commits.
Before the lock order, the other request did not wait and wrote after the close.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from assessment.models import Assessment, PrincipleResult, Section

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import FIRST, Urls, complete, section_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs on it)"
    ),
]
# How long the other request is given to reach the lock: it either waits there (right) or
# finishes well within this (wrong).
REACH_THE_LOCK = 2.0


def while_closing(assessment, request) -> list:
    """Run `request()` in a thread while this thread closes `assessment`, holding its lock as
    close() does; returns what the request returned."""
    outcome = []

    def other():
        try:
            outcome.append(request())
        finally:
            connections.close_all()

    with transaction.atomic():
        Assessment.objects.select_for_update().get(pk=assessment.pk)
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(REACH_THE_LOCK)
        Assessment.objects.filter(pk=assessment.pk).update(
            status=Assessment.Status.CLOSED, closed_at=timezone.now()
        )
    thread.join(30)
    assert not thread.is_alive()
    return outcome


def test_a_section_saved_as_the_assessment_closes_is_refused(colleague, respondent, assessment):
    client = Client()
    client.force_login(colleague)
    url = Urls(assessment).section(FIRST)
    typed = section_data(FIRST, evidence="Saved at the last moment")

    [response] = while_closing(
        assessment, lambda: client.post(url, typed, headers={"X-Autosave": "1"})
    )

    assert response.status_code == 409
    assert response.json() == {"status": "read-only"}
    assert not Section.objects.filter(respondent=respondent).exists()


def test_a_response_submitted_as_the_assessment_closes_is_not_submitted(
    colleague, respondent, assessment
):
    complete(respondent)
    client = Client()
    client.force_login(colleague)

    [response] = while_closing(assessment, lambda: client.post(Urls(assessment).check))

    respondent.refresh_from_db()
    assert respondent.submitted_at is None
    assert response.status_code == 302
    assert response.url == Urls(assessment).check


def test_the_frozen_count_equals_the_responses_shown_as_submitted(
    admin, colleague, respondent, assessment, link_respondent
):
    complete(link_respondent, submit=True)
    complete(respondent)
    closing = threading.Event()

    def submit_while_closing():
        closing.wait(10)
        outcome = respondent.submit()
        connections.close_all()
        return outcome

    results = []
    thread = threading.Thread(target=lambda: results.append(submit_while_closing()))
    thread.start()
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        closing.set()
        thread.join(REACH_THE_LOCK)
        locked.close()
    thread.join(30)

    submitted = assessment.respondents.filter(submitted_at__isnull=False).count()
    frozen = PrincipleResult.objects.filter(assessment=assessment, perspective="").first()
    assert results == [False]
    assert submitted == 1
    assert frozen.respondents == submitted
