"""Sessions restart their clock when the person does something, at most every few minutes, and
pages tell the time-out warning how long is really left."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

AGE = 60 * 60 * 8


@pytest.fixture
def signed_in(client, admin):
    client.force_login(admin)
    return client


def stored(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def started(client, minutes_ago: int) -> None:
    """Make the session look as if its clock last restarted this many minutes ago."""
    expires = timezone.now() + timedelta(seconds=AGE) - timedelta(minutes=minutes_ago)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=expires)


def time_left_on_page(response) -> int:
    return int(re.search(r'data-session-timeout="(\d+)"', response.text).group(1))


def test_reading_a_page_in_a_fresh_session_does_not_write_it(signed_in):
    started(signed_in, minutes_ago=1)
    before = stored(signed_in).expire_date

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(reverse("home"))

    assert response.status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
    assert "sessionid" not in response.cookies
    assert stored(signed_in).expire_date == before


def test_the_page_says_how_long_a_session_not_restarted_has_left(signed_in):
    started(signed_in, minutes_ago=2)

    response = signed_in.get(reverse("home"))

    assert AGE - 125 <= time_left_on_page(response) <= AGE - 115


def test_a_request_after_the_refresh_interval_restarts_the_clock(signed_in, settings):
    started(signed_in, minutes_ago=settings.SESSION_REFRESH_AFTER // 60 + 1)

    response = signed_in.get(reverse("home"))

    assert time_left_on_page(response) == AGE
    assert response.cookies["sessionid"]["max-age"] == AGE
    left = stored(signed_in).expire_date - timezone.now()
    assert timedelta(seconds=AGE - 5) < left <= timedelta(seconds=AGE)


def test_staying_signed_in_restarts_the_clock_at_once(signed_in):
    started(signed_in, minutes_ago=2)

    response = signed_in.post(reverse("keep_alive"))

    assert response.json() == {"expires_in": AGE}
    left = stored(signed_in).expire_date - timezone.now()
    assert timedelta(seconds=AGE - 5) < left <= timedelta(seconds=AGE)


def test_a_session_past_its_end_is_not_brought_back(signed_in):
    Session.objects.filter(session_key=signed_in.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = signed_in.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
