"""`make run` as many people use it at once: the development server on its SQLite file."""

import json
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from .deployment import TEST_RUN_ONLY, Deployment, Server, Visitor, form_fields, free_port

PEOPLE = 8
ROUNDS = 3
DEMO_PASSWORD = "coproduce-demo"


@pytest.fixture
def development_server(tmp_path):
    """What `make run` starts: migrated SQLite with the framework and demo data, runserver."""
    environment = {k: v for k, v in os.environ.items() if k not in TEST_RUN_ONLY} | {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "coprod.example",
    }
    deployment = Deployment(environment)
    for step in (
        ["migrate"],
        ["createcachetable"],
        ["loaddata", "framework", "practices"],
        ["seed_demo"],
    ):
        deployment.manage(*step)
    port = free_port()
    process = deployment.start(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    )
    server = Server(port, scheme="http")
    server.wait_until_up(process)
    yield server
    deployment.stop()


def personal_links(server: Server, count: int) -> list[str]:
    """Northgate's admin adds `count` people to its assessment in progress; their links."""
    admin = Visitor()
    admin.sign_in(server, "admin@northgate.example", DEMO_PASSWORD)
    organisation = re.search(r'href="(/organisations/\d+/)"', admin.get(server, "/").text)
    page = admin.get(server, organisation.group(1)).text
    add = next(
        f"{path}people/link/"
        for path in re.findall(r'href="(/organisations/\d+/assessments/\d+/)"', page)
        if admin.get(server, f"{path}people/link/").status == 200
    )
    links = []
    for number in range(count):
        added = admin.post(server, add, {"name": f"Person {number}", "email": "", "message": ""})
        links.append(re.search(r"/respond/[\w-]+/", added.text).group(0))
    return links


def test_people_autosaving_at_the_same_moment_all_have_their_answers_saved(development_server):
    server = development_server
    people = []
    for link in personal_links(server, PEOPLE):
        person = Visitor()
        assert person.get(server, link).status == 302
        people.append(person)
    section = "/your-answers/people-as-assets/"
    forms = [form_fields(p.get(server, section).text, text="We plan it together.") for p in people]

    def autosave(number: int):
        person, fields = people[number], forms[number]
        response = person.post(server, section, fields, headers={"X-Autosave": "1"})
        if response.status == 200:
            fields["version"] = str(response.json()["version"])
        return response.status, response.text[:200]

    with ThreadPoolExecutor(PEOPLE) as pool:
        answers = [list(pool.map(autosave, range(PEOPLE))) for _ in range(ROUNDS)]

    for round in answers:
        assert [status for status, _ in round] == [200] * PEOPLE, round
        assert all(json.loads(body)["status"] == "saved" for _, body in round)
