"""The facilitation guide (views/guide.py): a public page and the same words as a PDF."""

from django.urls import reverse

from .helpers import headings, said
from .pdf_helpers import outline, pdf_text, reader, tag_tree_problems

SECTIONS = [
    "1. Who to invite",
    "2. Making it accessible",
    "3. Running a session",
    "4. Reading the results together",
    "5. Agreeing actions",
]


def test_anyone_reads_the_guide_without_an_account(client, db):
    response = client.get(reverse("guide"))

    assert response.status_code == 200
    assert headings(response) == ["How to run an assessment with people who use services"]
    words = said(response)
    for section in SECTIONS:
        assert section in words
    assert "consultation under a new name" in words
    assert "Pay people for their time" in words
    assert "a critical friend from another organisation" in words
    assert "Download this guide to print (PDF)" in words


def test_the_footer_and_the_home_page_link_to_the_guide(client, db):
    page = client.get(reverse("home")).content.decode()

    assert page.count(f'href="{reverse("guide")}"') == 2


def test_the_guide_prints_as_a_tagged_pdf_with_the_same_words(client, db):
    response = client.get(reverse("guide_pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    words = pdf_text(response.content)
    assert "How to run an assessment with people who use services" in words
    for section in SECTIONS:
        assert section in words
    assert "Pay people for their time." in words
    pdf_reader = reader(response.content)
    assert tag_tree_problems(pdf_reader) == []
    assert pdf_reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    assert [title for title, _ in outline(pdf_reader)][1:6] == SECTIONS


def test_the_guide_takes_no_queries_beyond_the_session(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get(reverse("guide"))
