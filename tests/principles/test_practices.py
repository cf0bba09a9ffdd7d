"""Practices (fixtures/practices.json): what helps an organisation up the ladder, credited to
the source documents and frozen with their framework version."""

import pytest
from django.core.management import call_command
from django.db import transaction

from principles.models import Framework, Practice, Principle, Rung, practices
from principles.signals import PublishedFrameworkError
from principles.sources import SOURCES


@pytest.fixture
def seeded(framework):
    return Practice.objects.filter(framework=framework).prefetch_related("principles", "from_rungs")


def test_every_practice_names_a_source_that_exists_and_a_section(seeded):
    assert seeded.count() >= 12
    for practice in seeded:
        assert practice.source in SOURCES, practice.slug
        assert practice.source_section.strip(), practice.slug
        assert practice.summary.strip() and practice.plain_english.strip(), practice.slug


def test_nefs_putting_the_principles_into_practice_is_drawn_on(seeded):
    sections = [p.source_section for p in seeded if p.source == "nef-in-this-together-2011"]

    assert len(sections) >= 10
    assert all(s.startswith("Putting the principles into practice") for s in sections)


def test_every_principle_has_practices_for_every_step_below_the_gold_standard(framework, seeded):
    ladder = practices(framework.pk)
    below_gold = Rung.objects.filter(framework=framework, is_gold_standard=False)

    for principle in Principle.objects.filter(framework=framework):
        for rung in below_gold:
            assert ladder.from_rung(principle.slug, rung.position), (principle.slug, rung.name)


def test_no_practice_is_offered_from_the_gold_standard(framework, seeded):
    gold = Rung.objects.get(framework=framework, is_gold_standard=True)

    assert not gold.practices.exists()


def test_every_practice_fits_its_own_versions_principles_and_rungs(framework, seeded):
    for practice in seeded:
        assert practice.principles.exists() and practice.from_rungs.exists(), practice.slug
        assert {p.framework_id for p in practice.principles.all()} == {framework.pk}
        assert {r.framework_id for r in practice.from_rungs.all()} == {framework.pk}


def test_loading_the_fixture_again_changes_nothing(framework, seeded):
    before = sorted(seeded.values_list("pk", "slug", "name"))
    tags = Practice.principles.through.objects.count()

    call_command("loaddata", "practices", verbosity=0)

    assert sorted(Practice.objects.values_list("pk", "slug", "name")) == before
    assert Practice.principles.through.objects.count() == tags


def test_a_published_practice_cannot_change_be_deleted_or_be_retagged(framework, seeded):
    practice = seeded.first()
    other = Principle.objects.filter(framework=framework).exclude(practices=practice).first()
    practice.name = "Something else"

    for change in (
        practice.save,
        practice.delete,
        lambda: practice.principles.add(other),
        practice.from_rungs.clear,
    ):
        # Each in a savepoint: the refusal comes inside Django's own transaction.
        with pytest.raises(PublishedFrameworkError), transaction.atomic():
            change()

    assert Practice.objects.get(pk=practice.pk).name != "Something else"
    assert practice.from_rungs.exists()


def test_a_new_draft_copies_the_practices_and_can_change_them(framework, seeded):
    draft = framework.new_draft("2027.1")

    copied = Practice.objects.filter(framework=draft)
    assert copied.count() == seeded.count()
    mapping = copied.get(slug="asset-mapping")
    assert {p.framework_id for p in mapping.principles.all()} == {draft.pk}
    assert sorted(r.position for r in mapping.from_rungs.all()) == sorted(
        r.position for r in seeded.get(slug="asset-mapping").from_rungs.all()
    )
    mapping.from_rungs.clear()  # a draft may change
    mapping.name = "Asset mapping"
    mapping.save()
    assert Framework.objects.get(pk=framework.pk).practices.get(slug="asset-mapping").name != (
        "Asset mapping"
    )
