from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessment.tasks import build_round_summary


def waiting_task(waited: timedelta) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=build_round_summary.module_path,
        backend_name="default",
        queue_name="default",
        run_after=timezone.now() - waited,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


@pytest.mark.django_db
def test_health_reports_the_database_and_an_empty_task_queue(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "tasks": {"status": "ok", "waiting": 0, "running": 0, "oldest_waiting_seconds": 0},
    }
    assert response.headers["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_health_says_when_tasks_have_waited_too_long_for_a_worker(client):
    waiting_task(timedelta(minutes=1))
    waiting_task(timedelta(minutes=15))

    tasks = client.get(reverse("health")).json()["tasks"]

    assert tasks["status"] == "delayed"
    assert tasks["waiting"] == 2
    assert 15 * 60 <= tasks["oldest_waiting_seconds"] < 16 * 60


@pytest.mark.django_db
def test_health_keeps_no_session_and_sets_no_cookie(client):
    response = client.get(reverse("health"))

    assert not response.cookies
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.django_db
def test_health_says_nothing_of_the_request(client, admin):
    client.force_login(admin)

    response = client.get(reverse("health") + "?<script>=x&next=admin@riverside.example")

    assert b"script" not in response.content
    assert b"riverside" not in response.content
    assert b"admin" not in response.content


@pytest.mark.django_db
def test_health_only_answers_reads(client):
    assert client.post(reverse("health")).status_code == 405
