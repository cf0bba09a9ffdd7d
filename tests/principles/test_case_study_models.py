"""CaseStudy: what is public, how searching and filtering combine, and deciding on a study."""

import pytest
from django.db import IntegrityError, connection

from principles.models import CaseStudy, Principle

from .case_study_helpers import make_case_study
from .test_views import publish_new_version

SUBMITTED = CaseStudy.Status.SUBMITTED


@pytest.fixture
def studies(framework):
    return {
        "repairs": make_case_study(),
        "play": make_case_study(
            "Play streets",
            summary="Parents close their street so children can play outside.",
            what_changed="Neighbours know each other.",
            sector=CaseStudy.Sector.CHILDREN_FAMILIES,
            kind=CaseStudy.Kind.CO_DELIVERY,
            place="Hackney",
            principles=["building-capabilities", "people-as-assets"],
        ),
        "waiting": make_case_study("Waiting for approval", status=SUBMITTED),
        "sent back": make_case_study("Sent back", status=CaseStudy.Status.SENT_BACK),
        "draft": make_case_study("A draft", status=CaseStudy.Status.DRAFT),
    }


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def test_only_published_studies_are_published(studies):
    assert titles(CaseStudy.objects.published()) == ["Play streets", "Tenants' repairs panel"]


def test_searching_finds_every_word_in_any_field_whatever_the_case(studies):
    published = CaseStudy.objects.published()

    assert titles(published.search("CHILDREN hackney")) == ["Play streets"]
    assert titles(published.search("tenants repairs")) == ["Tenants' repairs panel"]
    assert titles(published.search("children repairs")) == []
    assert titles(published.search("   ")) == titles(published)


def test_filters_combine(studies):
    published = CaseStudy.objects.published()

    assert titles(published.matching(principle="people-as-assets")) == [
        "Play streets",
        "Tenants' repairs panel",
    ]
    assert titles(published.matching(principle="building-capabilities")) == ["Play streets"]
    assert titles(published.matching(principle="people-as-assets", sector="housing")) == [
        "Tenants' repairs panel"
    ]
    assert titles(published.matching(kind="co_delivery", place="hack")) == ["Play streets"]
    assert titles(published.matching(kind="co_delivery", place="Riverside")) == []
    assert titles(published.matching(q="street", sector="housing")) == []


def test_publishing_a_waiting_study_makes_it_public(studies):
    study = studies["waiting"]

    assert study.publish()

    study.refresh_from_db()
    assert study.status == CaseStudy.Status.PUBLISHED
    assert study.published_at is not None
    assert study in CaseStudy.objects.published()


def test_a_study_is_decided_only_once(studies):
    study = studies["waiting"]
    same_study = CaseStudy.objects.get(pk=study.pk)
    assert study.send_back("Please say what changed for tenants.")

    assert not same_study.publish()

    assert same_study.status == CaseStudy.Status.SENT_BACK
    assert same_study.sent_back_reason == "Please say what changed for tenants."
    assert not CaseStudy.objects.published().filter(pk=study.pk).exists()


@pytest.mark.parametrize("status", ["draft", "sent back", "repairs"])
def test_only_a_study_waiting_for_approval_can_be_published_or_sent_back(studies, status):
    study = studies[status]
    before = study.status

    assert not study.publish()
    assert not study.send_back("No")

    assert study.status == before


def test_a_resubmitted_study_waits_again_and_publishing_clears_the_reason(studies):
    study = studies["waiting"]
    study.send_back("Add what changed.")
    study.what_changed = "Tenants now chair the panel."

    study.resubmit(["mutuality-reciprocity"])

    study.refresh_from_db()
    assert study.status == SUBMITTED
    assert study.principle_slugs() == ["mutuality-reciprocity"]
    assert study.publish()
    assert study.sent_back_reason == ""


def unsaved(title="Our café"):
    return CaseStudy(
        title=title, summary="s", what_changed="w", sector="community", kind="co_delivery"
    )


def test_depositing_saves_a_waiting_study_with_its_principles(framework, stranger):
    study, again = unsaved(), unsaved()

    study.deposit(
        by=stranger,
        organisation_name="Northgate Borough Council",
        principle_slugs=["peer-support-networks", "people-as-assets"],
    )
    again.deposit(by=stranger, organisation_name="Northgate", principle_slugs=["people-as-assets"])

    study.refresh_from_db()
    assert study.status == SUBMITTED
    assert study.submitted_by == stranger
    assert study.organisation_name == "Northgate Borough Council"
    assert study.slug.startswith("our-cafe-")
    assert again.slug != study.slug
    assert sorted(study.principle_slugs()) == ["peer-support-networks", "people-as-assets"]


def test_a_contact_cannot_be_kept_without_consent(framework):
    with pytest.raises(IntegrityError):
        make_case_study(contact="Sam, sam@example.org", contact_consent=False)


def test_a_study_shows_the_newest_wording_of_its_principles_in_the_frameworks_order(
    framework, studies
):
    def rename(draft):
        principle = draft.principles.get(slug="people-as-assets")
        principle.name = "Seeing people as assets"
        principle.save()

    publish_new_version(framework, change=rename)

    shown = studies["play"].principles_in(Principle.objects.current_by_slug())

    assert [p.name for p in shown] == [
        "Seeing people as assets",
        "Building on people's existing capabilities",
    ]
    assert {p.framework.version for p in shown} == {"2026.2"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_on_postgresql_search_matches_other_forms_of_a_word_and_ranks_titles_first(framework):
    unrelated = {"what_changed": "Neighbours met.", "place": "Northgate"}
    make_case_study("Play streets", summary="Residents planned repairs to a park.", **unrelated)
    make_case_study("Repairs panel", summary="Tenants meet monthly.", **unrelated)
    make_case_study("Lunch club", summary="Older people cook together.", **unrelated)

    found = CaseStudy.objects.published().search("repairing")

    assert list(found.values_list("title", flat=True)) == ["Repairs panel", "Play streets"]
