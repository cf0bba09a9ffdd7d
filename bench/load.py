"""50 people at once for 2 minutes: respondents saving sections, admins reading results.

    make bench-load                 (or: python -m bench.load --users 50 --seconds 120)

Serves the app as bench.pages does (gunicorn, 2 workers, DEBUG off, PostgreSQL in a throwaway
database with the demo data and 1,000 benchmark organisations). Four in five users answer
through personal links: each opens a section, reads its version from the form, saves the whole
section with a numbered example, and goes on to the next section, round and round. The others
are organisation admins reading their results page. There is no pause between requests, so the
two workers are never idle.

Afterwards the database is read back. Every save that was answered with a redirect must be
there: the sum of the sections' versions equals the number of saves the users were told of, and
each section holds the last example its person saved. Prints both counts, errors and timings.
"""

import argparse
import re
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench._setup import load, percentile
from bench.server import gunicorn, prepared_site

DATABASE = "coprod_bench_load"
ORGANISATIONS = 1000
REQUEST_TIMEOUT = 60  # seconds; gunicorn's own limit is the same
MAX_REQUESTS_PER_USER = 5000  # a bound on each loop, far above what 2 minutes allow
CSRF_SECRET = "benchloadcsrf0123456789abcdefghi"  # noqa: S105 - 32 characters, not a secret
VERSION = re.compile(
    r'<input[^>]*name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"'
)


@dataclass
class Tally:
    """What the users saw, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict = field(default_factory=lambda: defaultdict(list))  # kind -> seconds
    errors: Counter = field(default_factory=Counter)
    examples: list = field(default_factory=list)
    saves: int = 0
    last_saved: dict = field(default_factory=dict)  # (respondent, slug) -> example text

    def record(self, kind: str, seconds: float, problem: str | None = None) -> None:
        with self.lock:
            self.timings[kind].append(seconds)
            if problem:
                self.errors[kind] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{kind}: {problem}")


def respondent_user(base, session_key, respondent_id, slugs, form, deadline, tally: Tally):
    """Answer section after section until the deadline, each save with a new numbered example."""
    import requests

    http = requests.Session()
    http.cookies.set("sessionid", session_key)
    http.cookies.set("csrftoken", CSRF_SECRET)
    for number in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        slug = slugs[number % len(slugs)]
        url = f"{base}/your-answers/{slug}/"
        start = time.perf_counter()
        try:
            page = http.get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False)
        except requests.RequestException as error:
            tally.record("section page", time.perf_counter() - start, repr(error))
            continue
        match = VERSION.search(page.text) if page.status_code == 200 else None
        tally.record(
            "section page",
            time.perf_counter() - start,
            None if match else f"{page.status_code}, no version in the form",
        )
        if not match or time.monotonic() >= deadline:
            continue
        example = f"Example {number} from respondent {respondent_id}"
        data = {
            **form[slug],
            "version": match.group(1) or match.group(2),
            "rung_evidence": example,
            "csrfmiddlewaretoken": CSRF_SECRET,
        }
        start = time.perf_counter()
        try:
            saved = http.post(url, data=data, timeout=REQUEST_TIMEOUT, allow_redirects=False)
        except requests.RequestException as error:
            tally.record("save a section", time.perf_counter() - start, repr(error))
            continue
        ok = saved.status_code == 302
        tally.record(
            "save a section", time.perf_counter() - start, None if ok else saved.status_code
        )
        if ok:
            with tally.lock:
                tally.saves += 1
                tally.last_saved[(respondent_id, slug)] = example


def admin_user(base, session_key, path, deadline, tally: Tally):
    """Read the organisation's results page again and again until the deadline."""
    import requests

    http = requests.Session()
    http.cookies.set("sessionid", session_key)
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        start = time.perf_counter()
        try:
            page = http.get(base + path, timeout=REQUEST_TIMEOUT, allow_redirects=False)
            problem = None if page.status_code == 200 else page.status_code
        except requests.RequestException as error:
            problem = repr(error)
        tally.record("results page", time.perf_counter() - start, problem)


def check_database(pool, tally: Tally, slugs) -> tuple[int, int, int]:
    """(sum of section versions, sections whose example is not the last one saved, sections
    saved that the users were never told of)."""
    from django.db.models import Sum

    from assessment.models import Section

    sections = Section.objects.filter(respondent__in=[r.pk for r, _ in pool])
    versions = sections.aggregate(total=Sum("version"))["total"] or 0
    stored = {
        (respondent, slug): evidence
        for respondent, slug, evidence in sections.values_list(
            "respondent_id", "principle__slug", "rung_evidence"
        )
    }
    wrong = sum(stored.get(key) != example for key, example in tally.last_saved.items())
    unknown = len(set(stored) - set(tally.last_saved))
    return versions, wrong, unknown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--organisations", type=int, default=ORGANISATIONS)
    options = parser.parse_args()
    admins = max(1, options.users // 5)
    respondents = options.users - admins

    with prepared_site(DATABASE) as env:
        from django.core.management import call_command

        from assessment.models import Assessment, User
        from bench import seed
        from bench.pages import section_form

        call_command("seed_demo", force=True, verbosity=0)
        seed.grow(options.organisations)
        seed.analyse()
        pool = seed.answering_pool(respondents, label="load")
        principles = list(pool[0][0].assessment.framework.principles.order_by("position"))
        slugs = [p.slug for p in principles]
        form = {p.slug: section_form(p) for p in principles}
        readers = []
        step = max(1, options.organisations // admins)
        for number in range(1, step * admins + 1, step):
            user = User.objects.get(email=f"admin{number:05d}@bench.example")
            assessment = Assessment.objects.get(created_by=user)
            path = f"/organisations/{assessment.organisation_id}/assessments/{assessment.pk}/"
            readers.append((seed.signed_in_sessions(user, 1)[0], f"{path}results/"))

        with gunicorn(env) as base:
            print(
                f"Load: {respondents} respondents saving sections and {admins} admins reading "
                f"results for {options.seconds} s, {options.organisations:,} organisations",
                flush=True,
            )
            print(f"  before: {load()}")
            tally = Tally()
            started = time.monotonic()
            deadline = started + options.seconds
            with ThreadPoolExecutor(max_workers=options.users) as users:
                futures = [
                    users.submit(respondent_user, base, key, r.pk, slugs, form, deadline, tally)
                    for r, key in pool
                ]
                futures += [
                    users.submit(admin_user, base, key, path, deadline, tally)
                    for key, path in readers
                ]
                for future in futures:
                    future.result()
            elapsed = time.monotonic() - started
            print(f"  after:  {load()}")

        versions, wrong, unknown = check_database(pool, tally, slugs)
        print(f"  {'requests':16} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} errors")
        for kind, samples in sorted(tally.timings.items()):
            print(
                f"  {kind:16} {len(samples):7d} {len(samples) / elapsed:7.1f}"
                f" {percentile(samples, 50) * 1000:8.0f} {percentile(samples, 95) * 1000:8.0f}"
                f" {tally.errors[kind]:6d}"
            )
        for example in tally.examples:
            print(f"    error: {example}")
        print(f"  saves answered with a redirect: {tally.saves}")
        print(f"  saves in the database (sum of section versions): {versions}")
        print(f"  sections not holding the last example saved: {wrong}")
        print(f"  sections saved that no user was told of: {unknown}")
        errors = sum(tally.errors.values())
        lost = versions != tally.saves or wrong or unknown
        print(f"  {'PASS' if not errors else 'MISS'}  zero errors: {errors}")
        print(f"  {'PASS' if not lost else 'MISS'}  zero lost saves")


if __name__ == "__main__":
    main()
