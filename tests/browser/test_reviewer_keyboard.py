"""A reviewer using only the keyboard: confirms every agreed position in one step, and the
page says so where they are; a person invited to review declines with the keyboard. Both
axe-clean. (The whole review loop, by mouse, is test_peer_review.py.)"""

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from assessment.models import AgreedRung, PeerReview
from tests.assessment.working_group_helpers import (
    closed_assessment,
    peer_review,
    principles_of,
    rungs_of,
)
from tests.factories import make_user

from .a11y import check_accessibility
from .helpers import sign_in

SELF = [5, 5, 4, 6, 3, 3]
PEER = [5, 6, 4, 7, 2, 3]
AGREED = {1: 6, 3: 7, 4: 3}  # principle index: agreed rung


def press(page: Page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def tab_to(page: Page, target: Locator) -> None:
    """Tab through the page until `target` has the focus (at most 200 steps)."""
    for _ in range(200):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_a_reviewer_confirms_every_agreed_position_with_the_keyboard(
    new_page, transactional_db, live_server, framework, admin, organisation
):
    reviewer = make_user("evan@eastfield.example", "Evan Price")
    assessment = closed_assessment(organisation, framework, SELF, shared=False)
    review = peer_review(
        assessment, framework, PEER, submitted_at=timezone.now(), email=reviewer.email
    )
    PeerReview.objects.filter(pk=review.pk).update(reviewer=reviewer)
    for index, position in AGREED.items():
        AgreedRung.objects.create(
            assessment=assessment,
            principle=principles_of(framework)[index],
            rung=rungs_of(framework)[position],
            review=review,
            recorded_by=admin,
        )
    page = new_page()
    sign_in(page, live_server, reviewer)

    page.goto(f"{live_server.url}/reviews/{review.pk}/comparison/")
    check_accessibility(page)
    tab_to(page, page.get_by_role("button", name="Confirm all 3 agreed positions"))
    press(page, "Enter")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("You have confirmed the agreed positions for")
    expect(alert).to_be_in_viewport()
    check_accessibility(page)
    expect(page.get_by_role("button", name="Confirm all 3 agreed positions")).to_have_count(0)
    assert not AgreedRung.objects.filter(
        assessment=assessment, reviewer_confirmed_at__isnull=True
    ).exists()


def test_a_person_invited_to_review_declines_with_the_keyboard(
    new_page, transactional_db, live_server, framework, admin, organisation
):
    assessment = closed_assessment(organisation, framework, SELF, shared=False)
    review, token = PeerReview.invite(
        assessment=assessment, email="evan@eastfield.example", message="", invited_by=admin
    )
    mail.outbox.clear()
    page = new_page()

    page.goto(f"{live_server.url}/review-invitations/{token}/")
    check_accessibility(page)
    tab_to(page, page.get_by_role("link", name="decline the invitation"))
    press(page, "Enter")
    expect(page.locator("h1")).to_have_text(
        "Decline the invitation to review Riverside Community Trust"
    )
    check_accessibility(page)
    tab_to(page, page.get_by_label("Why are you declining? (optional)"))
    page.keyboard.type("I am away until March.")
    tab_to(page, page.get_by_role("button", name="Decline the invitation"))
    press(page, "Enter")

    expect(page.locator("h1")).to_have_text("You have declined the invitation")
    check_accessibility(page)
    review.refresh_from_db()
    assert review.state == PeerReview.State.DECLINED
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "I am away until March." in mail.outbox[0].body
