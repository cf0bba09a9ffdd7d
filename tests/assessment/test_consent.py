"""Consent, explicit and specific: About you says who sees answers and examples and asks whether
examples may be shown; the results page's examples, the PDF's quotes, the answers CSV and the
peer reviewer's evidence all honour the choice."""

import csv
import io

import pytest
from django.urls import reverse

from assessment.models import Respondent
from assessment.reports import pdf

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import FIRST, SECTIONS, SLUGS, Urls, complete, form_of, text_of
from .helpers import said
from .pdf_helpers import pdf_text

SHARED = "Shared example: we plan the menu together"
KEPT = "Kept example: please do not show this"
XSS = "<script>alert(1)</script>"
ABOUT = {"name": "Joan Smith", "perspective": "person", "agreed_to_be_named": ""}


@pytest.fixture
def urls():
    return Urls()


# Asking


def test_about_you_says_who_sees_answers_and_examples_before_asking(link_client, urls):
    page = said(link_client.get(urls.about_you))

    for words in (
        "Who sees your answers and examples",
        "may be shared with the organisation's board or trustees",
        "A peer reviewer from another organisation",
        "the working group",
        "Groups of fewer than 3 people are never shown on their own",
        "May we show your examples?",
    ):
        assert words in page
    assert page.index("Who sees your answers") < page.index("May we show your examples?")


def test_the_easy_read_version_says_it_in_short_sentences(link_client, urls):
    page = said(link_client.get(urls.about_you + "?view=easy-read"))

    assert "Who sees your answers and examples" not in page
    assert "A person from a different group may check the report." in page
    assert "You can write examples in the boxes. You choose who sees them." in page


def test_nothing_is_chosen_for_them_and_a_choice_is_needed(link_client, urls, link_respondent):
    assert "agreed_to_be_quoted" not in form_of(link_client.get(urls.about_you)).checked

    response = link_client.post(urls.about_you, ABOUT)

    assert response.status_code == 200
    assert "Choose whether your examples may be shown" in text_of(response)
    assert 'value="Joan Smith"' in response.content.decode()
    link_respondent.refresh_from_db()
    assert link_respondent.perspective == ""


@pytest.mark.parametrize(("choice", "stored"), [("yes", True), ("no", False)])
def test_the_choice_is_stored_and_shown_again(link_client, urls, link_respondent, choice, stored):
    link_client.post(urls.about_you, ABOUT | {"agreed_to_be_quoted": choice})

    link_respondent.refresh_from_db()
    assert link_respondent.agreed_to_be_quoted is stored
    assert form_of(link_client.get(urls.about_you)).checked["agreed_to_be_quoted"] == choice


# Honouring


@pytest.fixture
def closed(assessment):
    """Six staff submitted; three agreed to their examples being shown, three did not. One
    of the shared examples is markup."""
    for number in range(6):
        respondent = Respondent.objects.create(assessment=assessment, name=f"Person {number}")
        quoted = number < 3
        complete(
            respondent,
            perspective="staff",
            rung=5,
            quoted=quoted,
            evidence=f"{SHARED} {number}" if quoted else f"{KEPT} {number}",
        )
        assert respondent.submit()
    first = Respondent.objects.get(assessment=assessment, name="Person 0")
    first.answers.filter(question__code="cp-1").update(evidence=XSS)
    assessment.close()
    return assessment


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_the_answers_page_shows_only_examples_people_agreed_to_share(admin_client, closed):
    url = reverse("results_principle", args=[closed.organisation_id, closed.pk, FIRST])

    response = admin_client.get(url)

    page = said(response)
    assert "What people said" in page
    assert f"{SHARED} 0" in page and f"{SHARED} 2" in page
    assert KEPT not in page
    assert "Person 0" not in page  # never named
    assert XSS not in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


def test_a_principle_without_shared_examples_says_so(admin_client, assessment):
    respondent = Respondent.objects.create(assessment=assessment, name="Quiet")
    complete(respondent, rung=4, quoted=False, evidence="Not for sharing")
    assert respondent.submit()
    assessment.close()

    url = reverse("results_principle", args=[assessment.organisation_id, assessment.pk, FIRST])
    page = said(admin_client.get(url))

    assert "Nobody shared an example about this principle." in page
    assert "Not for sharing" not in page


def test_the_pdf_quotes_only_examples_people_agreed_to_share(closed):
    text = pdf_text(pdf.assessment_report(closed))

    assert SHARED in text
    assert KEPT not in text


def test_the_answers_csv_leaves_out_examples_people_kept(admin_client, closed):
    response = admin_client.get(reverse("results_csv", args=[closed.organisation_id, closed.pk]))

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert SHARED in text
    assert KEPT not in text
    questions = sum(len(codes) for codes in SECTIONS.values())
    assert len(rows) == 1 + 6 * (questions + len(SLUGS))


def test_the_organisations_own_export_stays_raw_and_says_so(closed):
    """The organisation's record of what it holds (exports.py explains why it stays raw)."""
    import zipfile

    from assessment.exports import organisation_archive

    archive = zipfile.ZipFile(io.BytesIO(organisation_archive(closed.organisation)))

    assert KEPT in archive.read("answers.csv").decode("utf-8-sig")
    assert "Agreed to show examples" in archive.read("respondents.csv").decode("utf-8-sig")
    readme = archive.read("README.txt").decode()
    assert "including those they chose not to have shown" in readme
