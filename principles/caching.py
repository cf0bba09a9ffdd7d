"""What is built from framework content (HTML mostly), kept in Django's cache so that it is not
built again for every request.

A published framework version never changes through the site, but loading the fixture again
(an upgrade) may rewrite its words. Every write to framework content draws a new generation
(`signals.py`), and anything kept under an older generation is built again, so a page never
shows words the framework no longer has. Callers put everything else it depends on in the key.
"""

from collections.abc import Callable
from uuid import uuid4

from django.core.cache import cache

GENERATION_KEY = "framework-content-generation"
# A week at most, so that what nobody asks for any more leaves the cache.
TIMEOUT = 60 * 60 * 24 * 7


def new_generation() -> str:
    generation = uuid4().hex
    cache.set(GENERATION_KEY, generation, None)
    return generation


def cached[T](key: str, build: Callable[[], T]) -> T:
    """What is kept under `key` for the current framework content, or else `build()`, kept."""
    kept = cache.get_many([GENERATION_KEY, key])  # one round trip to the cache
    generation = kept.get(GENERATION_KEY) or new_generation()
    if key in kept and kept[key][0] == generation:
        return kept[key][1]
    value = build()
    cache.set(key, (generation, value), TIMEOUT)
    return value
