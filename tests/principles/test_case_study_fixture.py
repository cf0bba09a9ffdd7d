"""The seeded case studies in fixtures/case_studies.json."""

import pytest
from django.core.management import call_command

from principles.models import CaseStudy, CaseStudyPrinciple
from principles.sources import SOURCES

from .test_fixture import PRINCIPLE_SLUGS_IN_NEF_ORDER

# Examples the issue names, which the library must hold.
NAMED_EXAMPLES = [
    "Hackney Play Streets",
    "Islington Personal Budgets Network",
    "Parents Reference Group",
    "User Voice",
]


@pytest.fixture
def seeded(framework):
    call_command("loaddata", "case_studies", verbosity=0)
    return CaseStudy.objects.order_by("slug")


def snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (CaseStudy, CaseStudyPrinciple)
    }


def test_there_are_at_least_twelve_seeded_case_studies_and_all_are_published(seeded):
    assert seeded.count() >= 12
    assert seeded.count() == CaseStudy.objects.published().count()


def test_the_examples_named_in_the_issue_are_there(seeded):
    titles = set(seeded.values_list("title", flat=True))

    assert set(NAMED_EXAMPLES) <= titles


def test_every_seeded_case_study_names_a_source_from_the_projects_list(seeded):
    for study in seeded:
        assert study.source in SOURCES, study.slug
        assert study.source_section.strip(), study.slug
        assert study.source_document == SOURCES[study.source]


def test_every_source_in_the_list_has_a_title_an_author_and_a_year(seeded):
    for source in SOURCES.values():
        assert source.title and source.author
        assert 2000 < source.year < 2030


def test_the_seeded_studies_come_from_more_than_one_source(seeded):
    assert len(set(seeded.values_list("source", flat=True))) >= 3


def test_every_seeded_case_study_is_valid_and_shows_real_principles(seeded):
    for study in seeded:
        study.full_clean()
        slugs = study.principle_slugs()
        assert slugs, study.slug
        assert set(slugs) <= set(PRINCIPLE_SLUGS_IN_NEF_ORDER), study.slug


def test_every_principle_is_shown_by_some_seeded_case_study(seeded):
    shown = set(CaseStudyPrinciple.objects.values_list("slug", flat=True))

    assert shown == set(PRINCIPLE_SLUGS_IN_NEF_ORDER)


def test_every_sector_and_kind_in_the_seeds_is_one_the_library_knows(seeded):
    for study in seeded:
        assert study.sector in CaseStudy.Sector.values
        assert study.kind in CaseStudy.Kind.values


def test_no_seeded_case_study_shares_a_contact(seeded):
    assert not seeded.exclude(contact="").exists()


def test_loading_the_fixture_again_changes_nothing(seeded):
    before = snapshot()

    call_command("loaddata", "case_studies", verbosity=0)

    assert snapshot() == before
