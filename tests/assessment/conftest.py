import pytest


@pytest.fixture
def fast_password_hashing(settings):
    """Hash passwords quickly. The account tests sign in and out many times, and test what the
    service does, not the strength of the hash. Modules opt in with
    `pytestmark = pytest.mark.usefixtures("fast_password_hashing")`."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
