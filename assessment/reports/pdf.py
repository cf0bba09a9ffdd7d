"""PDF documents, drawn by WeasyPrint: an assessment's report and a round's summary.

They show what `assessment.results` (one assessment) and `assessment.dashboards` (a round) work
out, with the same charts as the results page and the round dashboard (`charts.principles_radar`,
`dashboards.rung_chart`); nothing here scores anything.

Safety. Everything a person typed reaches the PDF only through autoescaped Django templates, so
markup in evidence is printed as text. WeasyPrint fetches only through `StaticFilesOnly`, which
serves the project's own static files named by `coprod-static:/<path>` and refuses everything
else (http, https, file, data, other schemes, `..`): a refused fetch raises, WeasyPrint skips
the resource and logs a warning, and nothing is read.

Speed. `import weasyprint` takes about a second, so it happens inside the functions that render.
Each thread keeps one FontConfiguration (the project's font is loaded into it once).

Keeping. A closed assessment's report is laid out once and kept (`StoredReport`) under a
fingerprint of the rows it shows and of the code that lays it out; a download whose fingerprint
matches gets the kept bytes. Laying out takes a web worker for a second or more, so at most
PDF_RENDER_SLOTS reports are laid out at once across all servers (`render_slot`, through the
shared cache); past that a download is told the report is being prepared (ReportBusy).

Memory. WeasyPrint keeps every laid-out page of a document until its PDF is written (about 1 MiB
per organisation page), so a round summary is laid out in parts of bounded size, each written to
PDF on its own, and the parts are joined into one tagged PDF by `join.join_tagged_pdfs`
(bench/README.md has the figures).
"""

import gc
import hashlib
import logging
import posixpath
import re
import secrets
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache as shared_cache
from django.db.models import QuerySet
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.text import Truncator

from principles.models import Principle, Rung

from .. import dashboards
from ..models import Answer, Assessment, Perspective, Section, StoredReport
from ..progress_between import progress_between
from ..results import (
    EXTENT_ORDER,
    NOTABLE_GAP,
    AssessmentResults,
    PrincipleComparison,
    PrincipleSummary,
    assessment_results,
    peer_comparison,
)
from ..standing import Standing, standings
from . import charts
from .artifacts import mark_margins_as_artifacts
from .join import join_tagged_pdfs

logger = logging.getLogger(__name__)

# The only URLs WeasyPrint may fetch: project static files, e.g. coprod-static:/css/report.css,
# of the kinds the reports use (add a kind here when a report needs one, an image say).
STATIC_BASE = "coprod-static:/"
CONTENT_TYPES = {".css": "text/css", ".woff2": "font/woff2"}
# Tagged PDF for screen readers (PDF/UA-1: structure tree, language, title shown, XMP).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

ASSESSMENT_TEMPLATE = "reports/pdf/assessment.html"
ROUND_TEMPLATE = "reports/pdf/round_summary.html"
ROUND_ORGANISATIONS_TEMPLATE = "reports/pdf/round_organisations.html"
ROUND_INDEX_TEMPLATE = "reports/pdf/round_index.html"

QUOTES_PER_PRINCIPLE = 3
QUOTE_CHARACTERS = 280
PEER_TEXT_CHARACTERS = 700
ORGANISATIONS_PER_CHUNK = 10
# Rows of a round summary's list of organisations: on the aggregate pages, then in each part
# after them (about a page each).
INDEX_ROWS_ON_SUMMARY = 40
INDEX_ROWS_PER_PART = 45
INDENTATION = re.compile(r">\s*\n\s*<")
# How long a render slot is held at most: longer than any report takes, so a slot whose process
# died frees itself after this.
SLOT_SECONDS = 120


# Fetching ----------------------------------------------------------------------------------


class RefusedFetch(ValueError):
    """WeasyPrint asked for something that is not one of the project's static files."""


def static_resource(url: str) -> tuple[bytes, str]:
    """The content and type of the static file that `url` names, or RefusedFetch.

    Only `coprod-static:/` followed by a plain relative path of known type is served, found by
    the staticfiles finders (static/ and the apps' static folders). No escapes, queries,
    fragments, backslashes, empty or dot segments.
    """
    if not url.startswith(STATIC_BASE):
        raise RefusedFetch(f"Not a project static file: {url[:200]!r}")
    path = url.removeprefix(STATIC_BASE)
    segments = path.split("/")
    if (
        not path
        or any(character in path for character in "%?#\\:\x00")
        or any(segment in ("", ".", "..") for segment in segments)
    ):
        raise RefusedFetch(f"Not a plain static path: {url[:200]!r}")
    content_type = CONTENT_TYPES.get(posixpath.splitext(path)[1].lower())
    if content_type is None:
        raise RefusedFetch(f"Not a kind of file a report uses: {url[:200]!r}")
    found = finders.find(path)
    if not found:
        raise RefusedFetch(f"No such static file: {url[:200]!r}")
    with open(found, "rb") as file:
        return file.read(), content_type


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """WeasyPrint's fetcher, narrowed to `static_resource`: no network, no other files."""

        def fetch(self, url, headers=None):
            try:
                body, content_type = static_resource(url)
            except RefusedFetch:
                logger.warning("PDF: refused to fetch %.200r", url)
                raise
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesOnly


@cache
def url_fetcher():
    """The fetcher every document uses (it keeps no state; made once, as building one sets up
    handlers and an SSL context that it never uses)."""
    return _fetcher_class()()


# Rendering ---------------------------------------------------------------------------------

_thread = threading.local()


def font_config():
    """This thread's FontConfiguration, made once (Pango's font maps are not shared between
    threads). Reusing it saves the font set-up, and @font-face fonts load into it once."""
    config = getattr(_thread, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _thread.font_config = FontConfiguration()
    return config


def render_document(template_name: str, context: dict):
    """Lay out an autoescaped template as a WeasyPrint Document (pages, not yet a PDF)."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"static_base": STATIC_BASE, **context})
    # Template indentation between tags makes whitespace-only boxes that WeasyPrint lays out for
    # nothing (about 5% of a report's time). Typed text is escaped, so it has no raw "<" or ">".
    html = INDENTATION.sub("><", html)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=url_fetcher()).render(
        font_config=font_config(), **PDF_OPTIONS
    )


@dataclass
class Part:
    """A part of a long document, laid out on its own: its PDF (None when only counted) and
    how many pages it has."""

    pdf: bytes | None
    pages: int


def render_part(template_name: str, context: dict, write: bool = True) -> tuple[Part, dict]:
    """Lay out a part of a long document and let the layout go: the part, and the page (from 0)
    each anchor in it is on. A laid-out document is a web of reference cycles, so the garbage
    collector runs before the next part is laid out, or each part's layout would linger."""
    part, anchors = _lay_out_part(template_name, context, write)
    gc.collect()
    return part, anchors


def _lay_out_part(template_name: str, context: dict, write: bool) -> tuple[Part, dict]:
    document = render_document(template_name, context)
    anchors = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    return Part(write_pdf(document) if write else None, len(document.pages)), anchors


def write_pdf(document) -> bytes:
    """A laid-out document as a tagged PDF: title, language and author from the HTML, bookmarks
    from its headings, running headers and footers as artifacts."""
    return document.write_pdf(finisher=mark_margins_as_artifacts, **PDF_OPTIONS)


def render_pdf(template_name: str, context: dict) -> bytes:
    return write_pdf(render_document(template_name, context))


# The assessment report ---------------------------------------------------------------------


@dataclass
class Quote:
    text: str
    perspective: str  # a perspective's label: people are never named in a report


@dataclass
class PrincipleReport:
    summary: PrincipleSummary
    comparison: PrincipleComparison | None
    standing: Standing
    quotes: list[Quote] = field(default_factory=list)

    @property
    def principle(self) -> Principle:
        return self.summary.principle

    @property
    def perspectives_vary(self) -> bool:
        """Not every perspective placed the principle on the same rung."""
        return len({p.rung.position for p in self.summary.perspectives}) > 1

    @property
    def peer_rung(self) -> Rung | None:
        return self.comparison.peer_rung if self.comparison else None

    @property
    def agreed_rung(self) -> Rung | None:
        agreed = self.comparison.agreed if self.comparison else None
        return agreed.rung if agreed else None

    def marks(self, rung: Rung) -> list[tuple[str, str]]:
        """(css modifier, word) for each of self, peer and agreed that is on `rung`."""
        placed = (
            ("self", "Self", self.summary.rung),
            ("peer", "Peer", self.peer_rung),
            ("agreed", "Agreed", self.agreed_rung),
        )
        return [(key, word) for key, word, on in placed if on and on.pk == rung.pk]


# Whose words come first when evidence is chosen: the people a service is for, then the rest.
QUOTE_ORDER = (
    Perspective.PERSON,
    Perspective.CARER,
    Perspective.VOLUNTEER,
    Perspective.PARTNER,
    Perspective.STAFF,
    Perspective.OTHER,
    "",
)


def selected_evidence(assessment: Assessment) -> dict[int, list[Quote]]:
    """A few quotes per principle from submitted evidence (two queries): one from each
    perspective in turn, the people who use services first, why-this-rung before answers."""
    labels = {**dict(Perspective.choices), "": "Someone who did not give their perspective"}
    submitted = {
        "respondent__assessment": assessment,
        "respondent__submitted_at__isnull": False,
    }
    candidates = [
        *Section.objects.filter(**submitted)
        .exclude(rung_evidence="")
        .order_by("respondent_id")
        .values_list("principle_id", "respondent__perspective", "rung_evidence"),
        *Answer.objects.filter(**submitted)
        .exclude(evidence="")
        .order_by("question__position", "respondent_id")
        .values_list("question__principle_id", "respondent__perspective", "evidence"),
    ]
    by_principle: dict[int, dict[str, list[str]]] = {}
    for principle_id, perspective, text in candidates:
        text = " ".join(text.split())
        if text:
            by_principle.setdefault(principle_id, {}).setdefault(perspective, []).append(text)
    chosen = {}
    for principle_id, by_perspective in by_principle.items():
        quotes, seen = [], set()
        queues = [by_perspective.get(key, []) for key in QUOTE_ORDER]
        for turn in range(max(map(len, queues))):
            for key, queue in zip(QUOTE_ORDER, queues, strict=True):
                if turn < len(queue) and queue[turn] not in seen:
                    seen.add(queue[turn])
                    quotes.append(
                        Quote(Truncator(queue[turn]).chars(QUOTE_CHARACTERS), labels[key])
                    )
        chosen[principle_id] = quotes[:QUOTES_PER_PRINCIPLE]
    return chosen


def assessment_report_context(assessment: Assessment) -> dict:
    results = assessment_results(assessment)
    comparisons = {c.principle.pk: c for c in peer_comparison(assessment)}
    quotes = selected_evidence(assessment)
    standing = {s.principle.pk: s for s in standings(assessment)}
    principles = []
    for summary in results.principles:
        comparison = comparisons.get(summary.principle.pk)
        # One quote fewer where the peer reviewer wrote something, so a principle keeps to a page.
        peer = comparison.peer if comparison else None
        commented = peer and (peer.comment or peer.suggestion)
        principles.append(
            PrincipleReport(
                summary=summary,
                comparison=comparison,
                standing=standing[summary.principle.pk],
                quotes=quotes.get(summary.principle.pk, [])[
                    : QUOTES_PER_PRINCIPLE - (1 if commented else 0)
                ],
            )
        )
    reviews = sorted(
        {peer.review.pk: peer.review for c in comparisons.values() for peer in c.peers}.values(),
        key=lambda review: review.submitted_at,
    )
    return {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "framework": assessment.framework,
        "results": results,
        "principles": principles,
        "ladder": [
            (rung, [(report, report.marks(rung)) for report in principles])
            for rung in reversed(results.rungs)
        ],
        "chart": charts.principles_radar(results, chart_id="report-chart"),
        "reviews": reviews,
        "has_peer_review": bool(reviews),
        "has_agreed": any(p.agreed_rung for p in principles),
        "answer_labels": [extent.label for extent in EXTENT_ORDER],
        "notable_gap": NOTABLE_GAP,
        "peer_text_characters": PEER_TEXT_CHARACTERS,
        "made_at": timezone.now(),
        "action_plan": list(
            assessment.actions.select_related("principle", "owner").in_plan_order()
        ),
        "progress": progress_between(assessment),
    }


def assessment_report(assessment: Assessment) -> bytes:
    """A closed assessment's report: cover, contents, summary, a page or so per principle,
    methodology."""
    return render_pdf(ASSESSMENT_TEMPLATE, assessment_report_context(assessment))


# Keeping reports, and laying out few at a time ----------------------------------------------


class ReportBusy(Exception):
    """No report can be laid out just now: every render slot is taken, or this report is being
    laid out by another request. Ask again in a few seconds."""


@contextmanager
def render_slot(name: str) -> Iterator[None]:
    """Hold one of settings.PDF_RENDER_SLOTS places to lay out a document, and `name` (what is
    being laid out) so that nobody lays out the same thing twice at once; or raise ReportBusy.

    Taken with `cache.add` in the shared cache (database or Redis), so the limit holds across
    every process and server; released when done, or after SLOT_SECONDS if the process dies.
    """
    token = secrets.token_hex(16)
    taken = []

    def take(key: str) -> bool:
        if shared_cache.add(key, token, SLOT_SECONDS):
            taken.append(key)
            return True
        return False

    try:
        slots = range(settings.PDF_RENDER_SLOTS)
        if not take(f"pdf-building:{name}") or not any(take(f"pdf-slot:{n}") for n in slots):
            raise ReportBusy(name)
        yield
    finally:
        for key in taken:
            # Only if still ours: a slot held past SLOT_SECONDS may have gone to someone else.
            if shared_cache.get(key) == token:
                shared_cache.delete(key)


@cache
def report_layout() -> str:
    """A digest of the templates, stylesheet and code that lay out an assessment's report, so a
    release that changes how reports look or what they say makes kept reports be laid out again.
    Every template in the report's folder counts, the parts it includes among them.
    """
    modules = [
        sys.modules[__name__],
        charts,
        sys.modules[assessment_results.__module__],
        sys.modules[progress_between.__module__],
    ]
    folder = Path(get_template(ASSESSMENT_TEMPLATE).origin.name).parent
    sources = [
        *(path.read_text() for path in sorted(folder.glob("*.html"))),
        Path(finders.find("css/report.css")).read_text(),
        *(Path(module.__file__).read_text() for module in modules),
    ]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()


def kept_assessment_report(assessment: Assessment) -> bytes:
    """A closed assessment's report: the kept one while the rows it shows are unchanged, or
    laid out afresh (in a render slot, or ReportBusy) and kept, replacing the stale one.

    The fingerprint is taken before laying out, so a change made meanwhile is never hidden: at
    worst the report kept already shows it and is laid out once more on the next download."""
    fingerprint = StoredReport.fingerprint_of(assessment, report_layout())
    kept = (
        StoredReport.objects.filter(assessment=assessment, fingerprint=fingerprint)
        .values_list("pdf", flat=True)
        .first()
    )
    if kept is not None:
        return bytes(kept)
    with render_slot(f"assessment-{assessment.pk}"):
        content = assessment_report(assessment)
    StoredReport.objects.update_or_create(
        assessment=assessment,
        defaults={"fingerprint": fingerprint, "pdf": content, "built_at": timezone.now()},
    )
    return content


# The round summary -------------------------------------------------------------------------


@dataclass
class OrganisationPage:
    """One organisation's page in a round summary: its rungs as a table, and what stands out.

    No star chart here: WeasyPrint lays SVG text out letter by letter and keeps every laid-out
    page until the PDF is written, so a chart per organisation doubled the time and quadrupled
    the memory each page adds (bench/README.md). The assessment report has the chart."""

    assessment: Assessment
    results: AssessmentResults
    rows: list[tuple[PrincipleSummary, PrincipleComparison | None]]
    notes: list[str]

    @property
    def reviews(self) -> list:
        """The submitted peer reviews shown, earliest first."""
        seen = {}
        for _, comparison in self.rows:
            for peer in comparison.peers if comparison else []:
                seen.setdefault(peer.review.pk, peer.review)
        return list(seen.values())


def organisation_page(assessment: Assessment) -> OrganisationPage:
    results = assessment_results(assessment)
    comparisons = {c.principle.pk: c for c in peer_comparison(assessment)}
    rows = [(s, comparisons.get(s.principle.pk)) for s in results.principles]
    notes = []
    for summary, comparison in rows:
        name = f"{summary.principle.position}. {summary.principle.name}"
        if summary.perspectives_differ:
            notes.append(
                f"{name}: staff and people who use services placed it "
                f"{abs(summary.perspective_gap)} rungs apart."
            )
        if comparison and comparison.needs_discussion:
            notes.append(
                f"{name}: the peer reviewer placed it {abs(comparison.difference)} rungs "
                f"{'lower' if comparison.difference < 0 else 'higher'} than the organisation did."
            )
    return OrganisationPage(
        assessment=assessment,
        results=results,
        rows=rows,
        notes=notes,
    )


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def organisation_anchor(assessment: Assessment) -> str:
    return f"organisation-{assessment.pk}"


def round_summary_context(round, assessments: QuerySet) -> dict:
    """The aggregate pages: the working group dashboard's own figures and chart
    (`assessment.dashboards`, a fixed handful of queries), so page and PDF always agree."""
    figures = dashboards.round_dashboard(assessments)
    return {
        "round": round,
        "figures": figures,
        "chart": dashboards.rung_chart(figures, chart_id="round-chart")
        if figures.principles
        else "",
        "framework": dashboards.framework_for(assessments),
        "made_at": timezone.now(),
    }


def round_summary_pdf(
    round,
    assessments,
    on_progress: Callable[[int, int], None] | None = None,
    on_part: Callable[[], None] | None = None,
) -> bytes:
    """The working group's summary of a round: aggregate pages and a list of the organisations,
    then a page per organisation.

    `assessments` (a QuerySet, or a list) are the closed, shared assessments to include, in the
    order their pages should come (by organisation name when a QuerySet is unordered): the caller
    decides which (`dashboards.round_assessments`). `on_progress(done, total)` is called before
    the first organisation and after each chunk of them; `on_part()` after each later part is
    laid out or joined, so a caller can tell the build is alive until the end.

    Memory stays flat however many organisations there are: the summary is laid out in parts of
    at most ORGANISATIONS_PER_CHUNK organisation pages or INDEX_ROWS_PER_PART rows of the list,
    each written to PDF and let go before the next, and `join_tagged_pdfs` joins the parts one at
    a time. The organisations' pages are laid out first, so the list, printed before them, can
    say which page each starts on; it is laid out once to count its pages and again with the
    numbers (a third time in the rare case the numbers change how many pages it takes).
    """
    if isinstance(assessments, QuerySet) and not assessments.query.is_sliced:
        queryset = assessments.select_related("organisation", "framework")
        if not queryset.ordered:
            queryset = queryset.order_by("organisation__name", "title", "pk")
        assessments = list(queryset)
    else:
        assessments = list(assessments)
        queryset = Assessment.objects.filter(pk__in=[a.pk for a in assessments])
    total = len(assessments)
    if on_progress:
        on_progress(0, total)
    organisation_parts, starts, pages, done = [], {}, 0, 0
    for chunk in _chunks(assessments, ORGANISATIONS_PER_CHUNK):
        part, anchors = render_part(
            ROUND_ORGANISATIONS_TEMPLATE,
            {
                "round": round,
                "organisations": [
                    (done + number, organisation_page(a)) for number, a in enumerate(chunk, start=1)
                ],
                "total": total,
                "made_at": timezone.now(),
            },
        )
        for anchor, page in anchors.items():
            starts.setdefault(anchor, pages + page)
        pages += part.pages
        organisation_parts.append(part.pdf)
        done += len(chunk)
        if on_progress:
            on_progress(done, total)

    on_part = on_part or (lambda: None)
    context = round_summary_context(round, queryset)
    front, counted = [], None
    for _ in range(3):
        before = counted or 0  # pages before the first organisation's, as last counted
        index = [(a, before + starts[organisation_anchor(a)] + 1) for a in assessments]
        front, counted = _round_front(context, index, on_part, write=counted is not None)
        if counted == before:
            break
    return join_tagged_pdfs(_calling_after_each([*front, *organisation_parts], on_part))


def _calling_after_each(items: Iterable, after: Callable[[], None]) -> Iterator:
    for item in items:
        yield item
        after()


def _round_front(
    context: dict, index: list, on_part: Callable[[], None], write: bool
) -> tuple[list[bytes], int]:
    """The aggregate pages with the start of the list of organisations, and the rest of the
    list INDEX_ROWS_PER_PART rows at a time: the parts' PDFs (when `write`), and their pages."""
    first, rest = index[:INDEX_ROWS_ON_SUMMARY], index[INDEX_ROWS_ON_SUMMARY:]
    continues = bool(rest)
    part, _ = render_part(
        ROUND_TEMPLATE, {**context, "index": first, "index_continues": continues}, write
    )
    parts, pages = [part.pdf], part.pages
    on_part()
    for start in range(0, len(rest), INDEX_ROWS_PER_PART):
        rows = rest[start : start + INDEX_ROWS_PER_PART]
        part, _ = render_part(
            ROUND_INDEX_TEMPLATE,
            {
                "round": context["round"],
                "rows": rows,
                "index_continues": start + INDEX_ROWS_PER_PART < len(rest),
                "first_page": pages + 1,
                "made_at": context["made_at"],
            },
            write,
        )
        parts.append(part.pdf)
        pages += part.pages
        on_part()
    return parts, pages
