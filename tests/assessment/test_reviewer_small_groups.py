"""The peer reviewer's page for a principle labels each example by its writer's group, as
`groups.perspective_groups` decides: nobody alone (or nearly) in their perspective stands out;
small groups read "Other perspectives", and where nothing can be broken down, nobody's
perspective shows. People who agreed to be named still are."""

import re

import pytest

from assessment.models import Perspective

from .answering_helpers import text_of
from .helpers import said
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import close_with_respondents, declare, invite, review_url

FIRST = "people-as-assets"
NOTE = 'groups of fewer than 3 people are shown together as "Other perspectives"'


def person(name, perspective, named=False):
    return (name, perspective, named, f"{name}'s example", f"{name}'s ladder")


# Three staff and three people who use services, shown on their own; one carer and two
# volunteers, shown together as "Other perspectives".
MIXED = [
    person("Ann", Perspective.STAFF),
    person("Carla", Perspective.CARER),
    person("Bob", Perspective.STAFF),
    person("Dev", Perspective.PERSON),
    person("Vic", Perspective.VOLUNTEER),
    person("Cat", Perspective.STAFF),
    person("Eve", Perspective.PERSON),
    person("Val", Perspective.VOLUNTEER),
    person("Fay", Perspective.PERSON),
]


@pytest.fixture
def closed(organisation, framework, admin):
    return close_with_respondents(organisation, framework, admin, MIXED)


def labels(page: str, kind: str) -> dict[str, str]:
    """{writer: the label shown under their example}, `kind` "example" or "ladder"."""
    return dict(re.findall(rf"<p[^>]*>(\w+)'s {kind}</p>\s*<p[^>]*>([^<]+)</p>", text_of(page)))


def test_a_lone_carer_reads_as_other_perspectives(reviewer_client, declared):
    page = reviewer_client.get(review_url("review_principle", declared, FIRST))

    for kind in ("example", "ladder"):
        assert labels(page, kind) == {
            "Ann": "A member of staff",
            "Bob": "A member of staff",
            "Cat": "A member of staff",
            "Dev": "A person who uses services",
            "Eve": "A person who uses services",
            "Fay": "A person who uses services",
            "Carla": "Other perspectives",
            "Vic": "Other perspectives",
            "Val": "Other perspectives",
        }
    assert "A carer or family member" not in said(page)
    assert "A volunteer" not in said(page)
    assert NOTE in said(page)


def test_examples_come_group_by_group_so_their_order_gives_nobody_away(reviewer_client, declared):
    page = reviewer_client.get(review_url("review_principle", declared, FIRST))

    # Staff, people who use services, then the others, each as they were added: never sorted
    # by perspective (where the carer would come first and the volunteers after staff).
    assert list(labels(page, "ladder")) == [
        "Ann",
        "Bob",
        "Cat",
        "Dev",
        "Eve",
        "Fay",
        "Carla",
        "Vic",
        "Val",
    ]


def test_where_nothing_can_be_broken_down_no_perspective_shows(
    organisation, framework, admin, reviewer_organisation, reviewer_client, reviewer
):
    # Four staff, one person who uses services and one carer: hiding the two would not be
    # enough (they are everyone minus staff), so nothing is broken down.
    people = [person(name, Perspective.STAFF) for name in ("Ann", "Bob", "Cat", "Dan")]
    people += [person("Lone", Perspective.PERSON), person("Priya", Perspective.CARER, named=True)]
    lonely = close_with_respondents(organisation, framework, admin, people, title="Lonely")
    review, _ = invite(lonely, admin)
    review.accept(reviewer)
    declare(review)

    page = reviewer_client.get(review_url("review_principle", review, FIRST))

    shown = labels(page, "example")
    assert shown.pop("Priya") == "Priya"  # she agreed to be named
    assert set(shown.values()) == {"Someone who answered"}
    assert "A person who uses services" not in said(page)
    assert "A member of staff" not in said(page)
