"""The peer reviewer reads only the examples people agreed to share (see test_consent.py for
the other surfaces)."""

from assessment.models import Respondent

from .helpers import said
from .review_helpers import *  # noqa: F403 - the shared fixtures
from .review_helpers import RESPONDENTS, review_url


def test_the_reviewer_reads_only_examples_people_agreed_to_share(reviewer_client, declared):
    kept_name, _, _, kept_example, kept_ladder = RESPONDENTS[2]
    Respondent.objects.filter(name=kept_name).update(agreed_to_be_quoted=False)
    shared_example = RESPONDENTS[0][3]

    page = said(reviewer_client.get(review_url("review_principle", declared, "people-as-assets")))

    assert shared_example in page
    assert kept_example not in page
    assert kept_ladder not in page
