"""Rate limits and sign-in lockouts count per person's address, also behind a reverse proxy."""

from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from assessment import ratelimit
from assessment.auth import client_address
from tests.factories import PASSWORD

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
REVIEWER = "198.51.100.9"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(address: str, forwarded_by_client: str = "") -> Client:
    """A browser at `address` whose requests reach the app through the proxy, which appends the
    address it saw to whatever X-Forwarded-For the browser sent."""
    chain = f"{forwarded_by_client}, {address}" if forwarded_by_client else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def address_of(**meta) -> str:
    return client_address(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_a_forwarded_header_is_ignored():
    assert address_of(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.1") == ATTACKER


def test_behind_one_proxy_the_address_it_saw_counts(behind_one_proxy):
    assert address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER) == ATTACKER


def test_behind_one_proxy_addresses_the_client_wrote_are_ignored(behind_one_proxy):
    chain = f"192.0.2.1, {ATTACKER}"

    assert address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain) == ATTACKER


def test_behind_two_proxies_the_outer_one_names_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    chain = f"192.0.2.1, {ATTACKER}, 10.0.0.1"

    assert address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain) == ATTACKER


@pytest.mark.parametrize("chain", ["", "not-an-address", "<script>"])
def test_a_missing_or_garbled_forwarded_header_falls_back_to_the_connection(
    behind_one_proxy, chain
):
    assert address_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain) == PROXY


@pytest.mark.django_db
def test_junk_requests_from_one_person_behind_the_proxy_do_not_limit_another(
    behind_one_proxy, monkeypatch
):
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    attacker = through_proxy(ATTACKER)
    answers = [attacker.get("/review-invitations/junk/").status_code for _ in range(21)]

    reviewer = through_proxy(REVIEWER)

    assert answers[-1] == 429
    assert reviewer.get("/review-invitations/their-link/").status_code != 429


def test_wrong_passwords_from_one_address_behind_the_proxy_do_not_lock_out_another(
    behind_one_proxy, admin
):
    attacker = through_proxy(ATTACKER)
    for _ in range(6):
        attacker.post(reverse("login"), {"username": admin.email, "password": "wrong-guess"})

    response = through_proxy(REVIEWER).post(
        reverse("login"), {"username": admin.email, "password": PASSWORD}
    )

    assert response.status_code == 302


def test_an_unknown_address_is_none_so_sign_in_records_store_no_address():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]

    assert client_address(request) is None


def test_signing_in_without_a_web_request_is_recorded(client, admin):
    """force_login signs in with no client address: the sign-in record must still save."""
    client.force_login(admin)

    assert client.get(reverse("home")).status_code == 200
