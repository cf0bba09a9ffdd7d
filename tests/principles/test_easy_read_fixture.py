"""The framework's easy-read and per-audience wording in fixtures/framework.json: every row has
it, none of it empty, and the full wording for staff is still nef's, word for word."""

import pytest

from principles.models import Audience, Descriptor, Principle, Question, Rung

from .test_fixture import NEF_QUESTIONS


def _blank(obj, *fields) -> list[str]:
    return [field for field in fields if not getattr(obj, field).strip()]


def test_the_framework_page_opening_has_an_easy_read_version(framework):
    assert framework.easy_read_introduction.strip()


def test_every_principle_has_an_easy_read_name_and_meaning(framework):
    principles = Principle.objects.filter(framework=framework)

    assert principles.count() == 6
    for principle in principles:
        assert _blank(principle, "easy_read_name", "easy_read") == [], principle.slug
        assert principle.easy_read_name != principle.name, principle.slug


def test_every_rung_has_an_easy_read_name_and_meaning(framework):
    rungs = Rung.objects.filter(framework=framework)

    assert rungs.count() == 7
    for rung in rungs:
        assert _blank(rung, "easy_read_name", "easy_read") == [], rung.slug
        assert rung.easy_read_name != rung.name, rung.slug


def test_every_descriptor_has_easy_read_wording(framework):
    descriptors = Descriptor.objects.filter(principle__framework=framework)

    assert descriptors.count() == 42
    for descriptor in descriptors:
        assert _blank(descriptor, "easy_read") == [], str(descriptor)


def test_every_question_has_its_wording_for_each_audience_in_full_and_in_easy_read(framework):
    questions = Question.objects.filter(principle__framework=framework)

    assert questions.count() == 16
    for question in questions:
        for audience in Audience:
            for easy_read in (False, True):
                assert question.wording(audience, easy_read).strip(), (question.code, audience)
        # Each audience and each version reads differently: none is a copy of another.
        wordings = {question.wording(a, e) for a in Audience for e in (False, True)}
        assert len(wordings) == 4, question.code


def test_the_service_wording_asks_about_this_service_or_the_staff(framework):
    for question in Question.objects.filter(principle__framework=framework):
        for text in (question.service_text, question.service_easy_read):
            assert "service" in text or "staff" in text or "here" in text, question.code
            assert "your organisation" not in text, question.code


@pytest.mark.parametrize("easy_read", [False, True])
def test_staff_are_asked_nefs_questions_word_for_word_only_in_the_full_version(
    framework, easy_read
):
    nef = Question.objects.filter(principle__framework=framework, source=Question.Source.NEF)

    asked = sorted(q.wording(Audience.ORGANISATION, easy_read) for q in nef)

    assert (asked == sorted(NEF_QUESTIONS)) is not easy_read


def test_a_new_draft_copies_the_easy_read_and_per_audience_wording(framework):
    draft = framework.new_draft("2026.2")

    assert draft.easy_read_introduction == framework.easy_read_introduction
    copied = Question.objects.get(principle__framework=draft, code="nef-1")
    original = Question.objects.get(principle__framework=framework, code="nef-1")
    assert (copied.easy_read, copied.service_text, copied.service_easy_read) == (
        original.easy_read,
        original.service_text,
        original.service_easy_read,
    )
    assert Descriptor.objects.get(
        principle__framework=draft, principle__slug="people-as-assets", rung__slug="coercion"
    ).easy_read == (
        Descriptor.objects.get(
            principle__framework=framework,
            principle__slug="people-as-assets",
            rung__slug="coercion",
        ).easy_read
    )
