import re
import subprocess
import sys

import pytest

from .deployment import PROJECT_ROOT

SETTINGS = PROJECT_ROOT / "coprod_site" / "settings.py"
GUIDE = PROJECT_ROOT / "docs" / "deploy.md"


def variables_read_by_the_settings() -> set[str]:
    source = SETTINGS.read_text()
    return set(re.findall(r'(?:environ\.get|environ\[|env_bool|env_list)\(?\s*"([A-Z_]+)"', source))


def variables_in_the_deploy_guide() -> set[str]:
    section = GUIDE.read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])}


def test_the_deploy_guide_lists_every_variable_the_settings_read_and_no_other():
    read = variables_read_by_the_settings()

    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "STATIC_ROOT"} <= read
    assert variables_in_the_deploy_guide() == read


def settings_value(expression: str, **environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=PROJECT_ROOT,
        env={"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "coprod_site.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://127.0.0.1:6379/3", "django.core.cache.backends.redis.RedisCache"),
        ("rediss://cache.example:6380/0", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_cache_url_chooses_the_shared_cache(url, backend):
    result = settings_value("settings.CACHES['default']", CACHE_URL=url)

    assert result.returncode == 0, result.stderr
    assert backend in result.stdout
    if url:
        assert url in result.stdout


def test_an_unknown_cache_url_stops_the_start_with_a_clear_message():
    result = settings_value("settings.CACHES", CACHE_URL="memcached://127.0.0.1:11211")

    assert result.returncode != 0
    assert "CACHE_URL must start with redis:// or rediss://" in result.stderr
