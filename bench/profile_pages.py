"""Where the time goes on the slowest pages: cProfile around the test client, DEBUG off.

Run by `python -m bench.pages --profile` after the page benchmark, against its database at the
largest size. Each page is fetched once to warm up, then RUNS times under cProfile; the figures
are milliseconds per request, read from the profile's cumulative times of the functions that
stand for each cost (a function's cumulative time includes everything it calls, so the rows
overlap: queries happen inside the view, the view inside the middleware).
"""

import cProfile
import pstats
import time

RUNS = 5
SLOW_PAGES = (
    "results page",
    "round dashboard",
    "scores CSV",
    "peer comparison",
    "answering task list",
    "section page",
    "home, signed in",
    "framework (public)",
)
# (what it is, file name ends with, function name)
COSTS = [
    ("whole request (test client)", "django/test/client.py", "request"),
    ("middleware and view", "django/core/handlers/base.py", "_get_response"),
    ("the view itself", None, "view"),
    ("SQL queries (execute + fetch)", "django/db/backends/utils.py", "_execute"),
    ("building model objects", "django/db/models/query.py", "__iter__"),
    ("template rendering", "django/template/backends/django.py", "render"),
    ("crispy-forms rendering", "crispy_forms/templatetags/crispy_forms_tags.py", "render"),
    ("session save (every request)", "django/contrib/sessions/backends/db.py", "save"),
    ("session load", "django/contrib/sessions/backends/base.py", "_get_session"),
    ("user and permissions", "django/contrib/auth/backends.py", "_get_permissions"),
    ("results arithmetic", "assessment/results.py", "assessment_results"),
    ("peer comparison arithmetic", "assessment/results.py", "peer_comparison"),
    ("SVG radar chart", "assessment/reports/charts.py", "principles_radar"),
    ("SVG ladder chart", "assessment/reports/charts.py", "ladder"),
    ("round figures (SQL)", "assessment/dashboards.py", "round_dashboard"),
    ("round SVG chart", "assessment/reports/charts.py", "rung_chart"),
    ("CSV rows", "assessment/dashboards.py", "score_rows"),
    ("task list progress", "assessment/progress.py", "__init__"),
]


def profile(pages: dict, names=SLOW_PAGES) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import CSRF_SECRET

    print(
        "\nWhere the time goes (cProfile, in-process, DEBUG off; ms per request, up to "
        f"{RUNS} runs; cProfile itself slows Python code down, so compare rows, not totals)"
    )
    for name in [n for n in names if n in pages]:
        page = pages[name]
        client = Client()
        client.cookies["csrftoken"] = CSRF_SECRET
        if page.sessions:
            client.cookies["sessionid"] = page.sessions[-1]
        start = time.perf_counter()
        client.get(page.path)  # warm-up
        runs = RUNS if time.perf_counter() - start < 1 else 1  # a bound on the slowest pages
        connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
        with CaptureQueriesContext(connection) as queries:
            client.get(page.path)
        # Read now: the next request clears the query log.
        query_count = len(queries)
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            response = client.get(page.path)
        profiler.disable()
        assert response.status_code == page.expect, (name, response.status_code)
        stats = pstats.Stats(profiler).stats
        view = _view_name(client, page.path)
        print(f"\n  {name} ({page.path}, {query_count} queries, {runs} runs)")
        for label, suffix, function in COSTS:
            if function == "view":
                suffix, function = view
            cumulative = _cumulative(stats, suffix, function)
            if cumulative:
                print(f"    {label:32} {cumulative / runs * 1000:8.1f}")
        print("    slowest queries (ms, one request, not profiled):")
        for query in slowest:
            print(f"      {float(query['time']) * 1000:8.1f}  {query['sql'][:150]}")
        print("    heaviest functions of the project (cumulative ms per request):")
        for where, cumulative in _project_functions(stats)[:8]:
            print(f"      {cumulative / runs * 1000:8.1f}  {where}")


def _view_name(client, path: str) -> tuple[str, str]:
    from django.urls import resolve

    view = resolve(path).func
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    module = view.__module__.replace(".", "/") + ".py"
    return module, view.__name__


def _cumulative(stats, suffix: str, function: str) -> float:
    """The largest cumulative time of a function of that name in a file ending `suffix`
    (the outermost one, for functions such as render that call themselves)."""
    times = [
        cumulative
        for (filename, _, name), (_, _, _, cumulative, _) in stats.items()
        if name == function and filename.endswith(suffix)
    ]
    return max(times, default=0.0)


def _project_functions(stats) -> list[tuple[str, float]]:
    rows = []
    for (filename, line, name), (_, _, _, cumulative, _) in stats.items():
        for root in ("/assessment/", "/principles/"):
            if root in filename and "/site-packages/" not in filename:
                short = filename[filename.index(root) + 1 :]
                rows.append((f"{short}:{line} {name}", cumulative))
    return sorted(rows, key=lambda row: -row[1])
