"""After the review: the comparison both sides see, the agreed positions the organisation
records, and the reviewer's confirmation or dissent (review_comparison, reviewer_comparison,
record_agreed, confirm_agreed, dissent_agreed; results.peer_comparison; the results page)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from assessment import standing
from assessment.models import AgreedRung, AuditEvent, PeerReview
from assessment.reports.pdf import assessment_report
from assessment.results import peer_comparison

from .answering_helpers import SLUGS, form_of
from .helpers import headings, html_part, only_link, said, text
from .pdf_helpers import pdf_text
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import (
    close_with_respondents,
    declare,
    invite,
    org_url,
    people,
    principle,
    queries_for,
    rate_everything,
    review_url,
    rung,
    submit_review,
    table,
)

FIRST, GOLD, LAST = SLUGS[0], "peer-support-networks", SLUGS[-1]
CAPTION = "Where each side placed Riverside Community Trust on the ladder"
DISCUSS = "Discuss: two rungs or more apart"
NOT_CONFIRMED = "Gold standard, self-assessed: not confirmed by a peer"
WAITING = "Gold standard agreed, waiting for the reviewer to confirm"
CONFIRMED = "Gold standard, peer-confirmed"
PEER_TABLE = "Self-assessed, peer and agreed rungs"
# The comparison table as both sides see it: principle, self-assessed, peer, difference, agreed.
EXPECTED_ROWS = [
    [
        "Recognising people as assets",
        "6. Co-design",
        "4. Consultation",
        f"Reviewer 2 rungs lower {DISCUSS}",
        "Not agreed yet",
    ],
    [
        "Building on people's existing capabilities",
        "5. Engagement",
        "5. Engagement",
        "Same rung",
        "Not agreed yet",
    ],
    [
        "Mutuality and reciprocity",
        "4. Consultation",
        "5. Engagement",
        "Reviewer 1 rung higher",
        "Not agreed yet",
    ],
    [
        "Peer support networks",
        "7. Co-production",
        "7. Co-production",
        "Same rung",
        f"Not agreed yet {NOT_CONFIRMED}",
    ],
    [
        "Breaking down barriers",
        "3. Informing",
        "6. Co-design",
        f"Reviewer 3 rungs higher {DISCUSS}",
        "Not agreed yet",
    ],
    [
        "Facilitating rather than delivering services",
        "5. Engagement",
        "4. Consultation",
        "Reviewer 1 rung lower",
        "Not agreed yet",
    ],
]


def comparison_url(review) -> str:
    return org_url("review_comparison", review.assessment, review.pk)


def record_url(review) -> str:
    return org_url("record_agreed", review.assessment, review.pk)


def results_url(assessment) -> str:
    return reverse("results", args=[assessment.organisation_id, assessment.pk])


def record(client, review, positions: dict, *, version=None):
    """Post the agreed-positions form: `positions` maps slugs to (rung position, note)."""
    if version is None:
        version = form_of(client.get(record_url(review))).values["version"]
    data = {"version": version}
    for slug in SLUGS:
        position, note = positions.get(slug, ("", ""))
        data[f"{slug}-rung"] = position
        data[f"{slug}-note"] = note
    return client.post(record_url(review), data)


def version_for(client, review, slug) -> str:
    """The hidden `version` of the reviewer's Confirm button for one principle."""
    page = client.get(review_url("reviewer_comparison", review)).content.decode()
    action = reverse("confirm_agreed", args=[review.pk, slug])
    start = page.index(f'action="{action}"')
    form = page[start : page.index("</form>", start)]
    return form.split('name="version" value="', 1)[1].split('"', 1)[0]


def confirm(client, review, slug, version=None):
    version = version_for(client, review, slug) if version is None else version
    return client.post(reverse("confirm_agreed", args=[review.pk, slug]), {"version": version})


@pytest.fixture
def agreed(admin_client, submitted, mailoutbox):
    """The admin has recorded four positions: the gold standard for peer support networks,
    and three others."""
    response = record(
        admin_client,
        submitted,
        {
            FIRST: ("5", "Somewhere between us"),
            "building-capabilities": ("5", ""),
            GOLD: ("7", "Run by its members"),
            LAST: ("4", "We agree with the reviewer"),
        },
    )
    assert response.status_code == 302
    mailoutbox.clear()
    return submitted


# The comparison ----------------------------------------------------------------------------


def test_there_is_no_comparison_before_the_reviewer_submits(
    admin_client, reviewer_client, declared
):
    rate_everything(declared)

    org_side = admin_client.get(comparison_url(declared))
    reviewer_side = reviewer_client.get(review_url("reviewer_comparison", declared), follow=True)
    record_page = admin_client.get(record_url(declared))

    assert org_side.status_code == 404
    assert record_page.status_code == 404
    assert reviewer_side.redirect_chain == [(review_url("review_task_list", declared), 302)]
    assert "You will see the comparison once you have submitted your review." in said(reviewer_side)


def test_the_reviewer_sees_the_comparison_after_submitting(reviewer_client, submitted):
    page = reviewer_client.get(review_url("reviewer_comparison", submitted))

    assert page.status_code == 200
    assert headings(page) == ["Your review compared with their self-assessment"]
    assert table(page, CAPTION) == EXPECTED_ROWS
    for slug in SLUGS:
        assert f"Seen for {slug}" in said(page)
        assert f"Suggested for {slug}" in said(page)
    assert "You (Eastfield CVS) submitted your review on" in said(page)
    assert "You declared no conflict of interest." in said(page)
    assert "A warm welcome, and the buddy scheme" in said(page)
    assert record_url(submitted) not in text(page)


def test_the_admin_sees_the_same_comparison(admin_client, submitted):
    page = admin_client.get(comparison_url(submitted))

    assert page.status_code == 200
    assert headings(page) == ["Your self-assessment compared with the peer review"]
    assert table(page, CAPTION) == EXPECTED_ROWS
    assert "Evan Clarke (Eastfield CVS) submitted their review on" in said(page)
    assert "They declared no conflict of interest." in said(page)
    assert "Seen for breaking-down-barriers" in said(page)
    assert "Suggested for breaking-down-barriers" in said(page)
    assert record_url(submitted) in text(page)


def test_a_member_sees_the_comparison_but_cannot_record_agreed_rungs(member_client, submitted):
    page = member_client.get(comparison_url(submitted))
    get = member_client.get(record_url(submitted))
    post = record(member_client, submitted, {GOLD: ("7", "")}, version="")

    assert page.status_code == 200
    assert table(page, CAPTION) == EXPECTED_ROWS
    assert record_url(submitted) not in text(page)
    assert (get.status_code, post.status_code) == (404, 404)
    assert not AgreedRung.objects.exists()


def test_a_declared_conflict_is_shown_to_the_organisation(admin_client, accepted):
    declare(accepted, conflict=True, details="We share a funder.")
    submit_review(accepted)

    page = admin_client.get(comparison_url(accepted))

    assert "They declared a conflict of interest: We share a funder." in said(page)


def test_differences_of_two_rungs_or_more_are_flagged_for_discussion(admin_client, submitted):
    page = admin_client.get(comparison_url(submitted))

    flagged = {c.principle.slug for c in page.context["comparisons"] if c.needs_discussion}
    assert flagged == {FIRST, "breaking-down-barriers"}
    differences = {c.principle.slug: c.difference for c in page.context["comparisons"]}
    assert differences == {
        FIRST: -2,
        "building-capabilities": 0,
        "mutuality-reciprocity": 1,
        GOLD: 0,
        "breaking-down-barriers": 3,
        LAST: -1,
    }
    assert said(page).count("Discuss: the two sides are 2 or more rungs apart.") == 2


def test_each_reviewer_sees_the_difference_with_their_own_rungs(
    admin_client, reviewer_client, submitted, closed, admin, uninvited, uninvited_client
):
    second, _token = invite(closed, admin, email=uninvited.email)
    second.accept(uninvited)
    declare(second, organisation="Westbrook Trust")
    rate_everything(second, dict.fromkeys(SLUGS, 1))
    second.submit()

    first_page = reviewer_client.get(review_url("reviewer_comparison", submitted))
    second_page = uninvited_client.get(review_url("reviewer_comparison", second))
    org_second = admin_client.get(comparison_url(second))

    assert table(first_page, CAPTION) == EXPECTED_ROWS
    assert [row[2] for row in table(second_page, CAPTION)] == ["1. Coercion"] * 6
    assert [row[2] for row in table(org_second, CAPTION)] == ["1. Coercion"] * 6
    assert "Seen for people-as-assets" in said(second_page)
    assert said(second_page).count("Seen for people-as-assets") == 1


# Recording the agreed positions ------------------------------------------------------------


def test_the_form_reminds_the_admin_where_each_side_placed_them(admin_client, submitted):
    page = admin_client.get(record_url(submitted))

    assert page.status_code == 200
    assert headings(page) == ["Record the agreed positions"]
    assert "You said Co-design (rung 6). The reviewer said Consultation (rung 4)." in said(page)


def test_the_admin_records_agreed_rungs_with_notes(
    admin_client, admin, submitted, framework, mailoutbox
):
    response = record(
        admin_client,
        submitted,
        {FIRST: ("5", "Between us, after talking"), GOLD: ("7", "Run by its members")},
        version=None,
    )

    assert response.status_code == 302
    assert response.url == comparison_url(submitted)
    agreed = {a.principle.slug: a for a in AgreedRung.objects.select_related("principle", "rung")}
    assert set(agreed) == {FIRST, GOLD}
    assert agreed[FIRST].rung == rung(framework, 5)
    assert agreed[FIRST].note == "Between us, after talking"
    assert agreed[GOLD].rung == rung(framework, 7)
    for position in agreed.values():
        assert position.review == submitted
        assert position.recorded_by == admin
        assert position.reviewer_confirmed_at is None
        assert position.reviewer_dissent == ""
    page = admin_client.get(response.url)
    assert "The agreed positions have been saved." in said(page)
    assert "Between us, after talking" in said(page)
    assert "Waiting for the reviewer to confirm" in said(page)
    assert table(page, CAPTION)[0][4] == "5. Engagement"


def test_the_reviewer_is_emailed_to_confirm(admin_client, submitted, mailoutbox):
    record(admin_client, submitted, {GOLD: ("7", "Run by its members")})

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["reviewer@eastfield.example"]
    assert message.subject == "Riverside Community Trust asks you to confirm the agreed positions"
    assert "- Peer support networks: Co-production" in message.body
    assert "Peer support networks: Co-production" in html_part(message)
    link = only_link(message)
    assert link == f"{settings.SITE_URL}{review_url('reviewer_comparison', submitted)}"


def test_saving_nothing_new_sends_nothing(admin_client, agreed, mailoutbox):
    response = record(
        admin_client,
        agreed,
        {
            FIRST: ("5", "Somewhere between us"),
            "building-capabilities": ("5", ""),
            GOLD: ("7", "Run by its members"),
            LAST: ("4", "We agree with the reviewer"),
        },
    )

    assert response.status_code == 302
    assert "Nothing had changed, so nothing was saved." in said(admin_client.get(response.url))
    assert mailoutbox == []


def test_a_note_without_a_rung_is_an_error(admin_client, submitted, mailoutbox):
    response = record(admin_client, submitted, {GOLD: ("", "A note but no rung")})

    assert response.status_code == 200
    assert "Choose the rung you agreed for peer support networks, or leave its note blank" in said(
        response
    )
    assert not AgreedRung.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("bad", ["0", "8", "abc", "-1"])
def test_a_rung_not_on_the_ladder_is_an_error(admin_client, submitted, bad):
    response = record(admin_client, submitted, {GOLD: (bad, "")})

    assert response.status_code == 200
    assert "Choose a rung from the list" in said(response)
    assert not AgreedRung.objects.exists()


def test_recording_from_a_stale_page_saves_nothing_and_keeps_the_choices(
    admin_client, submitted, framework
):
    stale = form_of(admin_client.get(record_url(submitted))).values["version"]
    record(admin_client, submitted, {GOLD: ("6", "Saved by another admin")})

    response = record(admin_client, submitted, {GOLD: ("7", "My choice")}, version=stale)

    assert response.status_code == 200
    assert "Someone changed the agreed positions while you had this page open." in said(response)
    assert form_of(response).values[f"{GOLD}-note"] == "My choice"
    position = AgreedRung.objects.get()
    assert (position.rung, position.note) == (rung(framework, 6), "Saved by another admin")


def test_a_position_can_be_taken_back(admin_client, agreed):
    record(
        admin_client,
        agreed,
        {FIRST: ("5", "Somewhere between us"), "building-capabilities": ("5", "")},
    )

    assert set(AgreedRung.objects.values_list("principle__slug", flat=True)) == {
        FIRST,
        "building-capabilities",
    }


# The reviewer confirms or disagrees --------------------------------------------------------


def test_the_reviewer_confirms_an_agreed_position(reviewer_client, agreed):
    response = confirm(reviewer_client, agreed, GOLD)

    assert response.status_code == 302
    assert response.url == f"{review_url('reviewer_comparison', agreed)}#{GOLD}"
    position = AgreedRung.objects.get(principle__slug=GOLD)
    assert position.reviewer_confirmed_at is not None
    assert position.reviewer_dissent == ""
    page = reviewer_client.get(response.url)
    assert "You have confirmed the agreed position for peer support networks." in said(page)
    assert AgreedRung.objects.filter(reviewer_confirmed_at__isnull=False).count() == 1


def test_a_confirmation_from_a_stale_page_is_refused(admin_client, reviewer_client, agreed):
    version = version_for(reviewer_client, agreed, GOLD)
    record(
        admin_client,
        agreed,
        {
            FIRST: ("5", "Somewhere between us"),
            "building-capabilities": ("5", ""),
            GOLD: ("6", "On reflection, not quite"),
            LAST: ("4", "We agree with the reviewer"),
        },
    )

    response = confirm(reviewer_client, agreed, GOLD, version=version)

    page = reviewer_client.get(response.url)
    assert "The organisation changed the position for peer support networks" in said(page)
    assert AgreedRung.objects.get(principle__slug=GOLD).reviewer_confirmed_at is None


@pytest.mark.parametrize("version", ["", "yesterday", "2020-01-01T00:00:00+00:00"])
def test_a_confirmation_with_a_bad_version_is_refused_not_a_crash(reviewer_client, agreed, version):
    response = confirm(reviewer_client, agreed, GOLD, version=version)

    assert response.status_code == 302
    assert AgreedRung.objects.get(principle__slug=GOLD).reviewer_confirmed_at is None


def test_confirming_needs_a_post(reviewer_client, agreed):
    response = reviewer_client.get(reverse("confirm_agreed", args=[agreed.pk, GOLD]))

    assert response.status_code == 405
    assert AgreedRung.objects.get(principle__slug=GOLD).reviewer_confirmed_at is None


def test_a_principle_without_an_agreed_position_cannot_be_confirmed(reviewer_client, agreed):
    slug = "mutuality-reciprocity"

    post = confirm(reviewer_client, agreed, slug, version="2020-01-01T00:00:00+00:00")
    dissent = reviewer_client.get(reverse("dissent_agreed", args=[agreed.pk, slug]))

    assert (post.status_code, dissent.status_code) == (404, 404)


def test_the_reviewer_can_say_why_they_disagree(admin_client, reviewer_client, agreed):
    url = reverse("dissent_agreed", args=[agreed.pk, FIRST])
    page = reviewer_client.get(url)
    version = form_of(page).values["version"]

    response = reviewer_client.post(url, {"dissent": "I saw rung 4, not 5.", "version": version})

    assert page.status_code == 200
    assert headings(page) == ["Recognising people as assets: do you agree?"]
    assert "5. Engagement" in said(page)
    assert "Somewhere between us" in said(page)
    assert response.status_code == 302
    position = AgreedRung.objects.get(principle__slug=FIRST)
    assert position.reviewer_dissent == "I saw rung 4, not 5."
    assert position.reviewer_confirmed_at is None
    assert "Does not agree: I saw rung 4, not 5." in said(admin_client.get(comparison_url(agreed)))


def test_a_dissent_needs_a_reason(reviewer_client, agreed):
    url = reverse("dissent_agreed", args=[agreed.pk, FIRST])
    version = form_of(reviewer_client.get(url)).values["version"]

    response = reviewer_client.post(url, {"dissent": "  ", "version": version})

    assert response.status_code == 200
    assert "Say why you disagree with this position" in said(response)
    assert AgreedRung.objects.get(principle__slug=FIRST).reviewer_dissent == ""


def test_a_dissent_over_5000_characters_is_an_error(reviewer_client, agreed):
    url = reverse("dissent_agreed", args=[agreed.pk, FIRST])
    version = form_of(reviewer_client.get(url)).values["version"]

    response = reviewer_client.post(url, {"dissent": "x" * 5001, "version": version})

    assert response.status_code == 200
    assert "Your reason must be 5,000 characters or fewer" in said(response)
    assert AgreedRung.objects.get(principle__slug=FIRST).reviewer_dissent == ""


def test_a_dissent_withdraws_an_earlier_confirmation(reviewer_client, agreed):
    confirm(reviewer_client, agreed, GOLD)
    url = reverse("dissent_agreed", args=[agreed.pk, GOLD])
    version = form_of(reviewer_client.get(url)).values["version"]

    reviewer_client.post(url, {"dissent": "Not every group is run by members.", "version": version})

    position = AgreedRung.objects.get(principle__slug=GOLD)
    assert position.reviewer_confirmed_at is None
    assert position.reviewer_dissent == "Not every group is run by members."
    assert standings(agreed.assessment)[GOLD] != CONFIRMED


def test_changing_a_confirmed_position_asks_the_reviewer_again(
    admin_client, reviewer_client, agreed, mailoutbox
):
    confirm(reviewer_client, agreed, FIRST)
    assert AgreedRung.objects.get(principle__slug=FIRST).reviewer_confirmed_at is not None

    record(
        admin_client,
        agreed,
        {
            FIRST: ("4", "The reviewer was right"),
            "building-capabilities": ("5", ""),
            GOLD: ("7", "Run by its members"),
            LAST: ("4", "We agree with the reviewer"),
        },
    )

    position = AgreedRung.objects.get(principle__slug=FIRST)
    assert position.reviewer_confirmed_at is None
    assert position.note == "The reviewer was right"
    assert len(mailoutbox) == 1
    assert "Recognising people as assets: Consultation" in mailoutbox[0].body


def test_changing_a_position_the_reviewer_disagreed_with_clears_their_old_reservation(
    admin_client, reviewer_client, agreed
):
    url = reverse("dissent_agreed", args=[agreed.pk, FIRST])
    version = form_of(reviewer_client.get(url)).values["version"]
    reviewer_client.post(url, {"dissent": "I saw rung 4, not 5.", "version": version})

    response = record(
        admin_client,
        agreed,
        {
            FIRST: ("6", "We think higher"),
            "building-capabilities": ("5", ""),
            GOLD: ("7", "Run by its members"),
            LAST: ("4", "We agree with the reviewer"),
        },
    )

    position = AgreedRung.objects.get(principle__slug=FIRST)
    assert position.reviewer_dissent == ""
    assert position.reviewer_confirmed_at is None
    page = said(admin_client.get(response.url))
    assert "The reviewer needs to look at the changed ones again" in page
    assert "I saw rung 4, not 5." not in page
    assert "I saw rung 4, not 5." not in said(reviewer_client.get(url))
    assert "I saw rung 4, not 5." not in pdf_text(assessment_report(agreed.assessment))


def confirm_all(client, review, version=None):
    page = client.get(review_url("reviewer_comparison", review))
    if version is None:
        version = re.search(r'name="version" value="([0-9a-f]{16})"', text(page)).group(1)
    return client.post(reverse("confirm_all_agreed", args=[review.pk]), {"version": version})


def test_the_reviewer_confirms_every_waiting_position_in_one_step(reviewer_client, agreed):
    dissent_url = reverse("dissent_agreed", args=[agreed.pk, LAST])
    version = form_of(reviewer_client.get(dissent_url)).values["version"]
    reviewer_client.post(dissent_url, {"dissent": "I saw rung 3.", "version": version})
    page = said(reviewer_client.get(review_url("reviewer_comparison", agreed)))
    assert "Confirm all 3 agreed positions" in page

    response = confirm_all(reviewer_client, agreed)

    assert response.status_code == 302
    assert response.url == review_url("reviewer_comparison", agreed)
    confirmed = set(
        AgreedRung.objects.filter(reviewer_confirmed_at__isnull=False).values_list(
            "principle__slug", flat=True
        )
    )
    assert confirmed == {FIRST, "building-capabilities", GOLD}
    assert AgreedRung.objects.get(principle__slug=LAST).reviewer_dissent == "I saw rung 3."
    after = said(reviewer_client.get(response.url))
    assert after.index("You have confirmed the agreed positions for") < after.index(
        "Your review compared with their self-assessment"
    )
    assert "Confirm all" not in after
    assert standing.standings(agreed.assessment)[3].gold == CONFIRMED


def test_agreeing_and_confirming_go_in_the_organisations_record(reviewer_client, agreed):
    confirm(reviewer_client, agreed, GOLD)
    confirm_all(reviewer_client, agreed)

    events = AuditEvent.objects.filter(organisation=agreed.assessment.organisation).order_by("pk")
    agreed_events = list(events.filter(verb="agreed").values_list("actor_name", "subject"))
    confirmed = list(events.filter(verb="confirmed").values_list("actor_name", "subject"))

    assert len(agreed_events) == 4
    assert {name for name, _ in agreed_events} == {"Rita Okafor"}
    assert agreed_events[0][1] == (
        "Recognising people as assets at rung 5, Engagement, in Autumn 2026"
    )
    assert confirmed[0] == (
        "Evan Clarke",
        "Peer support networks at rung 7, Co-production, in Autumn 2026",
    )
    assert len(confirmed) == 4
    assert {name for name, _ in confirmed} == {"Evan Clarke"}


def test_confirming_all_from_a_stale_page_confirms_nothing(admin_client, reviewer_client, agreed):
    page = reviewer_client.get(review_url("reviewer_comparison", agreed))
    version = re.search(r'name="version" value="([0-9a-f]{16})"', text(page)).group(1)
    record(
        admin_client,
        agreed,
        {
            FIRST: ("6", "Changed our minds"),
            "building-capabilities": ("5", ""),
            GOLD: ("7", "Run by its members"),
            LAST: ("4", "We agree with the reviewer"),
        },
    )

    response = confirm_all(reviewer_client, agreed, version=version)

    assert not AgreedRung.objects.filter(reviewer_confirmed_at__isnull=False).exists()
    assert "changed the agreed positions while you had the page open" in said(
        reviewer_client.get(response.url)
    )


def test_only_the_reviewer_confirms_all_and_only_by_post(
    admin_client, member_client, reviewer_client, agreed
):
    url = reverse("confirm_all_agreed", args=[agreed.pk])
    version = AgreedRung.fingerprint(agreed.assessment_id)

    assert reviewer_client.get(url).status_code == 405
    for client in (admin_client, member_client):
        assert client.post(url, {"version": version}).status_code == 404
    assert not AgreedRung.objects.filter(reviewer_confirmed_at__isnull=False).exists()


# Gold standard, peer-confirmed -------------------------------------------------------------


def standings(assessment) -> dict[str, str]:
    return {c.principle.slug: c.standing for c in peer_comparison(assessment) if c.standing}


def test_self_assessed_gold_without_a_peer_says_it_is_not_confirmed(admin_client, closed):
    assert standings(closed) == {GOLD: NOT_CONFIRMED}

    page = admin_client.get(results_url(closed))

    assert "Nobody from another organisation has reviewed this assessment yet." in said(page)
    assert f"Peer support networks: {NOT_CONFIRMED}." in said(page)
    assert CONFIRMED not in said(page)


def test_a_peer_who_rated_gold_does_not_make_it_confirmed(admin_client, submitted):
    assert standings(submitted.assessment) == {GOLD: NOT_CONFIRMED}

    page = admin_client.get(results_url(submitted.assessment))

    assert CONFIRMED not in said(page)
    assert NOT_CONFIRMED in said(page)


def test_an_agreed_gold_standard_waits_for_the_reviewer(admin_client, agreed):
    assert standings(agreed.assessment) == {GOLD: WAITING}

    results = admin_client.get(results_url(agreed.assessment))
    comparison = admin_client.get(comparison_url(agreed))

    assert WAITING in said(results)
    assert CONFIRMED not in said(results)
    assert table(comparison, CAPTION)[3][4] == f"7. Co-production {WAITING}"


def test_gold_standard_peer_confirmed_appears_once_the_reviewer_confirms(
    admin_client, reviewer_client, agreed
):
    confirm(reviewer_client, agreed, GOLD)
    confirm(reviewer_client, agreed, FIRST)

    assert standings(agreed.assessment) == {GOLD: CONFIRMED}
    results = admin_client.get(results_url(agreed.assessment))
    rows = table(results, "Self-assessed, peer and agreed rungs")
    assert rows[3] == [
        "Peer support networks",
        "7. Co-production",
        "7. Co-production",
        "Same rung",
        f"7. Co-production {CONFIRMED}",
    ]
    # Once in the peer review table, once where the principle's standing is explained.
    assert said(results).count(CONFIRMED) == 2
    assert rows[0][4] == "5. Engagement"  # confirmed, but not the top rung: no gold wording
    for page in (
        admin_client.get(comparison_url(agreed)),
        reviewer_client.get(review_url("reviewer_comparison", agreed)),
    ):
        assert table(page, CAPTION)[3][4] == f"7. Co-production {CONFIRMED}"


def test_a_gold_standard_with_a_dissent_is_not_peer_confirmed(
    admin_client, reviewer_client, agreed
):
    url = reverse("dissent_agreed", args=[agreed.pk, GOLD])
    version = form_of(reviewer_client.get(url)).values["version"]
    reviewer_client.post(url, {"dissent": "Not yet", "version": version})

    assert standings(agreed.assessment) == {GOLD: WAITING}
    assert CONFIRMED not in said(admin_client.get(results_url(agreed.assessment)))


def test_agreeing_below_the_top_rung_claims_no_gold_standard(admin_client, agreed):
    """The agreed rung is the standing (assessment/standing.py), so once the organisation and
    its reviewer agree below the top rung, no surface still speaks of a gold standard."""
    record(admin_client, agreed, {GOLD: ("6", "Not all groups are member-run")})

    assert standings(agreed.assessment) == {}
    page = admin_client.get(comparison_url(agreed))
    assert table(page, CAPTION)[3][4] == "6. Co-design"
    assert NOT_CONFIRMED not in said(admin_client.get(results_url(agreed.assessment)))
    assert CONFIRMED not in said(admin_client.get(results_url(agreed.assessment)))


# The results page is kept in the cache: every change to the peer review shows at once -------


def agreed_column(client, assessment) -> list[str]:
    return [row[4] for row in table(client.get(results_url(assessment)), PEER_TABLE)]


def test_the_results_page_shows_a_review_submitted_after_it_was_first_seen(admin_client, declared):
    assert "Nobody from another organisation" in said(
        admin_client.get(results_url(declared.assessment))
    )

    submit_review(declared)

    assert (
        agreed_column(admin_client, declared.assessment)
        == ["Not agreed yet"] * 3 + [f"Not agreed yet {NOT_CONFIRMED}"] + ["Not agreed yet"] * 2
    )


def test_the_results_page_shows_an_agreed_position_at_once(admin_client, submitted):
    assert agreed_column(admin_client, submitted.assessment)[3] == f"Not agreed yet {NOT_CONFIRMED}"

    record(admin_client, submitted, {GOLD: ("7", "Run by its members")})

    assert agreed_column(admin_client, submitted.assessment)[3] == f"7. Co-production {WAITING}"


def test_the_results_page_shows_a_confirmation_and_then_a_dissent_at_once(
    admin_client, reviewer_client, agreed
):
    assert agreed_column(admin_client, agreed.assessment)[3] == f"7. Co-production {WAITING}"

    confirm(reviewer_client, agreed, GOLD)
    assert agreed_column(admin_client, agreed.assessment)[3] == f"7. Co-production {CONFIRMED}"

    url = reverse("dissent_agreed", args=[agreed.pk, GOLD])
    version = form_of(reviewer_client.get(url)).values["version"]
    reviewer_client.post(url, {"dissent": "Not yet", "version": version})
    assert agreed_column(admin_client, agreed.assessment)[3] == f"7. Co-production {WAITING}"


def test_the_results_page_shows_a_position_taken_back_at_once(admin_client, agreed):
    assert agreed_column(admin_client, agreed.assessment)[0] == "5. Engagement"

    record(
        admin_client,
        agreed,
        {"building-capabilities": ("5", ""), GOLD: ("7", "Run by its members")},
    )

    assert agreed_column(admin_client, agreed.assessment)[0] == "Not agreed yet"


# Query counts ------------------------------------------------------------------------------

# Measured: the comparison page makes this many queries whether 2 or 30 people answered.
ORG_COMPARISON_QUERIES = 10
REVIEWER_COMPARISON_QUERIES = 8


def _submitted_review(organisation, framework, admin, reviewer, count) -> PeerReview:
    assessment = close_with_respondents(
        organisation, framework, admin, people(count), title=f"{count} people"
    )
    review, _token = invite(assessment, admin)
    review.accept(reviewer)
    declare(review)
    submit_review(review)
    review.agree(
        {principle(framework, GOLD): (rung(framework, 7), "Agreed")},
        by=admin,
        seen=AgreedRung.fingerprint(assessment.pk),
    )
    return review


def test_the_comparison_pages_make_the_same_queries_for_2_and_30_respondents(
    admin_client,
    reviewer_client,
    reviewer,
    reviewer_organisation,
    organisation,
    framework,
    admin,
    django_assert_max_num_queries,
):
    few = _submitted_review(organisation, framework, admin, reviewer, 2)
    many = _submitted_review(organisation, framework, admin, reviewer, 30)
    admin_client.get(comparison_url(few))  # warm up
    reviewer_client.get(review_url("reviewer_comparison", few))

    org_counts = [queries_for(admin_client, comparison_url(r)) for r in (few, many)]
    reviewer_counts = [
        queries_for(reviewer_client, review_url("reviewer_comparison", r)) for r in (few, many)
    ]

    assert org_counts[0] == org_counts[1], org_counts
    assert reviewer_counts[0] == reviewer_counts[1], reviewer_counts
    with django_assert_max_num_queries(ORG_COMPARISON_QUERIES):
        admin_client.get(comparison_url(many))
    with django_assert_max_num_queries(REVIEWER_COMPARISON_QUERIES):
        reviewer_client.get(review_url("reviewer_comparison", many))


def test_a_reviewer_cannot_confirm_a_position_agreed_with_another_reviewer(
    agreed, closed, admin, uninvited, uninvited_client
):
    second, _token = invite(closed, admin, email=uninvited.email)
    second.accept(uninvited)
    declare(second, organisation="Westbrook Trust")
    submit_review(second)
    version = AgreedRung.objects.get(principle__slug=GOLD).recorded_at.isoformat()

    post = confirm(uninvited_client, second, GOLD, version=version)
    dissent = uninvited_client.get(reverse("dissent_agreed", args=[second.pk, GOLD]))
    page = uninvited_client.get(review_url("reviewer_comparison", second))

    assert (post.status_code, dissent.status_code) == (404, 404)
    assert AgreedRung.objects.get(principle__slug=GOLD).reviewer_confirmed_at is None
    assert table(page, CAPTION)[3][4] == f"Not agreed yet {NOT_CONFIRMED}"
