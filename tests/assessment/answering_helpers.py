"""Shared set-up for the tests of answering an assessment and of its results.

The fixtures are listed in `__all__`, so a test module takes them with
`from .answering_helpers import *`; helpers are imported by name.

- `assessment`: Riverside's "Spring 2027", pinned to framework 2026.1, open
- `respondent`: the colleague's own response to it
- `colleague_client`: the test client, signed in as the colleague
- `link_respondent` / `token`: Joan, who answers through a personal link, and her link
- `link_client`: the test client after Joan opened her link
"""

import html
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment, Extent, Respondent, Section
from assessment.views.answering import AnswerUrls
from principles.models import Principle, Question, Rung

__all__ = [
    "assessment",
    "colleague_client",
    "link_client",
    "link_respondent",
    "respondent",
    "token",
]

# The sections in the order the task list shows them, with their questions' codes in order.
SECTIONS = {
    "people-as-assets": ["nef-1", "nef-9", "cp-1"],
    "building-capabilities": ["nef-5", "cp-2", "cp-3"],
    "mutuality-reciprocity": ["nef-2", "nef-4"],
    "peer-support-networks": ["nef-6", "nef-7"],
    "breaking-down-barriers": ["nef-10", "cp-4", "cp-5"],
    "facilitating-not-delivering": ["nef-3", "nef-8", "cp-6"],
}
SLUGS = list(SECTIONS)
FIRST, SECOND, LAST = SLUGS[0], SLUGS[1], SLUGS[-1]


@pytest.fixture
def assessment(organisation, framework, admin) -> Assessment:
    return Assessment.objects.create(
        organisation=organisation, framework=framework, title="Spring 2027", created_by=admin
    )


@pytest.fixture
def respondent(assessment, colleague) -> Respondent:
    return Respondent.objects.create(assessment=assessment, user=colleague, name="Sam Patel")


@pytest.fixture
def colleague_client(client, colleague, respondent):
    client.force_login(colleague)
    return client


@pytest.fixture
def link_respondent(assessment) -> Respondent:
    return Respondent.objects.create(assessment=assessment, user=None, name="Joan")


@pytest.fixture
def token(link_respondent) -> str:
    return link_respondent.new_link()


@pytest.fixture
def link_client(client, token):
    response = client.get(reverse("open_personal_link", args=[token]))
    assert response.status_code == 302
    return client


class Urls(AnswerUrls):
    """The answering pages, for a colleague (`Urls(assessment)`) or a link (`Urls()`)."""

    def __init__(self, assessment: Assessment | None = None):
        if assessment is None:
            super().__init__("link")
        else:
            super().__init__("colleague", org=assessment.organisation_id, pk=assessment.pk)

    def all(self) -> list[str]:
        return [
            self.task_list,
            self.about_you,
            self.check,
            self.submitted,
            *(self.section(slug) for slug in SLUGS),
        ]


def section_data(
    slug: str,
    *,
    extent=Extent.FULLY,
    evidence: str = "",
    rung=5,
    rung_evidence: str = "",
    version=0,
    **fields,
) -> dict:
    """The section form as a browser posts it: every question at `extent`, and the rung.

    Pass None to leave a value out; `fields` (e.g. {"nef-1-extent": 2}) override or add.
    """
    data = {"version": version}
    for code in SECTIONS[slug]:
        if extent is not None:
            data[f"{code}-extent"] = int(extent)
        data[f"{code}-evidence"] = evidence
    if rung is not None:
        data["rung"] = rung
    data["rung_evidence"] = rung_evidence
    data.update(fields)
    return data


def fill_in(
    respondent: Respondent,
    slugs=None,
    *,
    extent=Extent.FULLY,
    rung: int | None = 5,
    evidence: str = "",
    extents: dict | None = None,
) -> None:
    """Answer sections straight into the database, as saving them through the form would.

    `extents` maps question codes to extents that differ from `extent`.
    """
    framework_id = respondent.assessment.framework_id
    slugs = SLUGS if slugs is None else slugs
    extents = extents or {}
    principles = Principle.objects.filter(framework_id=framework_id, slug__in=slugs)
    rung_obj = (
        Rung.objects.get(framework_id=framework_id, position=rung) if rung is not None else None
    )
    Section.objects.bulk_create(
        Section(respondent=respondent, principle=p, rung=rung_obj, version=1) for p in principles
    )
    Answer.objects.bulk_create(
        Answer(
            respondent=respondent,
            question=q,
            extent=extents.get(q.code, extent),
            evidence=evidence,
        )
        for q in Question.objects.filter(principle__in=principles)
    )


def complete(
    respondent: Respondent, *, perspective="staff", submit=False, quoted=True, **answers
) -> None:
    """Answer everything (see `fill_in`), say who they answer as and whether their examples
    may be shown (`quoted`), and maybe submit."""
    respondent.perspective = perspective
    respondent.agreed_to_be_quoted = quoted
    respondent.save(update_fields=["perspective", "agreed_to_be_quoted"])
    fill_in(respondent, **answers)
    if submit:
        assert respondent.submit()


def saved_answers(respondent: Respondent, slug: str) -> dict:
    """{code: (extent, evidence)} as the database holds them for one section."""
    return {
        a.question.code: (a.extent, a.evidence)
        for a in Answer.objects.filter(respondent=respondent, question__principle__slug=slug)
        .select_related("question")
        .order_by("question__position")
    }


def saved_section(respondent: Respondent, slug: str) -> Section | None:
    return (
        Section.objects.select_related("rung")
        .filter(respondent=respondent, principle__slug=slug)
        .first()
    )


def text_of(response) -> str:
    """The page as a reader sees the words: entities such as &#x27; turned back into text."""
    return html.unescape(response.content.decode())


class FormReader(HTMLParser):
    """What a browser would show in the page's form fields."""

    def __init__(self, page: str):
        super().__init__()
        self.checked: dict[str, str] = {}  # radio name -> value of the checked one
        self.values: dict[str, str] = {}  # text/hidden input or textarea name -> value
        self.radios: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            name = attrs.get("name")
            if attrs.get("type") == "radio":
                self.radios.setdefault(name, []).append(attrs.get("value"))
                if "checked" in attrs:
                    self.checked[name] = attrs.get("value")
            elif name:
                self.values[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A newline straight after <textarea> is not part of the value.
            value = self.values[self._textarea]
            self.values[self._textarea] = value.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None


def form_of(response) -> FormReader:
    return FormReader(response.content.decode())


def send_after_session_ended(client, url: str, typed: dict, *, open_page) -> object:
    """What a browser does when a session ends mid-way: the page was loaded by its owner
    (`open_page()` signs them in or opens their link), the session ends, then what they typed
    is sent, with the page's hidden fields."""
    open_page()
    owner = form_of(client.get(url)).values["owner"]
    client.logout()  # empties the session, as expiry does
    return client.post(url, {**typed, "owner": owner})
