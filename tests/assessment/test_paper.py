"""Paper questionnaires: printing one, and an admin entering a returned one on the person's
behalf (views/paper.py, reports/questionnaire.py), marked so in the results, CSV and report."""

import csv
import io

import pytest
from django.urls import reverse

from assessment.models import Assessment, AuditEvent, Extent, Respondent
from assessment.reports import pdf
from principles.models import Question, Rung

from ..factories import make_user
from .answering_helpers import FIRST, SECOND, SECTIONS, SLUGS, complete, form_of, saved_answers
from .helpers import said, text
from .pdf_helpers import pdf_text, reader, structure_types, tag_tree_problems


@pytest.fixture
def spring(organisation, admin, framework) -> Assessment:
    return Assessment(organisation=organisation, title="Spring 2027").start(admin)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def url(name: str, assessment, respondent=None, **extra) -> str:
    kwargs = {"org": assessment.organisation_id, "pk": assessment.pk, **extra}
    if respondent is not None:
        kwargs["respondent"] = respondent.pk
    return reverse(name, kwargs=kwargs)


def questionnaire(client, assessment, version=""):
    address = url("paper_questionnaire", assessment)
    return client.get(f"{address}?version={version}" if version else address)


@pytest.fixture
def on_paper(spring, admin) -> Respondent:
    """May Brown's questionnaire, not yet typed in."""
    return spring.add_paper_response(
        name="May Brown", perspective="person", agreed_to_be_named=False, by=admin
    )


def one_page_data(extent=Extent.MOSTLY, rung=4, **fields) -> dict:
    """The one-page form as a browser posts it: every section answered the same way."""
    data = {}
    for slug, codes in SECTIONS.items():
        data[f"{slug}-version"] = 0
        for code in codes:
            data[f"{slug}-{code}-extent"] = int(extent)
            data[f"{slug}-{code}-evidence"] = ""
        data[f"{slug}-rung"] = rung
        data[f"{slug}-rung_evidence"] = ""
    data.update(fields)
    return data


def section_data(slug, extent=Extent.FULLY, rung=6, version=0, **fields) -> dict:
    data = {"version": version, "rung": rung, "rung_evidence": ""}
    for code in SECTIONS[slug]:
        data[f"{code}-extent"] = int(extent)
        data[f"{code}-evidence"] = ""
    data.update(fields)
    return data


# Printing


def test_the_questionnaire_has_every_question_tick_boxes_and_how_to_give_it_back(
    admin_client, spring, admin, framework
):
    response = questionnaire(admin_client, spring)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    words = pdf_text(response.content)
    assert "How well do we work with the people who use our services?" in words
    assert "About you" in words
    assert "Person who uses services" in words
    for question in Question.objects.filter(principle__framework=framework):
        assert " ".join(question.text.split()) in words, question.code
    assert words.count("Not yet A little Mostly Fully Don't know") == 16
    assert words.count("I don't know Why this rung? (optional)") == 6
    for rung in Rung.objects.filter(framework=framework):
        assert f"{rung.position}. {rung.name}" in words
    assert f"contact {admin.name} at {admin.email}" in words
    assert "before the assessment closes" in words


def test_the_easy_read_questionnaire_uses_the_plain_english_wording(
    admin_client, spring, framework
):
    words = pdf_text(questionnaire(admin_client, spring, "easy-read").content)

    assert "Tell us what you think" in words
    assert "Tick one box to say how true it is." in words
    for question in Question.objects.filter(principle__framework=framework):
        assert " ".join(question.plain_english.split()) in words, question.code
    assert words.count("I don't know Why did you tick this rung?") == 6
    assert "Give this booklet back to Rita Okafor." in words


def test_the_questionnaire_is_a_tagged_pdf(admin_client, spring):
    pdf_reader = reader(questionnaire(admin_client, spring).content)

    assert pdf_reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    assert pdf_reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert tag_tree_problems(pdf_reader) == []
    types, _ = structure_types(pdf_reader)
    for kind in ("/H1", "/H2", "/H3", "/P", "/L", "/LI"):
        assert types[kind] > 0, kind


def test_the_questionnaire_is_printed_only_by_an_admin_while_the_assessment_is_open(
    client, spring, colleague, outsider, other_organisation, stranger
):
    for person in (colleague, outsider, stranger):
        client.force_login(person)
        assert questionnaire(client, spring).status_code == 404
    client.logout()
    assert questionnaire(client, spring).status_code == 302
    complete(spring.respondents.get(), submit=True)
    spring.close()
    client.force_login(spring.created_by)
    assert questionnaire(client, spring).status_code == 404


def test_text_typed_into_the_organisation_is_printed_as_text(admin_client, spring, organisation):
    organisation.name = "<b>Riverside</b> & Co"
    organisation.save()

    words = pdf_text(questionnaire(admin_client, spring).content)

    assert "<b>Riverside</b> & Co" in words


# Entering a paper response


def test_the_admin_enters_an_anonymous_paper_response(admin_client, spring, admin):
    response = admin_client.post(
        url("paper_response_new", spring),
        {"name": "  ", "perspective": "carer", "agreed_to_be_quoted": "no"},
    )

    paper = spring.respondents.get(entered_on_paper=True)
    assert response.status_code == 302
    assert response.url == url("paper_every_section", spring, paper)
    assert (paper.name, paper.perspective, paper.user, paper.email) == (
        Respondent.ANONYMOUS_ON_PAPER,
        "carer",
        None,
        "",
    )
    assert (paper.token_hash, paper.code_hash, paper.has_link) == (None, None, False)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.ENTERED_ON_PAPER)
    assert (event.actor, event.subject) == (
        admin,
        f"a paper response from {Respondent.ANONYMOUS_ON_PAPER} to Spring 2027",
    )


def test_naming_someone_who_gave_no_name_is_refused_next_to_the_box(admin_client, spring):
    response = admin_client.post(
        url("paper_response_new", spring),
        {"name": "", "perspective": "person", "agreed_to_be_named": "on"},
    )

    assert response.status_code == 200
    assert "There is a problem" in said(response)
    assert "nobody can be named without a name" in said(response)
    assert not spring.respondents.filter(entered_on_paper=True).exists()


def test_a_perspective_must_be_chosen(admin_client, spring):
    response = admin_client.post(url("paper_response_new", spring), {"name": "May Brown"})

    assert "Choose which best describes the person who answered" in said(response)
    assert 'value="May Brown"' in text(response)


def test_every_section_is_entered_on_one_page(admin_client, spring, on_paper):
    address = url("paper_every_section", spring, on_paper)
    page = admin_client.get(address)
    assert page.status_code == 200
    assert said(page).count("Where is this service on the ladder") == 6

    response = admin_client.post(address, one_page_data(**{f"{FIRST}-nef-1-evidence": "Tea"}))

    assert response.status_code == 302
    assert response.url == url("paper_response", spring, on_paper)
    assert on_paper.sections.filter(rung__position=4).count() == 6
    assert saved_answers(on_paper, FIRST)["nef-1"] == (Extent.MOSTLY, "Tea")
    assert f"{len(SLUGS)} of {len(SLUGS)} sections entered" in said(admin_client.get(response.url))


def test_one_section_at_a_time_goes_on_to_the_next(admin_client, spring, on_paper):
    response = admin_client.post(
        url("paper_section", spring, on_paper, principle=FIRST), section_data(FIRST)
    )

    assert response.url == url("paper_section", spring, on_paper, principle=SECOND)
    assert saved_answers(on_paper, FIRST)["nef-1"] == (Extent.FULLY, "")
    assert not on_paper.sections.filter(principle__slug=SECOND).exists()


def test_a_section_too_long_to_keep_saves_nothing_and_keeps_what_was_typed(
    admin_client, spring, on_paper
):
    long = "x" * 5001
    data = one_page_data(**{f"{SECOND}-nef-5-evidence": long, f"{FIRST}-nef-1-evidence": "Kept"})

    response = admin_client.post(url("paper_every_section", spring, on_paper), data)

    assert response.status_code == 200
    assert "There is a problem" in said(response)
    assert f'href="#id_{SECOND}-nef-5-evidence"' in text(response)
    assert form_of(response).values[f"{FIRST}-nef-1-evidence"] == "Kept"
    assert form_of(response).checked[f"{FIRST}-rung"] == "4"
    assert not on_paper.sections.exists()


def test_a_section_saved_meanwhile_saves_nothing_and_shows_what_was_typed_again(
    admin_client, spring, on_paper
):
    address = url("paper_every_section", spring, on_paper)
    admin_client.post(
        url("paper_section", spring, on_paper, principle=SECOND), section_data(SECOND, rung=2)
    )

    response = admin_client.post(address, one_page_data(rung=5))

    assert response.status_code == 200
    assert "Someone saved this section since you opened the page" in said(response)
    assert on_paper.sections.get(principle__slug=SECOND).rung.position == 2
    assert not on_paper.sections.filter(principle__slug=FIRST).exists()
    again = admin_client.post(address, one_page_data(rung=5, **{f"{SECOND}-version": 1}))
    assert again.status_code == 302
    assert on_paper.sections.filter(rung__position=5).count() == 6


def test_a_paper_response_is_submitted_only_when_complete_and_says_who_entered_it(
    admin_client, spring, on_paper, admin
):
    submit = url("paper_submit", spring, on_paper)
    admin_client.post(url("paper_section", spring, on_paper, principle=FIRST), section_data(FIRST))

    refused = admin_client.post(submit, follow=True)

    assert "Enter an answer to every question" in said(refused)
    on_paper.refresh_from_db()
    assert on_paper.submitted_at is None

    admin_client.post(
        url("paper_every_section", spring, on_paper), one_page_data(**{f"{FIRST}-version": 1})
    )
    response = admin_client.post(submit, follow=True)

    on_paper.refresh_from_db()
    assert on_paper.submitted_at is not None
    assert "marked as entered on their behalf" in said(response)
    assert "Paper, entered on their behalf" in said(response)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.SUBMITTED)
    assert (event.actor, event.subject) == (
        admin,
        "May Brown's paper answers to Spring 2027, on their behalf",
    )
    # Submitted answers are not changed from the entry pages.
    admin_client.post(url("paper_every_section", spring, on_paper), one_page_data(rung=1))
    assert not on_paper.sections.filter(rung__position=1).exists()


def test_a_reopened_paper_response_goes_back_to_entering_it(admin_client, spring, on_paper):
    complete(on_paper, perspective="person", submit=True)

    response = admin_client.post(url("reopen_response", spring, on_paper))

    assert response.url == url("paper_response", spring, on_paper)
    on_paper.refresh_from_db()
    assert on_paper.submitted_at is None


def test_nobody_is_reminded_about_a_paper_response(admin_client, spring, on_paper, mailoutbox):
    response = admin_client.post(url("remind_respondent", spring, on_paper), follow=True)

    assert "answered on paper, so there is nobody to remind" in said(response)
    on_paper.refresh_from_db()
    assert (on_paper.token_hash, on_paper.reminded_at) == (None, None)
    assert mailoutbox == []


def test_the_assessment_page_offers_the_questionnaire_and_paper_entry(admin_client, spring):
    words = said(admin_client.get(spring.get_absolute_url()))

    assert "Download the paper questionnaire (PDF)" in words
    assert "Download the easy-read paper questionnaire (PDF)" in words
    assert "Enter a paper response" in words
    assert "the facilitation guide" in words


# Access


@pytest.fixture
def world(spring, on_paper, colleague):
    """Beside May's paper response, Joan, who answers through a personal link."""
    joan, _ = spring.add_by_link(name="Joan Smith")
    return {"spring": spring, "may": on_paper, "joan": joan}


def paper_pages(spring, respondent) -> list[str]:
    return [
        url("paper_questionnaire", spring),
        url("paper_response_new", spring),
        *respondent_pages(spring, respondent),
    ]


def respondent_pages(spring, respondent) -> list[str]:
    return [
        url("paper_response", spring, respondent),
        url("paper_every_section", spring, respondent),
        url("paper_section", spring, respondent, principle=FIRST),
        url("paper_submit", spring, respondent),
    ]


def assert_not_found(client, address):
    statuses = {client.get(address).status_code, client.post(address, one_page_data()).status_code}
    assert statuses <= {404, 405} and 404 in statuses, (address, statuses)


def assert_nothing_entered(world):
    assert not world["may"].sections.exists()
    assert Respondent.objects.filter(entered_on_paper=True).count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for address in paper_pages(world["spring"], world["may"]):
        for response in (client.get(address), client.post(address, one_page_data())):
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("login"))
    assert_nothing_entered(world)


@pytest.mark.parametrize("who", ["colleague", "outsider", "stranger", "wg_member"])
def test_everyone_but_the_organisations_admins_gets_404(client, world, who, request):
    if who == "wg_member":
        person = make_user("wanda@workinggroup.example", "Wanda Green", is_superuser=True)
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)

    for address in paper_pages(world["spring"], world["may"]):
        assert_not_found(client, address)
    assert_nothing_entered(world)


def test_only_paper_responses_are_entered_here(admin_client, world, admin):
    spring = world["spring"]
    for respondent in (world["joan"], spring.respondents.get(user=admin)):
        for address in respondent_pages(spring, respondent):
            assert_not_found(admin_client, address)
    assert not world["joan"].sections.exists()


def test_another_assessments_paper_response_is_404(admin_client, world, organisation, admin):
    autumn = Assessment(organisation=organisation, title="Autumn 2027").start(admin)
    kim = autumn.add_paper_response(
        name="Kim", perspective="carer", agreed_to_be_named=False, by=admin
    )

    for address in respondent_pages(world["spring"], kim):
        assert_not_found(admin_client, address)
    assert not kim.sections.exists()


def test_another_organisations_admin_cannot_enter_into_it(
    client, world, outsider, other_organisation
):
    northgate = Assessment(organisation=other_organisation, title="Northgate").start(outsider)
    client.force_login(outsider)

    for address in respondent_pages(northgate, world["may"]):
        assert_not_found(client, address)
    assert_nothing_entered(world)


def test_once_closed_nothing_is_printed_or_entered(admin_client, world):
    spring = world["spring"]
    complete(world["joan"], perspective="person", submit=True)
    spring.close()

    for address in paper_pages(spring, world["may"]):
        assert_not_found(admin_client, address)
    assert_nothing_entered(world)


def test_the_entry_pages_take_a_bounded_number_of_queries(
    admin_client, spring, on_paper, django_assert_max_num_queries
):
    admin_client.get(url("paper_every_section", spring, on_paper))  # framework in the cache
    with django_assert_max_num_queries(12):
        admin_client.get(url("paper_every_section", spring, on_paper))
    with django_assert_max_num_queries(12):
        admin_client.get(url("paper_response", spring, on_paper))
    # Saving is Respondent.save_section once per section, as answering does, in one transaction.
    with django_assert_max_num_queries(6 * 12):
        admin_client.post(url("paper_every_section", spring, on_paper), one_page_data())


# Marked in the results


@pytest.fixture
def closed(spring, admin, on_paper):
    complete(spring.respondents.get(user=admin), submit=True)
    complete(on_paper, perspective="person", submit=True)
    spring.close()
    return spring


def test_the_results_page_says_a_response_was_entered_on_paper(admin_client, closed):
    words = said(admin_client.get(url("results", closed)))

    assert (
        "1 response was given on a paper questionnaire and entered on the person's behalf" in words
    )


def test_the_results_page_says_nothing_of_paper_when_there_was_none(admin_client, spring, admin):
    complete(spring.respondents.get(user=admin), submit=True)
    spring.close()

    assert "paper questionnaire" not in said(admin_client.get(url("results", spring)))


def test_the_csv_marks_the_rows_entered_on_their_behalf(admin_client, closed):
    response = admin_client.get(url("results_csv", closed))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    marks = {(row["Respondent"], row["Entered on their behalf"]) for row in rows}
    assert marks == {("Respondent 1", ""), ("Respondent 2", "Yes, from paper")}


def test_the_report_says_a_response_was_entered_on_paper(closed):
    words = pdf_text(pdf.assessment_report(closed))

    assert "1 response was given on a paper questionnaire and entered on the person's" in words


# Counted


# One person per perspective: small groups are tested in test_small_groups.py.
@pytest.mark.usefixtures("every_group_shown")
def test_a_paper_response_counts_in_the_results(admin_client, spring, admin, on_paper):
    complete(spring.respondents.get(user=admin), submit=True, rung=2)
    admin_client.post(url("paper_every_section", spring, on_paper), one_page_data(rung=2))
    admin_client.post(url("paper_submit", spring, on_paper))

    assert spring.close() == 0

    result = spring.results.get(principle__slug=SLUGS[0], perspective="person")
    assert (result.respondents, result.rung.position) == (1, 2)


def test_a_paper_response_can_say_i_dont_know_for_a_rung(admin_client, spring, on_paper):
    """A tick in the questionnaire's "I don't know" box is entered as the same answer."""
    data = one_page_data(rung=4) | {f"{SLUGS[0]}-rung": 0}

    admin_client.post(url("paper_every_section", spring, on_paper), data)

    section = on_paper.sections.get(principle__slug=SLUGS[0])
    assert (section.rung, section.dont_know) == (None, True)
    page = admin_client.get(url("paper_every_section", spring, on_paper))
    assert form_of(page).checked[f"{SLUGS[0]}-rung"] == "0"
