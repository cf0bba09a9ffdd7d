"""One assessment report: median and p95 of 20 warm renders, against a blank one-page document.

    make bench                      (or: DEBUG=true python -m bench.pdf_report)

Renders the demo assessment (Riverside Community Trust, "Autumn 2026", from `seed_demo`) the way
the results_pdf view does, queries included. Prints timings; asserts nothing about them.
"""

import statistics
import time

from bench._setup import count_pages, load, percentile, setup

RUNS = 20
BLANK = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Blank</title>'
    "</head><body><p>A blank page.</p></body></html>"
)


def timed(function, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (CPU time shows how much of the wall time was
    waiting for a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    setup()
    from assessment.models import Assessment
    from assessment.reports import pdf

    assessment = (
        Assessment.objects.select_related("organisation", "framework")
        .filter(organisation__name="Riverside Community Trust", title="Autumn 2026")
        .exclude(status=Assessment.Status.OPEN)
        .first()
    )
    if assessment is None:
        raise SystemExit("No demo assessment: run `manage.py loaddata framework` and `seed_demo`.")

    start = time.perf_counter()
    import weasyprint

    imported = time.perf_counter() - start

    def blank():
        weasyprint.HTML(string=BLANK).write_pdf(font_config=pdf.font_config())

    def report():
        return pdf.assessment_report(assessment)

    start = time.perf_counter()
    first = report()
    cold = time.perf_counter() - start
    blank()  # warm both paths before measuring
    report()

    blank_samples, _ = timed(blank, RUNS)
    report_samples, report_cpu = timed(report, RUNS)
    blank_median = statistics.median(blank_samples)
    median = statistics.median(report_samples)

    pages = count_pages(first)
    print(f"Assessment report PDF ({assessment.organisation.name}, {assessment.title})")
    print(f"  {load()}")
    print(f"  import weasyprint:         {imported:6.2f} s (once per process)")
    print(f"  first render (cold fonts): {cold:6.2f} s")
    print(f"  blank one-page document:   median {blank_median:6.3f} s over {RUNS} warm runs")
    print(
        f"  assessment report:         median {median:6.3f} s, "
        f"p95 {percentile(report_samples, 95):6.3f} s, "
        f"min {min(report_samples):6.3f} s, max {max(report_samples):6.3f} s over {RUNS} warm runs"
    )
    print(
        f"  assessment report CPU:     median {statistics.median(report_cpu):6.3f} s, "
        f"p95 {percentile(report_cpu, 95):6.3f} s (this process's own time)"
    )
    print(f"  ratio report / blank:      {median / blank_median:6.1f}x")
    print(f"  size {len(first) / 1024:.0f} KiB, {pages} pages")


if __name__ == "__main__":
    main()
