"""Shared start-up for the benchmarks: Django settings, and a guard for the database."""

import os
import statistics
import sys


def setup(*, writes: bool = False) -> None:
    """Start Django. Benchmarks that write demand an explicit DATABASE_URL (`make bench` gives a
    throwaway SQLite file), so they never add rows to the development database."""
    if writes and not os.environ.get("DATABASE_URL"):
        sys.exit(
            "This benchmark creates organisations: run it with `make bench`, or set "
            "DATABASE_URL to a throwaway database (e.g. sqlite:////tmp/coprod-bench.sqlite3)."
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod_site.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def percentile(samples: list[float], percent: int) -> float:
    """The `percent`th percentile (inclusive method, as spreadsheets compute it)."""
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def count_pages(pdf: bytes) -> int:
    """How many pages a PDF has."""
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)
