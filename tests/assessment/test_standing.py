"""The standing of each principle (assessment/standing.py): the rule, and its SQL twin."""

from django.utils import timezone

from assessment.models import AgreedRung, PrincipleResult
from assessment.standing import Source, source_label, standings, with_standing

from .working_group_helpers import closed_assessment, peer_review, principles_of, rungs_of

SELF = [5, 5, 4, 6, 7, 3]
PEER = [7, 5, 4, 6, 6, 3]


def setup_review(organisation, framework):
    assessment = closed_assessment(organisation, framework, SELF, shared=True)
    review = peer_review(assessment, framework, PEER, submitted_at=timezone.now())
    return assessment, review


def agree(assessment, review, framework, index, position, *, confirmed=False, dissent=""):
    return AgreedRung.objects.create(
        assessment=assessment,
        principle=principles_of(framework)[index],
        rung=rungs_of(framework)[position],
        review=review,
        reviewer_confirmed_at=timezone.now() if confirmed else None,
        reviewer_dissent=dissent,
    )


def test_before_any_agreement_every_principle_stands_where_its_people_put_it(
    organisation, framework
):
    assessment, _ = setup_review(organisation, framework)

    found = standings(assessment)

    assert [s.rung.position for s in found] == SELF
    assert {s.source for s in found} == {Source.SELF}
    assert [s.review for s in found] == [None] * 6
    assert found[4].gold == "Gold standard, self-assessed: not confirmed by a peer"
    assert found[0].next_rung.position == 6
    assert found[0].descriptor.rung == found[0].rung
    assert found[0].next_descriptor.rung.position == 6
    assert found[4].next_rung is None


def test_an_agreed_rung_stands_waiting_and_a_confirmed_one_is_peer_confirmed(
    organisation, framework
):
    assessment, review = setup_review(organisation, framework)
    agree(assessment, review, framework, 0, 7)
    agree(assessment, review, framework, 4, 7, confirmed=True)
    agree(assessment, review, framework, 5, 2, dissent="I saw rung 3")

    found = standings(assessment)

    assert [s.rung.position for s in found] == [7, 5, 4, 6, 7, 2]
    assert [s.source for s in found] == ["agreed", "self", "self", "self", "confirmed", "agreed"]
    assert found[0].gold == "Gold standard agreed, waiting for the reviewer to confirm"
    assert found[4].gold == "Gold standard, peer-confirmed"
    assert found[4].review == review
    assert found[5].source_label == "Agreed by the organisation; the reviewer does not agree"
    assert found[0].next_rung is None
    assert found[5].next_rung.position == 3


def test_the_sql_rule_gives_the_same_standing_as_the_python_rule(organisation, framework):
    assessment, review = setup_review(organisation, framework)
    agree(assessment, review, framework, 0, 7)
    agree(assessment, review, framework, 4, 7, confirmed=True)
    agree(assessment, review, framework, 5, 2, dissent="I saw rung 3")

    rows = with_standing(
        PrincipleResult.objects.filter(assessment=assessment).order_by("principle__position")
    ).values_list("standing_position", "standing_source", "standing_dissent")

    assert [
        (position, source_label(source, dissent=dissent)) for position, source, dissent in rows
    ] == [(s.rung.position, s.source_label) for s in standings(assessment)]


def test_standings_take_a_fixed_number_of_queries(
    organisation, framework, django_assert_num_queries
):
    assessment, review = setup_review(organisation, framework)
    agree(assessment, review, framework, 0, 7)

    with django_assert_num_queries(5):
        standings(assessment)
