"""The framework content in fixtures/framework.json: what version 2026.1 says, word for word."""

from django.core.management import call_command

from principles.models import Descriptor, Framework, Principle, Question, Rung

PRINCIPLE_SLUGS_IN_NEF_ORDER = [
    "people-as-assets",
    "building-capabilities",
    "mutuality-reciprocity",
    "peer-support-networks",
    "breaking-down-barriers",
    "facilitating-not-delivering",
]

# nef's co-production self-reflection audit tool, as quoted in In This Together (2011),
# Appendix 1 "Questions for practitioners to reflect on".
NEF_QUESTIONS = [
    "Do people's opinions have equal weighting to those of the staff and volunteers?",
    "Are people's contributions recorded and rewarded?",
    "Do people feel this is 'their' project or service?",
    "Do people share equal responsibility for the service?",
    "Is the activity and work required for a project shared in ways that fit the skills of "
    "people and staff?",
    "Does the service invest in developing and supporting peer networks as a core activity?",
    "Are peer networks seen as an effective way to transfer knowledge and information?",
    "Do staff and people connect to, and invest in, local networks and activities beyond the "
    "service?",
    "Are the direct experiences, skills and aspirations of people, their family members and "
    "carers integral to activities?",
    "Do people have a constant and active part in running, evaluating, directing and delivering "
    "activities?",
]

LADDER = [
    (1, "Coercion", Rung.Group.DOING_TO),
    (2, "Educating", Rung.Group.DOING_TO),
    (3, "Informing", Rung.Group.DOING_FOR),
    (4, "Consultation", Rung.Group.DOING_FOR),
    (5, "Engagement", Rung.Group.DOING_FOR),
    (6, "Co-design", Rung.Group.DOING_WITH),
    (7, "Co-production", Rung.Group.DOING_WITH),
]

CONTENT_MODELS = [Framework, Principle, Question, Rung, Descriptor]


def snapshot():
    """Every row of framework content, with its primary key and every field."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS}


def test_the_fixture_holds_exactly_one_framework_version_2026_1_and_it_is_published(framework):
    assert Framework.objects.count() == 1
    assert framework.version == "2026.1"
    assert framework.is_published
    assert framework.published_at is not None


def test_the_six_principles_come_in_nefs_order(framework):
    principles = list(framework.principles.order_by("position"))

    assert [p.slug for p in principles] == PRINCIPLE_SLUGS_IN_NEF_ORDER
    assert [p.position for p in principles] == [1, 2, 3, 4, 5, 6]
    assert Principle.objects.count() == 6


def test_the_ten_nef_questions_are_quoted_word_for_word(framework):
    nef_texts = list(
        Question.objects.filter(principle__framework=framework, source=Question.Source.NEF)
        .order_by("code")
        .values_list("text", flat=True)
    )

    assert len(nef_texts) == 10
    assert sorted(nef_texts) == sorted(NEF_QUESTIONS)


def test_the_nef_questions_are_coded_nef_1_to_nef_10_in_the_order_nef_lists_them(framework):
    by_code = dict(
        Question.objects.filter(
            principle__framework=framework, source=Question.Source.NEF
        ).values_list("code", "text")
    )

    assert by_code == {f"nef-{n}": text for n, text in enumerate(NEF_QUESTIONS, start=1)}


def test_there_are_at_least_twelve_questions_in_all(framework):
    assert Question.objects.filter(principle__framework=framework).count() >= 12


def test_every_principle_has_at_least_two_questions(framework):
    for principle in framework.principles.all():
        assert principle.questions.count() >= 2, principle.slug


def test_the_supplementary_questions_are_marked_as_coprods_own(framework):
    questions = Question.objects.filter(principle__framework=framework)
    supplementary = questions.exclude(source=Question.Source.NEF)

    assert supplementary.exists()
    for question in supplementary:
        assert question.source == Question.Source.COPROD
        assert question.is_supplementary
    for question in questions.filter(source=Question.Source.NEF):
        assert not question.is_supplementary


def test_the_ladder_has_seven_rungs_from_coercion_to_co_production(framework):
    rungs = list(framework.rungs.order_by("position"))

    assert [(r.position, r.name, r.group) for r in rungs] == LADDER


def test_only_co_production_is_the_gold_standard(framework):
    gold = framework.rungs.filter(is_gold_standard=True)

    assert [rung.name for rung in gold] == ["Co-production"]


def test_there_is_one_descriptor_for_each_principle_at_each_rung(framework):
    descriptors = Descriptor.objects.filter(principle__framework=framework)
    pairs = set(descriptors.values_list("principle__slug", "rung__position"))

    assert descriptors.count() == 42
    assert pairs == {(slug, n) for slug in PRINCIPLE_SLUGS_IN_NEF_ORDER for n in range(1, 8)}
    assert not descriptors.exclude(rung__framework=framework).exists()


def test_no_descriptor_is_empty(framework):
    for descriptor in Descriptor.objects.filter(principle__framework=framework):
        assert descriptor.text.strip(), descriptor
        assert descriptor.plain_english.strip(), descriptor


def test_every_piece_of_content_has_a_plain_english_line(framework):
    for model in (Principle, Rung):
        for obj in model.objects.filter(framework=framework):
            assert obj.plain_english.strip(), obj
    for model in (Question, Descriptor):
        for obj in model.objects.filter(principle__framework=framework):
            assert obj.plain_english.strip(), obj


def test_every_principle_and_rung_has_its_full_wording(framework):
    for principle in framework.principles.all():
        assert principle.name.strip()
        assert principle.way_ahead_name.strip()
        assert principle.description.strip()
    for rung in framework.rungs.all():
        assert rung.summary.strip()


def test_loading_the_fixture_twice_changes_nothing(framework):
    before = snapshot()

    call_command("loaddata", "framework", verbosity=0)

    assert snapshot() == before
    assert Framework.objects.count() == 1
    assert Principle.objects.count() == 6
    assert Rung.objects.count() == 7
    assert Descriptor.objects.count() == 42
