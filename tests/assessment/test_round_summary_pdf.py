"""The round summary PDF (issue 5, "a round summary PDF ... render in chunks"):
assessment/reports/pdf.round_summary_pdf, reports/join.py and reports/artifacts.py.

A summary is laid out in parts (aggregate pages, the rest of the list of organisations, chunks of
organisation pages), each written to PDF on its own, and the parts are joined. These tests make
the parts small, so seven organisations take six parts, and read the joined PDF back: the pages
in order with the right numbers, the list's page numbers, bookmarks, links, the tag tree whole,
the running headers as artifacts, and the same organisation pages as a summary laid out in one
part. Each summary takes a few seconds to render, so each test renders once or twice.
"""

import re
import subprocess

import pytest

from assessment.dashboards import round_assessments
from assessment.models import Organisation
from assessment.reports import pdf
from assessment.reports.join import join_tagged_pdfs

from .pdf_helpers import (
    embedded_fonts,
    outline,
    pagination_artifacts,
    pdf_pages,
    reader,
    structure_types,
    table_header_ids,
    tag_tree_problems,
)
from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import SHARED_IN_LONDON, TITLE, add_shared_organisations

SECTIONS = [
    "Rungs reached, principle by principle",
    "Furthest from the gold standard",
    "Self-assessment and peer review",
    "Organisations in this round",
]
MARKUP_NAME = "Acme <b>& Sons</b> <img src=x>"


@pytest.fixture
def seven(shared_round, framework):
    """London with seven organisations: the four of `shared_round`, three more, one of them
    with markup in its name."""
    add_shared_organisations(shared_round.round, framework, 3)
    Organisation.objects.filter(name="Bulk Organisation 001").update(name=MARKUP_NAME)
    names = [a.organisation.name for a in round_assessments(shared_round.round)]
    assert len(names) == 7 and MARKUP_NAME in names
    return shared_round.round, names


def summary(round, monkeypatch, *, chunk, on_summary, per_part):
    """The round's summary with parts of the sizes given, and the progress it told."""
    monkeypatch.setattr(pdf, "ORGANISATIONS_PER_CHUNK", chunk)
    monkeypatch.setattr(pdf, "INDEX_ROWS_ON_SUMMARY", on_summary)
    monkeypatch.setattr(pdf, "INDEX_ROWS_PER_PART", per_part)
    progress = []
    document = pdf.round_summary_pdf(
        round, round_assessments(round), on_progress=lambda done, total: progress.append(done)
    )
    return document, progress


@pytest.fixture
def in_parts(seven, monkeypatch):
    """Aggregate pages with 2 rows of the list, two more parts of the list (3 rows, 2 rows),
    then organisation pages 3 at a time: six parts."""
    round, names = seven
    document, progress = summary(round, monkeypatch, chunk=3, on_summary=2, per_part=3)
    return document, progress, names


def test_a_summary_in_parts_reads_as_one_document_in_order(in_parts):
    document, progress, names = in_parts
    pages = pdf_pages(document)
    bookmarks = outline(reader(document))

    # Aggregate pages and the list, numbered; then one page per organisation, counted.
    assert [title for title, _ in bookmarks] == ["London 2026/27", *SECTIONS, *names]
    where = dict(bookmarks)
    first_organisation = where[names[0]]
    assert len(pages) == first_organisation - 1 + len(names)
    for number, page in enumerate(pages[1 : first_organisation - 1], start=2):
        assert page.endswith(f"Page {number}"), (number, page[-80:])
    for count, name in enumerate(names, start=1):
        page = pages[where[name] - 1]
        assert where[name] == first_organisation + count - 1
        assert f"{name} " in page
        assert page.endswith(f"Organisation {count} of 7"), page[-80:]

    # The list of organisations runs over three parts and gives the page each starts on.
    listed = " ".join(pages[where["Organisations in this round"] - 1 : first_organisation - 1])
    assert listed.count("Each organisation's assessment and the page it starts on") == 3
    assert listed.count("(continued)") == 2
    for name in names:
        found = re.search(rf"{re.escape(name)} .*?{TITLE} (\d+)", listed)
        assert found and int(found[1]) == where[name], name

    # Progress is told before the first organisation and after each chunk of three.
    assert progress == [0, 3, 6, 7]


def test_the_organisation_pages_are_the_same_as_when_laid_out_in_one_part(
    in_parts, seven, monkeypatch
):
    document, _progress, names = in_parts
    round, _ = seven

    whole, progress = summary(round, monkeypatch, chunk=100, on_summary=100, per_part=100)

    assert progress == [0, 7]
    assert pdf_pages(document)[-len(names) :] == pdf_pages(whole)[-len(names) :]
    bookmarks = [title for title, _ in outline(reader(whole))]
    assert bookmarks == [title for title, _ in outline(reader(document))]


def test_the_joined_summary_is_one_whole_tagged_pdf(in_parts):
    document, _progress, names = in_parts
    pdf_reader = reader(document)
    root = pdf_reader.trailer["/Root"]

    assert tag_tree_problems(pdf_reader) == []
    # Table cells name their header cells by ID: unique across the parts, and all found.
    ids, headers = table_header_ids(pdf_reader)
    assert len(ids) == len(set(ids)) >= len(names) * 4
    assert headers and set(headers) <= set(ids)
    types, figure_alts = structure_types(pdf_reader)
    assert types["/Document"] == 1
    assert types["/H1"] == 1
    assert types["/H2"] == len(SECTIONS) + len(names)  # a heading per organisation
    assert types["/Table"] >= 3 + len(names)  # the list's three parts; a table per organisation
    assert types["/Link"] >= len(SECTIONS)  # the contents
    assert len(figure_alts) == 1 and figure_alts[0]  # the chart, described

    title = "Round summary: London 2026/27"
    assert pdf_reader.metadata["/Title"] == title
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp and title in xmp
    fonts = embedded_fonts(pdf_reader)
    assert set(fonts) == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}, fonts
    assert all(fonts.values()), fonts
    # Poppler reads the joined file without complaint.
    check = subprocess.run(["pdftotext", "-", "/dev/null"], input=document, capture_output=True)
    assert check.returncode == 0 and check.stderr == b""


def test_the_contents_link_to_their_sections_across_the_joined_parts(in_parts):
    document, _progress, _names = in_parts
    pdf_reader = reader(document)
    destinations = pdf_reader.named_destinations
    where = dict(outline(pdf_reader))

    targets = [
        str(annotation.get_object()["/Dest"])
        for annotation in pdf_reader.pages[0]["/Annots"]
        if annotation.get_object()["/Subtype"] == "/Link"
    ]

    assert sorted(set(targets)) == ["gold", "organisations", "peers", "rungs"]
    for anchor, section in zip(["rungs", "gold", "peers", "organisations"], SECTIONS, strict=True):
        assert pdf_reader.get_destination_page_number(destinations[anchor]) + 1 == where[section]


def test_running_headers_and_footers_are_pagination_artifacts(in_parts):
    document, _progress, _names = in_parts
    pdf_reader = reader(document)

    # Every page has a header or footer, marked so that screen readers skip it.
    for number, page in enumerate(pdf_reader.pages, start=1):
        assert pagination_artifacts(page) >= 1, number


def test_what_organisations_typed_is_printed_as_text(in_parts):
    document, _progress, names = in_parts

    text = " ".join(pdf_pages(document))

    assert text.count(MARKUP_NAME) >= 2  # in the list and on its own page, at least
    assert set(SHARED_IN_LONDON) < set(names)


def test_nothing_to_join_is_an_error():
    with pytest.raises(ValueError, match="Nothing to join"):
        join_tagged_pdfs([])


def test_no_heading_runs_into_the_next_column(in_parts):
    """A heading wider than its column used to print over the next one: pdftotext read
    "OrganisationsAverage difference". Words of neighbouring cells read apart, on every page."""
    document, _, _ = in_parts
    for number, page in enumerate(pdf_pages(document), start=1):
        assert "OrganisationsAverage" not in page, number
        assert re.findall(r"\w*[a-z][A-Z]\w*", page) == [], (number, page)


def test_each_organisation_page_shows_where_it_stands_and_its_ladder_on_one_page(in_parts):
    document, _, names = in_parts
    pages = [page for page in pdf_pages(document) if "Where it stands on each principle" in page]
    assert len(pages) == len(names)  # one page each: the page is filled, not overflowed
    for page in pages:
        assert "Principle Self-assessed Peer Agreed Where it stands" in page
        assert "The ladder, top rung first, with each principle's self-assessed, peer and" in page
        assert "Self the rung its own people reached" in page
