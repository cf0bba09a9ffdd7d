"""The results page: where the organisation stands, once an admin has closed the assessment
(assessment/views/results.py, templates/assessment/results.html)."""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment, Extent, Respondent, Section
from principles.models import Descriptor, Principle, Rung

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import FIRST, SECOND, SECTIONS, SLUGS, complete, fill_in, text_of
from .helpers import headings, page_tables, said

# These tests are about the arithmetic, with a person or two per perspective.
pytestmark = pytest.mark.usefixtures("every_group_shown")

XSS = "<script>alert(1)</script>"
THIRD = SLUGS[2]
HINT_LOW = 'Most answers to the questions were "mostly" or "fully", but the rung chosen is low.'


def tables(page: str, caption: str) -> list[list[list[str]]]:
    """The body rows of every table with this caption."""
    return [rows[1:] for found, rows in page_tables(page) if found == caption]


def section_of(response, slug: str) -> str:
    """One principle's section of the results page."""
    page = response.content.decode()
    start = page.index(
        f'<section class="coprod-results-principle" aria-labelledby="principle-{slug}">'
    )
    return page[start : page.index("</section>", start)]


def words(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def results_url(assessment) -> str:
    return reverse("results", args=[assessment.organisation_id, assessment.pk])


def answers_url(assessment, slug: str) -> str:
    return reverse("results_principle", args=[assessment.organisation_id, assessment.pk, slug])


def set_rung(respondent, slug: str, position: int) -> None:
    Section.objects.filter(respondent=respondent, principle__slug=slug).update(
        rung=Rung.objects.get(framework_id=respondent.assessment.framework_id, position=position)
    )


def rung(framework, position: int) -> Rung:
    return Rung.objects.get(framework=framework, position=position)


def principle(framework, slug: str) -> Principle:
    return Principle.objects.get(framework=framework, slug=slug)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def closed(assessment, respondent, admin):
    """Spring 2027, closed after four people of three perspectives submitted:

    - principle 1: staff 6 and 6, a person who uses services 3, a volunteer 5
      (rung 5 reached, 3 to 6; staff 3 rungs higher than people who use services)
    - principle 2: staff 7 and 7, the person 7, the volunteer 5 (the gold standard)
    - principles 3 to 6: staff 4 and 4, the person 3, the volunteer 5 (staff 1 rung higher)

    Staff answer every question "Fully", the volunteer "Don't know", and the person "Not yet"
    about principles 1 and 2 but "Fully" about the others. Someone who never submitted chose
    rung 1 everywhere, and is not counted.
    """
    rita = Respondent.objects.create(assessment=assessment, user=admin, name="Rita Okafor")
    for staff in (respondent, rita):
        complete(staff, perspective="staff", rung=4, extent=Extent.FULLY, evidence=XSS)
        set_rung(staff, FIRST, 6)
        set_rung(staff, SECOND, 7)
    joan = Respondent.objects.create(assessment=assessment, name="Joan")
    not_yet = {code: Extent.NOT_YET for code in SECTIONS[FIRST] + SECTIONS[SECOND]}
    complete(joan, perspective="person", rung=3, extent=Extent.FULLY, extents=not_yet)
    set_rung(joan, SECOND, 7)
    olu = Respondent.objects.create(assessment=assessment, name="Olu")
    complete(olu, perspective="volunteer", rung=5, extent=Extent.DONT_KNOW)
    for person in (respondent, rita, joan, olu):
        assert person.submit()
    late = Respondent.objects.create(assessment=assessment, name="Late Larry")
    complete(late, perspective="person", rung=1, extent=Extent.NOT_YET)
    assert assessment.close() == 1
    return assessment


# Before closing


def test_an_open_assessment_explains_that_results_come_after_closing(
    admin_client, assessment, respondent
):
    complete(respondent, submit=True)

    response = admin_client.get(results_url(assessment))

    assert response.status_code == 200
    assert "Results appear here once an admin closes the assessment." in said(response)
    assert "you can close the assessment from the assessment page" in said(response)
    assert "Rung your people reached" not in said(response)
    assert "Where you stand" not in said(response)
    assert "sent their answers" not in said(response)
    assert 'role="img"' not in response.content.decode()
    assert reverse("results_csv", args=[assessment.organisation_id, assessment.pk]) not in (
        response.content.decode()
    )
    assert headings(response) == ["Results: Spring 2027"]


def test_a_member_of_an_open_assessment_is_not_told_to_close_it(colleague_client, assessment):
    response = colleague_client.get(results_url(assessment))

    assert response.status_code == 200
    assert "Results appear here once an admin closes the assessment." in said(response)
    assert "You are an admin" not in said(response)


# After closing


def test_the_page_says_how_many_people_were_counted(admin_client, closed):
    response = admin_client.get(results_url(closed))

    assert response.status_code == 200
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"4 people sent their answers before the assessment closed on {today}." in said(response)
    assert headings(response) == ["Results: Spring 2027"]


def test_each_principle_shows_the_rung_reached_and_the_spread(admin_client, closed, framework):
    response = admin_client.get(results_url(closed))

    first = words(section_of(response, FIRST))
    assert f"Rung your people reached {rung(framework, 5).name} (rung 5 of 7)" in first
    assert "Spread From rung 3 to rung 6" in first
    assert "People who chose a rung 4" in first
    second = words(section_of(response, SECOND))
    assert f"Rung your people reached {rung(framework, 7).name} (rung 7 of 7)" in second
    assert "Spread From rung 5 to rung 7" in second
    for slug in SLUGS[2:]:
        assert f"Rung your people reached {rung(framework, 4).name} (rung 4 of 7)" in words(
            section_of(response, slug)
        )
        assert "Spread From rung 3 to rung 5" in words(section_of(response, slug))


def test_the_ladder_has_the_gold_standard_at_the_top_with_the_principles_on_their_rungs(
    admin_client, closed, framework
):
    response = admin_client.get(results_url(closed))

    page = response.content.decode()
    ladder = page[page.index('<ol class="coprod-ladder coprod-results-ladder"') :]
    ladder = ladder[: ladder.index("</ol>")]
    rungs = [
        (int(re.search(r'value="(\d+)"', part).group(1)), part)
        for part in ladder.split('<li class="coprod-ladder__rung')[1:]
    ]
    assert [position for position, _ in rungs] == [7, 6, 5, 4, 3, 2, 1]
    on_rung = {position: words(f"<{part}") for position, part in rungs}
    gold = rung(framework, 7)
    assert on_rung[7].startswith(f"7. {gold.name} – the gold standard")
    assert [p for p, part in rungs if "coprod-ladder__rung--gold" in part] == [7]
    assert f"2. {principle(framework, SECOND).name}" in on_rung[7]
    assert f"1. {principle(framework, FIRST).name}" in on_rung[5]
    assert all(f"{n}. {principle(framework, SLUGS[n - 1]).name}" in on_rung[4] for n in range(3, 7))
    assert "No principles on this rung" in on_rung[6]
    assert "No principles on this rung" in on_rung[1]


def test_the_star_chart_is_an_svg_with_a_title_and_a_table_of_the_same_numbers(
    admin_client, closed, framework
):
    response = admin_client.get(results_url(closed))

    page = response.content.decode()
    svg = re.search(r'<svg[^>]*class="coprod-chart__svg"[^>]*>.*?</svg>', page, flags=re.DOTALL)
    assert svg, "the star chart should be an SVG image"
    svg = svg.group(0)
    assert 'role="img"' in svg[: svg.index(">")]
    assert 'aria-labelledby="principles-chart-title"' in svg
    assert (
        '<title id="principles-chart-title">Star chart: the rung each of the six principles '
        "reached</title>" in svg
    )
    description = words(re.search(r"<desc[^>]*>(.*?)</desc>", svg, flags=re.DOTALL).group(1))
    rows = tables(page, "The rung each principle reached")
    assert len(rows) == 1
    expected = []
    for slug in SLUGS:
        p = principle(framework, slug)
        position = {FIRST: 5, SECOND: 7}.get(slug, 4)
        name = rung(framework, position).name
        spread = {FIRST: "3 to 6", SECOND: "5 to 7"}.get(slug, "3 to 5")
        gold = " (the gold standard)" if position == 7 else ""
        expected.append([f"{p.position}. {p.name}", f"{name}{gold}", str(position), spread, "4"])
        assert f"{p.position}. {p.name}: Rung {position}: {name}" in description
    assert rows[0] == expected


def test_each_question_shows_how_many_gave_each_answer(admin_client, closed, framework):
    page = admin_client.get(answers_url(closed, FIRST)).content.decode()

    # Not yet, A little, Mostly, Fully, Don't know, People
    first = tables(page, "How many people gave each answer")
    assert [row[1:] for row in first[0]] == [["1", "0", "0", "2", "1", "4"]] * len(SECTIONS[FIRST])
    third_page = admin_client.get(answers_url(closed, THIRD)).content.decode()
    third = tables(third_page, "How many people gave each answer")
    assert [row[1:] for row in third[0]] == [["0", "0", "0", "3", "1", "4"]] * len(SECTIONS[THIRD])
    question = principle(framework, FIRST).questions.order_by("position").first()
    assert first[0][0][0] == question.text
    by_perspective = tables(page, question.text)
    assert by_perspective == [
        [
            ["Staff", "0", "0", "0", "2", "0", "2"],
            ["Volunteer", "0", "0", "0", "0", "1", "1"],
            ["Person who uses services", "1", "0", "0", "0", "0", "1"],
        ]
    ]


def test_each_principle_shows_the_rung_each_perspective_reached(admin_client, closed, framework):
    response = admin_client.get(results_url(closed))

    (rows,) = tables(section_of(response, FIRST), "Rung reached by each perspective")
    assert rows == [
        ["Staff", f"6. {rung(framework, 6).name}", "All chose 6", "2", "0"],
        ["Volunteer", f"5. {rung(framework, 5).name}", "All chose 5", "1", "0"],
        ["Person who uses services", f"3. {rung(framework, 3).name}", "All chose 3", "1", "0"],
    ]


def test_perspectives_two_or_more_rungs_apart_are_highlighted(admin_client, closed):
    response = admin_client.get(results_url(closed))

    first = words(section_of(response, FIRST))
    assert (
        "Perspectives differ: staff placed this principle 3 rungs higher than people who use "
        "services did." in first
    )


def test_perspectives_one_rung_apart_or_level_are_not_highlighted(admin_client, closed):
    response = admin_client.get(results_url(closed))

    for slug in SLUGS[1:]:
        assert "Perspectives differ" not in words(section_of(response, slug)), slug


def test_staff_rating_lower_than_people_who_use_services_is_highlighted_too(
    admin_client, assessment, respondent
):
    complete(respondent, perspective="staff", rung=2, submit=True)
    joan = Respondent.objects.create(assessment=assessment, name="Joan")
    complete(joan, perspective="person", rung=4, submit=True)
    assessment.close()

    response = admin_client.get(results_url(assessment))

    assert (
        "Perspectives differ: staff placed this principle 2 rungs lower than people who use "
        "services did." in words(section_of(response, FIRST))
    )


def test_a_hint_shows_where_the_answers_and_the_rung_disagree(admin_client, closed):
    response = admin_client.get(results_url(closed))

    for slug in SLUGS[2:]:
        assert f"Something to talk about: {HINT_LOW}" in words(section_of(response, slug)), slug
    for slug in (FIRST, SECOND):
        assert "Something to talk about" not in words(section_of(response, slug)), slug


def test_what_this_means_describes_where_you_are_and_the_next_rung_up(
    admin_client, closed, framework
):
    response = admin_client.get(results_url(closed))

    first = principle(framework, FIRST)
    here = Descriptor.objects.get(principle=first, rung=rung(framework, 5))
    next_up = Descriptor.objects.get(principle=first, rung=rung(framework, 6))
    text = words(section_of(response, FIRST))
    assert "What this means" in text
    assert (
        f"Where you are, {rung(framework, 5).name} (self-assessed): {' '.join(here.text.split())}"
        in text
    )
    assert (
        f"The next rung up, {rung(framework, 6).name}, looks like this: "
        f"{' '.join(next_up.text.split())}" in text
    )
    assert "Gold standard" not in text


def test_at_the_top_rung_it_says_gold_standard(admin_client, closed, framework):
    response = admin_client.get(results_url(closed))

    text = words(section_of(response, SECOND))
    assert "Gold standard, self-assessed: not confirmed by a peer." in text
    assert "The next rung up" not in text
    assert "Gold standard" in text


def test_easy_read_shows_the_plain_english_of_the_next_rung(admin_client, closed, framework):
    response = admin_client.get(results_url(closed) + "?view=easy-read")

    next_up = Descriptor.objects.get(principle=principle(framework, FIRST), rung=rung(framework, 6))
    text = words(section_of(response, FIRST))
    assert " ".join(next_up.plain_english.split()) in text
    assert " ".join(next_up.text.split()) not in text


def test_only_submitted_answers_count(admin_client, closed):
    response = admin_client.get(results_url(closed))

    for slug in SLUGS:
        answers = admin_client.get(answers_url(closed, slug)).content.decode()
        (rows,) = tables(answers, "How many people gave each answer")
        assert {row[-1] for row in rows} == {"4"}
        assert "All chose 1" not in words(section_of(response, slug))


def test_there_is_exactly_one_h1(admin_client, closed):
    response = admin_client.get(results_url(closed))

    assert len(re.findall(r"<h1\b", response.content.decode())) == 1


def test_what_people_typed_is_escaped(admin_client, closed):
    closed.title = f"Spring {XSS}"
    closed.service = "<b>Day</b> centres"
    closed.save()

    response = admin_client.get(results_url(closed))

    content = response.content.decode()
    assert response.status_code == 200
    assert XSS not in content
    assert "<b>Day</b>" not in content
    assert "Spring &lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert headings(response) == [f"Results: Spring {XSS}"]
    assert "<b>Day</b> centres" in text_of(response)


def test_the_csv_link_is_offered_once_closed(admin_client, closed):
    response = admin_client.get(results_url(closed))

    assert reverse("results_csv", args=[closed.organisation_id, closed.pk]) in (
        response.content.decode()
    )


def test_a_member_who_is_not_an_admin_sees_the_results(colleague_client, closed):
    response = colleague_client.get(results_url(closed))

    assert response.status_code == 200
    assert "Perspectives differ: staff placed this principle 3 rungs higher" in said(response)


# The summary first, each principle's answers on a page of its own


def test_each_principle_links_to_its_answers_to_the_questions(admin_client, closed, framework):
    response = admin_client.get(results_url(closed))

    for slug in SLUGS:
        link = f'href="{answers_url(closed, slug)}"'
        assert link in section_of(response, slug), slug
        name = principle(framework, slug).name.lower()
        assert f"How people answered the questions about {name}" in words(
            section_of(response, slug)
        )
    assert "How many people gave each answer" not in said(response)


def test_a_principles_answers_page_has_one_heading_and_leads_on_to_the_next(
    admin_client, closed, framework
):
    response = admin_client.get(answers_url(closed, FIRST))

    assert response.status_code == 200
    name = principle(framework, FIRST).name
    assert headings(response) == [f"1. {name}: answers to the questions"]
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert f'href="{answers_url(closed, SECOND)}" rel="next"' in page
    assert 'rel="prev"' not in page
    assert f'href="{results_url(closed)}"' in page


def test_a_principle_not_in_the_framework_has_no_answers_page(admin_client, closed):
    assert admin_client.get(answers_url(closed, "no-such-principle")).status_code == 404


def test_an_open_assessment_has_no_answers_pages(admin_client, assessment):
    assert admin_client.get(answers_url(assessment, FIRST)).status_code == 404


def test_the_results_pages_stay_under_100_kb_with_the_demo_data(client, framework, settings):
    settings.DEBUG = True  # seed_demo runs only then
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    riverside = Assessment.objects.get(
        organisation__name="Riverside Community Trust", title="Autumn 2026"
    )
    client.force_login(riverside.organisation.memberships.get(role="admin").user)

    pages = [results_url(riverside)] + [answers_url(riverside, slug) for slug in SLUGS]
    for url in pages:
        for wording in ("?view=full", "?view=easy-read"):
            response = client.get(url + wording)
            assert response.status_code == 200, url
            assert len(response.content) < 100_000, (url + wording, len(response.content))


# Kept in the cache, and built again when what they show changes


def test_the_full_and_easy_read_wordings_are_kept_apart(admin_client, closed, framework):
    next_up = rung(framework, 6)
    descriptor = Descriptor.objects.get(principle__slug=FIRST, rung=next_up)
    full = " ".join(admin_client.get(results_url(closed) + "?view=full").content.decode().split())
    easy = text_of(admin_client.get(results_url(closed) + "?view=easy-read"))

    assert " ".join(descriptor.text.split()) in unescape(full)
    assert " ".join(descriptor.plain_english.split()) in easy
    assert " ".join(descriptor.text.split()) not in easy


def test_framework_words_loaded_again_reach_the_results_pages(admin_client, closed, framework):
    admin_client.get(results_url(closed))
    admin_client.get(answers_url(closed, FIRST))
    question = principle(framework, FIRST).questions.order_by("position").first()

    # What `loaddata` does with a changed fixture: a raw save, which the freeze allows.
    question.text = "Who decides, in the end?"
    question.save_base(raw=True)
    chosen = Descriptor.objects.get(principle__slug=FIRST, rung=rung(framework, 5))
    chosen.text = "Newly worded rung five."
    chosen.save_base(raw=True)

    assert "Newly worded rung five." in said(admin_client.get(results_url(closed)))
    assert "Who decides, in the end?" in said(admin_client.get(answers_url(closed, FIRST)))


def test_the_results_page_is_not_cached(admin_client, closed):
    response = admin_client.get(results_url(closed))

    assert "no-store" in response["Cache-Control"]


# Queries

# Measured with 1 person and with 50: a page kept in the cache takes the session, the person,
# their membership, the assessment, the header's permission lookup, the summary's fingerprint
# and the cache (7), and below the summary the report's fingerprint and the kept change since
# the last assessment and next steps (3). Building it first also reads the results, standings,
# peer reviews, paper responses, practices and plan, and keeps each part (59 in all).
RESULTS_PAGE_QUERIES = 10
RESULTS_BUILD_QUERIES = 59


def _close_with(assessment, respondent, others: int) -> None:
    complete(respondent, perspective="staff", rung=5, submit=True)
    many = Respondent.objects.bulk_create(
        Respondent(assessment=assessment, name=f"Person {n}", perspective=perspective)
        for n, perspective in zip(
            range(others),
            ["staff", "person", "volunteer", "carer", "partner", "other", ""] * 8,
            strict=False,
        )
    )
    for n, other in enumerate(many):
        fill_in(other, rung=1 + n % 7, extent=[*Extent][n % 5])
    Respondent.objects.filter(pk__in=[r.pk for r in many]).update(submitted_at=timezone.now())
    assessment.close()


def test_the_results_page_makes_a_fixed_number_of_queries_with_one_person(
    admin_client, assessment, respondent, django_assert_max_num_queries
):
    _close_with(assessment, respondent, 0)

    with django_assert_max_num_queries(RESULTS_BUILD_QUERIES):
        admin_client.get(results_url(assessment))
    with django_assert_max_num_queries(RESULTS_PAGE_QUERIES):
        response = admin_client.get(results_url(assessment))

    assert "1 person sent their answers" in said(response)


def test_the_results_page_makes_the_same_number_of_queries_with_fifty_people(
    admin_client, assessment, respondent, django_assert_max_num_queries
):
    _close_with(assessment, respondent, 49)

    with django_assert_max_num_queries(RESULTS_BUILD_QUERIES):
        admin_client.get(results_url(assessment))
    with django_assert_max_num_queries(RESULTS_PAGE_QUERIES):
        response = admin_client.get(results_url(assessment))

    assert "50 people sent their answers" in said(response)
