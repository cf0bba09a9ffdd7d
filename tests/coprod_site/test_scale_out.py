"""Two app servers and two task workers on one PostgreSQL database and one Redis cache, as
docs/deploy.md describes: whatever server a request reaches, the person sees the same site."""

import json
import os
import random
import re
import time

import pytest
import redis

from .deployment import HOST, Visitor, form_fields, readme_deploy_commands

DEMO_PASSWORD = "coproduce-demo"
SUMMARIES = 4
BUILD_SECONDS = 180


@pytest.fixture
def servers(deployed):
    """Two gunicorn instances sharing a Redis cache (an empty Redis database of its own)."""
    number = random.randint(1, 15)
    try:
        redis.Redis(host="127.0.0.1", port=6379, db=number).flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379 (CI starts it)")
    cache = {"CACHE_URL": f"redis://127.0.0.1:6379/{number}"}
    gunicorn = next(c for c in readme_deploy_commands() if c.startswith("gunicorn"))
    return [deployed.gunicorn(gunicorn, **cache), deployed.gunicorn(gunicorn, **cache)]


def test_a_session_begun_on_one_server_carries_on_on_the_other(servers):
    first, second = servers
    wendy = Visitor()
    wendy.sign_in(first, "wg@wayahead.example", DEMO_PASSWORD)

    response = wendy.get(second, "/working-group/")

    assert response.status == 200
    assert "London 2026/27" in response.text


def test_a_message_set_on_one_server_is_shown_by_the_other(servers):
    first, second = servers
    rita = Visitor()
    rita.sign_in(first, "admin@riverside.example", DEMO_PASSWORD)
    organisation = re.search(r'href="(/organisations/\d+/)"', rita.get(first, "/").text).group(1)
    edit = rita.get(first, f"{organisation}edit/")

    saved = rita.post(first, f"{organisation}edit/", form_fields(edit.text))

    assert saved.status == 302, saved.text[:3000]
    after = rita.get(second, saved.headers["location"].removeprefix(f"https://{HOST}"))
    assert "Your organisation&#x27;s details have been saved." in after.text
    assert "details have been saved" not in rita.get(first, organisation).text


def test_rate_limits_count_requests_to_both_servers_together(servers):
    stranger = Visitor()

    answers = [stranger.get(servers[n % 2], "/review-invitations/guess/").status for n in range(21)]

    assert 429 not in answers[:20]
    assert answers[20] == 429


def test_two_workers_build_each_round_summary_exactly_once(deployed, servers):
    first, second = servers
    wendy = Visitor()
    wendy.sign_in(first, "wg@wayahead.example", DEMO_PASSWORD)
    dashboard = wendy.get(first, "/working-group/")
    round_path = re.search(r'href="(/working-group/rounds/\d+/)"', dashboard.text).group(1)
    # One summary asked for through the site, more queued the same way the site queues them.
    assert wendy.post(first, f"{round_path}summary/", {}).status == 302
    deployed.manage(
        "shell",
        "-c",
        "from assessment.models import RoundSummary, Round\n"
        "from assessment.tasks import build_round_summary\n"
        "round = Round.objects.get(name='London 2026/27')\n"
        f"for _ in range({SUMMARIES - 1}):\n"
        "    build_round_summary.enqueue(RoundSummary.objects.create(round=round).pk)\n",
    )
    worker = next(c for c in readme_deploy_commands() if "db_worker" in c)
    deployed.worker(worker)
    deployed.worker(worker)

    deadline = time.monotonic() + BUILD_SECONDS
    while time.monotonic() < deadline:
        state = task_state(deployed)
        if all(status == "done" for status in state["summaries"]):
            break
        time.sleep(0.5)

    assert state["summaries"] == ["done"] * SUMMARIES
    assert len(state["tasks"]) == SUMMARIES
    for task in state["tasks"]:
        assert task["status"] == "SUCCESSFUL"
        assert len(task["worker_ids"]) == 1
    status = wendy.get(second, f"{round_path}summary/")
    download = re.search(r'href="(/working-group/rounds/\d+/summaries/\d+\.pdf)"', status.text)
    pdf = wendy.get(second, download.group(1))
    assert pdf.status == 200
    assert pdf.body.startswith(b"%PDF-")


def task_state(deployed) -> dict:
    printed = deployed.manage(
        "shell",
        "-c",
        "import json\n"
        "from assessment.models import RoundSummary\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "summaries = RoundSummary.objects.order_by('pk').values_list('status', flat=True)\n"
        "print(json.dumps({\n"
        "    'summaries': list(summaries),\n"
        "    'tasks': list(DBTaskResult.objects.values('status', 'worker_ids')),\n"
        "}))\n",
    ).stdout
    return json.loads(printed.strip().splitlines()[-1])
