"""The arithmetic of results: what closing an assessment freezes, and what the results page, the
CSV and the PDF read back from `assessment_results()`."""

import pytest
from django.utils import timezone

from assessment.models import Extent, Perspective, PrincipleResult, Respondent
from assessment.models.assessments import AssessmentError
from assessment.results import assessment_results
from principles.models import Descriptor, Rung

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import FIRST, LAST, SECOND, SLUGS, complete, fill_in

# These tests are about the arithmetic, with a person or two per perspective.
pytestmark = pytest.mark.usefixtures("every_group_shown")

# Measured: the rungs, principles, questions, descriptors, frozen results, answer counts, the
# number submitted per perspective and the "I don't know" counts: the same with 1 respondent
# as with 50.
RESULTS_QUERIES = 8

NOT_YET, A_LITTLE, MOSTLY, FULLY, DONT_KNOW = (
    Extent.NOT_YET,
    Extent.A_LITTLE,
    Extent.MOSTLY,
    Extent.FULLY,
    Extent.DONT_KNOW,
)


@pytest.fixture
def people(assessment):
    """Make respondents who have answered everything: people(rung, perspective, ...)."""

    def make(*rungs, perspective="staff", submit=True, **answers):
        made = []
        for rung in rungs:
            respondent = Respondent.objects.create(
                assessment=assessment, name=f"Person {Respondent.objects.count() + 1}"
            )
            complete(respondent, perspective=perspective, rung=rung, submit=submit, **answers)
            made.append(respondent)
        return made

    return make


def overall(assessment, slug=FIRST, perspective=""):
    return PrincipleResult.objects.select_related("rung").get(
        assessment=assessment, principle__slug=slug, perspective=perspective
    )


def summary_for(assessment, slug=FIRST):
    results = assessment_results(assessment)
    return next(s for s in results.principles if s.principle.slug == slug)


def question_result(assessment, code):
    for principle in assessment_results(assessment).principles:
        for result in principle.questions:
            if result.question.code == code:
                return result
    raise AssertionError(f"no question {code}")


# Closing freezes the results


def test_closing_writes_the_lower_median_and_the_spread(assessment, people):
    people(4, 5, 6, 7)

    assessment.close()

    for slug in SLUGS:
        result = overall(assessment, slug)
        assert result.rung.position == 5  # the lower of the middle two, 5 and 6
        assert result.rung.framework_id == assessment.framework_id
        assert (result.lowest_rung, result.highest_rung, result.respondents) == (4, 7, 4)


def test_the_median_of_an_odd_number_is_the_middle_one(assessment, people):
    people(2, 3, 7)

    assessment.close()

    result = overall(assessment)
    assert (result.rung.position, result.lowest_rung, result.highest_rung) == (3, 2, 7)


def test_one_person_is_their_own_median(assessment, people):
    people(6)

    assessment.close()

    result = overall(assessment)
    assert (result.rung.position, result.lowest_rung, result.highest_rung) == (6, 6, 6)
    assert result.respondents == 1


def test_each_principle_has_its_own_median(assessment):
    for first_rung, other_rung in [(1, 7), (2, 6), (2, 5)]:
        respondent = Respondent.objects.create(assessment=assessment, name="Someone")
        respondent.perspective = "staff"
        respondent.save()
        fill_in(respondent, [FIRST], rung=first_rung)
        fill_in(respondent, SLUGS[1:], rung=other_rung)
        respondent.submit()

    assessment.close()

    assert overall(assessment, FIRST).rung.position == 2
    assert overall(assessment, SECOND).rung.position == 6
    assert (overall(assessment, LAST).lowest_rung, overall(assessment, LAST).highest_rung) == (5, 7)


def test_closing_writes_a_result_for_each_perspective(assessment, people):
    people(4, 7, perspective="staff")
    people(5, 6, 3, perspective="person")

    assessment.close()

    staff = overall(assessment, perspective="staff")
    person = overall(assessment, perspective="person")
    everyone = overall(assessment)
    assert (staff.rung.position, staff.lowest_rung, staff.highest_rung, staff.respondents) == (
        4,
        4,
        7,
        2,
    )
    assert (person.rung.position, person.lowest_rung, person.highest_rung, person.respondents) == (
        5,
        3,
        6,
        3,
    )
    assert (everyone.rung.position, everyone.respondents) == (5, 5)  # 3 4 [5] 6 7
    assert PrincipleResult.objects.filter(assessment=assessment).count() == 6 * 3
    assert not PrincipleResult.objects.filter(perspective="carer").exists()


def test_responses_in_progress_are_not_counted(assessment, people):
    people(6, 7)
    people(1, submit=False)  # everything answered, never submitted
    Respondent.objects.create(assessment=assessment, name="Invited, never started")

    not_counted = assessment.close()

    assert not_counted == 2
    result = overall(assessment)
    assert (result.rung.position, result.lowest_rung, result.respondents) == (6, 6, 2)


def test_a_reopened_response_not_sent_again_is_not_counted(assessment, people):
    people(6)
    reopened = people(1)[0]
    reopened.reopen()

    assert assessment.close() == 1

    assert overall(assessment).respondents == 1
    assert overall(assessment).lowest_rung == 6


def test_closing_marks_the_assessment_closed(assessment, people):
    people(5)

    assert assessment.close() == 0

    assessment.refresh_from_db()
    assert not assessment.is_open
    assert assessment.status == "closed"
    assert assessment.closed_at is not None


def test_closing_with_nothing_submitted_is_refused(assessment, people):
    people(5, submit=False)

    with pytest.raises(AssessmentError, match="At least one person must submit"):
        assessment.close()

    assessment.refresh_from_db()
    assert assessment.is_open
    assert assessment.closed_at is None
    assert not PrincipleResult.objects.exists()


def test_closing_twice_is_refused(assessment, people):
    people(5)
    assessment.close()
    closed_at = assessment.closed_at

    with pytest.raises(AssessmentError, match="already closed"):
        assessment.close()

    assessment.refresh_from_db()
    assert assessment.closed_at == closed_at
    assert PrincipleResult.objects.filter(assessment=assessment).count() == 6 * 2


def test_closing_from_a_stale_page_is_refused_too(assessment, people):
    people(5)
    stale = type(assessment).objects.get(pk=assessment.pk)
    assessment.close()

    with pytest.raises(AssessmentError):
        stale.close()


# Answers to the questions


def test_distributions_count_only_submitted_answers(assessment, people):
    people(5, extent=FULLY)
    people(5, extent=FULLY)
    people(5, extent=DONT_KNOW)
    people(5, extent=NOT_YET)
    people(5, extent=MOSTLY, submit=False)
    assessment.close()

    result = question_result(assessment, "nef-1")

    assert result.distribution() == [
        ("Not yet", 1),
        ("A little", 0),
        ("Mostly", 0),
        ("Fully", 2),
        ("Don't know", 1),
    ]
    assert result.counts == {FULLY: 2, DONT_KNOW: 1, NOT_YET: 1}
    assert result.total == 4
    assert result.average() == pytest.approx(3.0)  # (4 + 4 + 1) / 3: "don't know" left out


def test_distributions_are_split_by_perspective(assessment, people):
    people(5, perspective="staff", extent=FULLY)
    people(5, perspective="person", extent=A_LITTLE)
    people(5, perspective="person", extent=DONT_KNOW)
    assessment.close()

    result = question_result(assessment, "cp-6")

    assert result.by_perspective == {"staff": {FULLY: 1}, "person": {A_LITTLE: 1, DONT_KNOW: 1}}


def test_an_unanswered_question_is_not_counted(assessment, people):
    people(5, extents={"nef-9": None})
    assessment.close()

    assert question_result(assessment, "nef-9").total == 0
    assert question_result(assessment, "nef-9").average() is None
    assert question_result(assessment, "nef-1").total == 1


def test_the_average_of_only_dont_knows_is_none(assessment, people):
    people(5, 5, extent=DONT_KNOW)
    assessment.close()

    result = question_result(assessment, "nef-1")

    assert result.total == 2
    assert result.average() is None


def test_the_average_is_on_a_one_to_four_scale(assessment, people):
    people(5, extent=NOT_YET)
    people(5, extent=A_LITTLE)
    people(5, extent=MOSTLY)
    assessment.close()

    assert question_result(assessment, "nef-1").average() == pytest.approx(2.0)


# Comparing perspectives


@pytest.mark.parametrize(
    ("staff", "person", "gap", "differ"),
    [
        (6, 4, 2, True),
        (5, 4, 1, False),
        (4, 4, 0, False),
        (3, 5, -2, True),
        (2, 7, -5, True),
    ],
)
def test_perspectives_differ_when_two_rungs_or_more_apart(
    assessment, people, staff, person, gap, differ
):
    people(staff, perspective="staff")
    people(person, perspective="person")
    assessment.close()

    summary = summary_for(assessment)

    assert summary.perspective_gap == gap
    assert summary.perspectives_differ is differ


def test_perspectives_are_not_compared_without_both(assessment, people):
    people(7, perspective="staff")
    people(1, perspective="volunteer")
    assessment.close()

    summary = summary_for(assessment)

    assert summary.perspective_gap is None
    assert summary.perspectives_differ is False
    assert {p.perspective: p.rung.position for p in summary.perspectives} == {
        "staff": 7,
        "volunteer": 1,
    }


def test_each_perspective_is_labelled(assessment, people):
    people(6, perspective="staff")
    people(4, 5, perspective="person")
    assessment.close()

    perspectives = {p.perspective: p for p in summary_for(assessment).perspectives}

    assert perspectives["staff"].label == "Staff"
    assert perspectives["person"].label == "Person who uses services"
    assert (perspectives["person"].rung.position, perspectives["person"].respondents) == (4, 2)
    assert (perspectives["person"].lowest_rung, perspectives["person"].highest_rung) == (4, 5)


# When the answers and the rung tell different stories


def test_mostly_fully_answers_with_a_low_rung_give_a_hint(assessment, people):
    people(4, 4, extent=FULLY)
    assessment.close()

    hint = summary_for(assessment).answers_disagree_with_rung

    assert hint is not None
    assert "rung chosen is low" in hint


def test_mostly_fully_answers_with_a_middling_rung_give_no_hint(assessment, people):
    people(5, extent=FULLY)
    assessment.close()

    assert summary_for(assessment).answers_disagree_with_rung is None


def test_not_yet_answers_with_a_high_rung_give_a_hint(assessment, people):
    people(6, extent=NOT_YET)
    assessment.close()

    hint = summary_for(assessment).answers_disagree_with_rung

    assert hint is not None
    assert "rung chosen is high" in hint


def test_answers_that_match_the_rung_give_no_hint(assessment, people):
    people(3, extent=A_LITTLE)
    assessment.close()

    assert summary_for(assessment).answers_disagree_with_rung is None


def test_dont_know_answers_alone_give_no_hint(assessment, people):
    people(1, extent=DONT_KNOW)
    assessment.close()

    assert summary_for(assessment).answers_disagree_with_rung is None


# The next rung up


def test_the_next_rung_is_the_one_above(assessment, people, framework):
    people(5)
    assessment.close()

    summary = summary_for(assessment)

    assert summary.rung.position == 5
    assert summary.next_rung.position == 6
    assert summary.next_rung.name == "Co-design"
    assert summary.descriptor == Descriptor.objects.get(
        principle=summary.principle, rung=summary.rung
    )
    assert summary.next_descriptor == Descriptor.objects.get(
        principle=summary.principle, rung__framework=framework, rung__position=6
    )
    assert summary.is_gold_standard is False


def test_at_the_gold_standard_there_is_no_next_rung(assessment, people):
    people(7)
    assessment.close()

    summary = summary_for(assessment)

    assert summary.rung.name == "Co-production"
    assert summary.is_gold_standard is True
    assert summary.next_rung is None
    assert summary.next_descriptor is None


def test_the_gold_standard_is_co_production(assessment, people):
    people(2)
    assessment.close()

    results = assessment_results(assessment)

    assert results.gold_standard.name == "Co-production"
    assert [r.position for r in results.rungs] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.principle.slug for s in results.principles] == SLUGS
    assert results.submitted == 1


def test_an_open_assessment_has_no_rung_yet(assessment, people):
    people(5)

    summary = summary_for(assessment)

    assert summary.rung is None
    assert summary.next_rung is None
    assert summary.respondents == 0
    assert summary.is_gold_standard is False
    assert summary.perspectives_differ is False


def test_results_read_the_framework_version_the_assessment_was_pinned_to(
    assessment, people, framework
):
    people(5)
    assessment.close()
    framework.new_draft("2026.2").publish()

    results = assessment_results(assessment)

    assert {r.framework_id for r in results.rungs} == {framework.pk}
    assert Rung.objects.filter(position=5).count() == 2
    assert summary_for(assessment).rung.framework_id == framework.pk


# Queries


def _results_queries(assessment, django_assert_max_num_queries):
    assessment.close()
    with django_assert_max_num_queries(RESULTS_QUERIES):
        results = assessment_results(assessment)
        # Read everything a page would, to catch anything fetched lazily.
        for summary in results.principles:
            for question in summary.questions:
                question.distribution()
                question.average()
            _ = summary.answers_disagree_with_rung, summary.perspectives_differ
            _ = [(p.rung.name, p.label) for p in summary.perspectives]
            _ = summary.descriptor, summary.next_descriptor
    return results


def test_results_make_a_fixed_number_of_queries_with_one_respondent(
    assessment, people, django_assert_max_num_queries
):
    people(5)

    results = _results_queries(assessment, django_assert_max_num_queries)

    assert results.submitted == 1


def test_results_make_the_same_number_of_queries_with_fifty_respondents(
    assessment, people, django_assert_max_num_queries
):
    people(5)
    many = Respondent.objects.bulk_create(
        Respondent(assessment=assessment, name=f"Person {n}", perspective=perspective)
        for n, perspective in zip(range(49), [*Perspective.values] * 9, strict=False)
    )
    for respondent in many:
        fill_in(respondent, rung=1 + respondent.pk % 7)
    Respondent.objects.filter(pk__in=[r.pk for r in many]).update(submitted_at=timezone.now())

    results = _results_queries(assessment, django_assert_max_num_queries)

    assert results.submitted == 50
