"""Small helpers for reading what the service sends back: pages, messages and emails."""

import re
from html import unescape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

LINK = re.compile(r"https?://[^\s\"'<>]+")


def text(response) -> str:
    return response.content.decode()


def main_content(response) -> str:
    """The page's <main> element: what the person reads, without per-request nonces and tokens."""
    page = text(response)
    start, end = page.index("<main"), page.index("</main>")
    return page[start:end]


def headings(response) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", heading)).strip()
        for heading in re.findall(r"<h1[^>]*>(.*?)</h1>", text(response), flags=re.DOTALL)
    ]


def html_part(message) -> str:
    assert isinstance(message, EmailMultiAlternatives)
    parts = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(parts) == 1, "the email should have exactly one HTML alternative"
    return parts[0]


def only_link(message) -> str:
    """The single link in an email's text, checked to be the same link in its HTML part."""
    links = LINK.findall(message.body)
    assert len(links) == 1, f"expected one link in the email, found {links}"
    assert f'href="{links[0]}"' in html_part(message)
    return links[0]


def site_path(link: str) -> str:
    """The path of an absolute link to this site, for the test client."""
    return re.sub(r"^https?://[^/]+", "", link)


def invitation_token(message) -> str:
    link = only_link(message)
    assert link.startswith(f"{settings.SITE_URL}/join/")
    return link.removeprefix(f"{settings.SITE_URL}/join/").rstrip("/")


def said(response) -> str:
    """The words on the page, as a person reads them: tags removed, entities decoded."""
    words = re.sub(r"<[^>]+>", " ", main_content(response))
    return " ".join(unescape(words).split())
