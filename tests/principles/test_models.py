"""Framework versions: a published version never changes; changes go into a new draft."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from principles.models import Descriptor, Framework, Principle, Question, Rung
from principles.signals import PublishedFrameworkError


def a_principle(framework):
    return framework.principles.get(slug="people-as-assets")


def a_question(framework):
    return Question.objects.get(principle__framework=framework, code="nef-1")


def a_rung(framework):
    return framework.rungs.get(slug="co-production")


def a_descriptor(framework):
    return Descriptor.objects.get(
        principle__framework=framework,
        principle__slug="peer-support-networks",
        rung__slug="consultation",
    )


# Each kind of content, with how to find one and which text field to change.
CONTENT = [
    pytest.param(a_principle, "name", id="principle"),
    pytest.param(a_question, "text", id="question"),
    pytest.param(a_rung, "name", id="rung"),
    pytest.param(a_descriptor, "text", id="descriptor"),
]


def content_of(framework):
    """Everything a version says, keyed so two versions can be compared."""
    return {
        "framework": (framework.name, framework.introduction, framework.easy_read_introduction),
        "principles": list(
            framework.principles.order_by("position").values_list(
                "slug",
                "position",
                "name",
                "way_ahead_name",
                "description",
                "plain_english",
                "easy_read_name",
                "easy_read",
            )
        ),
        "questions": list(
            Question.objects.filter(principle__framework=framework)
            .order_by("code")
            .values_list(
                "principle__slug",
                "code",
                "position",
                "text",
                "plain_english",
                "easy_read",
                "service_text",
                "service_easy_read",
                "source",
            )
        ),
        "rungs": list(
            framework.rungs.order_by("position").values_list(
                "slug",
                "position",
                "name",
                "group",
                "summary",
                "plain_english",
                "easy_read_name",
                "easy_read",
                "is_gold_standard",
            )
        ),
        "descriptors": list(
            Descriptor.objects.filter(principle__framework=framework)
            .order_by("principle__position", "rung__position")
            .values_list("principle__slug", "rung__slug", "text", "plain_english", "easy_read")
        ),
    }


def test_current_returns_the_published_framework(framework):
    assert Framework.objects.current() == framework


def test_current_returns_the_newest_published_version(framework):
    newer = framework.new_draft("2026.2")
    newer.publish()

    assert Framework.objects.current() == newer


def test_an_unpublished_draft_is_never_current(framework):
    draft = framework.new_draft("2026.2")

    assert not draft.is_published
    assert Framework.objects.current() == framework
    assert list(Framework.objects.published()) == [framework]


@pytest.mark.parametrize(("find", "field"), CONTENT)
def test_saving_a_change_to_published_content_is_refused_and_nothing_changes(
    framework, find, field
):
    obj = find(framework)
    original = getattr(obj, field)
    setattr(obj, field, "Something else entirely")

    with pytest.raises(PublishedFrameworkError), transaction.atomic():
        obj.save()

    obj.refresh_from_db()
    assert getattr(obj, field) == original


@pytest.mark.parametrize(("find", "field"), CONTENT)
def test_deleting_published_content_is_refused_and_nothing_is_deleted(framework, find, field):
    obj = find(framework)
    counts = [model.objects.count() for model in (Principle, Question, Rung, Descriptor)]

    with pytest.raises(PublishedFrameworkError), transaction.atomic():
        obj.delete()

    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert [model.objects.count() for model in (Principle, Question, Rung, Descriptor)] == counts


def test_deleting_a_published_framework_is_refused_and_its_content_stays(framework):
    with pytest.raises(PublishedFrameworkError), transaction.atomic():
        framework.delete()

    assert Framework.objects.filter(pk=framework.pk).exists()
    assert framework.principles.count() == 6
    assert framework.rungs.count() == 7


def test_adding_new_content_to_a_published_framework_is_refused(framework):
    principle = a_principle(framework)

    with pytest.raises(PublishedFrameworkError), transaction.atomic():
        Question.objects.create(
            principle=principle,
            code="cp-99",
            position=9,
            text="A question added after publication?",
            plain_english="Added late?",
            source=Question.Source.COPROD,
        )

    assert not Question.objects.filter(code="cp-99").exists()


@pytest.mark.parametrize(("find", "field"), CONTENT)
def test_clean_on_published_content_explains_that_a_new_draft_is_needed(framework, find, field):
    obj = find(framework)
    setattr(obj, field, "Something else entirely")

    with pytest.raises(ValidationError) as raised:
        obj.clean()

    message = " ".join(raised.value.messages)
    assert "published" in message
    assert "cannot change" in message
    assert "new draft version" in message


def test_clean_refuses_new_content_for_a_published_framework_too(framework):
    """A new question for a published principle can never be saved, so clean() must say so.

    Otherwise a form (such as the admin's add form) passes validation and then fails on save.
    """
    question = Question(
        principle=a_principle(framework),
        code="cp-99",
        position=9,
        text="A question added after publication?",
        plain_english="Added late?",
        source=Question.Source.COPROD,
    )

    with pytest.raises(ValidationError):
        question.clean()


@pytest.mark.parametrize(("find", "field"), CONTENT)
def test_clean_accepts_changes_to_draft_content(framework, find, field):
    draft = framework.new_draft("2026.2")
    obj = find(draft)
    setattr(obj, field, "Something else entirely")

    obj.clean()


def test_a_new_draft_copies_all_the_content_into_an_unpublished_version(framework):
    draft = framework.new_draft("2026.2")

    assert draft.version == "2026.2"
    assert not draft.is_published
    assert draft.principles.count() == 6
    assert Question.objects.filter(principle__framework=draft).count() == (
        Question.objects.filter(principle__framework=framework).count()
    )
    assert draft.rungs.count() == 7
    assert Descriptor.objects.filter(principle__framework=draft).count() == 42
    assert content_of(draft) == content_of(framework)


def test_a_new_drafts_content_is_new_rows_that_point_only_at_the_draft(framework):
    draft = framework.new_draft("2026.2")

    old_principles = set(framework.principles.values_list("pk", flat=True))
    new_principles = set(draft.principles.values_list("pk", flat=True))
    assert old_principles.isdisjoint(new_principles)
    mixed = Descriptor.objects.filter(principle__framework=draft).exclude(rung__framework=draft)
    assert not mixed.exists()
    assert Principle.objects.count() == 12
    assert Rung.objects.count() == 14
    assert Descriptor.objects.count() == 84


@pytest.mark.parametrize(("find", "field"), CONTENT)
def test_a_drafts_content_can_be_edited_and_the_original_stays_unchanged(framework, find, field):
    before = content_of(framework)
    draft = framework.new_draft("2026.2")
    obj = find(draft)
    setattr(obj, field, "Reworded by the working group")

    obj.save()

    obj.refresh_from_db()
    assert getattr(obj, field) == "Reworded by the working group"
    original = find(framework)
    assert getattr(original, field) != "Reworded by the working group"
    assert content_of(framework) == before


def test_a_drafts_content_can_be_added_to_and_deleted(framework):
    draft = framework.new_draft("2026.2")
    principle = a_principle(draft)

    Question.objects.create(
        principle=principle,
        code="cp-99",
        position=9,
        text="A new question for the next version?",
        plain_english="New?",
        source=Question.Source.COPROD,
    )
    a_question(draft).delete()

    codes = set(principle.questions.values_list("code", flat=True))
    assert "cp-99" in codes
    assert "nef-1" not in codes
    assert Question.objects.filter(principle__framework=framework, code="nef-1").exists()


def test_the_new_version_becomes_current_only_when_it_is_published(framework):
    draft = framework.new_draft("2026.2")
    principle = a_principle(draft)
    principle.name = "Seeing people as assets"
    principle.save()

    assert Framework.objects.current() == framework

    draft.publish()

    draft.refresh_from_db()
    assert draft.is_published
    assert Framework.objects.current() == draft
    assert Framework.objects.current().principles.get(slug="people-as-assets").name == (
        "Seeing people as assets"
    )


def test_once_published_the_new_version_is_frozen_as_well(framework):
    draft = framework.new_draft("2026.2")
    draft.publish()
    principle = a_principle(draft)
    principle.name = "Too late"

    with pytest.raises(PublishedFrameworkError), transaction.atomic():
        principle.save()

    principle.refresh_from_db()
    assert principle.name == "Recognising people as assets"


def test_a_version_number_can_only_be_used_once(framework):
    with pytest.raises(IntegrityError), transaction.atomic():
        framework.new_draft("2026.1")

    assert Framework.objects.count() == 1
