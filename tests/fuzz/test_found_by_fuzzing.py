"""What the fuzz tests found, each kept as the smallest plain test that shows it fixed."""

import pytest
from django.db import connection
from django.urls import reverse

from assessment.models import AgreedRung, Round
from principles.models import Principle, Rung
from tests.assessment.review_helpers import (
    accepted,
    closed,
    declared,
    invited,
    reviewer,
    reviewer_client,
    reviewer_organisation,
    submitted,
)
from tests.assessment.working_group_helpers import wg_client, wg_member, working_group

__all__ = [
    "accepted",
    "closed",
    "declared",
    "invited",
    "reviewer",
    "reviewer_client",
    "reviewer_organisation",
    "submitted",
    "wg_client",
    "wg_member",
    "working_group",
]

# A moment that exists where it was written, but is after 31 December 9999 in UTC.
AFTER_9999_IN_UTC = "9999-12-31T23:59:59-12:00"
SQLITE = connection.vendor == "sqlite"
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def agreed(submitted, admin, framework) -> AgreedRung:
    """The organisation has recorded an agreed position with the reviewer, for one principle."""
    principle = Principle.objects.filter(framework=framework).order_by("position").first()
    rung = Rung.objects.get(framework=framework, position=4)
    assert submitted.agree(
        {principle: (rung, "We agreed")},
        by=admin,
        seen=AgreedRung.fingerprint(submitted.assessment_id),
    )
    return AgreedRung.objects.get(review=submitted, principle=principle)


def test_confirming_an_agreed_position_seen_after_year_9999_is_refused_not_a_server_error(
    agreed, reviewer_client
):
    """The hidden `version` field comes from the browser: a tampered one is a stale page."""
    response = reviewer_client.post(
        reverse("confirm_agreed", args=[agreed.review_id, agreed.principle.slug]),
        {"version": AFTER_9999_IN_UTC},
    )
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.reviewer_confirmed_at is None


def test_disagreeing_with_an_agreed_position_seen_after_year_9999_is_refused_not_a_server_error(
    agreed, reviewer_client
):
    """The same hidden field on the form for saying why the reviewer disagrees."""
    response = reviewer_client.post(
        reverse("dissent_agreed", args=[agreed.review_id, agreed.principle.slug]),
        {"dissent": "I saw rung 3", "version": AFTER_9999_IN_UTC},
    )
    assert response.status_code == 200
    agreed.refresh_from_db()
    assert agreed.reviewer_dissent == ""


def test_a_round_date_with_five_thousand_digits_gets_an_error_message(wg_client):
    """Years with forty digits are refused with a message; so must be longer ones."""
    response = wg_client.post(
        reverse("round_create"),
        {
            "name": "Midlands 2027",
            "starts_on_0": "9" * 5000,
            "starts_on_1": "4",
            "starts_on_2": "2027",
            "ends_on_0": "31",
            "ends_on_1": "3",
            "ends_on_2": "2028",
        },
    )
    assert response.status_code == 200
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    "page",
    ["signup", "organisation_create", "organisation_edit", "invite_member", "organisation_delete"],
)
def test_a_post_with_no_fields_at_all_is_told_what_is_missing(
    page, client, admin, organisation, stranger
):
    """Browsers always send a form's text boxes, but a post without them must still be told
    what is missing rather than shown the form again as if nothing happened."""
    if page == "organisation_create":
        client.force_login(stranger)
    elif page != "signup":
        client.force_login(admin)
    args = [] if page in ("signup", "organisation_create") else [organisation.pk]
    response = client.post(reverse(page, args=args), {})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_signing_in_with_an_address_longer_than_255_characters_gets_an_error_message(db, client):
    """A wrong sign-in is told so, whatever was typed in the email box."""
    response = client.post(
        reverse("login"), {"username": "x" * 250 + "@example.org", "password": "not-it"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
