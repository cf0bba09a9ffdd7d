"""The demo data shows issue 12's "heard back": Riverside's Summer 2026 closed with a message,
with people in groups big enough to show and a lone carer merged into "Other perspectives", a
few "I don't know" rungs, and examples only from people who agreed to share them."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessment.groups import OTHERS, perspective_groups
from assessment.models import Assessment, Section, User
from assessment.views.answering import AnswerUrls

from .helpers import said

MERGED_NOTE = 'groups of fewer than 3 people are shown together as "Other perspectives"'
SHARED = "They ask what I think, but I do not hear what happens next."
KEPT = "I would rather this stayed with the trust."


@pytest.fixture
def summer(framework, settings) -> Assessment:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # a second run changes nothing
    settings.DEBUG = False
    return Assessment.objects.get(
        organisation__name="Riverside Community Trust", title="Summer 2026"
    )


def signed_in(email) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_summer_2026_is_closed_with_a_message_and_groups_of_every_kind(summer):
    people = Counter(summer.respondents.submitted().values_list("perspective", flat=True))
    grouping = perspective_groups(people)

    assert not summer.is_open
    assert summer.closing_message.startswith("Thank you to everyone who answered.")
    assert not summer.shared_with_working_group
    assert people == {"staff": 3, "person": 3, "volunteer": 2, "carer": 1}
    assert {key: grouping.of(key) for key in people} == {
        "staff": "staff",
        "person": "person",
        "volunteer": OTHERS,
        "carer": OTHERS,
    }
    assert summer.respondents.filter(user__isnull=False).count() == 2  # Rita and Sam
    assert Section.objects.filter(respondent__assessment=summer, dont_know=True).count() == 4
    quoted = Counter(summer.respondents.values_list("agreed_to_be_quoted", flat=True))
    assert quoted == {True: 6, False: 3}
    assert summer.results.filter(perspective=OTHERS).count() == 6


def test_its_results_page_shows_other_perspectives_and_the_note(summer):
    rita = signed_in("admin@riverside.example")

    page = said(rita.get(reverse("results", args=[summer.organisation_id, summer.pk])))

    assert "Other perspectives" in page
    assert MERGED_NOTE in page
    assert 'Said "I don\'t know"' in page  # the perspectives tables count it


def test_what_we_found_shows_the_message_and_only_shared_examples(summer):
    sam = signed_in("member@riverside.example")
    found = AnswerUrls("colleague", org=summer.organisation_id, pk=summer.pk).found

    assert f'href="{found}"' in sam.get(reverse("home")).content.decode()
    page = said(sam.get(found))

    assert "What we found" in page
    assert "From May, the group gets its papers a week before" in page
    assert SHARED in page
    assert KEPT not in page
