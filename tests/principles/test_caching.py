"""Framework content kept in the cache (principles/caching.py, principles.models.contents):
read once, and read again after any write to framework content."""

from principles import caching
from principles.models import Question, contents

from .test_views import add_extra_questions, publish_new_version


def test_a_versions_content_is_read_once_and_then_kept(framework, django_assert_num_queries):
    first = contents(framework.pk)

    with django_assert_num_queries(1):  # the cache
        kept = contents(framework.pk)

    assert [p.slug for p in kept.principles] == [p.slug for p in first.principles]
    assert len(kept.principles) == 6
    assert [r.position for r in kept.rungs] == [1, 2, 3, 4, 5, 6, 7]
    first_principle = kept.principles[0]
    assert [q.pk for q in kept.questions[first_principle.pk]] == list(
        Question.objects.filter(principle=first_principle)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert len(kept.descriptors[first_principle.pk]) == 7
    assert kept.principle(first_principle.slug).pk == first_principle.pk
    assert kept.principle("no-such-principle") is None


def test_words_loaded_again_are_read_again(framework):
    contents(framework.pk)
    question = Question.objects.filter(principle__framework=framework).first()

    # What `loaddata` does with a changed fixture: a raw save, which the freeze allows.
    question.text = "Who decides, in the end?"
    question.save_base(raw=True)

    questions = contents(framework.pk).questions[question.principle_id]
    assert "Who decides, in the end?" in [q.text for q in questions]


def test_each_version_has_its_own_content(framework):
    contents(framework.pk)

    newer = publish_new_version(framework, change=add_extra_questions)

    assert sum(len(q) for q in contents(newer.pk).questions.values()) == 60 + sum(
        len(q) for q in contents(framework.pk).questions.values()
    )


def test_what_an_older_release_kept_is_built_again(framework, monkeypatch):
    contents(framework.pk)
    question = Question.objects.filter(principle__framework=framework).first()
    # Words changed behind the cache's back (no signal), then a new release is deployed.
    Question.objects.filter(pk=question.pk).update(text="Who decides, in the end?")
    kept = contents(framework.pk).questions[question.principle_id]
    assert "Who decides, in the end?" not in [q.text for q in kept]

    monkeypatch.setattr(caching, "release", lambda: "a-newer-release")

    questions = contents(framework.pk).questions[question.principle_id]
    assert "Who decides, in the end?" in [q.text for q in questions]


def test_the_release_is_a_digest_of_the_templates_and_code():
    caching.release.cache_clear()

    assert len(caching.release()) == 16
    assert caching.release() == caching.release()
