"""A small fixed-window rate limit for endpoints worth guessing at: secret links and invitations.

Counts live in the default cache (a database table or Redis, shared by every server process), per
address and per signed-in person: whichever runs out first stops the request with a friendly
429 page. Set RATELIMIT_ENABLED = False to switch it off (for example in browser tests, which
make many requests from one address).
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.shortcuts import render
from redis import RedisError

from .auth import client_address

logger = logging.getLogger(__name__)

LIMIT = 20
WINDOW = 10 * 60  # seconds


def _count(key: str, window: int) -> int:
    """Add one to the counter `key` for this window and return the new count."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def too_many(request, scope: str, *, limit: int = LIMIT, window: int = WINDOW) -> bool:
    """Count this request against `scope`; True if it is over the limit."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return False
    bucket = int(time.time() // window)
    keys = [f"ratelimit:{scope}:ip:{client_address(request)}:{bucket}"]
    if request.user.is_authenticated:
        keys.append(f"ratelimit:{scope}:user:{request.user.pk}:{bucket}")
    try:
        counts = [_count(key, window) for key in keys]
        return any(count > limit for count in counts)
    except (DatabaseError, RedisError):
        # A broken cache must not lock everyone out, nor show a server error.
        logger.exception("Rate limit counter unavailable for %s", scope)
        return False


def rate_limited(scope: str, *, methods=("GET", "POST"), limit: int = LIMIT, window: int = WINDOW):
    """Decorate a view so that more than `limit` requests (with one of `methods`) in `window`
    seconds, from one address or one person, get the "too many tries" page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and too_many(request, scope, limit=limit, window=window):
                response = render(
                    request, "reviews/rate_limited.html", {"minutes": window // 60}, status=429
                )
                response["Retry-After"] = str(window - int(time.time()) % window)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
