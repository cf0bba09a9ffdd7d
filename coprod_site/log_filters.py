"""Keep secret links out of the logs.

Django logs the path of every refused request ("Gone: /respond/<token>/"), and a personal link,
an invitation or a password reset link carries its secret in the path. Whoever can read the
logs must not be able to use them.
"""

import logging
import re

SECRET_IN_PATH = re.compile(
    r"(/(?:respond|join|review-invitations)/|/account/password/reset/[^/\s]+/)[^/\s?]+"
)


def without_secrets(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1[hidden]", text)


class HideSecretLinks(logging.Filter):
    """Rewrite a record's message with the secret part of any link path hidden."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = without_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True
