"""Filters for the plain-text part of emails."""

import re

from django import template

register = template.Library()


@register.filter
def quoted(text: str) -> str:
    """Someone's own words in an email, quoted ("> " before every line) so the reader can tell
    them from ours, with runs of blank lines made one."""
    lines = re.sub(r"\n\s*\n+", "\n\n", text.replace("\r\n", "\n").strip()).split("\n")
    return "\n".join(f"> {line}".rstrip() for line in lines)
