"""What is built from framework content (HTML mostly), kept in Django's cache so that it is not
built again for every request.

A published framework version never changes through the site, but loading the fixture again
(an upgrade) may rewrite its words. Every write to framework content draws a new generation
(`signals.py`), and anything kept under an older generation is built again, so a page never
shows words the framework no longer has. Keys also carry a digest of the project's templates
and code (`release`), so what an older release built is never shown by a newer one. Callers
put everything else it depends on in the key.
"""

import hashlib
from collections.abc import Callable
from functools import cache as once
from pathlib import Path
from uuid import uuid4

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "framework-content-generation"
# A week at most, so that what nobody asks for any more leaves the cache.
TIMEOUT = 60 * 60 * 24 * 7


@once
def release() -> str:
    """A digest of the project's templates and its apps' Python files, worked out once per
    process."""
    base = Path(settings.BASE_DIR)
    files = sorted(path for path in (base / "templates").rglob("*") if path.is_file())
    for app in apps.get_app_configs():
        if Path(app.path).is_relative_to(base):
            files += sorted(Path(app.path).rglob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def new_generation() -> str:
    generation = uuid4().hex
    cache.set(GENERATION_KEY, generation, None)
    return generation


def cached[T](key: str, build: Callable[[], T]) -> T:
    """What is kept under `key` for the current framework content and release, or else
    `build()`, kept."""
    key = f"{key}:{release()}"
    kept = cache.get_many([GENERATION_KEY, key])  # one round trip to the cache
    generation = kept.get(GENERATION_KEY) or new_generation()
    if key in kept and kept[key][0] == generation:
        return kept[key][1]
    value = build()
    cache.set(key, (generation, value), TIMEOUT)
    return value
