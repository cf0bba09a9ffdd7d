"""The demo data shows progress between assessments, the round's movement and the benchmark
(issue 13's "Done when": Riverside has an earlier assessment so its trend shows)."""

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessment.models import Assessment, Round, User

from .helpers import said


def test_the_demo_shows_progress_movement_and_organisations_like_riverside(framework, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # a second run changes nothing
    riverside = Client()
    riverside.force_login(User.objects.get(email="admin@riverside.example"))
    autumn, spring = (
        Assessment.objects.get(organisation__name="Riverside Community Trust", title=title)
        for title in ("Autumn 2026", "Spring 2025")
    )

    now = said(riverside.get(reverse("results", args=[autumn.organisation_id, autumn.pk])))
    before = said(riverside.get(reverse("results", args=[spring.organisation_id, spring.pk])))

    assert "Compared with Spring 2025 , which closed on 20 May 2025: 4 principles moved up" in now
    assert "Where each principle stood in each assessment" in now
    assert "Fewer than 5 organisations of your kind" in now
    assert "5 organisations of your kind (community, 10 to 49 staff and volunteers)" in before
    wg = Client()
    wg.force_login(User.objects.get(email="wg@wayahead.example"))
    london = Round.objects.get(name="London 2026/27")
    dashboard = said(wg.get(reverse("round_dashboard", args=[london.pk])))
    assert "Movement since London 2025/26" in dashboard
    assert "2 assessments in this round have an assessment of the same service" in dashboard
