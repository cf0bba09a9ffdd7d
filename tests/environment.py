"""Loaded by pytest before Django (`-p tests.environment`): the environment the tests run in.

Production settings throughout, except that tests talk plain HTTP to the test client and to a
local live server. DATABASE_URL comes from outside (CI points it at PostgreSQL).
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("STATIC_FROM_SOURCE", "true")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
