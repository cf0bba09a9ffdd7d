"""Sign-in helpers."""


def lockout_username(request, credentials: dict) -> str:
    """The name django-axes counts failed sign-ins against: the email as sign-in reads it
    (case and surrounding spaces ignored), so changing the case of an address gains no tries."""
    return (credentials or {}).get("username", "").strip().lower()
