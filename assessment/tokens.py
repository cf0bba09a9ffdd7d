"""Secret links: a random token is shown once (in an email or on screen); only its hash is kept."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """Return (token, hash): send the token, store the hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# A personal link's short code, to read out, write on a letter or type at /code/: letters and
# digits nobody mistakes for one another (no 0 or O, no 1, I or L). 31**8 is about 850 billion
# codes, and the code page is rate limited, so guessing one is hopeless.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def short_code(token: str) -> str:
    """The short code that goes with a personal link's token (derived from it, so the link
    and the code are one secret issued together, and neither is stored)."""
    number = int.from_bytes(hashlib.sha256(f"code:{token}".encode()).digest(), "big")
    letters = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[index])
    return "".join(letters)


def shown_code(code: str) -> str:
    """ABCD-EFGH: two groups of four are easier to read out and copy."""
    return f"{code[:4]}-{code[4:]}"


def typed_code(text: str) -> str:
    """What someone typed, as a code: capitals, no spaces or dashes."""
    return "".join(character for character in text.upper() if character.isalnum())
