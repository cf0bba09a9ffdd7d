import logging

import pytest
from django.urls import reverse

from coprod_site.log_filters import without_secrets

TOKEN = "Kn7vcnOecv1DuXQieOtaukJwt2GBx93iyNRDcobLEIg"


@pytest.mark.parametrize(
    ("path", "hidden"),
    [
        (f"/respond/{TOKEN}/", "/respond/[hidden]/"),
        (f"/join/{TOKEN}/", "/join/[hidden]/"),
        (f"/review-invitations/{TOKEN}/", "/review-invitations/[hidden]/"),
        (f"/account/password/reset/MQ/{TOKEN}/", "/account/password/reset/MQ/[hidden]/"),
        ("/framework/people-as-assets/", "/framework/people-as-assets/"),
    ],
)
def test_the_secret_part_of_a_link_path_is_hidden(path, hidden):
    assert without_secrets(f"Gone: {path}") == f"Gone: {hidden}"


@pytest.mark.parametrize(
    "name", ["open_personal_link", "open_invitation", "open_review_invitation"]
)
def test_refused_secret_links_are_logged_without_their_secret(client, db, caplog, name):
    with caplog.at_level(logging.WARNING):
        client.get(reverse(name, args=[TOKEN]))
        client.get(reverse("respond_to_invitation"))
        client.get(reverse("respond_to_review_invitation"))

    assert caplog.records
    assert TOKEN not in caplog.text
    assert all(TOKEN not in record.getMessage() for record in caplog.records)
