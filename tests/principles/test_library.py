"""The public case-study library and the case studies on each principle's page."""

import re

import pytest
from django.urls import reverse

from principles.models import CaseStudy

from .case_study_helpers import make_case_study, make_many_case_studies
from .test_views import principle_url, text_of

LIBRARY = reverse("library:case_studies")
UNPUBLISHED = ["submitted", "sent_back", "draft"]

# Measured: the current principles, the count, the page of studies, their principle links.
LIBRARY_QUERIES = 4
DETAIL_QUERIES = 3


def detail_url(study):
    return reverse("library:case_study", args=[study.slug])


@pytest.fixture
def library(framework):
    return {
        "repairs": make_case_study(
            contact="Sam Patel, sam@riverside.example", contact_consent=True
        ),
        "play": make_case_study(
            "Play streets",
            summary="Parents close their street so children can play outside.",
            what_changed="Neighbours know each other.",
            sector=CaseStudy.Sector.CHILDREN_FAMILIES,
            kind=CaseStudy.Kind.CO_DELIVERY,
            place="Hackney",
            principles=["building-capabilities"],
        ),
        **{
            status: make_case_study(f"Unpublished {status} study", status=status)
            for status in UNPUBLISHED
        },
    }


def result_titles(response):
    return re.findall(
        r'<h3 [^>]*><a class="govuk-link" href="[^"]+">([^<]+)</a>', text_of(response)
    )


def test_the_library_is_public_and_lists_only_published_studies(client, library):
    response = client.get(LIBRARY)

    assert response.status_code == 200
    assert sorted(result_titles(response)) == ["Play streets", "Tenants' repairs panel"]
    assert "2 case studies." in text_of(response)
    assert "Unpublished" not in text_of(response)


def test_the_library_has_one_main_heading_and_labelled_fields(client, library):
    page = client.get(LIBRARY).content.decode()

    assert len(re.findall(r"<h1[\s>]", page)) == 1
    for name in ("q", "principle", "sector", "kind", "place"):
        field_id = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*id="([^"]+)"', page)
        field_id = field_id or re.search(rf'id="([^"]+)"[^>]*name="{name}"', page)
        assert field_id, name
        assert f'<label for="{field_id.group(1)}" class="govuk-label">' in page, name
    assert 'method="get"' in page
    assert "csrfmiddlewaretoken" not in page


def test_searching_and_filtering_combine(client, library):
    response = client.get(LIBRARY, {"q": "children", "sector": "children_families"})

    assert result_titles(response) == ["Play streets"]
    assert "1 case study matches your search." in text_of(response)

    response = client.get(LIBRARY, {"principle": "people-as-assets", "place": "riverside"})
    assert result_titles(response) == ["Tenants' repairs panel"]

    response = client.get(LIBRARY, {"kind": "co_delivery", "sector": "housing"})
    assert result_titles(response) == []


def test_no_results_says_so_plainly(client, library):
    response = client.get(LIBRARY, {"q": "submarine"})

    assert result_titles(response) == []
    assert "No case studies match your search." in text_of(response)
    assert "Clear the search and filters" in text_of(response)


def test_a_search_for_an_unpublished_studys_words_finds_nothing(client, library):
    response = client.get(LIBRARY, {"q": "Unpublished"})

    assert result_titles(response) == []


def test_a_tampered_filter_is_reported_and_the_others_still_apply(client, library):
    response = client.get(LIBRARY, {"sector": "space", "place": "Hackney"})

    page = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose a sector from the list" in page
    assert result_titles(response) == ["Play streets"]


def test_a_published_study_has_its_own_page_crediting_everything(client, library):
    response = client.get(detail_url(library["repairs"]))

    page = text_of(response)
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert "Tenants and staff planned the new repairs service together." in page
    assert "Repairs are done faster" in page
    assert "Sam Patel, sam@riverside.example" in page
    assert f'href="{principle_url("people-as-assets")}"' in page


def test_a_seeded_study_credits_its_source(client, framework):
    from django.core.management import call_command

    call_command("loaddata", "case_studies", verbosity=0)

    page = text_of(client.get(reverse("library:case_study", args=["hackney-play-streets"])))

    assert "The Way Ahead Co-production report" in page
    assert "2017" in page
    assert "Section 3.1" in page


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_unpublished_study_is_not_found_by_anyone_in_the_library(
    client, library, status, staff, admin
):
    url = detail_url(library[status])

    assert client.get(url).status_code == 404
    for person in (staff, admin):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_an_unknown_study_is_not_found(client, library):
    assert client.get(reverse("library:case_study", args=["no-such-study"])).status_code == 404


def test_text_is_shown_as_plain_text(client, framework):
    study = make_case_study(summary="<script>alert(1)</script>\n\n<b>Bold</b>")

    page = client.get(detail_url(study)).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_a_principle_page_links_to_the_published_studies_that_show_it(client, library):
    page = text_of(client.get(principle_url("people-as-assets")))

    assert f'href="{detail_url(library["repairs"])}"' in page
    assert "Play streets" not in page
    assert "Unpublished" not in page
    assert f'href="{LIBRARY}?principle=people-as-assets"' in page


def test_a_principle_page_without_studies_says_so(client, library):
    page = text_of(client.get(principle_url("breaking-down-barriers")))

    assert "There are no case studies for this principle yet." in page


def test_the_library_shows_twenty_a_page_and_keeps_the_filters_between_pages(client, framework):
    make_many_case_studies(45)

    first = client.get(LIBRARY, {"principle": "people-as-assets"})
    last = client.get(LIBRARY, {"principle": "people-as-assets", "page": 3})

    assert len(result_titles(first)) == 20
    assert "45 case studies match your search. Showing 1 to 20." in text_of(first)
    assert 'href="?principle=people-as-assets&amp;page=2"' in first.content.decode()
    assert len(result_titles(last)) == 5


def test_the_library_makes_a_fixed_number_of_queries_with_a_thousand_studies(
    client, framework, django_assert_max_num_queries
):
    make_many_case_studies(1000)

    for query in (
        {},
        {"page": 50},
        {"q": "tenants", "principle": "peer-support-networks", "sector": "housing"},
        {"kind": "co_design", "place": "river", "page": 7},
    ):
        with django_assert_max_num_queries(LIBRARY_QUERIES):
            response = client.get(LIBRARY, query)
        assert len(result_titles(response)) == 20, query


def test_a_study_page_and_a_principle_page_stay_small_with_a_thousand_studies(
    client, framework, django_assert_max_num_queries
):
    make_many_case_studies(1000)
    study = CaseStudy.objects.get(slug="study-500")

    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(detail_url(study)).status_code == 200
    with django_assert_max_num_queries(5):
        response = client.get(principle_url("peer-support-networks"))
    assert text_of(response).count('href="/case-studies/study-') == 10
