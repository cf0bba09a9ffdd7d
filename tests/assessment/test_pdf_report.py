"""The assessment report PDF (issue 5, "The assessment report (WeasyPrint)"):
assessment/reports/pdf.py, templates/reports/pdf/, static/css/report.css and the results_pdf view.

Rendering costs a second or two, so each test renders at most once: a report with a submitted
peer review is read for its words and again for its PDF structure; one with markup typed in
every field; one raw template through the same pipeline; one with no submitted review; and a
member's and an admin's downloads. The ladder's marks, the fetcher and the refusals render
nothing.
"""

import ast
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment, Perspective, Respondent
from assessment.reports import pdf
from assessment.reports.pdf import STATIC_BASE, RefusedFetch, static_resource, url_fetcher
from tests.factories import membership_of

from .answering_helpers import SLUGS
from .pdf_helpers import (
    agree,
    close_assessment,
    embedded_fonts,
    outline,
    pagination_artifacts,
    pdf_pages,
    pdf_text,
    principle_part,
    reader,
    structure_types,
    submitted_review,
    tag_tree_problems,
)
from .review_helpers import *  # noqa: F403 - the shared fixtures (closed, reviewer, clients)
from .review_helpers import (
    DRAFT_EVIDENCE,
    DRAFT_NAME,
    NAMED,
    PEER_RUNGS,
    SELF_RUNGS,
    UNNAMED,
    answer_everything,
)

# These tests are about the arithmetic, with a person or two per perspective.
pytestmark = pytest.mark.usefixtures("every_group_shown")

PRINCIPLES = [
    "Recognising people as assets",
    "Building on people's existing capabilities",
    "Mutuality and reciprocity",
    "Peer support networks",
    "Breaking down barriers",
    "Facilitating rather than delivering services",
]
RUNGS = [
    "Coercion",
    "Educating",
    "Informing",
    "Consultation",
    "Engagement",
    "Co-design",
    "Co-production",
]
FIRST, GOLD, BARRIERS = "people-as-assets", "peer-support-networks", "breaking-down-barriers"
TITLE = "Autumn 2026"

# Staff placed the first principle at 7, the person who uses services at 4, the volunteer at 6:
# rung 6 reached (the lower middle of 4, 6, 7, 7) and staff 3 rungs higher than people who use
# services. Elsewhere everyone chose SELF_RUNGS.
PERSON_WORDS = "I run the Tuesday buddy session and choose the games"
VOLUNTEER_WORDS = "Volunteers sit on the interview panel"
STAFF_WORDS = "Staff and regulars share the cafe keys"
DRAFT_WORDS = "Draft words that were never sent"
PEOPLE = [
    {
        "name": "Tomasz Nowak",
        "email": "tomasz.nowak@riverside.example",
        "perspective": Perspective.STAFF,
        "named": True,
        "rungs": {**SELF_RUNGS, FIRST: 7},
        "evidence": "Staff write the rota with the regulars",
        "rung_evidence": STAFF_WORDS,
    },
    {
        "name": "Grace Obi",
        "email": "grace.obi@riverside.example",
        "perspective": Perspective.STAFF,
        "rungs": {**SELF_RUNGS, FIRST: 7},
        "evidence": "Staff write the rota with the regulars",
        "rung_evidence": STAFF_WORDS,
    },
    {
        "name": "Priya Shah",
        "email": "priya.shah@mail.example",
        "perspective": Perspective.PERSON,
        "named": True,  # agreed to be named, and still attributed by perspective only
        "rungs": {**SELF_RUNGS, FIRST: 4},
        "evidence": "The advice desk asked me to write the leaflets",
        "rung_evidence": PERSON_WORDS,
    },
    {
        "name": "Dev Mistry",
        "email": "dev.mistry@mail.example",
        "perspective": Perspective.VOLUNTEER,
        "rungs": {**SELF_RUNGS, FIRST: 6},
        "evidence": "Volunteers train the new volunteers",
        "rung_evidence": VOLUNTEER_WORDS,
    },
]
DRAFT = {
    "name": "Olive Draftworth",
    "email": "olive.draftworth@mail.example",
    "perspective": Perspective.STAFF,
    "named": True,
    "rungs": dict.fromkeys(SLUGS, 1),
    "evidence": DRAFT_WORDS,
    "rung_evidence": DRAFT_WORDS,
}
WHO_ANSWERED = [
    words for person in [*PEOPLE, DRAFT] for words in (person["name"], person["email"])
] + ["Tomasz", "Priya", "Olive"]

PEER_SAW = "Regulars plan the menu with staff every month"
PEER_SUGGESTS = "Ask the regulars to chair the steering group"
STRENGTHS = "A warm welcome, and the buddy scheme"
TO_DEVELOP = "Share decisions before they are made"
AGREED_NOTE = "We settled on engagement for now"
GOLD_NOTE = "Buddies run it themselves"


@pytest.fixture
def reported(organisation, framework, admin, reviewer, reviewer_organisation) -> Assessment:
    """Riverside's Autumn 2026, closed after four people submitted (and one did not), with
    Eastfield CVS's submitted review and three agreed rungs: the first principle at 5, not yet
    confirmed; peer support networks at the gold standard, confirmed; breaking down barriers at
    the gold standard, not yet confirmed."""
    assessment = close_assessment(
        organisation,
        framework,
        admin,
        PEOPLE,
        title=TITLE,
        service="Riverside community cafe",
        drafts=[DRAFT],
    )
    review = submitted_review(
        assessment,
        admin,
        reviewer,
        PEER_RUNGS,
        {FIRST: (PEER_SAW, PEER_SUGGESTS)},
        strengths=STRENGTHS,
        areas_to_develop=TO_DEVELOP,
    )
    agree(
        review,
        admin,
        {FIRST: (5, AGREED_NOTE), GOLD: (7, GOLD_NOTE), BARRIERS: (7, "")},
        confirmed=[GOLD],
    )
    return assessment


def day(moment) -> str:
    return date_filter(timezone.localtime(moment), "j F Y")


# What the report says ----------------------------------------------------------------------


def test_the_report_shows_the_organisation_the_ladder_the_evidence_and_the_peer_review(reported):
    pages = pdf_pages(pdf.assessment_report(reported))
    text = " ".join(pages)

    # The cover.
    cover = pages[0]
    assert cover.startswith("Co-production self-assessment report Riverside Community Trust")
    assert f"{TITLE} Riverside community cafe" in cover
    assert f"Started {day(reported.created_at)}" in cover
    assert f"Closed {day(reported.closed_at)}" in cover
    assert "People who answered 4" in cover  # the draft is not counted
    assert "Peer review 1 submitted review" in cover
    assert "Framework Co-production self-assessment framework, version 2026.1" in cover
    assert "Contents Summary: where you stand 2 1. Recognising people as assets 3" in cover

    # The summary: the ladder, top rung first, with the gold standard marked.
    summary = pages[1]
    assert "Summary: where you stand" in summary
    for name in RUNGS:
        assert name in summary
    assert "The gold standard" in summary
    assert "Rung 7, Co-production: the gold standard" in summary  # the star chart
    assert "Self the rung reached in the self-assessment" in summary
    assert "Peer the peer reviewer's rung" in summary
    assert "Agreed agreed with the reviewer" in summary
    assert "The star chart" in summary

    # Every principle, its rungs, and the question answers.
    for position, name in enumerate(PRINCIPLES, start=1):
        part = principle_part(text, position)
        assert part.startswith(f"Principle {position} of {len(PRINCIPLES)} {name} ")
        assert "Answers to the questions" in part
        assert "Not yet A little Mostly Fully Don't know People" in part
        assert PERSON_WORDS in part  # the people who use services are heard first
    first = principle_part(text, 1)
    assert "SELF-ASSESSED PEER REVIEWER AGREED 6. Co-design 4. Consultation 5. Engagement" in (
        first
    )
    assert "Spread: rung 4 to 7; 4 people" in first
    # It stands where it was agreed with the reviewer, not where its own people put it.
    assert (
        "Where you stand: 5. Engagement (agreed with the reviewer, waiting for them to confirm)"
    ) in first
    assert "Where you are: Engagement" in first
    assert "The next rung up: Co-design" in first
    gold = principle_part(text, PRINCIPLES.index("Peer support networks") + 1)
    assert "Where you stand: 7. Co-production (peer-confirmed). Gold standard, peer-confirmed" in (
        gold
    )
    assert "Where you are: Co-production" in gold
    assert "The next rung up" not in gold
    assert "Do people's opinions have equal weighting to those of the staff and volunteers?" in (
        first
    )
    assert (
        "Perspectives differ: staff placed this principle 3 rungs higher than people who use "
        "services did." in first
    )
    assert f"Person who uses services: “{PERSON_WORDS}”" in first
    assert f"Volunteer: “{VOLUNTEER_WORDS}”" in first
    assert STAFF_WORDS not in first  # a reviewer's comment leaves room for two quotes
    gold = principle_part(text, 4)
    assert "Where you are: Co-production The gold standard" in gold
    assert "This is the top rung of the ladder for this principle." in gold
    for position in (2, 3, 4, 5, 6):
        assert "Perspectives differ" not in principle_part(text, position)
    assert f"Staff: “{STAFF_WORDS}”" in principle_part(text, 2)  # no comment: three quotes

    # The peer reviewer's words, and the agreed rungs in honest words.
    assert f"What the peer reviewer said What they saw: {PEER_SAW}" in first
    assert f"One suggestion: {PEER_SUGGESTS}" in first
    assert f"Agreed rung: 5. Engagement. {AGREED_NOTE}" in first
    assert "Waiting for the reviewer to confirm" in first
    assert "The reviewer chose rung 5, Engagement, without a comment." in principle_part(text, 2)
    assert "Not agreed yet" in principle_part(text, 2)
    assert "Confirmed by the reviewer" in gold
    assert "Gold standard, peer-confirmed" in gold
    assert f"Agreed rung: 7. Co-production (Gold standard, peer-confirmed). {GOLD_NOTE}" in gold
    barriers = principle_part(text, 5)
    assert (
        "Agreed rung: 7. Co-production (Gold standard agreed, waiting for the reviewer to "
        "confirm)." in barriers
    )
    assert "peer-confirmed" not in barriers
    assert "3 rungs higher than the self" in barriers
    assert "The peer review A reviewer from Eastfield CVS, submitted " in text
    assert f"Strengths {STRENGTHS} Areas to develop {TO_DEVELOP}" in text

    # Methodology and credits, on the last page.
    last = pages[-1]
    assert "How this report was made, and credits" in last
    assert "nef (the new economics foundation) and Nesta" in last
    assert "Think Local Act Personal" in last
    assert "Sherry Arnstein's ladder of citizen participation (1969)" in last
    assert "Framework: Co-production self-assessment framework, version 2026.1." in last
    assert "4 people sent their answers before the assessment closed." in last

    # Page numbers and running headers on every page but the cover.
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert page.startswith(f"Riverside Community Trust · {TITLE} "), number
        assert page.endswith(f"Page {number} of {total}"), number
    assert "Page 1 of" not in cover

    # People are their perspective, never their name or email; drafts are never shown.
    for words in WHO_ANSWERED:
        assert words not in text
    assert DRAFT_WORDS not in text


def test_the_report_is_an_accessible_tagged_pdf_with_bookmarks_and_the_font_embedded(
    reported, caplog
):
    caplog.set_level(logging.WARNING)

    document = pdf.assessment_report(reported)

    assert document.startswith(b"%PDF-")
    assert not [r.getMessage() for r in caplog.records], "a report renders without warnings"
    pdf_reader = reader(document)
    root = pdf_reader.trailer["/Root"]
    title = f"Co-production self-assessment: Riverside Community Trust, {TITLE}"
    assert pdf_reader.metadata["/Title"] == title
    assert pdf_reader.metadata["/Author"] == "Riverside Community Trust"
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    # Tagged, as PDF/UA-1 (pdf.PDF_OPTIONS): marked content, a structure tree, the XMP claim.
    assert root["/MarkInfo"]["/Marked"].value is True
    # All content tagged or an artifact: running headers and footers are pagination artifacts.
    assert tag_tree_problems(pdf_reader) == []
    for number, page in enumerate(pdf_reader.pages[1:], start=2):
        assert pagination_artifacts(page) >= 1, number
    types, figure_alts = structure_types(pdf_reader)
    for kind in ("/Document", "/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/TD", "/L", "/Link"):
        assert types[kind] > 0, kind
    assert figure_alts == [
        "Star chart: the self-assessed, peer reviewer's and agreed rung of each of the six "
        "principles"
    ]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert title in xmp

    # A cover, a summary, a page or more for each principle, then the action plan, the review
    # and the methodology.
    pages = len(pdf_reader.pages)
    assert 9 <= pages <= 12, pages
    bookmarks = outline(pdf_reader)
    assert [name for name, _ in bookmarks] == [
        "Contents",
        "Summary: where you stand",
        *PRINCIPLES,
        "Action plan",
        "The peer review",
        "How this report was made, and credits",
    ]
    where = dict(bookmarks)
    assert where["Contents"] == 1
    assert where["Summary: where you stand"] == 2
    starts = [where[name] for name in PRINCIPLES]
    assert starts == sorted(set(starts)) and starts[0] == 3, starts  # each on a page of its own
    assert where["How this report was made, and credits"] == pages

    # The contents link to the sections, on the pages where they start.
    destinations = pdf_reader.named_destinations
    links = {
        str(annotation.get_object()["/Dest"])
        for annotation in pdf_reader.pages[0]["/Annots"]
        if annotation.get_object()["/Subtype"] == "/Link"
    }
    slugs = [f"principle-{slug}" for slug in SLUGS]
    assert links == {"summary", *slugs, "action-plan", "peer-review", "methodology"}
    for slug, name in zip(slugs, PRINCIPLES, strict=True):
        assert pdf_reader.get_destination_page_number(destinations[slug]) + 1 == where[name]
    action_plan = pdf_reader.get_destination_page_number(destinations["action-plan"]) + 1
    assert action_plan == where["Action plan"] > starts[-1]

    # The project's font, embedded; no font is left to the reader's computer.
    fonts = embedded_fonts(pdf_reader)
    assert set(fonts) == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}, fonts
    for name, files in fonts.items():
        assert files, f"{name} is not embedded"


def test_without_a_submitted_review_the_report_says_it_was_not_reviewed(
    closed, admin, reviewer, reviewer_organisation
):
    # The reviewer is part way through: their draft is theirs until they submit it.
    submitted_review(
        closed,
        admin,
        reviewer,
        PEER_RUNGS,
        dict.fromkeys(SLUGS, ("Draft reviewer words", "Draft reviewer idea")),
        strengths="Draft strengths",
        submit=False,
    )

    document = pdf.assessment_report(closed)

    pages = pdf_pages(document)
    text = " ".join(pages)
    assert "Peer review Not yet reviewed by a peer" in pages[0]
    assert "The peer review" not in pages[0]  # not in the contents
    assert "No peer review yet, so only the self-assessed rungs are shown." in pages[1]
    assert "Peer the peer reviewer's rung" not in pages[1]
    for position in range(1, 7):
        part = principle_part(text, position)
        assert "SELF-ASSESSED PEER REVIEWER AGREED" in part, position
        assert " Not reviewed " in part, position
        assert " Not agreed yet " in part, position
        assert "What the peer reviewer said" not in part, position
    assert "Gold standard, self-assessed: not confirmed by a peer" in principle_part(text, 4)
    for words in ("Draft reviewer words", "Draft reviewer idea", "Draft strengths", "Eastfield"):
        assert words not in text
    assert "A reviewer from" not in text
    for words in (*NAMED, *UNNAMED, DRAFT_NAME, DRAFT_EVIDENCE):
        assert words not in text
    names = [name for name, _ in outline(reader(document))]
    assert "The peer review" not in names
    assert names[-1] == "How this report was made, and credits"


def test_the_summary_ladder_places_each_principles_self_peer_and_agreed_rungs(reported):
    """The ladder's marks are drawn in table cells whose order pdftotext does not keep, so
    they are read from what the template is given (no rendering)."""
    context = pdf.assessment_report_context(reported)

    ladder = {
        rung.position: {cell.principle.slug: [mark.short for mark in marks] for cell, marks in row}
        for rung, row in context["ladder"]
    }
    assert [rung.position for rung, _ in context["ladder"]] == [7, 6, 5, 4, 3, 2, 1]
    assert context["ladder"][0][0].is_gold_standard
    assert ladder[7][GOLD] == ["Self", "Peer", "Agreed"]
    assert ladder[7][BARRIERS] == ["Agreed"]
    assert ladder[6][FIRST] == ["Self"]
    assert ladder[5][FIRST] == ["Agreed"]
    assert ladder[4][FIRST] == ["Peer"]
    assert ladder[3][BARRIERS] == ["Self"]
    assert ladder[6][BARRIERS] == ["Peer"]
    assert ladder[2] == ladder[1] == {slug: [] for slug in SLUGS}
    assert context["has_peer_review"] and context["has_agreed"]


# Safe rendering ----------------------------------------------------------------------------

IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel="stylesheet" href="http://example.com/x.css">'
STYLE = "<style>body{background:url(http://example.com/y)}</style>"
PASSWD = "root:x:0:0"


def refused(caplog) -> list[str]:
    """The URLs the report's fetcher refused, in order, from its warnings."""
    prefix = "PDF: refused to fetch "
    return [
        ast.literal_eval(record.getMessage().removeprefix(prefix))
        for record in caplog.records
        if record.name == "assessment.reports.pdf" and record.getMessage().startswith(prefix)
    ]


def test_markup_people_typed_is_printed_as_text_and_fetches_nothing(
    organisation, framework, admin, reviewer, reviewer_organisation, caplog
):
    caplog.set_level(logging.INFO)
    organisation.name = 'Riverside <b>Trust</b> & "Friends"'
    organisation.save()
    people = [
        {
            "name": "Hostile Person",
            "perspective": Perspective.PERSON,
            "rungs": SELF_RUNGS,
            "rung_evidence": IMG,
            "evidence": LINK,
        },
        {
            "name": "Hostile Volunteer",
            "perspective": Perspective.VOLUNTEER,
            "rungs": SELF_RUNGS,
            "rung_evidence": STYLE,
        },
    ]
    assessment = close_assessment(
        organisation,
        framework,
        admin,
        people,
        title="Spring <i>2027</i>",
        service="<u>cafe</u>",
    )
    review = submitted_review(
        assessment,
        admin,
        reviewer,
        PEER_RUNGS,
        {FIRST: ('<em>saw</em> <img src="file:///etc/hostname">', "<s>suggestion</s>")},
        organisation="<q>Eastfield</q>",
        strengths="<strong>strengths</strong>",
        areas_to_develop='<a href="http://example.com/">areas</a>',
    )
    agree(review, admin, {FIRST: (5, "<sup>note</sup>")})

    document = pdf.assessment_report(assessment)

    text = pdf_text(document)
    assert f"Person who uses services: “{IMG}”" in text
    assert f"Volunteer: “{STYLE}”" in text
    assert f"Person who uses services: “{LINK}”" in text
    for typed in (
        'Riverside <b>Trust</b> & "Friends" · Spring <i>2027</i>',  # the running header
        "<u>cafe</u>",
        'What they saw: <em>saw</em> <img src="file:///etc/hostname">',
        "One suggestion: <s>suggestion</s>",
        "A reviewer from <q>Eastfield</q>",
        "Strengths <strong>strengths</strong>",
        'Areas to develop <a href="http://example.com/">areas</a>',
        "Agreed rung: 5. Engagement. <sup>note</sup>",
    ):
        assert typed in text
    metadata = reader(document).metadata
    assert metadata["/Title"] == (
        'Co-production self-assessment: Riverside <b>Trust</b> & "Friends", Spring <i>2027</i>'
    )
    assert metadata["/Author"] == 'Riverside <b>Trust</b> & "Friends"'
    # Nothing was even asked for: typed markup never became an element.
    assert refused(caplog) == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert PASSWD not in text


RAW_TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Raw markup</title>
<style>@import url("file:///etc/passwd");</style>
<link rel="stylesheet" href="{{ static_base }}css/report.css">
<link rel="stylesheet" href="http://example.com/x.css">
<link rel="stylesheet" href="data:text/css,h1%7Bcolor:red%7D">
<style>body{background:url(http://example.com/y)} p{background:url("file:///etc/passwd")}</style>
</head><body>
<h1>Raw markup</h1><p>Nothing outside static was read.</p>
<img src="file:///etc/passwd" alt="">
<img src="{{ static_base }}../coprod_site/settings.py" alt="">
<img src="{{ static_base }}images/favicon.svg" alt="">
<a rel="attachment" href="file:///etc/passwd">attachment</a>
<svg width="20" height="20"><image href="file:///etc/passwd" width="20" height="20"/></svg>
</body></html>
"""


def test_raw_markup_rendered_through_the_report_pipeline_fetches_only_static_files(
    settings, tmp_path, caplog, db
):
    """Not escaped this time: the tags are in a template of their own, laid out by
    pdf.render_pdf with the report's fetcher, font configuration and PDF options."""
    (tmp_path / "raw.html").write_text(RAW_TEMPLATE)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    caplog.set_level(logging.INFO)

    document = pdf.render_pdf("raw.html", {})

    assert set(refused(caplog)) == {
        "file:///etc/passwd",
        "http://example.com/x.css",
        "http://example.com/y",
        "data:text/css,h1%7Bcolor:red%7D",
        "coprod-static:/../coprod_site/settings.py",
        "coprod-static:/images/favicon.svg",
    }
    text = pdf_text(document)
    assert "Raw markup Nothing outside static was read. attachment" in text
    assert PASSWD not in text
    pdf_reader = reader(document)
    root = pdf_reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})
    for page in pdf_reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object()["/Subtype"] != "/FileAttachment"
        for xobject in ((page.get("/Resources") or {}).get("/XObject") or {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image"
    # The project's own stylesheet and its font came through the same fetcher.
    assert set(embedded_fonts(pdf_reader)) == {
        "Atkinson-Hyperlegible",
        "Atkinson-Hyperlegible-Bold",
    }
    if Path("/etc/passwd").exists():
        first_line = Path("/etc/passwd").read_text().splitlines()[0]
        assert first_line not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://example.com/x.css",
        "https://example.com/x.css",
        "ftp://example.com/x.css",
        "data:text/css,body{}",
        "data:text/css;base64,Ym9keXt9",
        "data:font/woff2;base64,AAAA",
        "css/report.css",  # relative: never joined to anything
        "/static/css/report.css",
        f"{settings.BASE_DIR}/static/css/report.css",
        STATIC_BASE,
        f"{STATIC_BASE}../settings.py",
        f"{STATIC_BASE}../coprod_site/settings.py",
        f"{STATIC_BASE}css/../../coprod_site/settings.py",
        f"{STATIC_BASE}css/./report.css",
        f"{STATIC_BASE}css//report.css",
        f"{STATIC_BASE}/etc/passwd",
        f"{STATIC_BASE}{settings.BASE_DIR}/static/css/report.css",
        f"{STATIC_BASE}%2e%2e/coprod_site/settings.py",
        f"{STATIC_BASE}css/%2e%2e/%2e%2e/manage.py",
        f"{STATIC_BASE}css\\..\\..\\manage.py",
        f"{STATIC_BASE}css/report.css?v=1",
        f"{STATIC_BASE}css/report.css#top",
        f"{STATIC_BASE}css/report.css\x00.woff2",
        f"{STATIC_BASE}C:/Windows/win.ini",
        f"{STATIC_BASE}css/missing.css",
        f"{STATIC_BASE}images/favicon.svg",  # a real static file, but not a kind reports use
        f"{STATIC_BASE}js/coprod.mjs",
        f"{STATIC_BASE}vendor/atkinson-hyperlegible/LICENSE",
        f"{STATIC_BASE}../manage.py.css",
        "coprod-static://etc/passwd",
        "coprod-static:etc/passwd.css",
    ],
)
def test_the_fetcher_refuses_anything_but_the_projects_static_files(url, caplog):
    with pytest.raises(RefusedFetch):
        static_resource(url)
    with pytest.raises(RefusedFetch):
        url_fetcher().fetch(url)
    assert refused(caplog) == [url[:200]]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("css/report.css", "text/css"),
        ("vendor/atkinson-hyperlegible/atkinson-hyperlegible-latin-400-normal.woff2", "font/woff2"),
        ("vendor/atkinson-hyperlegible/atkinson-hyperlegible-latin-700-normal.woff2", "font/woff2"),
    ],
)
def test_the_fetcher_serves_the_reports_own_stylesheet_and_font(path, content_type, caplog):
    on_disk = Path(finders.find(path)).read_bytes()
    assert Path(finders.find(path)).is_relative_to(Path(settings.BASE_DIR) / "static")

    assert static_resource(f"{STATIC_BASE}{path}") == (on_disk, content_type)
    response = url_fetcher().fetch(f"{STATIC_BASE}{path}")
    assert response.read() == on_disk
    assert response.content_type == content_type
    assert response.status == 200
    assert refused(caplog) == []


# The download ------------------------------------------------------------------------------


def pdf_url(assessment, org=None) -> str:
    return reverse("results_pdf", args=[org or assessment.organisation_id, assessment.pk])


@pytest.mark.parametrize("who", ["member", "admin"])
def test_members_download_the_report_as_a_pdf_attachment(who, closed, colleague, admin):
    client = Client()
    client.force_login(colleague if who == "member" else admin)

    response = client.get(pdf_url(closed))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-community-trust-autumn-2026-report.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    pages = pdf_pages(response.content)
    assert pages[0].startswith("Co-production self-assessment report Riverside Community Trust")
    assert "Autumn 2026" in pages[0]


def test_signing_in_comes_before_the_report(closed, anonymous):
    url = pdf_url(closed)

    response = anonymous.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_other_people_get_404_and_no_report(
    closed, other_organisation, outsider, stranger, reviewer, reviewer_organisation, admin
):
    submitted_review(closed, admin, reviewer, PEER_RUNGS, {})  # the reviewer is no member
    for person in (outsider, stranger, reviewer):
        client = Client()
        client.force_login(person)
        response = client.get(pdf_url(closed))
        assert response.status_code == 404, person
        assert not response.content.startswith(b"%PDF-")
    # Riverside's assessment under Northgate's address, asked for by Northgate's admin.
    client = Client()
    client.force_login(outsider)
    assert client.get(pdf_url(closed, org=other_organisation.pk)).status_code == 404


def test_a_removed_member_gets_404(closed, organisation, colleague):
    membership_of(organisation, colleague).remove()
    client = Client()
    client.force_login(colleague)

    response = client.get(pdf_url(closed))

    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF-")


def test_an_open_assessment_has_no_report(organisation, framework, admin, admin_client):
    assessment = Assessment.objects.create(
        organisation=organisation, framework=framework, title="Still open", created_by=admin
    )
    respondent = Respondent.objects.create(assessment=assessment, name="Early Bird")
    answer_everything(respondent, SELF_RUNGS)
    assert respondent.submit()

    response = admin_client.get(pdf_url(assessment))

    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF-")


def test_the_report_is_only_downloaded_not_posted(closed, admin_client):
    assert admin_client.post(pdf_url(closed)).status_code == 405
