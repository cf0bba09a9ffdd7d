"""The app's own settings, plus a trivial view to measure against (`bench.urls`).

Everything else is production as documented: DEBUG comes from the environment (off in the
benchmarks), the compressed manifest storage, the same middleware and sessions. Only the static
folder may be moved, so `collectstatic` for a benchmark never touches the checkout's.
"""

import os

from coprod_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
