"""A throwaway PostgreSQL database, static files and a gunicorn server, as production runs them.

Used by `bench.pages` and `bench.load`. Everything made here is removed on the way out: the
database is dropped, the static folder deleted and the server's process group killed, even when
the benchmark fails half-way.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
WORKERS = 2
READY_TIMEOUT = 60  # seconds for gunicorn to answer its first request


def environment(database: str, static_root: str) -> dict[str, str]:
    """The environment every process of a benchmark runs with: production settings (DEBUG off)
    through bench.settings, plain HTTP on 127.0.0.1."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # No TLS on 127.0.0.1: without this, DEBUG off redirects every request to https.
        "HTTPS": "false",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "BENCH_STATIC_ROOT": static_root,
        "LOG_LEVEL": "ERROR",
    }


def _psql(command: str) -> None:
    subprocess.run(  # noqa: S603
        ["psql", f"{POSTGRES}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", command],  # noqa: S607
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def prepared_site(database: str):
    """Create database `database` (dropping any leftover of a failed run), set up this process's
    Django on it, migrate, load the framework, collect the static files into a temporary
    folder, and yield the environment for servers; drop and delete it all afterwards."""
    if not database.startswith("coprod_bench_"):
        raise ValueError("Benchmark databases are named coprod_bench_*.")
    static_root = tempfile.mkdtemp(prefix="coprod-bench-static-")
    env = environment(database, static_root)
    _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{database}"')
    try:
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        call_command("loaddata", "framework", "practices", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        yield env
    finally:
        from django.db import connections

        connections.close_all()
        _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(static_root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = WORKERS):
    """gunicorn serving the app on a free port of 127.0.0.1; yields its base URL. The server
    runs in its own process group, killed on the way out."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--timeout=60",
        "coprod_site.wsgi:application",
    ]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(base, process, log)
            yield base
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _wait_until_ready(base: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited:\n{log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/bench/ok/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute.")
