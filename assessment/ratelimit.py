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
    keys = [_address_key(request, scope, window)]
    if request.user.is_authenticated:
        keys.append(f"ratelimit:{scope}:user:{request.user.pk}:{int(time.time() // window)}")
    try:
        counts = [_count(key, window) for key in keys]
        return any(count > limit for count in counts)
    except (DatabaseError, RedisError):
        # A broken cache must not lock everyone out, nor show a server error.
        logger.exception("Rate limit counter unavailable for %s", scope)
        return False


def _address_key(request, scope: str, window: int) -> str:
    return f"ratelimit:{scope}:ip:{client_address(request)}:{int(time.time() // window)}"


def count_from_address(request, scope: str, *, window: int = WINDOW) -> None:
    """Count one event (a failed sign-in, say) against the request's address in `scope`."""
    try:
        _count(_address_key(request, scope, window), window)
    except (DatabaseError, RedisError):
        logger.exception("Rate limit counter unavailable for %s", scope)


def reached_from_address(request, scope: str, *, limit: int, window: int = WINDOW) -> bool:
    """Whether `limit` events have been counted from the request's address in this window."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return False
    try:
        return (cache.get(_address_key(request, scope, window)) or 0) >= limit
    except (DatabaseError, RedisError):
        logger.exception("Rate limit counter unavailable for %s", scope)
        return False


def rate_limited(scope: str, *, methods=("GET", "POST"), limit: int = LIMIT, window: int = WINDOW):
    """Decorate a view so that more than `limit` requests (with one of `methods`) in `window`
    seconds, from one address or one person, get the "too many tries" page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                refused = refusal(request, scope, limit=limit, window=window)
                if refused:
                    return refused
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def refusal(request, scope: str, *, limit: int = LIMIT, window: int = WINDOW):
    """Count this request against `scope`: the "too many tries" page (429) if it is over the
    limit, else None. Views that must first check who is asking call it after that check, so
    requests refused anyway use up nobody's tries."""
    if not too_many(request, scope, limit=limit, window=window):
        return None
    response = render(request, "reviews/rate_limited.html", {"minutes": window // 60}, status=429)
    response["Retry-After"] = str(window - int(time.time()) % window)
    return response
