"""Secret links: a random token is shown once (in an email or on screen); only its hash is kept."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """Return (token, hash): send the token, store the hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
