import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.models import Membership, Organisation, User

DEMO_PASSWORD = "coproduce-demo"
ACCOUNTS = {
    # email: (organisation, role, working-group staff)
    "admin@riverside.example": ("Riverside Community Trust", "admin", False),
    "member@riverside.example": ("Riverside Community Trust", "member", False),
    "admin@northgate.example": ("Northgate Borough Council", "admin", False),
    "reviewer@eastfield.example": ("Eastfield CVS", "member", False),
    "wg@wayahead.example": (None, None, True),
}


def counts():
    return (User.objects.count(), Organisation.objects.count(), Membership.objects.count())


def every_count():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("assessment").get_models()
    }


def test_seed_demo_refuses_to_run_with_debug_off(framework, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        call_command("seed_demo")

    assert counts() == (0, 0, 0)


def test_seed_demo_runs_with_debug_on(framework, settings):
    settings.DEBUG = True

    call_command("seed_demo", verbosity=0)

    assert User.objects.count() == 5


def test_seed_demo_makes_the_accounts_in_the_readme(framework, settings):
    settings.DEBUG = False

    call_command("seed_demo", force=True, verbosity=0)

    assert set(User.objects.values_list("email", flat=True)) == set(ACCOUNTS)
    for email, (organisation, role, is_staff) in ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD), email
        assert user.is_staff is is_staff, email
        assert not user.is_superuser, email
        memberships = list(user.memberships.values_list("organisation__name", "role"))
        assert memberships == ([(organisation, role)] if organisation else []), email


def test_seed_demo_makes_the_organisations(framework, settings):
    call_command("seed_demo", force=True, verbosity=0)

    assert sorted(Organisation.objects.values_list("name", "kind")) == [
        ("Brook Lane Tenants' Association", "community_group"),
        ("Canal Side Food Bank", "charity"),
        ("Eastfield CVS", "infrastructure"),
        ("Hillside Play Network", "charity"),
        ("Mill Yard Youth Club", "community_group"),
        ("Northgate Borough Council", "local_authority"),
        ("Riverside Community Trust", "charity"),
    ]


def test_the_demo_accounts_can_sign_in(client, framework, settings):
    call_command("seed_demo", force=True, verbosity=0)

    response = client.post(
        reverse("login"), {"username": "admin@riverside.example", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302


def test_running_seed_demo_twice_changes_nothing(framework, settings):
    call_command("seed_demo", force=True, verbosity=0)
    before = every_count()
    roles = sorted(Membership.objects.values_list("user__email", "organisation__name", "role"))

    call_command("seed_demo", force=True, verbosity=0)

    assert every_count() == before
    assert counts() == (5, 7, 4)
    assert sorted(Membership.objects.values_list("user__email", "organisation__name", "role")) == (
        roles
    )


def test_seed_demo_keeps_a_changed_demo_password(framework, settings):
    call_command("seed_demo", force=True, verbosity=0)
    user = User.objects.get(email="admin@riverside.example")
    user.set_password("a-private-password-99")
    user.save()

    call_command("seed_demo", force=True, verbosity=0)

    user.refresh_from_db()
    assert user.check_password("a-private-password-99")


def test_seed_demo_fills_the_case_study_library_and_one_study_waits_for_approval(
    framework, settings
):
    from principles.models import CaseStudy

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)

    waiting = CaseStudy.objects.filter(status=CaseStudy.Status.SUBMITTED)
    assert CaseStudy.objects.filter(status=CaseStudy.Status.PUBLISHED).count() >= 12
    assert [(s.organisation_name, s.submitted_by.email) for s in waiting] == [
        ("Riverside Community Trust", "member@riverside.example")
    ]
