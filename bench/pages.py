"""Pages under load: req/s, p50/p95 and queries per page at 10, 1,000 and 10,000 organisations.

    make bench                                  (or: python -m bench.pages --sizes 10,1000)

Seeds a throwaway PostgreSQL database (coprod_bench_pages, dropped afterwards) with the demo
organisations of `seed_demo` and the benchmark organisations of bench/seed.py, collects the static
files with the production storage, and serves the app with gunicorn (2 workers, DEBUG off)
through bench.settings, which adds a trivial view answering "ok". At each size wrk drives every
page with 20 connections for 10 s, the trivial view first, so each page's req/s is read as a ratio
to the trivial view's in the same run on the same (shared, noisy) machine. Queries are counted
in-process with the test client against the same database. Saving a section posts real forms:
every request is the first save of a section by someone with a personal link, and the sections in
the database are counted afterwards. Prints tables and the aims met or missed; `--profile` adds
where the time goes on the slowest pages (bench/profile_pages.py).
"""

import argparse
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin

from bench._setup import load
from bench.server import gunicorn, prepared_site

DATABASE = "coprod_bench_pages"
SIZES = (10, 1000, 10000)
CONNECTIONS = 20
THREADS = 2
SESSIONS_PER_ACCOUNT = CONNECTIONS
SAVE_POOL = 1500  # people answering; six sections each is more saves than 10 s can make
# 32 characters, sent as the CSRF cookie and the form field alike (an unmasked token).
CSRF_SECRET = "benchcsrfsecret0123456789abcdefg"  # noqa: S105 - not a secret
LUA = Path(__file__).with_name("wrk") / "requests.lua"
SIGNED_IN_RATIO_AIM = 0.2
FRAMEWORK_RATIO_AIM = 0.5
P95_AIM_MS = 300
GROWTH_AIM = 1.5
WEIGHT_AIM_KB = 200
HTML_AIM_KB = 100


@dataclass
class Page:
    name: str
    path: str
    sessions: list[str] = field(default_factory=list)  # session keys; none: anonymous
    expect: int = 200
    html: bool = True
    post: bool = False

    @property
    def signed_in(self) -> bool:
        return bool(self.sessions) and not self.post


@dataclass
class Measured:
    page: Page
    rps: float
    p50: float
    p95: float
    requests: int
    statuses: dict
    socket_errors: int
    queries: int
    size: int
    alone: float  # ms, in-process, one request at a time
    note: str = ""

    @property
    def errors(self) -> int:
        unexpected = sum(
            count for key, count in self.statuses.items() if key != f"s{self.page.expect // 100}xx"
        )
        return unexpected + self.socket_errors


def cookie(session_key: str | None) -> str:
    parts = [f"csrftoken={CSRF_SECRET}"]
    if session_key:
        parts.insert(0, f"sessionid={session_key}")
    return "; ".join(parts)


def build_pages() -> dict[str, Page]:
    """The pages of the issue, reached as the demo accounts reach them."""
    from assessment.models import Assessment, Respondent, User
    from bench import seed

    riverside = Assessment.objects.get(
        organisation__name="Riverside Community Trust", title="Autumn 2026"
    )
    review = riverside.peer_reviews.get()
    northgate_admin = User.objects.get(email="admin@northgate.example")
    answering = Respondent.objects.select_related("assessment").get(
        user=northgate_admin, assessment__title="Spring 2027"
    )
    first_principle = answering.assessment.framework.principles.order_by("position").first()
    round_ = seed.bench_round()
    answer = f"/organisations/{answering.assessment.organisation_id}/assessments/"
    answer += f"{answering.assessment_id}/answer/"
    results = f"/organisations/{riverside.organisation_id}/assessments/{riverside.pk}/"

    def sessions(email: str) -> list[str]:
        return seed.signed_in_sessions(User.objects.get(email=email), SESSIONS_PER_ACCOUNT)

    riverside_admin = sessions("admin@riverside.example")
    northgate = seed.signed_in_sessions(northgate_admin, SESSIONS_PER_ACCOUNT)
    working_group = sessions("wg@wayahead.example")
    pages = [
        Page("trivial view", "/bench/ok/", html=False),
        Page("framework (public)", "/framework/"),
        Page("sign-in page", "/account/sign-in/"),
        Page("home, signed in", "/", riverside_admin),
        Page("answering task list", answer, northgate),
        Page("section page", f"{answer}{first_principle.slug}/", northgate),
        Page("save a section (POST)", "/your-answers/", expect=302, post=True),
        Page("results page", f"{results}results/", riverside_admin),
        Page("peer comparison", f"{results}review/{review.pk}/comparison/", riverside_admin),
        Page("working-group home", "/working-group/", working_group),
        Page("round dashboard", f"/working-group/rounds/{round_.pk}/", working_group),
        Page(
            "scores CSV", f"/working-group/rounds/{round_.pk}/scores.csv", working_group, html=False
        ),
    ]
    return {page.name: page for page in pages}


def section_form(principle, version: int = 0, note: str = "") -> dict[str, str]:
    """A complete section as the form posts it: every question answered, a rung chosen."""
    from assessment.forms.answering import evidence_field, extent_field
    from assessment.models import Extent

    data = {"version": str(version), "rung": "4", "rung_evidence": f"Saved by the benchmark {note}"}
    for question in principle.questions.all():
        data[extent_field(question.code)] = str(Extent.MOSTLY.value)
        data[evidence_field(question.code)] = f"An example {note}"
    return data


def save_requests(pool, principles) -> list[tuple[str, str, str, str]]:
    """One first save per (person, section), people varying fastest, so concurrent saves are
    by different people, as in a real week of answers."""
    bodies = {
        p.slug: urlencode({**section_form(p), "csrfmiddlewaretoken": CSRF_SECRET})
        for p in principles
    }
    return [
        ("POST", f"/your-answers/{p.slug}/", cookie(key), bodies[p.slug])
        for p in principles
        for _, key in pool
    ]


def run_wrk(base: str, lines, seconds: int) -> dict:
    """wrk at CONNECTIONS connections for `seconds` over the given requests."""
    if len(lines) < THREADS:  # each thread takes its own share of the lines
        lines = list(lines) * THREADS
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as listing:
        listing.write("".join("\t".join(line) + "\n" for line in lines))
    try:
        command = [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout=30s",
            "--latency",
            "-s",
            str(LUA),
            base,
            "--",
            listing.name,
            str(THREADS),
        ]
        output = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True, timeout=seconds + 60
        ).stdout
    finally:
        Path(listing.name).unlink()
    match = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    return {key: float(value) for key, value in (p.split("=") for p in match.group(1).split())}


def count_queries(page: Page, session_key: str | None, data: dict | None = None):
    """Queries, response size and time of one request made in-process with the test client,
    after a warm-up request (so per-process caches are warm, as in a running server). The time
    is the median of up to five requests made one at a time: the page's own cost, without the
    queueing of 20 connections or the noise of a shared machine."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["csrftoken"] = CSRF_SECRET
    if session_key:
        client.cookies["sessionid"] = session_key

    def fetch(path, body):
        if page.post:
            return client.post(path, body)
        return client.get(path)

    path, body = page.path, None
    if page.post:
        fetch(data["warm"], data["warm_body"])
        path, body = data["path"], data["body"]
    else:
        fetch(path, None)
    connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = fetch(path, body)
    timings = [time.perf_counter() - start]
    query_count = len(queries)  # read now: the next request clears the query log
    if response.status_code != page.expect:
        raise RuntimeError(f"{page.name}: {response.status_code} in-process, not {page.expect}")
    content = b"".join(response) if response.streaming else response.content
    while not page.post and len(timings) < 5 and sum(timings) < 3:
        start = time.perf_counter()
        fetch(path, None)
        timings.append(time.perf_counter() - start)
    return query_count, len(content), statistics.median(timings) * 1000


def wait_until_idle(base: str, limit: float = 240) -> float:
    """Wait for the requests wrk left queued to finish (wrk stops sending after its duration,
    but gunicorn still works through what it accepted), so the next page starts on an idle
    server. Returns the seconds waited."""
    import requests

    start = time.monotonic()
    quick = 0
    while quick < 2 and time.monotonic() - start < limit:
        asked = time.monotonic()
        requests.get(f"{base}/bench/ok/", timeout=limit)
        quick = quick + 1 if time.monotonic() - asked < 0.2 else 0
    return time.monotonic() - start


def check_page(base: str, page: Page, session_key: str | None) -> None:
    """One request through gunicorn first: the page must answer as expected, not a redirect
    to sign in or an error, or its figures would mean nothing."""
    import requests

    response = requests.get(
        base + page.path,
        headers={"Cookie": cookie(session_key)},
        allow_redirects=False,
        timeout=120,
    )
    if response.status_code != page.expect:
        raise RuntimeError(f"{page.name}: {response.status_code} from gunicorn, not {page.expect}")


def measure_page(base: str, page: Page, seconds: int) -> tuple:
    """wrk's figures, queries and size of one GET page, each connection's requests spread over
    the page's sessions."""
    key = page.sessions[0] if page.sessions else None
    check_page(base, page, key)
    queries, length, alone = count_queries(page, key)
    for _ in range(4):  # reach both workers before measuring
        check_page(base, page, key)
    lines = [("GET", page.path, cookie(k), "") for k in page.sessions or [None]]
    result = run_wrk(base, lines, seconds)
    result["drain"] = wait_until_idle(base)
    return result, queries, length, alone


def measure_saves(base: str, page: Page, size: int, seconds: int) -> tuple:
    """Saving a section, every request the first save of a section by its own person; then
    the database is read back: every save wrk was told of must be there, complete."""
    from django.db.models import Count

    from assessment.models import Answer, Section
    from bench import seed

    pool = seed.answering_pool(SAVE_POOL + 1, label=str(size))
    principles = list(pool[0][0].assessment.framework.principles.order_by("position"))
    (_, key), pool = pool[0], pool[1:]
    queries, length, alone = count_queries(
        page,
        key,
        {
            "warm": f"/your-answers/{principles[0].slug}/",
            "warm_body": section_form(principles[0]),
            "path": f"/your-answers/{principles[1].slug}/",
            "body": section_form(principles[1]),
        },
    )
    result = run_wrk(base, save_requests(pool, principles), seconds)
    result["drain"] = wait_until_idle(base)
    acknowledged = int(result["s3xx"])
    sections = Section.objects.filter(respondent__in=[r.pk for r, _ in pool])
    versions = dict(sections.values_list("version").annotate(n=Count("pk")).order_by())
    questions = {p.pk: p.questions.count() for p in principles}
    answered = {
        (row["respondent_id"], row["question__principle_id"]): row["n"]
        for row in Answer.objects.filter(respondent__in=[r.pk for r, _ in pool])
        .values("respondent_id", "question__principle_id")
        .annotate(n=Count("pk"))
    }
    incomplete = sum(
        answered.get((respondent, principle), 0) != questions[principle]
        for respondent, principle in sections.values_list("respondent_id", "principle_id")
    )
    saved = versions.get(1, 0)
    # wrk stops with up to one request per connection in flight: the server may finish those
    # saves after wrk stopped listening, so a few more saved than answered is expected.
    lost = acknowledged > saved or saved - acknowledged > CONNECTIONS
    lost = lost or incomplete or set(versions) - {1}
    note = (
        f"{acknowledged} saves answered (302), {saved} sections saved in the database "
        f"(versions {versions}), {incomplete} without all their answers"
        + ("  LOST SAVES" if lost else "")
    )
    return result, queries, length, alone, note


def measure_size(base: str, pages: dict[str, Page], size: int, seconds: int) -> list[Measured]:
    rows = []
    for page in pages.values():
        note = ""
        if page.post:
            result, queries, length, alone, note = measure_saves(base, page, size, seconds)
        else:
            result, queries, length, alone = measure_page(base, page, seconds)
        if not result["requests"]:  # not one answer in time: slower than wrk's whole run
            result["p50"] = result["p95"] = float("inf")
        rows.append(
            Measured(
                page=page,
                rps=result["rps"],
                p50=result["p50"],
                p95=result["p95"],
                requests=int(result["requests"]),
                statuses={k: int(result[k]) for k in ("s2xx", "s3xx", "s4xx", "s5xx")},
                socket_errors=int(result["socket_errors"]),
                queries=queries,
                size=length,
                alone=alone,
                note=note,
            )
        )
        print(
            f"    {page.name:24} {result['rps']:8.1f} req/s  p95 {result['p95']:7.1f} ms"
            f"  {int(result['requests']):6d} answered, {result['drain']:4.0f} s to drain"
            f"  ({load()})",
            flush=True,
        )
    return rows


def print_table(size: int, rows: list[Measured], loads: str) -> None:
    trivial = rows[0].rps
    print(f"\n{size:,} organisations ({loads}; wrk -t{THREADS} -c{CONNECTIONS})")
    print(
        f"  {'page':24} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'queries':>7} {'size KB':>8} {'answered':>8} {'errors':>6} {'alone ms':>8}"
    )
    for row in rows:
        print(
            f"  {row.page.name:24} {row.rps:8.1f} {row.rps / trivial:6.2f} {row.p50:8.1f} "
            f"{row.p95:8.1f} {row.queries:7d} {row.size / 1024:8.1f} {row.requests:8d} "
            f"{row.errors:6d} {row.alone:8.1f}"
        )
    for row in rows:
        if row.note:
            print(f"  {row.page.name}: {row.note}")


def answering_page_weight(base: str, page: Page) -> tuple[list[tuple[str, int, int, str]], int]:
    """What a browser downloads for the section page: the HTML as gunicorn sends it, and each
    stylesheet, script (module imports followed), icon and font it links, as whitenoise sends
    them to a browser that accepts brotli and gzip. Returns (path, bytes sent, bytes unpacked,
    encoding) per file, and the HTML's size if a proxy gzipped it."""
    import requests

    http = requests.Session()
    http.headers["Accept-Encoding"] = "br, gzip"
    http.headers["Cookie"] = cookie(page.sessions[0])
    seen: dict[str, tuple[int, int, str]] = {}

    def fetch(url: str) -> bytes:
        response = http.get(url, stream=True, timeout=30)
        response.raise_for_status()
        sent = response.raw.read(decode_content=False)
        encoding = response.headers.get("Content-Encoding", "none")
        body = _decode(sent, encoding)
        seen[url] = (len(sent), len(body), encoding)
        return body

    page_url = base + page.path
    html = fetch(page_url)
    text = html.decode()
    linked = re.findall(r'<link[^>]+href="([^"]+)"', text)
    linked += re.findall(r'<script[^>]+src="([^"]+)"', text)
    queue = [urljoin(page_url, url) for url in linked]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        body = fetch(url).decode("utf-8", errors="replace")
        if url.endswith(".css"):
            # The first source of each @font-face: the one a browser downloads.
            for face in re.findall(r"@font-face\s*{[^}]*}", body):
                if source := re.search(r"url\(\"?([^\")]+)\"?\)", face):
                    queue.append(urljoin(url, source.group(1)))
        elif url.endswith((".js", ".mjs")):
            queue += [urljoin(url, m) for m in re.findall(r"from\s*[\"']([^\"']+)[\"']", body)]
    rows = [(url.removeprefix(base), *figures) for url, figures in seen.items()]
    return rows, len(gzip.compress(html))


def _decode(sent: bytes, encoding: str) -> bytes:
    if encoding == "br":
        import brotli

        return brotli.decompress(sent)
    if encoding == "gzip":
        return gzip.decompress(sent)
    return sent


def print_weight(weights, html_gzipped: int) -> int:
    total = sum(sent for _, sent, _, _ in weights)
    print("\nAnswering page (section page) as a browser downloads it, nothing cached")
    print(f"  {'file':72} {'sent':>9} {'unpacked':>9}  encoding")
    for url, sent, unpacked, encoding in weights:
        print(f"  {url[:72]:72} {sent:9,d} {unpacked:9,d}  {encoding}")
    print(
        f"  total {total / 1024:.1f} KB sent; the HTML ({weights[0][1] / 1024:.1f} KB) goes "
        f"uncompressed from gunicorn, {html_gzipped / 1024:.1f} KB if a proxy gzips it"
    )
    return total


def aims(results: dict[int, list[Measured]], weight: int) -> list[tuple[str, bool, str]]:
    """Each aim of the issue with PASS or MISS and the figures behind it."""
    checks = []
    for size, rows in results.items():
        trivial = rows[0].rps
        for framework in [r for r in rows if r.page.name.startswith("framework")]:
            checks.append(
                (
                    f"{size:,}: framework page ≥ {FRAMEWORK_RATIO_AIM} of trivial",
                    framework.rps / trivial >= FRAMEWORK_RATIO_AIM,
                    f"{framework.rps / trivial:.2f}",
                )
            )
        low = [r for r in rows if r.page.signed_in and r.rps / trivial < SIGNED_IN_RATIO_AIM]
        checks.append(
            (
                f"{size:,}: every signed-in page ≥ {SIGNED_IN_RATIO_AIM} of trivial",
                not low,
                ", ".join(f"{r.page.name} {r.rps / trivial:.2f}" for r in low) or "all",
            )
        )
        slow = [r for r in rows if r.p95 >= P95_AIM_MS]
        checks.append(
            (
                f"{size:,}: p95 < {P95_AIM_MS} ms at {CONNECTIONS} connections",
                not slow,
                ", ".join(f"{r.page.name} {r.p95:.0f} ms" for r in slow) or "all",
            )
        )
        big = [r for r in rows if r.page.html and r.size > HTML_AIM_KB * 1024]
        checks.append(
            (
                f"{size:,}: no page's HTML > {HTML_AIM_KB} KB",
                not big,
                ", ".join(f"{r.page.name} {r.size / 1024:.0f} KB" for r in big) or "none",
            )
        )
        errors = [r for r in rows if r.errors or "LOST" in r.note]
        checks.append(
            (
                f"{size:,}: no errors, no lost saves",
                not errors,
                ", ".join(f"{r.page.name} {r.errors}" for r in errors) or "none",
            )
        )
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        grown = [
            (a.page.name, b.p95 / a.p95)
            for a, b in zip(small, large, strict=True)
            if b.p95 > GROWTH_AIM * a.p95
        ]
        checks.append(
            (
                f"p95 at {sizes[-1]:,} within {GROWTH_AIM}x of p95 at {sizes[0]:,}",
                not grown,
                ", ".join(f"{name} {ratio:.1f}x" for name, ratio in grown) or "all",
            )
        )
    if weight:
        checks.append(
            (
                f"answering page < {WEIGHT_AIM_KB} KB transferred",
                weight < WEIGHT_AIM_KB * 1024,
                f"{weight / 1024:.1f} KB",
            )
        )
    return checks


def print_growth(results: dict[int, list[Measured]]) -> None:
    """p95 under load by size, and beside it the in-process time of one request alone, which
    shows growth that belongs to the page rather than to a busy moment of the machine."""
    sizes = sorted(results)
    print("\nBy size: p95 at 20 connections (ms) and one request alone, in-process (ms)")
    print(
        f"  {'page':24} "
        + " ".join(f"{f'p95 {s:,}':>11}" for s in sizes)
        + "  ratio "
        + " ".join(f"{f'alone {s:,}':>12}" for s in sizes)
        + "  ratio"
    )
    for index, row in enumerate(results[sizes[0]]):
        p95 = [results[s][index].p95 for s in sizes]
        alone = [results[s][index].alone for s in sizes]
        print(
            f"  {row.page.name:24} "
            + " ".join(f"{f:11.1f}" for f in p95)
            + f" {p95[-1] / p95[0]:5.2f}x "
            + " ".join(f"{f:12.1f}" for f in alone)
            + f" {alone[-1] / max(alone[0], 0.01):5.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in SIZES),
        help="organisations to measure at, comma-separated (default: %(default)s)",
    )
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--profile", action="store_true", help="profile the slowest pages")
    parser.add_argument(
        "--pages", help="only these pages (comma-separated names; the trivial view is always run)"
    )
    options = parser.parse_args()
    sizes = sorted(int(s) for s in options.sizes.split(","))
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `make bench` installs it (apt-get install wrk).")

    started = time.perf_counter()
    results: dict[int, list[Measured]] = {}
    loads: dict[int, str] = {}
    with prepared_site(DATABASE) as env:
        from django.core.management import call_command

        from bench import seed

        call_command("seed_demo", force=True, verbosity=0)
        weight = 0
        for size in sizes:
            start = time.perf_counter()
            seed.grow(size)
            seed.analyse()
            seed.check_frozen_results()
            print(
                f"{size:,} organisations ready in {time.perf_counter() - start:.0f} s "
                "(results frozen as closing writes them: checked on a sample)",
                flush=True,
            )
            pages = build_pages()
            if options.pages:
                wanted = {"trivial view", *options.pages.split(",")}
                pages = {name: page for name, page in pages.items() if name in wanted}
            with gunicorn(env) as base:
                results[size] = measure_size(base, pages, size, options.seconds)
                loads[size] = load()
                if not weight and "section page" in pages:
                    weight = print_weight(*answering_page_weight(base, pages["section page"]))
        for size in sizes:
            print_table(size, results[size], loads[size])
        if len(sizes) > 1:
            print_growth(results)
        print("\nAims")
        for text, met, figures in aims(results, weight):
            print(f"  {'PASS' if met else 'MISS'}  {text}: {figures}")
        if options.profile:
            from bench.profile_pages import profile

            profile(pages)
    print(f"\nmake bench pages: {time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
