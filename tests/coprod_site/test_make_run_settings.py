"""`make run` on another port: links in emails and on screen follow the server."""

import os
import subprocess

from .deployment import PROJECT_ROOT

SHOW = ["--eval", 'show-site-url: ; @echo "$$SITE_URL"', "show-site-url"]


def site_url(**environment) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | environment
    return subprocess.run(
        ["make", "-s", *SHOW], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_links_follow_the_port_make_run_serves_on():
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8001") == "http://127.0.0.1:8001"


def test_a_site_url_given_by_the_person_wins():
    assert site_url(PORT="8001", SITE_URL="https://coprod.example") == "https://coprod.example"
