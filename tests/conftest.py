"""The people every test can use, and the framework content they work with.

- `admin`: admin of Riverside Community Trust (`organisation`)
- `colleague`: a member of Riverside
- `outsider`: admin of another organisation, Northgate Borough Council (`other_organisation`)
- `stranger`: signed up, but in no organisation
- `staff`: a working-group member with access to the back office
"""

import pytest
from django.core.management import call_command

from principles.models import Framework

from .factories import add_member, make_organisation, make_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A cheap hasher: tests make many accounts, and the real one is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the framework once for the whole run; each test's transaction leaves it alone."""
    with django_db_blocker.unblock():
        call_command("loaddata", "framework", "practices", verbosity=0)


@pytest.fixture
def framework(db) -> Framework:
    """The published framework from fixtures/framework.json.

    Loaded again only when missing: tests with real transactions (browser tests) empty the
    database when they finish.
    """
    if not Framework.objects.filter(version="2026.1").exists():
        call_command("loaddata", "framework", "practices", verbosity=0)
    return Framework.objects.get(version="2026.1")


@pytest.fixture
def admin(db):
    return make_user("admin@riverside.example", "Rita Okafor")


@pytest.fixture
def organisation(admin):
    return make_organisation("Riverside Community Trust", admin)


@pytest.fixture
def colleague(organisation):
    user = make_user("member@riverside.example", "Sam Patel")
    add_member(organisation, user)
    return user


@pytest.fixture
def outsider(db):
    return make_user("admin@northgate.example", "Nadia Hughes")


@pytest.fixture
def other_organisation(outsider):
    return make_organisation("Northgate Borough Council", outsider, kind="local_authority")


@pytest.fixture
def stranger(db):
    return make_user("stranger@example.org", "Stella Ranger")


@pytest.fixture
def staff(db):
    return make_user("wg@wayahead.example", "Wendy Green", is_staff=True)


@pytest.fixture
def mail_server_down(settings, mailoutbox):
    """Email goes to a real SMTP server that is not there: nothing listens on the port, so
    every send fails as it would when the provider is down."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 5},
        }
    }
    return mailoutbox
