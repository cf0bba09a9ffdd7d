"""A round summary PDF of 25, 50, 100 and 200 organisations: total time and peak memory.

    make bench                      (or: DATABASE_URL=sqlite:////tmp/coprod-bench.sqlite3 \\
                                         DEBUG=true python -m bench.round_summary)

Creates (once) a round of 200 organisations with closed assessments, frozen PrincipleResult
rows, and a peer review for every third one, in the database DATABASE_URL names, which must be a
throwaway one. Each size is rendered in a fresh process, so each peak resident set size
(ru_maxrss) is that size's own; the figure that matters is its growth over the same process's
size after start-up and a warm-up render. A second run of each size with tracemalloc gives the
peak of Python's own allocations during the render (WeasyPrint's C libraries are not in it).
Prints figures; asserts nothing about them.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta

from bench._setup import count_pages, load, setup

ROUND_NAME = "Benchmark round"
SIZES = (25, 50, 100, 200)
PREFIX = "Bench organisation"


def make_round(organisations: int = max(SIZES)):
    """The benchmark round with `organisations` closed assessments (made once, kept after)."""
    from django.db import transaction
    from django.utils import timezone

    from assessment.models import (
        AgreedRung,
        Assessment,
        Organisation,
        PeerRating,
        PeerReview,
        Perspective,
        PrincipleResult,
        Round,
    )
    from principles.models import Framework

    framework = Framework.objects.current()
    if framework is None:
        raise SystemExit("No published framework: run `manage.py loaddata framework` first.")
    round_, _ = Round.objects.get_or_create(
        name=ROUND_NAME,
        defaults={
            "starts_on": date(2027, 1, 1),
            "ends_on": date(2027, 6, 30),
            "description": "Made by bench/round_summary.py.",
        },
    )
    have = round_.assessments.count()
    if have >= organisations:
        return round_
    principles = list(framework.principles.order_by("position"))
    rungs = {r.position: r for r in framework.rungs.all()}
    kinds = list(Organisation.Kind.values)
    sizes = list(Organisation.Size.values)
    now = timezone.now()
    with transaction.atomic():
        for number in range(have + 1, organisations + 1):
            rng = random.Random(number)  # noqa: S311 - made-up data, reproducible
            organisation = Organisation.objects.create(
                name=f"{PREFIX} {number:03d}",
                kind=rng.choice(kinds),
                area=rng.choice(["Riverside", "Northgate", "Eastfield", "Southwark", "Hackney"]),
                size=rng.choice(sizes),
            )
            assessment = Assessment.objects.create(
                organisation=organisation,
                framework=framework,
                title="Spring 2027",
                service="Community services",
                status=Assessment.Status.CLOSED,
                closed_at=now - timedelta(days=number),
                shared_with_working_group=True,
                shared_at=now,
                round=round_,
            )
            results = []
            self_rungs = {}
            for principle in principles:
                rung = rng.randint(2, 7)
                self_rungs[principle.pk] = rung
                low, high = max(1, rung - rng.randint(0, 2)), min(7, rung + rng.randint(0, 2))
                people = rng.randint(3, 12)
                results.append(
                    PrincipleResult(
                        assessment=assessment,
                        principle=principle,
                        perspective="",
                        rung=rungs[rung],
                        lowest_rung=low,
                        highest_rung=high,
                        respondents=people,
                    )
                )
                for perspective, shift in ((Perspective.STAFF, 1), (Perspective.PERSON, -1)):
                    position = min(7, max(1, rung + shift * rng.randint(0, 1)))
                    results.append(
                        PrincipleResult(
                            assessment=assessment,
                            principle=principle,
                            perspective=perspective,
                            rung=rungs[position],
                            lowest_rung=position,
                            highest_rung=position,
                            respondents=max(1, people // 2),
                        )
                    )
            PrincipleResult.objects.bulk_create(results)
            if number % 3 == 0:
                review = PeerReview.objects.create(
                    assessment=assessment,
                    email=f"reviewer{number}@bench.example",
                    expires_at=now + timedelta(days=14),
                    accepted_at=now,
                    reviewer_organisation="A neighbouring organisation",
                    submitted_at=now,
                )
                PeerRating.objects.bulk_create(
                    PeerRating(
                        review=review,
                        principle=principle,
                        rung=rungs[max(1, self_rungs[principle.pk] - rng.randint(0, 3))],
                        comment="Minutes and two conversations with volunteers.",
                        suggestion="Share the budget with the steering group.",
                    )
                    for principle in principles
                )
                AgreedRung.objects.create(
                    assessment=assessment,
                    principle=principles[0],
                    rung=rungs[self_rungs[principles[0].pk]],
                    review=review,
                    reviewer_confirmed_at=now,
                )
    return round_


def child(organisations: int, chunk: int | None, trace: bool) -> dict:
    """Render one summary in this process and return its figures."""
    setup(writes=True)
    import tracemalloc

    from django.conf import settings

    # DEBUG only lets the benchmark run on its throwaway database; with it, Django would keep
    # every query in memory, which production does not.
    settings.DEBUG = False

    from assessment.models import Assessment, Round
    from assessment.reports import pdf

    round_ = Round.objects.get(name=ROUND_NAME)
    if chunk:
        pdf.ORGANISATIONS_PER_CHUNK = chunk
    queryset = Assessment.objects.filter(round=round_, organisation__name__startswith=PREFIX)
    ids = list(queryset.order_by("organisation__name").values_list("pk", flat=True)[:organisations])
    # Import WeasyPrint, load the fonts and warm the caches with a one-organisation summary.
    pdf.round_summary_pdf(round_, Assessment.objects.filter(pk__in=ids[:1]))
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    selected = Assessment.objects.filter(pk__in=ids)
    progress = []
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    cpu = time.process_time()
    output = pdf.round_summary_pdf(round_, selected, on_progress=lambda d, t: progress.append(d))
    # Measured before the pages are counted, which reads the whole PDF back.
    figures = {
        "organisations": organisations,
        "chunk": pdf.ORGANISATIONS_PER_CHUNK,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "baseline_kib": baseline,
        "progress_calls": len(progress),
        "bytes": len(output),
    }
    if trace:
        figures["traced_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    figures["pages"] = count_pages(output)
    return figures


def run_child(organisations: int, chunk: int | None = None, trace: bool = False) -> dict:
    command = [sys.executable, "-m", "bench.round_summary", "--child", str(organisations)]
    if chunk:
        command += ["--chunk", str(chunk)]
    if trace:
        command.append("--trace")
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"The {organisations}-organisation run failed.")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--chunk", type=int, help="organisations per chunk (default: pdf.py's)")
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-trace", action="store_true", help="skip the (slower) tracemalloc runs"
    )
    parser.add_argument(
        "--single",
        action="store_true",
        help="also render the largest size with all its organisations in one part",
    )
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.child, options.chunk, options.trace)))
        return

    setup(writes=True)
    start = time.perf_counter()
    make_round()
    made = time.perf_counter() - start
    rows = [run_child(size, options.chunk) for size in SIZES]
    if options.single:
        rows.append(run_child(max(SIZES), chunk=max(SIZES)))
    traced = {}
    if not options.no_trace:
        for row in rows:
            traced[(row["organisations"], row["chunk"])] = run_child(
                row["organisations"], row["chunk"], trace=True
            )["traced_peak_bytes"]
    print("Round summary PDF")
    print(f"  {load()} (at the end of the runs)")
    print(
        f"  benchmark round ready in {made:.1f} s "
        f"({max(SIZES)} organisations, 1 in 3 peer-reviewed)"
    )
    print(
        "  organisations  chunk  pages   size KiB   time s  (cpu s)  per org s"
        "  rss after warm-up MiB  peak rss MiB  growth MiB  python peak MiB"
    )
    for row in rows:
        peak = traced.get((row["organisations"], row["chunk"]))
        print(
            f"  {row['organisations']:13d}  {row['chunk']:5d}  {row['pages']:5d}"
            f"  {row['bytes'] / 1024:9.0f}  {row['seconds']:7.1f}  ({row['cpu_seconds']:5.1f})"
            f"  {row['seconds'] / row['organisations']:9.2f}"
            f"  {row['baseline_kib'] / 1024:21.0f}  {row['peak_kib'] / 1024:12.0f}"
            f"  {(row['peak_kib'] - row['baseline_kib']) / 1024:10.0f}"
            f"  {peak / 1024 / 1024 if peak else float('nan'):15.0f}"
        )
    if os.environ.get("DEBUG", "").lower() not in {"1", "true", "yes", "on"}:
        print("  (DEBUG is off: run through `make bench` for the documented figures)")


if __name__ == "__main__":
    main()
