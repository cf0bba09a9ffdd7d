"""Case studies in the back office, for corrections."""

from django.urls import reverse

from .case_study_helpers import make_case_study
from .test_admin import back_office, superuser  # noqa: F401


def test_the_back_office_lists_and_opens_case_studies(back_office, framework):  # noqa: F811
    study = make_case_study(principles=["people-as-assets", "peer-support-networks"])

    listing = back_office.get(reverse("admin:principles_casestudy_changelist"))
    change = back_office.get(reverse("admin:principles_casestudy_change", args=[study.pk]))

    assert listing.status_code == 200
    assert "Tenants&#x27; repairs panel" in listing.content.decode()
    assert change.status_code == 200
    assert 'value="peer-support-networks"' in change.content.decode()
