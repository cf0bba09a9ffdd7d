"""Small helpers for reading what the service sends back: pages, messages and emails."""

import re
from html import unescape
from html.parser import HTMLParser

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import URLPattern

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
    """The single link in an email's text (besides the page for typing a personal link's
    code), checked to be the same link in its HTML part."""
    links = [link for link in LINK.findall(message.body) if not link.endswith("/code/")]
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


class _Tables(HTMLParser):
    """Every <table> on a page as (caption, rows), each row the words of its cells. Text inside
    an <svg> (the small bars drawn beside counts) is left out; with `split_elements`, an element
    inside a cell also starts a new word."""

    def __init__(self, page: str, *, split_elements: bool):
        super().__init__(convert_charrefs=True)
        self.split_elements = split_elements
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._caption: list[str] | None = None
        self._name = ""
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_svg = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self._in_svg += 1
        elif tag == "table":
            self._rows, self._name = [], ""
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif self._cell is not None and self.split_elements:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg -= 1
        elif tag == "caption" and self._caption is not None:
            self._name = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables.append((self._name, self._rows))
            self._rows = None

    def handle_data(self, data):
        if self._in_svg:
            return
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def page_tables(page: str, *, split_elements: bool = False) -> list[tuple[str, list[list[str]]]]:
    """Every table on the page: (caption, rows including the header row)."""
    return _Tables(page, split_elements=split_elements).tables


def routes_of(views) -> list[URLPattern]:
    """The assessment app's URL patterns (all in assessment/urls.py) served by the views
    module `views`."""
    from assessment.urls import urlpatterns

    return [
        p
        for p in urlpatterns
        if isinstance(p, URLPattern) and p.callback.__module__ == views.__name__
    ]
