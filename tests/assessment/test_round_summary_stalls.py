"""Round summaries survive a worker dying (issue 9, "Scales out"): the heartbeat the task notes
with every part (tasks.build_round_summary), RoundSummary.objects.stalled / fail_stalled, the
summary and dashboard pages, and the back office.

The last test kills a real `manage.py db_worker` mid-build, so it needs PostgreSQL (the worker
is another process, and the test's database must be one it can reach).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessment.dashboards import round_assessments
from assessment.models import RoundSummary
from assessment.models.rounds import STALLED_MESSAGE
from assessment.reports import pdf
from assessment.tasks import build_round_summary
from tests.factories import make_user

from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import (
    SHARED_IN_LONDON,
    dashboard_url,
    done_summary,
    pdf_text,
    signed_in,
    summary_url,
    words,
)

STALL_SECONDS = 2


@pytest.fixture(autouse=True)
def _quick_stalls(settings):
    settings.ROUND_SUMMARY_STALL_SECONDS = STALL_SECONDS


def running(round, user, *, beat_seconds_ago: float) -> RoundSummary:
    return RoundSummary.objects.create(
        round=round,
        requested_by=user,
        status=RoundSummary.Status.RUNNING,
        organisations_total=4,
        organisations_done=1,
        heartbeat_at=timezone.now() - timedelta(seconds=beat_seconds_ago),
    )


# Seen as stalled, and asked for again -------------------------------------------------------


def test_a_summary_whose_worker_stopped_beating_is_failed_and_can_be_asked_for_again(
    wg_client, wg_member, shared_round
):
    london = shared_round.round
    stalled = running(london, wg_member, beat_seconds_ago=STALL_SECONDS + 1)

    page = wg_client.get(summary_url(london))

    stalled.refresh_from_db()
    assert stalled.status == RoundSummary.Status.FAILED
    assert stalled.error == STALLED_MESSAGE
    assert stalled.finished_at is not None
    assert f"Failed {STALLED_MESSAGE}" in words(page)
    assert "Make a new summary" in words(page)

    response = wg_client.post(summary_url(london))

    assert response.status_code == 302
    new = RoundSummary.objects.exclude(pk=stalled.pk).get()
    assert new.status == RoundSummary.Status.DONE
    assert "Ready" in words(wg_client.get(summary_url(london)))


def test_asking_again_straight_away_replaces_a_stalled_summary(wg_client, wg_member, shared_round):
    london = shared_round.round
    stalled = running(london, wg_member, beat_seconds_ago=STALL_SECONDS + 1)

    wg_client.post(summary_url(london))

    stalled.refresh_from_db()
    assert stalled.status == RoundSummary.Status.FAILED
    assert RoundSummary.objects.exclude(pk=stalled.pk).get().status == RoundSummary.Status.DONE


def test_a_summary_making_progress_is_left_to_finish(wg_client, wg_member, shared_round):
    london = shared_round.round
    building = running(london, wg_member, beat_seconds_ago=0)

    page = words(wg_client.get(summary_url(london)))
    wg_client.post(summary_url(london))

    building.refresh_from_db()
    assert building.status == RoundSummary.Status.RUNNING
    assert list(RoundSummary.objects.all()) == [building]
    assert "Being built 1 of 4 organisations done." in page
    assert "Check again" in page


def test_the_dashboard_shows_a_stalled_summary_as_failed(wg_client, wg_member, shared_round):
    london = shared_round.round
    running(london, wg_member, beat_seconds_ago=STALL_SECONDS + 1)

    page = words(wg_client.get(dashboard_url(london)))

    assert "Failed" in page
    assert "Being built" not in page


def test_a_worker_starting_a_summary_fails_those_whose_worker_died(
    wg_member, shared_round, midlands
):
    stalled = running(midlands, wg_member, beat_seconds_ago=STALL_SECONDS + 1)
    queued = RoundSummary.objects.create(round=shared_round.round, requested_by=wg_member)

    build_round_summary.call(queued.pk)

    stalled.refresh_from_db()
    queued.refresh_from_db()
    assert stalled.status == RoundSummary.Status.FAILED
    assert queued.status == RoundSummary.Status.DONE
    assert queued.heartbeat_at is not None


def test_the_summary_tells_it_is_alive_after_every_part_laid_out_or_joined(
    shared_round, monkeypatch
):
    """Three organisations a part: two organisation parts, then the aggregate pages and one
    more part of the list (laid out twice: to count its pages, then with the numbers), then the
    four parts joined one by one."""
    monkeypatch.setattr(pdf, "ORGANISATIONS_PER_CHUNK", 3)
    monkeypatch.setattr(pdf, "INDEX_ROWS_ON_SUMMARY", 2)
    monkeypatch.setattr(pdf, "INDEX_ROWS_PER_PART", 3)
    london = shared_round.round
    told = []

    pdf.round_summary_pdf(
        london,
        round_assessments(london),
        on_progress=lambda done, total: told.append(f"{done} of {total}"),
        on_part=lambda: told.append("part"),
    )

    assert told == ["0 of 4", "3 of 4", "4 of 4", *["part"] * (2 + 2 + 4)]


# The back office -----------------------------------------------------------------------------


def test_staff_delete_a_summary_in_the_back_office(wg_member, shared_round):
    london = shared_round.round
    stuck = running(london, wg_member, beat_seconds_ago=0)
    done = done_summary(london, wg_member)
    superuser = make_user("root@coprod.example", "Sue Perkins", is_staff=True, is_superuser=True)
    client = signed_in(superuser)

    listing = client.get(reverse("admin:assessment_roundsummary_changelist"))
    response = client.post(
        reverse("admin:assessment_roundsummary_delete", args=[stuck.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert "Heartbeat at" in listing.content.decode()
    assert response.status_code == 302
    assert list(RoundSummary.objects.all()) == [done]


# A real worker, killed mid-build -------------------------------------------------------------


def _worker(log, *arguments: str) -> subprocess.Popen:
    """`manage.py db_worker` in its own process, on this test's database and the database
    task queue, logging to `log`."""
    database = connection.settings_dict
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{quote(database['USER'], safe='')}{password}@"
        f"{database['HOST']}{port}/{database['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    return subprocess.Popen(
        [
            sys.executable,
            *("manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"),
            *arguments,
        ],
        cwd=django_settings.BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_summary_whose_worker_is_killed_mid_build_is_seen_as_stalled_and_built_again(
    wg_client, shared_round, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    london = shared_round.round
    log = (tmp_path / "workers.log").open("w")
    worker = _worker(log)
    try:
        wg_client.post(summary_url(london))
        killed = RoundSummary.objects.get(round=london)

        def building() -> bool:
            assert worker.poll() is None, (tmp_path / "workers.log").read_text()[-2000:]
            killed.refresh_from_db()
            assert killed.status != RoundSummary.Status.DONE, "built before it could be killed"
            return killed.status == RoundSummary.Status.RUNNING

        _wait_until(building, 60)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        # Another worker, for the summary asked for next; it stops after one task.
        worker = _worker(log, "--max-tasks", "1")

        killed.refresh_from_db()
        assert killed.status == RoundSummary.Status.RUNNING  # nobody will ever finish it
        since = (timezone.now() - killed.heartbeat_at).total_seconds()
        time.sleep(max(0, STALL_SECONDS - since) + 0.1)

        page = words(wg_client.get(summary_url(london)))

        assert f"Failed {STALLED_MESSAGE}" in page
        killed.refresh_from_db()
        assert killed.status == RoundSummary.Status.FAILED

        wg_client.post(summary_url(london))
        again = RoundSummary.objects.exclude(pk=killed.pk).get()
        assert worker.wait(120) == 0, (tmp_path / "workers.log").read_text()[-2000:]
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        log.close()

    again.refresh_from_db()
    assert again.status == RoundSummary.Status.DONE
    text = pdf_text(bytes(again.pdf))
    assert all(name in text for name in SHARED_IN_LONDON)
    assert "Ready" in words(wg_client.get(summary_url(london)))
