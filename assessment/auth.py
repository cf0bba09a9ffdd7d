"""Sign-in helpers, and who a request comes from."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address of the person's machine, which rate limits and sign-in lockouts count by,
    or None if it is not known (a sign-in made without a web request).

    Directly connected (TRUSTED_PROXY_COUNT 0), it is REMOTE_ADDR. Behind that many proxies,
    each adding the address it saw to X-Forwarded-For, it is the entry the outermost trusted
    proxy added: entries further left were written by the client, who could choose any.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def lockout_username(request, credentials: dict) -> str:
    """The name django-axes counts failed sign-ins against: the email as sign-in reads it
    (case and surrounding spaces ignored), so changing the case of an address gains no tries."""
    return (credentials or {}).get("username", "").strip().lower()
