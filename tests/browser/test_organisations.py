"""Setting up an organisation, inviting a colleague and managing its people, in a browser."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from assessment.models import Membership, Organisation
from tests.factories import PASSWORD

from .a11y import check_accessibility
from .helpers import confirm_email_from_the_email, focus_is_in_error_summary, sign_in, submit

INVITEE = "new@example.org"


def invitation_path_from_the_email() -> str:
    """The link in the invitation email, as a path on the live server.

    The live server runs in this process with the locmem backend, so `mail.outbox` holds the
    message. Its link starts with settings.SITE_URL, not the live server's address.
    """
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [INVITEE]
    links = re.findall(r"https?://\S+/join/\S+/", message.body)
    assert len(links) == 1, message.body
    html_body = message.alternatives[0].content
    assert links[0] in html_body
    return urlsplit(links[0]).path


def test_a_stranger_sets_up_an_organisation_and_a_colleague_joins_from_the_invitation(
    new_page, transactional_db, live_server, stranger
):
    page = new_page()
    sign_in(page, live_server, stranger)
    expect(page.get_by_text("You are not part of an organisation yet")).to_be_visible()

    # Setting up the organisation, forgetting its type the first time.
    page.get_by_role("button", name="Set up a new organisation").click()
    expect(page.locator("h1")).to_have_text("Set up your organisation")
    check_accessibility(page)
    page.get_by_label("Name of your organisation").fill("Brookside Community Kitchen")
    page.get_by_label("Area or borough").fill("Hackney")
    page.get_by_label("10 to 49").check()
    submit(page, page.get_by_role("button", name="Create organisation"))

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    assert focus_is_in_error_summary(page), "The error summary should take focus"
    check_accessibility(page)
    expect(page.get_by_label("Name of your organisation")).to_have_value(
        "Brookside Community Kitchen"
    )
    expect(page.get_by_label("Area or borough")).to_have_value("Hackney")
    expect(page.get_by_label("10 to 49")).to_be_checked()
    assert not Organisation.objects.exists()

    page.get_by_label("Community group").check()
    submit(page, page.get_by_role("button", name="Create organisation"))

    organisation = Organisation.objects.get(name="Brookside Community Kitchen")
    expect(page).to_have_url(f"{live_server.url}/organisations/{organisation.pk}/")
    expect(page.locator("h1")).to_have_text("Brookside Community Kitchen")
    expect(page.get_by_role("alert")).to_contain_text("You are its admin")
    check_accessibility(page)
    people = page.get_by_role("table", name="People in Brookside Community Kitchen")
    expect(people).to_contain_text("Stella Ranger (you)")
    expect(people).to_contain_text("Admin")

    # Inviting a colleague.
    page.get_by_role("button", name="Invite a colleague").click()
    expect(page.locator("h1")).to_have_text("Invite a colleague")
    check_accessibility(page)
    expect(page.get_by_label("Member: can take part in assessments")).to_be_checked()
    page.get_by_label("Their email address").fill(INVITEE)
    submit(page, page.get_by_role("button", name="Send invitation"))
    expect(page.get_by_role("alert")).to_contain_text(f"We have emailed an invitation to {INVITEE}")
    check_accessibility(page)
    waiting = page.get_by_role("table", name="Invitations waiting for a reply")
    expect(waiting).to_contain_text(INVITEE)

    # The colleague opens the emailed link in their own browser, without an account.
    path = invitation_path_from_the_email()
    invitee = new_page()
    invitee.goto(f"{live_server.url}{path}")
    expect(invitee).to_have_url(f"{live_server.url}/join/")  # the token leaves the address bar
    expect(invitee.locator("h1")).to_have_text("Join Brookside Community Kitchen on Coprod")
    check_accessibility(invitee)

    invitee.get_by_role("button", name="Create an account").click()
    expect(invitee.locator("h1")).to_have_text("Create an account")
    check_accessibility(invitee)
    invitee.get_by_label("Name").fill("Nia Newcomer")
    # The address the invitation went to is filled in, and cannot be changed.
    expect(invitee.get_by_label("Email address")).to_have_value(INVITEE)
    expect(invitee.get_by_label("Email address")).not_to_be_editable()
    invitee.get_by_label("Password", exact=True).fill(PASSWORD)
    invitee.get_by_label("Type your password again").fill(PASSWORD)
    submit(invitee, invitee.get_by_role("button", name="Create account"))

    # Before joining, the newcomer confirms the address the invitation was sent to.
    expect(invitee).to_have_url(f"{live_server.url}/join/")
    expect(invitee.locator("h1")).to_have_text("Confirm your email address first")
    check_accessibility(invitee)
    confirm_email_from_the_email(invitee, live_server, INVITEE)

    expect(invitee).to_have_url(f"{live_server.url}/join/")
    expect(invitee.locator("h1")).to_have_text("Join Brookside Community Kitchen")
    expect(invitee.get_by_text("Stella Ranger has invited you")).to_be_visible()
    check_accessibility(invitee)
    submit(invitee, invitee.get_by_role("button", name="Accept and join"))

    expect(invitee).to_have_url(f"{live_server.url}/organisations/{organisation.pk}/")
    expect(invitee.locator("h1")).to_have_text("Brookside Community Kitchen")
    expect(invitee.get_by_role("alert")).to_contain_text(
        "You have joined Brookside Community Kitchen"
    )
    check_accessibility(invitee)
    expect(invitee.get_by_role("table")).to_contain_text("Nia Newcomer (you)")
    expect(invitee.get_by_role("button", name="Invite a colleague")).to_have_count(0)
    membership = Membership.objects.get(organisation=organisation, user__email=INVITEE)
    assert membership.role == Membership.Role.MEMBER

    # The admin sees the new member, and the page to remove them.
    page.reload()
    check_accessibility(page)
    people = page.get_by_role("table", name="People in Brookside Community Kitchen")
    expect(people).to_contain_text("Nia Newcomer")
    expect(page.get_by_text("None at the moment.")).to_be_visible()  # invitation used up

    people.get_by_role("link", name="Remove Nia Newcomer").click()
    expect(page.locator("h1")).to_have_text("Remove Nia Newcomer?")
    check_accessibility(page)
    submit(page, page.get_by_role("button", name="Remove Nia Newcomer"))
    expect(page.get_by_role("alert")).to_contain_text("has been removed")
    check_accessibility(page)
    expect(people).not_to_contain_text("Nia Newcomer")
    assert not Membership.objects.filter(user__email=INVITEE).exists()


def test_the_error_summary_link_for_an_unanswered_question_leads_to_its_first_radio(
    page, transactional_db, live_server, stranger
):
    sign_in(page, live_server, stranger)
    page.goto(f"{live_server.url}/organisations/new/")
    check_accessibility(page)
    page.get_by_label("Name of your organisation").fill("Brookside Community Kitchen")
    page.get_by_label("Area or borough").fill("Hackney")
    page.get_by_label("10 to 49").check()
    submit(page, page.get_by_role("button", name="Create organisation"))
    check_accessibility(page)

    link = page.locator(".govuk-error-summary").get_by_role("link")
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    first_radio = page.locator("input[type=radio][name=kind]").first
    first_radio_id = first_radio.get_attribute("id")
    assert href == f"#{first_radio_id}", (
        f"The error summary links to {href}, which is not on the page; the first radio "
        f"of 'Type of organisation' is #{first_radio_id}"
    )
    link.click()
    expect(first_radio).to_be_focused()


def test_an_admin_reads_the_record_downloads_everything_and_deletes_the_organisation(
    new_page, transactional_db, live_server, admin, organisation
):
    page = new_page()
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    page.get_by_role("link", name="Your organisation's data").click()
    expect(page.locator("h1")).to_have_text("Your organisation's data")
    check_accessibility(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything (zip)").click()
    assert download.value.suggested_filename.startswith("riverside-community-trust-")
    assert download.value.suggested_filename.endswith("-data.zip")
    page.reload()
    expect(page.get_by_text("Exported everything the organisation holds")).to_be_visible()

    page.get_by_role("link", name="Delete Riverside Community Trust").click()
    expect(page.locator("h1")).to_have_text(
        "Delete Riverside Community Trust and everything it holds?"
    )
    check_accessibility(page)
    submit(page, page.get_by_role("button", name=re.compile("^Delete Riverside")))
    assert focus_is_in_error_summary(page), "The error summary should take focus"
    check_accessibility(page)
    page.get_by_label("Type the organisation's name to confirm").fill("Riverside Community Trust")
    submit(page, page.get_by_role("button", name=re.compile("^Delete Riverside")))
    expect(
        page.get_by_text("Riverside Community Trust and everything it held have been deleted.")
    ).to_be_visible()
    check_accessibility(page)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
