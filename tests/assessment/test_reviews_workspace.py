"""The reviewer's workspace: about you, the organisation, rating each principle blind, overall
feedback, checking and submitting (assessment/views/reviews.py, templates/reviews/)."""

import re

import pytest
from django.urls import reverse

from assessment.models import (
    AgreedRung,
    Answer,
    PeerRating,
    PeerReview,
    PositionStatement,
    PrincipleResult,
    Section,
)
from assessment.results import PrincipleComparison, PrincipleSummary, QuestionResult
from principles.models import Descriptor

from .answering_helpers import SLUGS, form_of, text_of
from .helpers import headings, html_part, only_link, said, text
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import (
    DRAFT_EVIDENCE,
    DRAFT_NAME,
    NAMED,
    PEER_RUNGS,
    RESPONDENTS,
    SELF_RUNGS,
    UNNAMED,
    WHO,
    close_with_respondents,
    declare,
    invite,
    org_url,
    people,
    principle,
    queries_for,
    rate,
    rate_everything,
    rating_data,
    review_url,
    rung,
)

FIRST, SECOND, LAST = SLUGS[0], SLUGS[1], SLUGS[-1]
GOLD = "peer-support-networks"
STALE = (
    "Your review was saved from another window or device while this page was open, so we did "
    "not save this page."
)


def principle_url(review, slug=FIRST) -> str:
    return review_url("review_principle", review, slug)


def about_you(client, review, **data):
    fields = {
        "version": review.version,
        "organisation": "Eastfield CVS",
        "has_conflict": "no",
        "conflict_details": "",
    }
    return client.post(review_url("review_about_you", review), {**fields, **data})


# About you: the declaration comes first -----------------------------------------------------


@pytest.mark.parametrize(
    "name", ["review_organisation", "review_principle", "review_feedback"], ids=str
)
def test_the_reviewer_must_declare_before_seeing_anything_else(reviewer_client, accepted, name):
    url = principle_url(accepted) if name == "review_principle" else review_url(name, accepted)

    response = reviewer_client.get(url, follow=True)

    assert response.redirect_chain == [(review_url("review_about_you", accepted), 302)]
    assert "tell us which organisation you are from and whether you have a conflict" in (
        said(response)
    )
    assert "Staff example" not in said(response)


def test_the_task_list_says_the_principles_cannot_start_yet(reviewer_client, accepted):
    page = reviewer_client.get(review_url("review_task_list", accepted))

    assert page.status_code == 200
    assert said(page).count("Cannot start yet") == len(SLUGS) + 1  # and the overall feedback
    assert principle_url(accepted) not in text(page)


def test_about_you_needs_an_organisation_and_an_answer_about_conflicts(reviewer_client, accepted):
    response = about_you(reviewer_client, accepted, organisation="   ", has_conflict="")

    assert response.status_code == 200
    assert "Enter the name of your organisation" in said(response)
    assert "Select yes if you have a conflict of interest" in said(response)
    accepted.refresh_from_db()
    assert not accepted.has_declared
    assert accepted.version == 0


def test_about_you_starts_with_the_reviewers_own_organisation_filled_in(
    reviewer_client, accepted, reviewer_organisation
):
    page = reviewer_client.get(review_url("review_about_you", accepted))

    assert form_of(page).values["organisation"] == "Eastfield CVS"


def test_a_declared_conflict_needs_details(reviewer_client, accepted):
    response = about_you(reviewer_client, accepted, has_conflict="yes", conflict_details="  ")

    assert response.status_code == 200
    assert "Describe the conflict of interest" in said(response)
    accepted.refresh_from_db()
    assert accepted.has_conflict is None
    assert accepted.reviewer_organisation == ""


def test_the_declaration_is_saved_and_leads_to_the_organisation(reviewer_client, accepted):
    response = about_you(
        reviewer_client,
        accepted,
        organisation="  Eastfield   CVS ",
        has_conflict="yes",
        conflict_details="We share a funder.",
    )

    assert response.status_code == 302
    assert response.url == review_url("review_organisation", accepted)
    accepted.refresh_from_db()
    assert accepted.reviewer_organisation == "Eastfield CVS"
    assert accepted.has_conflict is True
    assert accepted.conflict_details == "We share a funder."
    assert accepted.version == 1


def test_no_conflict_keeps_no_details(reviewer_client, accepted):
    about_you(reviewer_client, accepted, has_conflict="no", conflict_details="Left over")

    accepted.refresh_from_db()
    assert accepted.has_conflict is False
    assert accepted.conflict_details == ""


def test_the_declaration_from_a_stale_page_is_not_saved(reviewer_client, declared):
    response = about_you(reviewer_client, declared, version=0, organisation="Old name")

    assert response.status_code == 200
    assert STALE in said(response)
    assert form_of(response).values["organisation"] == "Old name"
    assert form_of(response).values["version"] == str(declared.version)
    declared.refresh_from_db()
    assert declared.reviewer_organisation == "Eastfield CVS"


# What the reviewer reads ---------------------------------------------------------------------


def test_the_organisation_page_shows_the_position_statement(reviewer_client, declared, admin):
    PositionStatement.objects.create(
        assessment=declared.assessment,
        context="A small charity with a cafe.",
        proud_of="Regulars sit on the steering group.",
        look_at="Whether decisions are really shared.",
        updated_by=admin,
    )

    page = reviewer_client.get(review_url("review_organisation", declared))

    assert page.status_code == 200
    assert headings(page) == ["About Riverside Community Trust"]
    for words in (
        "A small charity with a cafe.",
        "Regulars sit on the steering group.",
        "Whether decisions are really shared.",
        "Riverside community cafe",
    ):
        assert words in said(page)
    assert f"People who answered {len(RESPONDENTS)}" in said(page)
    assert principle_url(declared) in text(page)


def test_without_a_position_statement_the_page_says_so(reviewer_client, declared):
    page = reviewer_client.get(review_url("review_organisation", declared))

    assert "Riverside Community Trust has not written a position statement." in said(page)


# With a person or two per perspective: small groups are tested in test_reviewer_small_groups.py.
@pytest.mark.usefixtures("every_group_shown")
def test_the_principle_page_shows_what_respondents_wrote_with_names_only_if_they_agreed(
    reviewer_client, declared
):
    for slug in SLUGS:
        page = said(reviewer_client.get(principle_url(declared, slug)))

        for name, _perspective, _named, evidence, rung_evidence in RESPONDENTS:
            assert evidence in page, (slug, name)
            assert rung_evidence in page, (slug, name)
        for name in NAMED:
            assert name in page, slug
        for name in UNNAMED:
            assert name not in page, slug
            assert WHO[name] in page, slug
        assert DRAFT_NAME not in page
        assert DRAFT_EVIDENCE not in page


@pytest.mark.usefixtures("every_group_shown")
def test_each_example_is_shown_with_who_wrote_it(reviewer_client, declared):
    page = reviewer_client.get(principle_url(declared))

    for name, _perspective, named, evidence, rung_evidence in RESPONDENTS:
        who = name if named else WHO[name]
        for words in (evidence, rung_evidence):
            assert re.search(
                rf"<p[^>]*>{re.escape(words)}</p>\s*<p[^>]*>{re.escape(who)}</p>", text_of(page)
            ), (name, words)


# With a person or two per perspective: small groups are tested in test_small_groups.py.
@pytest.mark.usefixtures("every_group_shown")
def test_the_principle_page_shows_how_each_perspective_answered(reviewer_client, declared):
    page = reviewer_client.get(principle_url(declared))

    assert said(page).count("How people answered, by perspective") >= 3  # one per question
    for perspective in ("Staff", "Person who uses services", "Volunteer", "Did not say"):
        assert perspective in said(page)
    assert f"{len(RESPONDENTS)} people sent their answers" in said(page)


def _objects_in(value, depth=0):
    yield value
    if depth > 3 or isinstance(value, str | bytes):
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from _objects_in(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _objects_in(item, depth + 1)


SELF_ASSESSED_WORDING = (
    "Self-assessed",
    "self-assessed",
    "Rung reached",
    "rung reached",
    "median",
    "Everyone chose rung",
    "Where you are,",
    "Spread",
    "You have reached the gold standard",
    "Gold standard, self-assessed",
)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_principle_page_never_shows_the_rungs_the_organisation_chose(
    reviewer_client, declared, framework, slug
):
    chosen = rung(framework, SELF_RUNGS[slug])

    page = reviewer_client.get(principle_url(declared, slug))

    words = said(page)
    for wording in SELF_ASSESSED_WORDING:
        assert wording not in words, wording
    # The results page's way of giving the rung reached, and the perspectives' rungs.
    assert f"{chosen.name} (rung {chosen.position} of 7)" not in words
    assert f"rung {chosen.position} of" not in words
    assert "Staff: " + chosen.name not in words
    assert "Gold standard</strong>" not in text(page)
    # Nothing is chosen for them: every rung is offered, none is ticked.
    form = form_of(page)
    assert sorted(form.radios["rung"]) == [str(n) for n in range(1, 8)]
    assert "rung" not in form.checked
    # And the context the page was drawn from holds no self-assessed result at all.
    found = list(_objects_in([context.flatten() for context in page.context]))
    assert any(isinstance(value, QuestionResult) for value in found)  # the walk reaches them
    for value in found:
        assert not isinstance(value, PrincipleSummary | PrincipleComparison | PrincipleResult)


@pytest.mark.parametrize(
    "name", ["review_task_list", "review_organisation", "review_feedback", "review_check"]
)
def test_no_other_workspace_page_shows_the_self_assessed_rungs(reviewer_client, declared, name):
    page = reviewer_client.get(review_url(name, declared))

    assert page.status_code == 200
    for wording in SELF_ASSESSED_WORDING:
        assert wording not in said(page), wording


def test_the_self_assessed_rung_is_shown_only_after_submitting(
    reviewer_client, declared, framework
):
    comparison = review_url("reviewer_comparison", declared)
    before = reviewer_client.get(comparison)
    assert before.status_code == 302
    assert before.url == review_url("review_task_list", declared)
    rate_everything(declared)
    declared.submit()

    after = reviewer_client.get(comparison)

    assert after.status_code == 200
    co_design = rung(framework, SELF_RUNGS[FIRST])
    assert f"Self-assessed {co_design.position}. {co_design.name}" in said(after)


def test_the_rating_form_shows_every_rung_with_this_principles_descriptors(
    reviewer_client, declared, framework
):
    page = reviewer_client.get(principle_url(declared, FIRST))

    words = said(page)
    assert "7. Co-production (the gold standard)" in words
    descriptors = Descriptor.objects.filter(principle=principle(framework, FIRST))
    assert descriptors.count() == 7
    for descriptor in descriptors:
        assert " ".join(descriptor.text.split()) in words


# Rating ------------------------------------------------------------------------------------


def test_rating_a_principle_saves_it_and_goes_on_to_the_next(reviewer_client, declared, framework):
    version = declared.version

    response = reviewer_client.post(
        principle_url(declared, FIRST),
        rating_data(4, "They listen", "Pay volunteers' expenses", version=version),
    )

    assert response.status_code == 302
    assert response.url == principle_url(declared, SECOND)
    rating = PeerRating.objects.get(review=declared)
    assert rating.principle == principle(framework, FIRST)
    assert rating.rung == rung(framework, 4)
    assert (rating.comment, rating.suggestion) == ("They listen", "Pay volunteers' expenses")
    declared.refresh_from_db()
    assert declared.version == version + 1


def test_after_the_last_principle_the_reviewer_goes_to_the_overall_feedback(
    reviewer_client, declared
):
    for slug in SLUGS[:-1]:
        rate(declared, slug, 5)

    response = reviewer_client.post(
        principle_url(declared, LAST), rating_data(5, version=declared.version)
    )

    assert response.url == review_url("review_feedback", declared)


def test_the_form_shows_what_was_saved(reviewer_client, declared):
    rate(declared, FIRST, 3, "What I saw", "My suggestion")

    form = form_of(reviewer_client.get(principle_url(declared, FIRST)))

    assert form.checked["rung"] == "3"
    assert form.values["comment"] == "What I saw"
    assert form.values["suggestion"] == "My suggestion"
    assert form.values["version"] == str(declared.version)


def test_save_and_come_back_later(reviewer_client, declared):
    response = reviewer_client.post(
        principle_url(declared, SECOND),
        rating_data(None, "Half way through", version=declared.version, later=True),
        follow=True,
    )

    assert response.redirect_chain == [(review_url("review_task_list", declared), 302)]
    assert "Your review is saved. Come back to it when you are ready." in said(response)
    rating = PeerRating.objects.get(review=declared)
    assert rating.rung is None
    assert rating.comment == "Half way through"
    assert "In progress" in said(response)
    assert f"You have rated 0 of {len(SLUGS)} principles." in said(response)


@pytest.mark.parametrize("field", ["comment", "suggestion"])
def test_5000_characters_is_the_limit_with_a_clear_error(reviewer_client, declared, field):
    too_long = {"comment": "", "suggestion": "", field: "x" * 5001}

    response = reviewer_client.post(
        principle_url(declared), rating_data(4, **too_long, version=declared.version)
    )

    assert response.status_code == 200
    message = {"comment": "What you saw", "suggestion": "The suggestion"}[field]
    assert f"{message} must be 5,000 characters or fewer" in said(response)
    assert form_of(response).values[field] == "x" * 5001  # nothing typed is lost
    assert not PeerRating.objects.exists()
    declared.refresh_from_db()
    assert declared.version == 1


def test_exactly_5000_characters_is_accepted(reviewer_client, declared):
    response = reviewer_client.post(
        principle_url(declared), rating_data(4, "y" * 5000, "z" * 5000, version=declared.version)
    )

    assert response.status_code == 302
    rating = PeerRating.objects.get()
    assert len(rating.comment) == len(rating.suggestion) == 5000


@pytest.mark.parametrize("bad", ["0", "8", "99", "-1", "abc", "4.5", "", " "])
def test_a_rung_that_is_not_on_the_ladder_is_an_error_never_a_crash(reviewer_client, declared, bad):
    data = rating_data(None, "Kept", version=declared.version)
    data["rung"] = bad

    response = reviewer_client.post(principle_url(declared), data)

    if bad == "":
        # No rung is allowed while saving as you go; it is needed only to submit.
        assert response.status_code == 302
        assert PeerRating.objects.get().rung is None
        return
    assert response.status_code == 200
    assert "Choose a rung from the list" in said(response)
    assert form_of(response).values["comment"] == "Kept"
    assert not PeerRating.objects.exists()


def test_an_unknown_principle_is_not_found(reviewer_client, declared):
    assert reviewer_client.get(principle_url(declared, "no-such-principle")).status_code == 404


def test_a_stale_save_shows_a_clear_message_and_loses_nothing(reviewer_client, declared, framework):
    page = reviewer_client.get(principle_url(declared, FIRST))
    loaded = form_of(page).values["version"]
    rate(declared, FIRST, 3, "From the other tab", "Other tab's idea")  # another window saves

    response = reviewer_client.post(
        principle_url(declared, FIRST),
        rating_data(6, "From this tab", "This tab's idea", version=loaded),
    )

    assert response.status_code == 200
    assert STALE in said(response)
    assert "What is saved now" in said(response)
    assert "3. Informing" in said(response)
    assert "From the other tab" in said(response)
    form = form_of(response)
    assert form.checked["rung"] == "6"
    assert form.values["comment"] == "From this tab"
    assert form.values["suggestion"] == "This tab's idea"
    assert form.values["version"] == str(declared.version)
    rating = PeerRating.objects.get()
    assert (rating.rung, rating.comment) == (rung(framework, 3), "From the other tab")
    # Saving again, from the page as it is now, keeps what was typed.
    again = reviewer_client.post(
        principle_url(declared, FIRST),
        rating_data(6, "From this tab", "This tab's idea", version=form.values["version"]),
    )
    assert again.status_code == 302
    rating.refresh_from_db()
    assert (rating.rung, rating.comment) == (rung(framework, 6), "From this tab")


@pytest.mark.parametrize("version", ["", "abc", "-5", "999"])
def test_a_missing_or_mangled_version_counts_as_stale(reviewer_client, declared, version):
    response = reviewer_client.post(principle_url(declared), rating_data(4, version=version))

    assert response.status_code == 200
    assert STALE in said(response)
    assert not PeerRating.objects.exists()


# Overall feedback --------------------------------------------------------------------------


def feedback(client, review, **data):
    fields = {"version": review.version, "strengths": "", "areas_to_develop": "", "continue": "1"}
    return client.post(review_url("review_feedback", review), {**fields, **data})


def test_overall_feedback_is_saved_and_leads_to_the_check_page(reviewer_client, declared):
    response = feedback(
        reviewer_client, declared, strengths="Warm welcome", areas_to_develop="Share decisions"
    )

    assert response.status_code == 302
    assert response.url == review_url("review_check", declared)
    declared.refresh_from_db()
    assert (declared.strengths, declared.areas_to_develop) == ("Warm welcome", "Share decisions")


def test_overall_feedback_over_5000_characters_is_an_error(reviewer_client, declared):
    response = feedback(reviewer_client, declared, areas_to_develop="x" * 5001)

    assert response.status_code == 200
    assert "Areas to develop must be 5,000 characters or fewer" in said(response)
    declared.refresh_from_db()
    assert declared.areas_to_develop == ""


def test_overall_feedback_from_a_stale_page_is_not_saved(reviewer_client, declared):
    loaded = declared.version
    declared.save_feedback(loaded, strengths="Saved elsewhere", areas_to_develop="")

    response = feedback(reviewer_client, declared, version=loaded, strengths="Typed here")

    assert response.status_code == 200
    assert STALE in said(response)
    assert "Saved elsewhere" in said(response)
    assert form_of(response).values["strengths"] == "Typed here"
    declared.refresh_from_db()
    assert declared.strengths == "Saved elsewhere"


def test_overall_feedback_can_be_saved_for_later(reviewer_client, declared):
    response = feedback(reviewer_client, declared, strengths="So far", later="1")

    assert response.url == review_url("review_task_list", declared)
    declared.refresh_from_db()
    assert declared.strengths == "So far"


# Checking and submitting -----------------------------------------------------------------


def test_submitting_needs_a_rung_for_all_six_principles(reviewer_client, declared, mailoutbox):
    rate_everything(declared, {slug: 5 for slug in SLUGS if slug != GOLD})
    check = review_url("review_check", declared)

    page = reviewer_client.get(check)
    response = reviewer_client.post(check)

    assert "Before you can submit" in said(page)
    assert "A rung for peer support networks" in said(page)
    assert "Submit your review" not in said(page)
    assert response.status_code == 200
    assert "Finish everything listed below before you submit." in said(response)
    assert "A rung for peer support networks" in said(response)
    declared.refresh_from_db()
    assert declared.submitted_at is None
    assert mailoutbox == []


def test_submitting_needs_the_declaration_too(reviewer_client, accepted):
    rate_everything(accepted)  # as if saved before the declaration was somehow cleared

    response = reviewer_client.post(review_url("review_check", accepted))

    assert response.status_code == 200
    assert "About you: your organisation and any conflict of interest" in said(response)
    accepted.refresh_from_db()
    assert accepted.submitted_at is None


def test_submitting_sends_the_review_and_tells_the_admins(
    reviewer_client, declared, colleague, mailoutbox
):
    rate_everything(declared)
    check = review_url("review_check", declared)
    assert "Submit your review" in said(reviewer_client.get(check))

    response = reviewer_client.post(check, follow=True)

    assert response.redirect_chain == [(review_url("review_submitted", declared), 302)]
    assert "Your review has been sent" in said(response)
    declared.refresh_from_db()
    assert declared.submitted_at is not None
    assert declared.state == PeerReview.State.SUBMITTED
    assert [m.to for m in mailoutbox] == [["admin@riverside.example"]]  # admins, not members
    assert mailoutbox[0].subject == "Your peer review of Autumn 2026 has arrived"


def test_submitting_twice_keeps_one_submission(reviewer_client, declared, mailoutbox):
    rate_everything(declared)
    check = review_url("review_check", declared)
    reviewer_client.post(check)
    declared.refresh_from_db()
    first = (declared.submitted_at, declared.version)

    again = reviewer_client.post(check)

    assert again.status_code == 302
    assert again.url == review_url("review_submitted", declared)
    declared.refresh_from_db()
    assert (declared.submitted_at, declared.version) == first
    assert len(mailoutbox) == 1
    assert declared.submit() is False


def test_after_submitting_the_workspace_is_read_only(reviewer_client, submitted, framework):
    ratings = list(PeerRating.objects.filter(review=submitted).values())
    version = submitted.version

    for url in (
        review_url("review_about_you", submitted),
        principle_url(submitted, FIRST),
        review_url("review_feedback", submitted),
    ):
        get = reviewer_client.get(url, follow=True)
        assert get.redirect_chain == [(review_url("review_check", submitted), 302)], url
        assert "You have submitted your review, so it can no longer change." in said(get)
    posts = [
        about_you(reviewer_client, submitted, organisation="Changed"),
        reviewer_client.post(
            principle_url(submitted, FIRST), rating_data(1, "Changed", version=version)
        ),
        feedback(reviewer_client, submitted, strengths="Changed"),
    ]

    assert all(p.status_code == 302 for p in posts)
    assert all(p.url == review_url("review_check", submitted) for p in posts)
    submitted.refresh_from_db()
    assert submitted.version == version
    assert submitted.reviewer_organisation == "Eastfield CVS"
    assert submitted.strengths == "A warm welcome, and the buddy scheme"
    assert list(PeerRating.objects.filter(review=submitted).values()) == ratings
    check = reviewer_client.get(review_url("review_check", submitted))
    assert headings(check) == ["Your review"]
    assert "Submit your review" not in said(check)
    assert "Change" not in said(check)
    assert f"4. {rung(framework, PEER_RUNGS[FIRST]).name}" in said(check)


def test_the_model_refuses_changes_after_submitting(submitted, framework):
    assert submitted.save_feedback(submitted.version, strengths="x", areas_to_develop="") is None
    assert (
        submitted.save_rating(
            submitted.version,
            principle=principle(framework, FIRST),
            rung=rung(framework, 1),
            comment="",
            suggestion="",
        )
        is None
    )
    assert PeerRating.objects.get(review=submitted, principle__slug=FIRST).rung.position == 4


def test_the_reviewers_own_list_shows_the_review(reviewer_client, declared):
    page = reviewer_client.get(reverse("my_reviews"))

    assert page.status_code == 200
    assert "Riverside Community Trust" in said(page)
    assert "Reviewing" in said(page)
    assert review_url("review_task_list", declared) in text(page)


def test_a_reviewers_draft_is_not_shown_to_the_organisation(admin_client, declared):
    rate_everything(declared)
    assessment = declared.assessment

    results = admin_client.get(reverse("results", args=[assessment.organisation_id, assessment.pk]))
    comparison = admin_client.get(
        reverse("review_comparison", args=[assessment.organisation_id, assessment.pk, declared.pk])
    )

    assert "Nobody from another organisation has reviewed this assessment yet." in said(results)
    assert "Seen for people-as-assets" not in said(results)
    assert comparison.status_code == 404


# Query counts ------------------------------------------------------------------------------

# Measured: the principle page makes PRINCIPLE_PAGE_QUERIES queries whether 2 or 30 people
# answered; the comparison page is in test_reviews_agreement.py.
# (18 since results count "I don't know" answers.)
PRINCIPLE_PAGE_QUERIES = 18


def _review_of(organisation, framework, admin, reviewer, count):
    assessment = close_with_respondents(
        organisation, framework, admin, people(count), title=f"{count} people"
    )
    review, _token = invite(assessment, admin)
    review.accept(reviewer)
    declare(review)
    return review


def test_the_principle_page_makes_the_same_queries_for_2_and_30_respondents(
    reviewer_client,
    reviewer,
    reviewer_organisation,
    organisation,
    framework,
    admin,
    django_assert_max_num_queries,
):
    few = _review_of(organisation, framework, admin, reviewer, 2)
    many = _review_of(organisation, framework, admin, reviewer, 30)
    reviewer_client.get(principle_url(few))  # warm up: the session, the framework

    counts = [queries_for(reviewer_client, principle_url(r)) for r in (few, many)]

    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(PRINCIPLE_PAGE_QUERIES):
        reviewer_client.get(principle_url(many))


def test_agreed_rungs_are_not_touched_by_the_workspace(reviewer_client, declared):
    for slug in SLUGS:
        reviewer_client.get(principle_url(declared, slug))

    assert not AgreedRung.objects.exists()


# The position statement the reviewer reads first -------------------------------------------


def statement(client, assessment, **data):
    fields = {"context": "Context", "proud_of": "Proud", "look_at": "Look", "version": ""}
    return client.post(org_url("position_statement", assessment), {**fields, **data})


def test_an_admin_writes_the_position_statement(admin_client, admin, closed):
    response = statement(admin_client, closed, context="A small charity with a cafe.")

    assert response.status_code == 302
    assert response.url == org_url("peer_reviews", closed)
    saved = PositionStatement.objects.get(assessment=closed)
    assert (saved.context, saved.proud_of, saved.look_at) == (
        "A small charity with a cafe.",
        "Proud",
        "Look",
    )
    assert saved.updated_by == admin
    assert "A small charity with a cafe." in said(admin_client.get(response.url))


def test_the_position_statement_is_frozen_once_a_review_is_submitted(
    admin_client, submitted, closed
):
    PositionStatement.objects.create(
        assessment=closed, context="As the reviewer read it", proud_of="Proud", look_at="Look"
    )

    response = statement(admin_client, closed, context="Rewritten after the review")

    assert response.status_code == 302
    assert PositionStatement.objects.get(assessment=closed).context == "As the reviewer read it"
    page = said(admin_client.get(response.url))
    assert "cannot be changed now: a peer reviewer has submitted a review based on it" in page
    assert "Change the position statement" not in page


def test_the_position_statement_needs_all_three_parts(admin_client, closed):
    response = statement(admin_client, closed, context="", proud_of="", look_at="")

    assert response.status_code == 200
    for error in (
        "Tell the reviewer about your organisation and this service",
        "Tell the reviewer what you are proud of",
        "Tell the reviewer what you would like them to look at",
    ):
        assert error in said(response)
    assert not PositionStatement.objects.exists()


def test_a_member_cannot_write_the_position_statement(member_client, closed):
    get = member_client.get(org_url("position_statement", closed))
    post = statement(member_client, closed)

    assert (get.status_code, post.status_code) == (404, 404)
    assert not PositionStatement.objects.exists()


def test_two_admins_editing_the_statement_at_once_lose_nothing(admin_client, admin, closed):
    statement(admin_client, closed, context="First version")
    version = form_of(admin_client.get(org_url("position_statement", closed))).values["version"]
    statement(admin_client, closed, context="Saved by the other admin", version=version)

    response = statement(admin_client, closed, context="Typed here", version=version)

    assert response.status_code == 200
    assert "Someone else saved the position statement while you were writing." in said(response)
    assert form_of(response).values["context"] == "Typed here"
    # "What they saved is shown below the form": theirs, not what this admin typed.
    saved_now = said(response).split("What is saved now", 1)[1]
    assert "Saved by the other admin" in saved_now
    assert "Typed here" not in saved_now
    assert PositionStatement.objects.get().context == "Saved by the other admin"


def test_what_people_wrote_is_escaped_for_the_reviewer(reviewer_client, declared, admin):
    PositionStatement.objects.create(
        assessment=declared.assessment,
        context="<script>alert('context')</script>",
        proud_of="<b>Proud</b>",
        look_at="Look & see",
        updated_by=admin,
    )
    Answer.objects.update(evidence="<script>alert('evidence')</script>")
    Section.objects.update(rung_evidence="<img src=x onerror=alert(1)>")

    organisation_page = reviewer_client.get(review_url("review_organisation", declared))
    principle_page = reviewer_client.get(principle_url(declared))

    assert "<script>" not in text(organisation_page)
    assert "&lt;script&gt;alert(&#x27;context&#x27;)&lt;/script&gt;" in text(organisation_page)
    assert "<b>Proud</b>" not in text(organisation_page)
    assert "<script>alert" not in text(principle_page)
    assert "&lt;script&gt;alert(&#x27;evidence&#x27;)&lt;/script&gt;" in text(principle_page)
    assert "<img src=x" not in text(principle_page)


def test_what_the_reviewer_wrote_is_escaped_for_the_organisation(admin_client, accepted):
    declare(accepted, organisation="<b>Eastfield</b>", conflict=True, details="<i>Funder</i>")
    rate_everything(accepted)
    rate(accepted, FIRST, 4, "<script>alert(1)</script>", "<u>Do this</u>")
    accepted.submit()

    page = admin_client.get(
        reverse(
            "review_comparison",
            args=[accepted.assessment.organisation_id, accepted.assessment_id, accepted.pk],
        )
    )

    for raw in ("<script>alert(1)", "<u>Do this", "<b>Eastfield", "<i>Funder"):
        assert raw not in text(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text(page)


# Moving through the review ---------------------------------------------------------------


def test_after_rating_a_principle_the_next_unrated_one_comes_next(reviewer_client, declared):
    rate(declared, SLUGS[3], 5)

    after_third = reviewer_client.post(
        principle_url(declared, SLUGS[2]), rating_data(5, version=declared.version)
    )
    declared.refresh_from_db()
    after_last = reviewer_client.post(
        principle_url(declared, LAST), rating_data(5, version=declared.version)
    )

    assert after_third.url == principle_url(declared, SLUGS[4])  # the fourth is done
    assert after_last.url == principle_url(declared, FIRST)  # back round to the first


def test_the_admins_are_emailed_a_link_to_the_comparison(
    reviewer_client, declared, mailoutbox, settings
):
    rate_everything(declared)

    reviewer_client.post(review_url("review_check", declared))

    message = mailoutbox[0]
    assessment = declared.assessment
    comparison = reverse(
        "review_comparison", args=[assessment.organisation_id, assessment.pk, declared.pk]
    )
    assert only_link(message) == f"{settings.SITE_URL}{comparison}"
    assert "Evan Clarke (Eastfield CVS) has submitted their review" in message.body
    assert "Evan Clarke (Eastfield CVS) has submitted their review" in html_part(message)


def test_the_reviewers_list_shows_unfinished_reviews_first(
    reviewer_client, reviewer, submitted, organisation, framework, admin
):
    later = close_with_respondents(organisation, framework, admin, RESPONDENTS, title="Later one")
    unfinished, _token = invite(later, admin)
    unfinished.accept(reviewer)

    page = reviewer_client.get(reverse("my_reviews"))

    assert [r.pk for r in page.context["reviews"]] == [unfinished.pk, submitted.pk]
    words = said(page)
    assert words.index("Later one") < words.index("Autumn 2026")
    assert review_url("review_task_list", unfinished) in text(page)
    assert review_url("reviewer_comparison", submitted) in text(page)
