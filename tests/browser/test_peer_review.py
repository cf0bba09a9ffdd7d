"""Peer review in the browser, the whole loop: Riverside's admin writes the position statement
and invites a reviewer; the reviewer follows the emailed link, signs up, rates all six
principles without seeing Riverside's own rungs, and submits; both sides see the comparison;
the admin records the agreed rungs and the reviewer confirms a peer-confirmed gold standard.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from assessment.models import AgreedRung, PeerReview
from tests.factories import PASSWORD

from .a11y import check_accessibility
from .helpers import (
    confirm_email_from_the_email,
    error_summary_links,
    focus_is_in_error_summary,
    sign_in,
    submit,
)
from .review_helpers import (
    PRINCIPLES,
    SELF_ASSESSED,
    assert_blind,
    build_closed_assessment,
    only_link,
    review_invitation_path,
    rungs_shown_outside_the_rating,
)

REVIEWER = "new.reviewer@eastfield.example"
MESSAGE = "Evan, thank you for agreeing to be our critical friend. Could we have it by March?"

# The reviewer's rung for each principle, as its radio is labelled, and as pages write it.
PEER = [
    ("4. Consultation", "4. Consultation"),
    ("4. Consultation", "4. Consultation"),
    ("3. Informing", "3. Informing"),
    ("7. Co-production (the gold standard)", "7. Co-production"),
    ("4. Consultation", "4. Consultation"),
    ("3. Informing", "3. Informing"),
]
PEER_RUNGS = {written for _, written in PEER}
DIFFERENCES = [
    "Reviewer 2 rungs lower",
    "Reviewer 1 rung lower",
    "Reviewer 2 rungs lower",
    "Reviewer 1 rung higher",
    "Reviewer 1 rung lower",
    "Reviewer 3 rungs lower",
]
DISCUSS = [True, False, True, False, False, True]
COMMENT = "Staff ask people what they are good at, but the examples are about asking."
SUGGESTION = "Show people what changed because of what they said."
STRENGTHS = "The buddy scheme is run by people who once used the advice service."
AREAS = "Share decisions before they are made, and say what happened to people's ideas."
# principle index: (agreed rung, note)
AGREED = {
    0: ("5. Engagement", "Agreed on a call: we ask well, but do not yet show what changed."),
    1: ("4. Consultation", "Agreed: roles are still designed by staff."),
    2: ("4. Consultation", "Agreed: the time-swap is a start."),
    3: ("7. Co-production", "Agreed: the buddy scheme is the gold standard."),
}
GOLD = PRINCIPLES[3]  # Peer support networks


@pytest.fixture
def _fresh_rate_limits():
    """The counters live in the database cache, which outlives each live-server test."""
    cache.clear()
    yield
    cache.clear()


def heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_have_text(text)


def comparison_rows(page: Page):
    table = page.get_by_role("table", name=re.compile(r"^Where each side placed Riverside"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(PRINCIPLES))
    return rows


def expect_comparison_table(page: Page, agreed: dict[int, str]) -> None:
    """Self-assessed, peer, difference and agreed rung, row by row."""
    rows = comparison_rows(page)
    for index, name in enumerate(PRINCIPLES):
        row = rows.nth(index)
        cells = row.locator("td")
        expect(row.locator("th")).to_have_text(name)
        expect(cells.nth(0)).to_have_text(SELF_ASSESSED[index])
        expect(cells.nth(1)).to_have_text(PEER[index][1])
        expect(cells.nth(2)).to_contain_text(DIFFERENCES[index])
        flag = cells.nth(2).get_by_text("Discuss: two rungs or more apart")
        # Far apart is worth discussing until a position is agreed.
        expect(flag).to_have_count(1 if DISCUSS[index] and index not in agreed else 0)
        expect(cells.nth(3)).to_contain_text(agreed.get(index, "Not agreed yet"))


def principle_section(page: Page, name: str):
    return page.get_by_role("region", name=re.compile(rf"{re.escape(name)}$"))


@pytest.mark.usefixtures("_fresh_rate_limits")
def test_a_reviewer_is_invited_reviews_blind_and_agrees_a_peer_confirmed_gold_standard(
    new_page, transactional_db, live_server, framework, admin, organisation
):
    assessment = build_closed_assessment(organisation, admin, framework)
    base = f"{live_server.url}/organisations/{organisation.pk}/assessments/{assessment.pk}"

    # -- The admin writes the position statement ----------------------------------------
    page = new_page()
    sign_in(page, live_server, admin)
    page.goto(f"{base}/")
    check_accessibility(page)
    page.get_by_role("link", name="Peer review", exact=True).click()
    heading(page, "Peer review")
    check_accessibility(page)
    expect(page.get_by_text("Nobody has been invited yet.")).to_be_visible()

    page.get_by_role("button", name="Write the position statement").click()
    heading(page, "Position statement for your reviewer")
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Save the position statement"))
    expect(page).to_have_title(re.compile(r"^Error: Position statement"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert focus_is_in_error_summary(page), "The error summary should take focus"
    links = error_summary_links(page)
    assert links == ["#id_context", "#id_proud_of", "#id_look_at"], links
    for href in links:
        expect(page.locator(href)).to_have_count(1)
    expect(page.locator(".govuk-error-message")).to_have_count(3)
    check_accessibility(page)

    page.get_by_label("About your organisation and this service").fill(
        "A small charity running a community cafe and an advice service, with 30 volunteers."
    )
    page.get_by_label("What you are proud of").fill("Cafe regulars sit on the steering group.")
    page.get_by_label("What you would like the reviewer to look at").fill(
        "Whether decisions are really shared, or made before the steering group meets."
    )
    submit(page, page.get_by_role("button", name="Save the position statement"))
    heading(page, "Peer review")
    expect(page.get_by_role("alert")).to_contain_text("The position statement has been saved.")
    check_accessibility(page)

    # -- ...and invites a reviewer with a personal message --------------------------------
    page.get_by_role("button", name="Invite a reviewer").click()
    heading(page, "Invite a peer reviewer")
    check_accessibility(page)
    page.get_by_label("The reviewer's email address").fill(REVIEWER)
    page.get_by_label("A personal message (optional)").fill(MESSAGE)
    submit(page, page.get_by_role("button", name="Send the invitation"))
    heading(page, "Peer review")
    expect(page.get_by_role("alert")).to_contain_text(
        f"We have emailed an invitation to {REVIEWER}"
    )
    check_accessibility(page)
    expect(page.get_by_role("table", name=re.compile("^Peer reviewers invited"))).to_contain_text(
        REVIEWER
    )
    path = review_invitation_path(REVIEWER)
    assert MESSAGE in mail.outbox[0].body

    # -- The reviewer follows the link, signs up and accepts -----------------------------
    reviewer = new_page()
    reviewer.goto(f"{live_server.url}{path}")
    expect(reviewer).to_have_url(f"{live_server.url}/review-invitations/")  # token is gone
    heading(reviewer, "Peer review for Riverside Community Trust")
    check_accessibility(reviewer)
    assert_blind(reviewer)

    reviewer.get_by_role("button", name="Create an account").click()
    heading(reviewer, "Create an account")
    check_accessibility(reviewer)
    reviewer.get_by_label("Name").fill("Evan Clarke")
    expect(reviewer.get_by_label("Email address")).to_have_value(REVIEWER)  # filled in, fixed
    reviewer.get_by_label("Password", exact=True).fill(PASSWORD)
    reviewer.get_by_label("Type your password again").fill(PASSWORD)
    submit(reviewer, reviewer.get_by_role("button", name="Create account"))

    expect(reviewer).to_have_url(f"{live_server.url}/review-invitations/")
    heading(reviewer, "Confirm your email address first")
    check_accessibility(reviewer)
    confirm_email_from_the_email(reviewer, live_server, REVIEWER)

    expect(reviewer).to_have_url(f"{live_server.url}/review-invitations/")
    heading(reviewer, "Review Riverside Community Trust")
    expect(reviewer.locator(".govuk-inset-text")).to_have_text(MESSAGE)
    check_accessibility(reviewer)
    assert_blind(reviewer)
    submit(reviewer, reviewer.get_by_role("button", name="Accept and start the review"))

    review = PeerReview.objects.get(assessment=assessment, email=REVIEWER)
    expect(reviewer).to_have_url(f"{live_server.url}/reviews/{review.pk}/")
    heading(reviewer, "Your review")
    expect(reviewer.get_by_role("alert")).to_contain_text(
        "You are now the peer reviewer for Riverside Community Trust"
    )
    check_accessibility(reviewer)
    assert_blind(reviewer)

    # -- About you, then about the organisation -----------------------------------------
    reviewer.get_by_role("link", name="About you").click()
    heading(reviewer, "About you")
    check_accessibility(reviewer)
    reviewer.get_by_label("Which organisation are you from?").fill("Eastfield CVS")
    conflict = reviewer.get_by_role("group", name=re.compile("^Do you have a conflict"))
    conflict.get_by_label("No", exact=True).check()
    submit(reviewer, reviewer.get_by_role("button", name="Save and continue"))

    heading(reviewer, "About Riverside Community Trust")
    check_accessibility(reviewer)
    assert_blind(reviewer)
    expect(reviewer.locator("main")).to_contain_text("Cafe regulars sit on the steering group.")
    expect(reviewer.locator("main")).to_contain_text("Whether decisions are really shared")
    people = reviewer.locator(".govuk-summary-list__row", has_text="People who answered")
    expect(people.locator("dd")).to_have_text(re.compile(r"^3, before it closed on "))
    reviewer.get_by_role("button", name="Continue to recognising people as assets").click()

    # -- Six principles, blind -----------------------------------------------------------
    for index, name in enumerate(PRINCIPLES):
        heading(reviewer, name)
        check_accessibility(reviewer)
        assert_blind(reviewer)
        ladder = reviewer.get_by_role("group", name=re.compile("^Where would you place them"))
        expect(ladder.locator("legend")).to_have_text(
            f"Where would you place them on the ladder for {name.lower()}?"
        )
        expect(ladder.get_by_role("radio")).to_have_count(7)
        expect(ladder.locator("input:checked")).to_have_count(0)  # nothing chosen for them
        if index == 0:
            main = reviewer.locator("main")
            # Named only where people agreed; everyone else by their point of view, except
            # that one person per perspective is too few to show any (small groups).
            expect(main).to_contain_text("Cafe regulars sit on the steering group")
            expect(main).to_contain_text("Rita Okafor")
            expect(main).to_contain_text("Someone who answered")
            expect(main).not_to_contain_text("A person who uses services")
            expect(main).not_to_contain_text("Joan Whitfield")
            expect(main).to_contain_text("Volunteers planned this year's summer fair.")
            expect(main).not_to_contain_text("Bea Lindqvist")
            reviewer.get_by_label("What you saw (optional)").fill(COMMENT)
            reviewer.get_by_label("One suggestion (optional)").fill(SUGGESTION)
        ladder.get_by_label(PEER[index][0], exact=True).check()
        submit(reviewer, reviewer.get_by_role("button", name="Save and continue"))

    heading(reviewer, "Overall feedback")
    check_accessibility(reviewer)
    assert_blind(reviewer)
    reviewer.get_by_label("Strengths (optional)").fill(STRENGTHS)
    reviewer.get_by_label("Areas to develop (optional)").fill(AREAS)
    submit(reviewer, reviewer.get_by_role("button", name="Save and continue"))

    heading(reviewer, "Check your review")
    check_accessibility(reviewer)
    assert_blind(reviewer, own=PEER_RUNGS)
    expect(reviewer.get_by_text("Not rated")).to_have_count(0)
    expect(reviewer.locator("main")).to_contain_text(COMMENT)
    expect(reviewer.locator("main")).to_contain_text(STRENGTHS)
    submit(reviewer, reviewer.get_by_role("button", name="Submit your review"))

    heading(reviewer, "Your review has been sent")
    check_accessibility(reviewer)
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert review.reviewer_organisation == "Eastfield CVS" and review.has_conflict is False
    # After the invitation and the link that confirmed the reviewer's address: the admin is told.
    assert [m.to for m in mail.outbox[2:]] == [[admin.email]]
    comparison_path = f"{base}/review/{review.pk}/comparison/".removeprefix(live_server.url)
    assert only_link(mail.outbox[2]) == comparison_path

    # -- Both sides see the comparison ---------------------------------------------------
    reviewer.get_by_role("link", name="See how your review compares with their").click()
    heading(reviewer, "Your review compared with their self-assessment")
    check_accessibility(reviewer)
    expect_comparison_table(reviewer, agreed={})
    # The same check that kept the reviewer's pages blind finds the self-assessed rungs now.
    assert set(SELF_ASSESSED) <= set(rungs_shown_outside_the_rating(reviewer))
    first = principle_section(reviewer, PRINCIPLES[0])
    expect(first).to_contain_text(COMMENT)
    expect(first).to_contain_text(SUGGESTION)
    expect(reviewer.locator("main")).to_contain_text(STRENGTHS)
    expect(reviewer.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)

    page.goto(f"{base}/review/")
    check_accessibility(page)
    expect(page.get_by_role("table", name=re.compile("^Peer reviewers invited"))).to_contain_text(
        "Review submitted"
    )
    page.get_by_role("link", name="See how their review compares with yours").click()
    expect(page).to_have_url(f"{live_server.url}{comparison_path}")
    heading(page, "Your self-assessment compared with the peer review")
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("Evan Clarke (Eastfield CVS)")
    expect(page.locator("main")).to_contain_text("They declared no conflict of interest.")
    expect_comparison_table(page, agreed={})
    expect(principle_section(page, PRINCIPLES[0])).to_contain_text(COMMENT)

    # -- The admin records four agreed rungs, one of them Co-production ------------------
    page.get_by_role("button", name="Record the agreed positions").click()
    heading(page, "Record the agreed positions")
    check_accessibility(page)
    for index, (rung, note) in AGREED.items():
        group = page.get_by_role("group", name=PRINCIPLES[index], exact=True)
        group.get_by_label("Agreed rung").select_option(label=rung)
        group.get_by_label("Note (optional)").fill(note)
    submit(page, page.get_by_role("button", name="Save the agreed positions"))
    heading(page, "Your self-assessment compared with the peer review")
    expect(page.get_by_role("alert")).to_contain_text("The agreed positions have been saved.")
    check_accessibility(page)
    agreed_rungs = {index: rung for index, (rung, _) in AGREED.items()}
    expect_comparison_table(page, agreed=agreed_rungs)
    waiting = "Gold standard agreed, waiting for the reviewer to confirm"
    expect(comparison_rows(page).nth(3).locator("td").nth(3)).to_contain_text(waiting)
    expect(principle_section(page, PRINCIPLES[0])).to_contain_text(AGREED[0][1])
    assert AgreedRung.objects.filter(assessment=assessment).count() == 4
    assert [m.to for m in mail.outbox[3:]] == [[REVIEWER]]  # asked to confirm
    assert "- Peer support networks: Co-production" in mail.outbox[3].body

    # -- The reviewer follows the email's link and confirms the gold standard ------------
    reviewer.goto(f"{live_server.url}{only_link(mail.outbox[3])}")
    heading(reviewer, "Your review compared with their self-assessment")
    check_accessibility(reviewer)
    expect_comparison_table(reviewer, agreed=agreed_rungs)
    gold = principle_section(reviewer, GOLD)
    expect(gold).to_contain_text(AGREED[3][1])
    expect(gold).to_contain_text(waiting)
    submit(
        reviewer,
        gold.get_by_role("button", name=f"Confirm the agreed position for {GOLD}"),
    )
    heading(reviewer, "Your review compared with their self-assessment")
    expect(reviewer.get_by_role("alert")).to_contain_text(
        f"You have confirmed the agreed position for {GOLD.lower()}."
    )
    check_accessibility(reviewer)
    gold = principle_section(reviewer, GOLD)
    expect(gold.locator("strong", has_text="Gold standard, peer-confirmed")).to_be_visible()
    expect(gold).to_contain_text("Confirmed on")
    expect(gold.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)
    gold_row = comparison_rows(reviewer).nth(3).locator("td").nth(3)
    expect(gold_row).to_contain_text("Gold standard, peer-confirmed")

    page.reload()
    check_accessibility(page)
    expect(principle_section(page, GOLD)).to_contain_text("Gold standard, peer-confirmed")
    expect(comparison_rows(page).nth(3).locator("td").nth(3)).to_contain_text(
        "Gold standard, peer-confirmed"
    )
    confirmed = AgreedRung.objects.get(assessment=assessment, principle__name=GOLD)
    assert confirmed.rung.is_gold_standard and confirmed.reviewer_confirmed_at

    # -- The reviewer confirms the other three in one step -------------------------------
    submit(reviewer, reviewer.get_by_role("button", name="Confirm all 3 agreed positions"))
    heading(reviewer, "Your review compared with their self-assessment")
    expect(reviewer.get_by_role("alert")).to_contain_text(
        "You have confirmed the agreed positions for"
    )
    check_accessibility(reviewer)
    expect(reviewer.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)
    assert not AgreedRung.objects.filter(
        assessment=assessment, reviewer_confirmed_at__isnull=True
    ).exists()


def test_a_person_invited_to_review_declines_without_an_account(
    new_page, transactional_db, live_server, admin, organisation, framework
):
    assessment = build_closed_assessment(organisation, admin, framework)
    review, token = PeerReview.invite(
        assessment=assessment, email=REVIEWER, message=MESSAGE, invited_by=admin
    )
    page = new_page()

    page.goto(f"{live_server.url}/review-invitations/{token}/")
    heading(page, "Peer review for Riverside Community Trust")
    check_accessibility(page)
    page.get_by_role("link", name="decline the invitation").click()
    heading(page, "Decline the invitation to review Riverside Community Trust")
    check_accessibility(page)
    page.get_by_label("Why are you declining? (optional)").fill("I am away until March.")
    submit(page, page.get_by_role("button", name="Decline the invitation"))

    heading(page, "You have declined the invitation")
    check_accessibility(page)
    review.refresh_from_db()
    assert review.state == PeerReview.State.DECLINED
    assert [m.to for m in mail.outbox] == [[admin.email]]
