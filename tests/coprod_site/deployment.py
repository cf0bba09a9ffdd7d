"""A real deployment for the tests that check the README's promises: a throwaway database and
static folder set up by following the README's deploy steps, gunicorn and `db_worker` processes
started as it says, and a client that talks to them as the TLS-terminating proxy would.

The database is a new PostgreSQL database beside the one the tests use (or an SQLite file when
the tests run on SQLite), dropped afterwards. Every process is ended when its test finishes.
"""

import html
import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import dj_database_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
README = PROJECT_ROOT / "README.md"
BIN = Path(sys.executable).parent
HOST = "coprod.example"
# Set by tests/environment.py for the test run only: a deployment never has them.
TEST_RUN_ONLY = {
    "HTTPS",
    "STATIC_FROM_SOURCE",
    "TASKS_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "CACHE_URL",
}
STARTUP_SECONDS = 60


def readme_deploy_commands() -> list[str]:
    """The commands in the README's "Deploying" section, in order, as a person would copy them."""
    section = README.read_text().split("## Deploying", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    return [line for line in lines if line]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_database(tmp_path: Path):
    """A DATABASE_URL for an empty database of the kind the tests run on, removed afterwards."""
    test_url = os.environ.get("DATABASE_URL", "")
    if not test_url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
        return
    import psycopg2

    config = dj_database_url.parse(test_url)
    name = f"coprod_deploy_{secrets.token_hex(4)}"
    server = dict(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
    )
    admin = psycopg2.connect(**server)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        parts = urllib.parse.urlsplit(test_url)
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}", query=""))
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@dataclass
class Deployment:
    """The environment of a deployed Coprod and the processes it runs."""

    environment: dict
    processes: list = field(default_factory=list)

    def manage(self, *arguments: str, **overrides) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT_ROOT,
            env=self.environment | overrides,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"manage.py {shlex.join(arguments)}:\n{result.stderr}"
        return result

    def run(self, command: str) -> subprocess.CompletedProcess:
        """Run one line of the README's deploy steps, as written, with this environment."""
        arguments = shlex.split(command)
        if arguments[:2] == ["python", "manage.py"]:
            return self.manage(*arguments[2:])
        raise AssertionError(f"Not a step this test knows how to follow: {command}")

    def start(self, command: list[str], **overrides) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=self.environment | overrides,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def gunicorn(self, readme_line: str, **overrides) -> "Server":
        """Start gunicorn as the README says, on a free local port."""
        arguments = shlex.split(readme_line)
        assert arguments[0] == "gunicorn", readme_line
        port = free_port()
        process = self.start(
            [str(BIN / "gunicorn"), *arguments[1:], "--bind", f"127.0.0.1:{port}", "-w", "2"],
            **overrides,
        )
        server = Server(port)
        server.wait_until_up(process)
        return server

    def worker(self, readme_line: str, **overrides) -> subprocess.Popen:
        arguments = shlex.split(readme_line)
        assert arguments[:3] == ["python", "manage.py", "db_worker"], readme_line
        return self.start([sys.executable, "manage.py", *arguments[2:]], **overrides)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def production_environment(database_url: str, static_root: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in TEST_RUN_ONLY}
    return environment | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SECURE_PROXY_SSL_HEADER_ON": "true",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "1",
    }


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self):
        return json.loads(self.body)


class Server:
    """One gunicorn on 127.0.0.1, reached as the proxy would reach it: HTTPS already ended,
    the site's host name in the Host header."""

    def __init__(self, port: int, scheme: str = "https"):
        self.port = port
        self.scheme = scheme
        self.origin = f"{scheme}://{HOST}"

    def request(self, method: str, path: str, body=None, headers=None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Host": HOST, "X-Forwarded-Proto": self.scheme, **(headers or {})},
            )
            response = connection.getresponse()
            return Response(
                response.status,
                {k.lower(): v for k, v in response.getheaders()} | _cookies(response),
                response.read(),
            )
        finally:
            connection.close()

    def wait_until_up(self, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"gunicorn stopped:\n{process.stderr.read().decode()}")
            try:
                self.request("GET", "/health/")
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")


def _cookies(response) -> dict:
    jar = SimpleCookie()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            jar.load(value)
    return {"set-cookie": {name: morsel.value for name, morsel in jar.items()}}


class Visitor:
    """A person with a browser: keeps cookies, fills in forms with their CSRF token, and may
    be sent to any of several servers behind one address."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, server: Server, path: str) -> Response:
        return self._send(server, "GET", path)

    def post(self, server: Server, path: str, data: dict, headers=None) -> Response:
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self._send(
            server,
            "POST",
            path,
            urllib.parse.urlencode(data),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": server.origin,
                "Referer": f"{server.origin}{path}",
                **(headers or {}),
            },
        )

    def sign_in(self, server: Server, email: str, password: str) -> Response:
        page = self.get(server, "/account/sign-in/")
        assert page.status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.post(
            server,
            "/account/sign-in/",
            {"csrfmiddlewaretoken": token, "username": email, "password": password},
        )
        assert response.status == 302, response.text[:2000]
        return response

    def _send(self, server, method, path, body=None, headers=None) -> Response:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = server.request(
            method, path, body, {**({"Cookie": cookie} if cookie else {}), **(headers or {})}
        )
        for name, value in response.headers["set-cookie"].items():
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response


def form_fields(page: str, text: str = "") -> dict:
    """What a browser would send from the main form on `page` (the one with most fields),
    filled in by someone who picks the first choice of every unanswered question and types
    `text` in every empty box."""
    forms = [part.split("</form>", 1)[0] for part in page.split("<form")[1:]]
    form = max(forms, key=lambda form: form.count("name="))
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if 'type="radio"' in tag and (name.group(1) in fields and "checked" not in tag):
            continue
        fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, content in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        fields[name] = html.unescape(content).strip() or text
    return fields
