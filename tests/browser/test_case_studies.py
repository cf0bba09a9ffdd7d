"""The case-study library in the browser.

A member of Riverside deposits a case study (after an empty first try shows what is missing);
a working-group member approves it; anyone then finds it in the library and on the page of a
principle it shows. Every page is checked with axe.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from tests.factories import make_user

from .a11y import check_accessibility
from .helpers import error_summary_links, focus_is_in_error_summary, sign_in, submit

TITLE = "Tenants' repairs panel"


@pytest.fixture
def wg_member(db):
    group, _ = Group.objects.get_or_create(name="Working group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="assessment", codename="view_working_group")
    )
    user = make_user("wanda@workinggroup.example", "Wanda Green")
    user.groups.add(group)
    return user


def heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_have_text(text)


def deposit(page: Page, live_server, member, organisation) -> None:
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    page.get_by_role("link", name="Share a case study of your co-production").click()
    heading(page, "Share a case study")
    check_accessibility(page)

    submit(page, page.get_by_role("button", name="Send for approval"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert focus_is_in_error_summary(page)
    assert "#id_title" in error_summary_links(page)
    check_accessibility(page)

    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("What did you do, and who took part?").fill(
        "Tenants and housing staff planned the new repairs service together."
    )
    page.get_by_label("What changed as a result?").fill(
        "Repairs are done faster, and tenants now chair the repairs panel."
    )
    page.get_by_role("checkbox", name="Peer support networks").check()
    page.get_by_role("radio", name="Housing").check()
    page.get_by_role("radio", name="Co-design").check()
    page.get_by_label("Where did it happen?").fill("Riverside")
    submit(page, page.get_by_role("button", name="Send for approval"))
    heading(page, "Your case studies")
    expect(page.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Waiting for approval")
    check_accessibility(page)


def approve(page: Page, live_server, wg_member) -> None:
    sign_in(page, live_server, wg_member)
    page.get_by_role("link", name="Working group").first.click()
    page.get_by_role("link", name="Case studies waiting for approval").click()
    heading(page, "Case studies waiting for approval")
    check_accessibility(page)

    page.get_by_role("link", name=TITLE).click()
    heading(page, TITLE)
    check_accessibility(page)

    submit(page, page.get_by_role("button", name="Publish it"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
    expect(page.get_by_text("No case studies are waiting for approval.")).to_be_visible()
    check_accessibility(page)


def test_a_deposited_study_is_approved_then_appears_in_the_library_and_on_its_principle(
    new_page, transactional_db, live_server, framework, colleague, organisation, wg_member
):
    deposit(new_page(), live_server, colleague, organisation)
    approve(new_page(), live_server, wg_member)

    page = new_page()
    page.goto(f"{live_server.url}/case-studies/")
    heading(page, "Case studies")
    check_accessibility(page)

    page.get_by_label("Search").fill("repairs panel")
    page.get_by_label("Principle it shows").select_option(label="Peer support networks")
    submit(page, page.get_by_role("button", name="Search"))
    expect(page.get_by_role("status")).to_have_text("1 case study matches your search.")
    check_accessibility(page)

    page.get_by_role("link", name=TITLE).click()
    heading(page, TITLE)
    study_url = page.url
    expect(page.get_by_text("Riverside Community Trust")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Peer support networks").click()
    heading(page, "Peer support networks")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    check_accessibility(page)

    # On a phone, the library and the study reflow without scrolling sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    for url in [f"{live_server.url}/case-studies/", study_url]:
        page.goto(url)
        check_accessibility(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 321, f"{page.url} scrolls sideways at 320px ({width}px wide)"
