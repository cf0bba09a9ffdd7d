"""The public framework pages: anyone may read them, signed in or not."""

import html
import re

from django.urls import reverse

from principles.models import Descriptor, Principle, Question

from .test_fixture import LADDER, NEF_QUESTIONS

OVERVIEW = reverse("principles:overview")
EASY_READ = "?view=easy-read"

PRINCIPLE_NAMES = [
    "Recognising people as assets",
    "Building on people's existing capabilities",
    "Mutuality and reciprocity",
    "Peer support networks",
    "Breaking down barriers",
    "Facilitating rather than delivering services",
]

SOURCES = [
    "nef",
    "Nesta",
    "In This Together",
    "Think Local Act Personal",
    "National Co-production Advisory Group",
    "Arnstein",
]

SCRIPT = "<script>alert(1)</script>"

# Measured: the cache; when the page is not in the cache yet, also the framework, its rungs, its
# principles and their questions (one query each) and keeping it (five, with its transaction).
# The principle page: the framework, the principle, its questions, its descriptors with rungs,
# the case studies that show it.
OVERVIEW_QUERIES = 1
OVERVIEW_BUILD_QUERIES = 10
PRINCIPLE_PAGE_QUERIES = 5


def principle_url(slug):
    return reverse("principles:principle", args=[slug])


def text_of(response):
    """The page as a reader sees the words: entities such as &#x27; turned back into text."""
    return html.unescape(response.content.decode())


def publish_new_version(framework, version="2026.2", change=None):
    """Make a draft of `framework`, let `change` edit it, publish it, and return it."""
    draft = framework.new_draft(version)
    if change is not None:
        change(draft)
    draft.publish()
    return draft


def add_extra_questions(draft, per_principle=10):
    Question.objects.bulk_create(
        Question(
            principle=principle,
            code=f"extra-{n}",
            position=100 + n,
            text=f"Extra question {n} about {principle.slug}?",
            plain_english=f"Extra {n}?",
            source=Question.Source.COPROD,
        )
        for principle in draft.principles.all()
        for n in range(per_principle)
    )


def test_the_overview_is_public(client, framework):
    response = client.get(OVERVIEW)

    assert response.status_code == 200
    assert "principles/overview.html" in [t.name for t in response.templates]


def test_the_overview_has_exactly_one_main_heading(client, framework):
    page = client.get(OVERVIEW).content.decode()

    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_the_overview_shows_which_version_it_is(client, framework):
    assert "Version 2026.1" in text_of(client.get(OVERVIEW))


def test_the_overview_lists_all_six_principles_in_order(client, framework):
    page = text_of(client.get(OVERVIEW))

    positions = [page.index(name) for name in PRINCIPLE_NAMES]
    assert positions == sorted(positions)


def test_the_overview_lists_the_ten_nef_questions_word_for_word(client, framework):
    page = text_of(client.get(OVERVIEW))

    for question in NEF_QUESTIONS:
        assert question in page


def test_the_overview_marks_coprods_own_questions(client, framework):
    page = text_of(client.get(OVERVIEW))
    supplementary = Question.objects.filter(
        principle__framework=framework, source=Question.Source.COPROD
    )

    for question in supplementary:
        assert question.text in page
    assert page.count("Coprod question</strong>") == supplementary.count()


def test_the_overview_shows_all_seven_rungs_of_the_ladder(client, framework):
    page = text_of(client.get(OVERVIEW))

    for position, name, _group in LADDER:
        assert f"{position}. {name}" in page
    assert "7. Co-production – the gold standard" in page


def test_the_overview_explains_the_gold_standard(client, framework):
    page = text_of(client.get(OVERVIEW))

    assert "What the gold standard means" in page
    assert "gold standard" in page


def test_the_overview_credits_its_sources(client, framework):
    page = text_of(client.get(OVERVIEW))

    for source in SOURCES:
        assert source in page


def test_the_overview_links_to_each_principle(client, framework):
    page = client.get(OVERVIEW).content.decode()

    for principle in framework.principles.all():
        assert f'href="{principle_url(principle.slug)}"' in page


def test_the_overview_shows_nefs_descriptions_in_the_full_view(client, framework):
    page = text_of(client.get(OVERVIEW))
    principle = framework.principles.get(slug="people-as-assets")
    rung = framework.rungs.get(slug="consultation")

    assert principle.description[1:] in page
    assert principle.plain_english not in page
    assert rung.summary in page
    assert "Show the easy-read version" in page


def test_the_easy_read_overview_shows_easy_read_instead_of_descriptions(client, framework):
    page = text_of(client.get(OVERVIEW + EASY_READ))

    assert framework.easy_read_introduction in page
    assert framework.introduction not in page
    for principle in framework.principles.all():
        assert principle.description[1:] not in page
        assert principle.name not in page
        assert principle.easy_read_name in page
        assert principle.easy_read in page
    for rung in framework.rungs.all():
        assert rung.summary not in page
        assert f"Rung {rung.position}: {rung.easy_read_name}" in page
        assert rung.easy_read in page
    for question in Question.objects.filter(principle__framework=framework):
        assert question.easy_read in page
    assert "Coprod question" not in page
    assert "steps" not in page


def test_the_easy_read_overview_offers_a_link_back_to_the_full_wording(client, framework):
    page = client.get(OVERVIEW + EASY_READ).content.decode()

    assert re.search(r'<a [^>]*href="/framework/\?view=full"[^>]*>Show the full wording</a>', page)


def test_following_the_full_wording_link_turns_easy_read_off(client, framework):
    client.get(OVERVIEW + EASY_READ)
    principle = framework.principles.get(slug="people-as-assets")

    page = client.get(OVERVIEW + "?view=full").content.decode()

    assert principle.plain_english not in page
    assert "Show the easy-read version" in page


def test_the_easy_read_overview_keeps_easy_read_when_following_a_principle(client, framework):
    page = client.get(OVERVIEW + EASY_READ).content.decode()

    assert f'href="{principle_url("people-as-assets")}{EASY_READ}"' in page


def test_a_principle_page_shows_its_questions_and_no_others(client, framework):
    response = client.get(principle_url("people-as-assets"))

    assert response.status_code == 200
    page = text_of(response)
    assert "Recognising people as assets" in page
    questions = Question.objects.filter(principle__framework=framework)
    for question in questions.filter(principle__slug="people-as-assets"):
        assert question.text in page
    for question in questions.exclude(principle__slug="people-as-assets"):
        assert question.text not in page


def test_a_principle_page_shows_what_each_of_the_seven_rungs_looks_like(client, framework):
    page = text_of(client.get(principle_url("peer-support-networks")))
    descriptors = Descriptor.objects.filter(
        principle__framework=framework, principle__slug="peer-support-networks"
    ).select_related("rung")

    assert descriptors.count() == 7
    for descriptor in descriptors:
        assert descriptor.text in page
        assert f"{descriptor.rung.position}. {descriptor.rung.name}" in page
    other = Descriptor.objects.filter(principle__framework=framework).exclude(
        principle__slug="peer-support-networks"
    )
    for descriptor in other:
        assert descriptor.text not in page


def test_a_principle_page_counts_the_principles_of_the_current_version(client, framework):
    def add_seventh(draft):
        Principle.objects.create(
            framework=draft,
            slug="seventh",
            position=7,
            name="A seventh principle",
            way_ahead_name="A seventh principle",
            description="a principle a later version added.",
            plain_english="A new idea.",
        )

    publish_new_version(framework, change=add_seventh)

    assert "Principle 1 of 7" in text_of(client.get(principle_url("people-as-assets")))
    assert "Principle 7 of 7" in text_of(client.get(principle_url("seventh")))


def test_a_principle_page_has_exactly_one_main_heading(client, framework):
    page = client.get(principle_url("mutuality-reciprocity")).content.decode()

    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert re.search(r"<h1[^>]*>Mutuality and reciprocity</h1>", page)


def test_the_easy_read_principle_page_shows_easy_read_instead_of_descriptions(client, framework):
    page = text_of(client.get(principle_url("breaking-down-barriers") + EASY_READ))
    principle = framework.principles.get(slug="breaking-down-barriers")

    assert principle.description[1:] not in page
    assert principle.easy_read_name in page
    assert principle.easy_read in page
    for descriptor in principle.descriptors.all():
        assert descriptor.text not in page
        assert descriptor.easy_read in page
    for question in principle.questions.all():
        assert question.text not in page
        assert question.easy_read in page
    assert "Coprod question" not in page
    assert "(nef)" not in page
    assert "Show the full wording" in page


def test_an_unknown_principle_is_not_found(client, framework):
    response = client.get(principle_url("no-such-principle"))

    assert response.status_code == 404


def test_unpublished_draft_changes_do_not_appear_on_the_public_pages(client, framework):
    draft = framework.new_draft("2026.2")
    principle = draft.principles.get(slug="people-as-assets")
    principle.name = "Draft wording not yet agreed"
    principle.save()
    Principle.objects.create(
        framework=draft,
        slug="draft-only",
        position=7,
        name="A principle still being discussed",
        way_ahead_name="Still being discussed",
        description="not yet agreed.",
        plain_english="Not agreed yet.",
    )

    overview = text_of(client.get(OVERVIEW))

    assert "Draft wording not yet agreed" not in overview
    assert "A principle still being discussed" not in overview
    assert "Recognising people as assets" in overview
    assert client.get(principle_url("draft-only")).status_code == 404


def test_the_pages_show_the_newest_published_version(client, framework):
    def rename(draft):
        principle = draft.principles.get(slug="people-as-assets")
        principle.name = "Seeing people as assets"
        principle.save()

    publish_new_version(framework, change=rename)

    overview = text_of(client.get(OVERVIEW))
    detail = text_of(client.get(principle_url("people-as-assets")))

    assert "Version 2026.2" in overview
    assert "Seeing people as assets" in overview
    assert "Recognising people as assets" not in overview
    assert "Seeing people as assets" in detail


def test_html_in_the_content_is_escaped(client, framework):
    def inject(draft):
        principle = draft.principles.get(slug="people-as-assets")
        principle.easy_read = f"Partners {SCRIPT}"
        principle.save()

    publish_new_version(framework, change=inject)

    for url in (OVERVIEW + EASY_READ, principle_url("people-as-assets") + EASY_READ):
        page = client.get(url).content.decode()

        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert SCRIPT not in page


def test_the_overview_makes_a_small_fixed_number_of_queries(
    client, framework, django_assert_max_num_queries
):
    with django_assert_max_num_queries(OVERVIEW_BUILD_QUERIES):
        assert client.get(OVERVIEW).status_code == 200
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = client.get(OVERVIEW)

    assert response.status_code == 200
    assert "Questions to reflect on" in text_of(response)


def test_the_overview_makes_no_more_queries_when_there_are_many_more_questions(
    client, framework, django_assert_max_num_queries
):
    publish_new_version(framework, change=add_extra_questions)

    with django_assert_max_num_queries(OVERVIEW_BUILD_QUERIES):
        response = client.get(OVERVIEW)

    page = text_of(response)
    assert "Version 2026.2" in page
    assert "Extra question 9 about facilitating-not-delivering?" in page
    assert page.count("Extra question ") == 60


def test_a_principle_page_makes_a_small_fixed_number_of_queries(
    client, framework, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PRINCIPLE_PAGE_QUERIES):
        response = client.get(principle_url("people-as-assets"))

    assert response.status_code == 200


def test_a_principle_page_makes_no_more_queries_when_there_are_many_more_questions(
    client, framework, django_assert_max_num_queries
):
    publish_new_version(framework, change=add_extra_questions)

    with django_assert_max_num_queries(PRINCIPLE_PAGE_QUERIES):
        response = client.get(principle_url("people-as-assets"))

    page = text_of(response)
    assert page.count("Extra question ") == 10


def test_the_overview_shows_a_newly_published_version_at_once(client, framework):
    client.get(OVERVIEW)  # the current version's page is now in the cache

    publish_new_version(framework, change=add_extra_questions)

    page = text_of(client.get(OVERVIEW))
    assert "Version 2026.2" in page
    assert page.count("Extra question ") == 60


def test_the_overview_shows_words_changed_by_loading_the_fixture_again(client, framework):
    client.get(OVERVIEW)
    client.get(OVERVIEW + EASY_READ)
    question = Question.objects.filter(principle__framework=framework).first()

    # What `loaddata` does with a changed fixture: a raw save, which the freeze allows.
    question.text = "Who decides, in the end?"
    question.easy_read = "Who decides?"
    question.save_base(raw=True)

    assert "Who decides?" in text_of(client.get(OVERVIEW + EASY_READ))
    assert "Who decides, in the end?" in text_of(client.get(OVERVIEW + "?view=full"))
