"""Consent on paper, as online: the questionnaire says who sees what and asks whether the
person's examples may be shown; the admin types in what they ticked; their examples are
shown (results, answers CSV, peer reviewer, What we found) only if they ticked yes."""

import csv
import io

import pytest
from django.urls import reverse

from assessment.models import Assessment
from assessment.results import shared_examples

from .answering_helpers import FIRST, complete, fill_in
from .helpers import said, text
from .pdf_helpers import pdf_text

SHOWN = "Tea with the manager every Friday"
KEPT = "Please keep this one to yourselves"
CHOICE = "May their examples be shown?"


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def url(name: str, assessment, respondent=None) -> str:
    kwargs = {"org": assessment.organisation_id, "pk": assessment.pk}
    if respondent is not None:
        kwargs["respondent"] = respondent.pk
    return reverse(name, kwargs=kwargs)


def questionnaire(client, assessment, version=""):
    return client.get(url("paper_questionnaire", assessment) + f"?version={version}")


def enter(client, assessment, **fields):
    data = {"name": "May Brown", "perspective": "person", **fields}
    return client.post(url("paper_response_new", assessment), data)


@pytest.mark.parametrize(("ticked", "agreed"), [("yes", True), ("no", False)])
def test_the_admin_types_in_whether_their_examples_may_be_shown(
    admin_client, spring, ticked, agreed
):
    response = enter(admin_client, spring, agreed_to_be_quoted=ticked)

    assert response.status_code == 302
    paper = spring.respondents.get(entered_on_paper=True)
    assert paper.agreed_to_be_quoted is agreed


def test_the_choice_is_asked_and_nothing_is_assumed(admin_client, spring):
    page = said(admin_client.get(url("paper_response_new", spring)))
    assert CHOICE in page
    assert "If they ticked neither box, their examples stay in your own records." in page

    response = enter(admin_client, spring)

    assert response.status_code == 200
    assert "There is a problem" in said(response)
    assert "Choose whether they agreed to their examples being shown" in said(response)
    assert 'href="#id_agreed_to_be_quoted_1"' in text(response)
    assert 'value="May Brown"' in text(response)
    assert not spring.respondents.filter(entered_on_paper=True).exists()


def test_an_unknown_choice_is_refused(admin_client, spring):
    response = enter(admin_client, spring, agreed_to_be_quoted="maybe")

    assert response.status_code == 200
    assert "Select a valid choice" in said(response)
    assert not spring.respondents.filter(entered_on_paper=True).exists()


@pytest.mark.parametrize("version", ["", "easy-read"])
def test_the_questionnaire_says_who_sees_what_and_asks(admin_client, spring, version):
    words = pdf_text(questionnaire(admin_client, spring, version).content)

    assert "Who sees your answers" in words
    if version:
        assert "The totals go in a report." in words
        assert "We call them the working group." in words
        assert "Can we show your examples? Tick one box." in words
        assert "Yes. You can show my examples. Do not show my name." in words
        assert "No. Only Riverside Community Trust can keep my examples." in words
    else:
        assert "may be shared with the organisation's board or trustees" in words
        assert "they see the results and the report too" in words
        assert "May we show your examples? Tick one." in words
        assert "Yes, my examples may be shown, without my name" in words
        assert "No, keep my examples inside Riverside Community Trust's own records" in words
        assert "Groups of fewer than 3 people are never shown on their own" in words


def test_the_choice_is_honoured_like_the_online_one(admin_client, spring, admin):
    """Two paper responses, one agreeing and one not, and one more online: only the example of
    the one who agreed reaches the results and the answers CSV."""
    for name, ticked, example in (("Ann", "yes", SHOWN), ("Bea", "no", KEPT)):
        enter(admin_client, spring, name=name, agreed_to_be_quoted=ticked)
        paper = spring.respondents.get(name=name)
        fill_in(paper, evidence=example)  # as the admin types it in
        admin_client.post(url("paper_submit", spring, paper))
    online = spring.respondents.get(user=admin)
    complete(online, perspective="person", submit=True)
    assert spring.respondents.submitted().count() == 3
    spring.close()

    examples = [t for groups in shared_examples(spring).values() for g in groups for t in g.texts]
    assert SHOWN in examples
    assert KEPT not in examples
    args = [spring.organisation_id, spring.pk]
    answers = admin_client.get(reverse("results_csv", args=args)).content.decode("utf-8-sig")
    evidence = {row["Evidence"] for row in csv.DictReader(io.StringIO(answers))}
    assert SHOWN in evidence
    assert KEPT not in evidence
    page = said(admin_client.get(reverse("results_principle", args=[*args, FIRST])))
    assert SHOWN in page
    assert KEPT not in page
