"""Charts drawn on the server, once: the page and the PDF show the same drawing.

Every chart is built from small functions that each return SVG parts made with format_html,
and wrapped by `svg()`. Each SVG stands on its own so WeasyPrint can draw it too: no scripts, no
links, no CSS (the site's Content-Security-Policy refuses inline styles, so colours are SVG
presentation attributes), and fonts by family name only. Each has a title and a description for
screen readers, and the page always shows the same numbers in a table next to it.

- `principles_radar`: an assessment's star chart, with the self-assessed, peer and agreed rungs
  as three series told apart by line and marker, not only by colour;
- `ladder`: the same three rungs placed on the ladder (the page draws it as HTML);
- `rung_chart`: a round's stacked bars, how many organisations stand on each rung.
"""

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.humanize.templatetags.humanize import apnumber
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from principles.models import Principle, Rung

from ..results import PrincipleComparison, PrincipleSummary
from ..standing import Source, Standing

if TYPE_CHECKING:  # the dashboards import this module
    from ..dashboards import PrincipleDistribution, RoundDashboard

# GOV.UK Frontend colours, so the chart matches the page around it.
INK = "#0b0c0c"
SECONDARY = "#505a5f"
GRID = "#b1b4b6"
BLUE = "#1d70b8"
GREEN = "#00703c"
GOLD_FILL = "#fff7bf"
GOLD_LINE = "#594d00"
WHITE = "#ffffff"
FONT = "Atkinson Hyperlegible, Arial, sans-serif"


def _n(number: float) -> str:
    return f"{number:.1f}"


def _join(parts) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - every part was built by format_html


def svg(
    parts: Sequence[SafeString],
    *,
    width: int,
    height: float,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString:
    """The one SVG wrapper: an image with a title and a description, referred to by id, so
    `chart_id` must be unique on the page."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="coprod-chart__svg" width="{w}" '
        'height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" font-family="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=_n(height).removesuffix(".0"),
        id=chart_id,
        font=FONT,
        title=title,
        desc=description,
        body=_join(parts),
    )


def _text(x: float, y: float, text: str, *, size: int = 14, fill: str = INK, **attrs) -> SafeString:
    extra = format_html_join("", ' {}="{}"', ((k.replace("_", "-"), v) for k, v in attrs.items()))
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}"{}>{}</text>',
        _n(x),
        _n(y),
        size,
        fill,
        extra,
        text,
    )


# --- An assessment's rungs: self-assessed, peer reviewer, agreed --------------------------------


@dataclass(frozen=True)
class PrincipleRungs:
    """One principle's rungs as the charts and their tables show them: the frozen
    self-assessed rung (with its spread), the peer reviewer's, and the standing, which is the
    agreed rung where there is one (assessment/standing.py)."""

    summary: PrincipleSummary
    standing: Standing
    peer_rung: Rung | None

    @property
    def principle(self) -> Principle:
        return self.summary.principle

    @property
    def self_rung(self) -> Rung | None:
        return self.summary.rung

    @property
    def agreed_rung(self) -> Rung | None:
        return self.standing.rung if self.standing.source != Source.SELF else None


def principle_rungs(
    summaries: Sequence[PrincipleSummary],
    standings: Sequence[Standing],
    comparisons: Sequence[PrincipleComparison],
) -> list[PrincipleRungs]:
    """The three rungs of each principle, in the framework's order."""
    standing = {s.principle.pk: s for s in standings}
    peer = {c.principle.pk: c.peer_rung for c in comparisons}
    return [
        PrincipleRungs(s, standing[s.principle.pk], peer.get(s.principle.pk)) for s in summaries
    ]


@dataclass(frozen=True)
class Series:
    """One line on the star chart: its key, what the key says, and how it is drawn."""

    key: str
    label: str
    colour: str
    width: float
    dash: str  # "none", or an SVG dash pattern
    marker: str  # circle, square or diamond
    size: float
    opacity: float = 1.0


# Told apart by line and marker as well as colour: the agreed rung a wide pale band with
# diamonds, underneath; the peer reviewer's a dashed black line with squares; the self-assessed a
# solid blue line with dots, on top. Where they meet, the smaller markers sit inside the larger.
AGREED = Series(
    "agreed",
    "Agreed with the reviewer (where nothing is agreed, the self-assessed rung)",
    GREEN,
    9,
    "none",
    "diamond",
    10,
    0.45,
)
PEER = Series("peer", "The peer reviewer's rung", INK, 3, "10 6", "square", 7)
SELF = Series(
    "self", "Self-assessed: the rung your own people reached", BLUE, 3, "none", "circle", 5
)


def chart_series(rows: Sequence[PrincipleRungs]) -> list[Series]:
    """The series there is something to draw for, bottom first: the self-assessed rungs always,
    the peer reviewer's once a review is submitted, the agreed ones once one is agreed."""
    series = []
    if any(r.agreed_rung for r in rows):
        series.append(AGREED)
    if any(r.peer_rung for r in rows):
        series.append(PEER)
    return [*series, SELF]


def _value(row: PrincipleRungs, series: Series) -> int | None:
    rung = {
        "self": row.self_rung,
        "peer": row.peer_rung,
        "agreed": row.standing.rung,
    }[series.key]
    return rung.position if rung else None


def _marker(x: float, y: float, series: Series) -> SafeString:
    size, colour = series.size, series.colour
    if series.marker == "square":
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="2"/>',
            _n(x - size),
            _n(y - size),
            _n(2 * size),
            _n(2 * size),
            WHITE,
            colour,
        )
    if series.marker == "diamond":
        points = f"{_n(x)},{_n(y - size)} {_n(x + size)},{_n(y)} {_n(x)},{_n(y + size)} " + (
            f"{_n(x - size)},{_n(y)}"
        )
        return format_html(
            '<polygon points="{}" fill="{}" stroke="{}" stroke-width="2"/>', points, colour, WHITE
        )
    return format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="2"/>',
        _n(x),
        _n(y),
        _n(size),
        colour,
        WHITE,
    )


def _line_attributes(series: Series) -> SafeString:
    return format_html(
        'stroke="{}" stroke-width="{}" stroke-dasharray="{}" stroke-opacity="{}" '
        'stroke-linejoin="round"',
        series.colour,
        series.width,
        series.dash,
        series.opacity,
    )


# The radar's drawing area, in SVG units; the page scales it down on narrow screens.
RADAR_WIDTH, RADAR_PLOT_HEIGHT = 760, 500
CX, CY, RADIUS = 380, 240, 165
FONT_SIZE, LINE_HEIGHT, LABEL_CHARS = 15, 18, 18
KEY_LINE = 24


def _point(index: int, count: int, distance: float) -> tuple[float, float]:
    angle = math.radians(-90 + 360 * index / count)
    return CX + distance * math.cos(angle), CY + distance * math.sin(angle)


def _ring(count: int, distance: float) -> str:
    return " ".join(
        f"{_n(x)},{_n(y)}" for x, y in (_point(i, count, distance) for i in range(count))
    )


def _radar_grid(count: int, levels: int, gold_level: int | None) -> list[SafeString]:
    """The rings (rungs), the gold band, the spokes and the ring numbers."""
    step = RADIUS / levels
    parts = []
    if gold_level:
        # The band between the gold ring and the one below it is tinted.
        parts.append(
            format_html(
                '<polygon points="{}" fill="{}"/><polygon points="{}" fill="{}"/>',
                _ring(count, gold_level * step),
                GOLD_FILL,
                _ring(count, (gold_level - 1) * step),
                WHITE,
            )
        )
    parts.append(
        format_html_join(
            "",
            '<polygon points="{}" fill="none" stroke="{}" stroke-width="{}"/>',
            (
                (_ring(count, level * step), GOLD_LINE, 3)
                if level == gold_level
                else (_ring(count, level * step), GRID, 1)
                for level in range(1, levels + 1)
            ),
        )
    )
    parts.append(
        format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            ((CX, CY, *map(_n, _point(i, count, levels * step)), SECONDARY) for i in range(count)),
        )
    )
    # Ring numbers up the top axis, on a white patch so the lines do not cross them.
    for level in range(1, levels + 1):
        y = CY - level * step
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}"/>{}',
                _n(CX + 9),
                _n(y - 7),
                WHITE,
                _text(CX + 16, y + 4, str(level), size=12, fill=SECONDARY, text_anchor="middle"),
            )
        )
    return parts


def _radar_series(values: Sequence[int | None], levels: int, series: Series) -> SafeString:
    """One series: a closed line through each axis's value (0 at the centre), and markers."""
    step = RADIUS / levels
    points = [_point(i, len(values), (value or 0) * step) for i, value in enumerate(values)]
    # Only the self-assessed shape is tinted, lightly, so the lines over it stay readable.
    fill = format_html('fill="{}" fill-opacity="0.12"', series.colour) if series is SELF else None
    line = format_html(
        '<polygon points="{}" {} {}/>',
        " ".join(f"{_n(x)},{_n(y)}" for x, y in points),
        fill or mark_safe('fill="none"'),
        _line_attributes(series),
    )
    markers = [_marker(x, y, series) for (x, y), value in zip(points, values, strict=True) if value]
    return format_html("<g>{}{}</g>", line, _join(markers))


def _axis_label(index: int, count: int, name: str, value_label: str) -> SafeString:
    """The axis name (bold) and its values, outside the outer ring, away from the centre."""
    lines = [(line, "700") for line in textwrap.wrap(name, LABEL_CHARS) or [""]]
    lines += [(line, "400") for line in textwrap.wrap(value_label, LABEL_CHARS + 8)]
    x, y = _point(index, count, RADIUS + 14)
    dx = x - CX
    if abs(dx) < 1:
        anchor = "middle"
        # Above the ring on the top axis, below it on the bottom one.
        first = y - (len(lines) - 1) * LINE_HEIGHT if y < CY else y + FONT_SIZE
    else:
        anchor = "start" if dx > 0 else "end"
        first = y - len(lines) * LINE_HEIGHT / 2 + FONT_SIZE * 0.8
    spans = format_html_join(
        "",
        '<tspan x="{}" y="{}" font-weight="{}">{}</tspan>',
        (
            (_n(x), _n(first + i * LINE_HEIGHT), weight, text)
            for i, (text, weight) in enumerate(lines)
        ),
    )
    return format_html(
        '<text text-anchor="{}" font-size="{}" fill="{}">{}</text>', anchor, FONT_SIZE, INK, spans
    )


def _key_item(y: float, series: Series) -> SafeString:
    """A sample of the series' line and marker, and what it shows."""
    line = format_html(
        '<line x1="10" y1="{y}" x2="46" y2="{y}" {}/>', _line_attributes(series), y=_n(y)
    )
    return format_html("{}{}{}", line, _marker(28, y, series), _text(58, y + 5, series.label))


def _gold_key(y: float, label: str) -> SafeString:
    return format_html(
        '<rect x="14" y="{}" width="28" height="14" fill="{}" stroke="{}" stroke-width="3"/>{}',
        _n(y - 7),
        GOLD_FILL,
        GOLD_LINE,
        _text(58, y + 5, label),
    )


def _rung_words(rung: Rung | None) -> str:
    return f"Rung {rung.position}: {rung.name}" if rung else "No answer"


def _value_label(row: PrincipleRungs, series: Sequence[Series]) -> str:
    """Under the axis name: the rung in words when only the self-assessment is drawn, else each
    series' rung number."""
    if series == [SELF]:
        return _rung_words(row.self_rung)
    return ", ".join(
        f"{s.key} {_value(row, s) or '–'}"
        for s in reversed(series)
        if s is not AGREED or row.agreed_rung
    )


def _described(row: PrincipleRungs, series: Sequence[Series]) -> str:
    """One axis in words, for the chart's description."""
    name = f"{row.principle.position}. {row.principle.name}"
    if series == [SELF]:
        return f"{name}: {_rung_words(row.self_rung)}"
    said = [f"self-assessed {_rung_words(row.self_rung).lower()}"]
    if PEER in series:
        said.append(f"peer reviewer {_rung_words(row.peer_rung).lower()}")
    if row.agreed_rung:
        said.append(f"agreed {_rung_words(row.agreed_rung).lower()} ({row.standing.source_label})")
    return f"{name}: " + ", ".join(said)


def principles_radar(
    rows: Sequence[PrincipleRungs], rungs: Sequence[Rung], *, chart_id: str = "principles-chart"
) -> SafeString:
    """The principles on one star chart: how far up the ladder each one is, self-assessed, by
    the peer reviewer and agreed, each series labelled in a key inside the drawing (so it
    travels with it into the PDF)."""
    levels = len(rungs)
    gold = next((r for r in rungs if r.is_gold_standard), None)
    series = chart_series(rows)
    count = len(rows)
    parts = _radar_grid(count, levels, gold.position if gold else None)
    parts += [_radar_series([_value(row, s) for row in rows], levels, s) for s in series]
    parts += [
        _axis_label(
            i, count, f"{row.principle.position}. {row.principle.name}", _value_label(row, series)
        )
        for i, row in enumerate(rows)
    ]
    key_y = RADAR_PLOT_HEIGHT + 12
    if gold:
        parts.append(_gold_key(key_y, f"Rung {gold.position}, {gold.name}: the gold standard"))
        key_y += KEY_LINE
    for item in reversed(series):
        parts.append(_key_item(key_y, item))
        key_y += KEY_LINE
    if series == [SELF]:
        title = f"Star chart: the rung each of the {apnumber(count)} principles reached"
    else:
        title = (
            f"Star chart: the self-assessed, peer reviewer's and agreed rung of each of the "
            f"{apnumber(count)} principles"
        )
    return svg(
        parts,
        width=RADAR_WIDTH,
        height=key_y,
        chart_id=chart_id,
        title=title,
        description="; ".join(_described(row, series) for row in rows) + ".",
    )


@dataclass(frozen=True)
class Mark:
    """A principle's place on a rung of the ladder, and whose it is."""

    key: str  # self, peer or agreed: the same keys as the star chart's series
    label: str

    @property
    def short(self) -> str:
        """One word, for a ladder drawn as a grid."""
        return {"self": "Self", "peer": "Peer", "agreed": "Agreed"}[self.key]


def marks(row: PrincipleRungs, rung: Rung) -> list[Mark]:
    """Which of the principle's rungs (self-assessed, peer reviewer's, agreed: in the order
    they came about) are `rung`."""
    placed = [
        ("self", row.self_rung, "Self-assessed"),
        ("peer", row.peer_rung, "Peer reviewer"),
        ("agreed", row.agreed_rung, f"Agreed, {row.standing.source_label.lower()}"),
    ]
    return [Mark(key, label) for key, on, label in placed if on and on.pk == rung.pk]


def ladder(
    rows: Sequence[PrincipleRungs], rungs: Sequence[Rung]
) -> list[tuple[Rung, list[tuple[PrincipleRungs, list[Mark]]]]]:
    """The ladder top rung first, each rung with the principles placed on it and by whom."""
    return [
        (rung, [(row, found) for row in rows if (found := marks(row, rung))])
        for rung in reversed(rungs)
    ]


def ladder_grid(
    rows: Sequence[PrincipleRungs], rungs: Sequence[Rung]
) -> list[tuple[Rung, list[tuple[PrincipleRungs, list[Mark]]]]]:
    """The ladder as a grid, top rung first: a cell per principle on every rung."""
    return [(rung, [(row, marks(row, rung)) for row in rows]) for rung in reversed(rungs)]


# --- A round: how many organisations stand on each rung ------------------------------------------

# One fill per rung, lowest first: a single blue growing darker up the ladder, so the order reads
# in greyscale and for colour-blind readers too, and every step light enough for black numbers.
# The gold standard is yellow with a thick dark outline, always the last segment, with its count
# also written after the bar: colour is never the only signal.
RUNG_FILLS = ("#f3f8fc", "#d6e7f5", "#b8d5ee", "#99c2e6", "#7aafde", "#5e9bd3", "#ffdd00")
NO_ANSWER_FILL = WHITE
BAR_CHART_WIDTH = 760
BAR_LABEL_WIDTH, BAR_WIDTH = 250, 400
ROW_HEIGHT, BAR_HEIGHT, TOP = 64, 34, 24
BAR_FONT_SIZE = 14
BAR_LABEL_CHARS, BAR_LABEL_LINE = 30, 17


def rung_fill(position: int, rungs: Sequence[Rung]) -> str:
    if any(r.position == position and r.is_gold_standard for r in rungs):
        return RUNG_FILLS[-1]
    return RUNG_FILLS[min(position, len(RUNG_FILLS)) - 1]


def _bar_label(y: float, principle: Principle) -> SafeString:
    """The principle's name, right-aligned before its bar, wrapped onto short lines."""
    lines = textwrap.wrap(f"{principle.position}. {principle.name}", BAR_LABEL_CHARS)
    first_line = y + BAR_HEIGHT / 2 + 5 - (len(lines) - 1) * BAR_LABEL_LINE / 2
    return format_html(
        '<text text-anchor="end" font-size="{}" fill="{}" font-weight="700">{}</text>',
        BAR_FONT_SIZE,
        INK,
        format_html_join(
            "",
            '<tspan x="{}" y="{}">{}</tspan>',
            (
                (BAR_LABEL_WIDTH - 10, _n(first_line + i * BAR_LABEL_LINE), line)
                for i, line in enumerate(lines)
            ),
        ),
    )


def _bar_segment(x: float, y: float, width: float, position: int, count: int, dashboard):
    """One rung's share of a bar, with its count, and above it which rung it is when there is
    room: colour is not needed to tell."""
    is_gold = bool(dashboard.gold and position == dashboard.gold.position)
    fill = NO_ANSWER_FILL if position == 0 else rung_fill(position, dashboard.rungs)
    parts = [
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
            'stroke-width="{}" stroke-dasharray="{}"/>',
            _n(x),
            y,
            _n(width),
            BAR_HEIGHT,
            fill,
            GOLD_LINE if is_gold else (GRID if position == 0 else SECONDARY),
            3 if is_gold else 1,
            "4 3" if position == 0 else "none",
        )
    ]
    middle = x + width / 2
    if position and width >= 36:
        parts.append(
            _text(middle, y - 4, f"Rung {position}", size=11, fill=SECONDARY, text_anchor="middle")
        )
    if width >= 22:
        parts.append(
            _text(
                middle, y + BAR_HEIGHT / 2 + 5, str(count), size=BAR_FONT_SIZE, text_anchor="middle"
            )
        )
    return _join(parts)


def _bar(y: float, row: "PrincipleDistribution", dashboard: "RoundDashboard") -> SafeString:
    """A principle's bar: a segment per rung reached, then "no answer", then the count at
    gold written after it."""
    parts = [_bar_label(y, row.principle)]
    x = float(BAR_LABEL_WIDTH)
    segments = [(r.position, row.count_at(r.position)) for r in dashboard.rungs]
    for position, count in [*segments, (0, row.no_answer)]:
        if not count or not dashboard.total:
            continue
        width = BAR_WIDTH * count / dashboard.total
        parts.append(_bar_segment(x, y, width, position, count, dashboard))
        x += width
    if dashboard.gold:
        parts.append(
            _text(
                BAR_LABEL_WIDTH + BAR_WIDTH + 10,
                y + BAR_HEIGHT / 2 + 5,
                f"{row.at_gold} at gold",
                size=BAR_FONT_SIZE,
            )
        )
    return _join(parts)


def _bar_scale(axis_y: float, total: int) -> SafeString:
    """The scale under the bars: 0 and the number of organisations."""
    top, bottom = TOP - 6, axis_y - ROW_HEIGHT + BAR_HEIGHT + 6
    words = f"{total} organisation{'' if total == 1 else 's'}"
    return format_html(
        '<line x1="{x}" y1="{top}" x2="{x}" y2="{y}" stroke="{c}" stroke-width="1"/>{zero}{all}',
        x=BAR_LABEL_WIDTH,
        top=top,
        y=_n(bottom),
        c=SECONDARY,
        zero=_text(
            BAR_LABEL_WIDTH, bottom + 16, "0", size=12, fill=SECONDARY, text_anchor="middle"
        ),
        all=_text(
            BAR_LABEL_WIDTH + BAR_WIDTH,
            bottom + 16,
            words,
            size=12,
            fill=SECONDARY,
            text_anchor="end",
        ),
    )


def _bar_key(key_y: float, dashboard: "RoundDashboard") -> tuple[list[SafeString], float]:
    """The key, in two columns inside the drawing so it travels with it into a PDF; and where
    the drawing ends."""
    gold = dashboard.gold
    items = [
        (
            rung_fill(r.position, dashboard.rungs),
            bool(gold and r.position == gold.position),
            f"Rung {r.position}: {r.name}" + (" (the gold standard)" if r.is_gold_standard else ""),
        )
        for r in dashboard.rungs
    ]
    items.append((NO_ANSWER_FILL, False, "No answer: nobody chose a rung"))
    column_width = BAR_CHART_WIDTH // 2
    parts = []
    for index, (fill, is_gold, label) in enumerate(items):
        kx = 10 + (index % 2) * column_width
        ky = key_y + (index // 2) * KEY_LINE
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="24" height="16" fill="{}" stroke="{}" '
                'stroke-width="{}"/>{}',
                kx,
                _n(ky),
                fill,
                GOLD_LINE if is_gold else GRID,
                3 if is_gold else 1,
                _text(kx + 34, ky + 13, label, size=13),
            )
        )
    return parts, key_y + ((len(items) + 1) // 2) * KEY_LINE + 10


def rung_chart(dashboard: "RoundDashboard", *, chart_id: str = "rung-chart") -> SafeString:
    """One horizontal bar per principle, split into how many organisations stand on each rung.

    Every segment carries its count as text; the gold segment has a thick outline and the count
    at gold is also written at the end of each bar. The page shows the same numbers in a table.
    """
    total = dashboard.total
    parts = [
        _bar(TOP + index * ROW_HEIGHT, row, dashboard)
        for index, row in enumerate(dashboard.principles)
    ]
    axis_y = TOP + len(dashboard.principles) * ROW_HEIGHT
    parts.append(_bar_scale(axis_y, total))
    key, height = _bar_key(axis_y + 20, dashboard)
    description = " ".join(
        f"{row.principle.position}. {row.principle.name}: "
        + ", ".join(f"rung {r.position} {row.count_at(r.position)}" for r in dashboard.rungs)
        + f", no answer {row.no_answer}."
        for row in dashboard.principles
    )
    return svg(
        [*parts, *key],
        width=BAR_CHART_WIDTH,
        height=height,
        chart_id=chart_id,
        title=f"Bar chart: how many of the {total} organisations reached each rung, "
        "for each principle",
        description=description,
    )


# --- The trend across an organisation's assessments (assessment/progress_between.py) -----------

TREND_WIDTH = 680
TREND_COLUMN = TREND_WIDTH // 2  # two panels side by side
TREND_STEP = 16  # between rungs, in SVG units
TREND_PANEL_TOP = 46  # room for the principle's name above the plot
TREND_PANEL_HEIGHT = 176
TREND_LABEL_CHARS = 36
TREND_TITLE_CHARS = 70  # an assessment's title in the key, shortened past this


@dataclass
class TrendPanel:
    label: str  # the principle, e.g. "1. Recognising people as assets"
    points: Sequence[tuple[int | None, bool]]  # (rung or None, peer-confirmed), oldest first


def _trend_marker(x: float, y: float, confirmed: bool) -> SafeString:
    """A peer-confirmed standing is a filled diamond, any other an open circle: the shape
    tells them apart without colour."""
    if confirmed:
        return format_html(
            '<polygon points="{},{} {},{} {},{} {},{}" fill="{}" stroke="{}" stroke-width="1.5"/>',
            _n(x),
            _n(y - 7),
            _n(x + 7),
            _n(y),
            _n(x),
            _n(y + 7),
            _n(x - 7),
            _n(y),
            BLUE,
            INK,
        )
    return format_html(
        '<circle cx="{}" cy="{}" r="5" fill="#ffffff" stroke="{}" stroke-width="2.5"/>',
        _n(x),
        _n(y),
        BLUE,
    )


def _trend_panel(index: int, panel: TrendPanel, levels: int, gold_level: int | None) -> str:
    left = (index % 2) * TREND_COLUMN
    top = (index // 2) * TREND_PANEL_HEIGHT
    plot_left, plot_right = left + 44, left + TREND_COLUMN - 24
    bottom = top + TREND_PANEL_TOP + (levels - 1) * TREND_STEP
    parts = [
        format_html(
            '<text font-size="14" font-weight="700" fill="{}">{}</text>',
            INK,
            format_html_join(
                "",
                '<tspan x="{}" y="{}">{}</tspan>',
                (
                    (left + 8, top + 16 + i * 17, line)
                    for i, line in enumerate(textwrap.wrap(panel.label, TREND_LABEL_CHARS)[:2])
                ),
            ),
        )
    ]
    for level in range(1, levels + 1):
        y = bottom - (level - 1) * TREND_STEP
        is_gold = level == gold_level
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="end">{}</text>',
                plot_left,
                y,
                plot_right,
                y,
                GOLD_LINE if is_gold else GRID,
                3 if is_gold else 1,
                plot_left - 8,
                y + 4,
                SECONDARY,
                level,
            )
        )
    count = len(panel.points)
    span = plot_right - plot_left - 32

    def x_of(i: int) -> float:
        return plot_left + 16 + (span * i / (count - 1) if count > 1 else span / 2)

    placed = [
        (x_of(i), bottom - (position - 1) * TREND_STEP if position else None, position, confirmed)
        for i, (position, confirmed) in enumerate(panel.points)
    ]
    for i in range(1, count):
        (x1, y1, *_), (x2, y2, *_) = placed[i - 1], placed[i]
        if y1 is not None and y2 is not None:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"/>',
                    _n(x1),
                    _n(y1),
                    _n(x2),
                    _n(y2),
                    BLUE,
                )
            )
    for i, (x, y, position, confirmed) in enumerate(placed):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="middle">{}</text>',
                _n(x),
                bottom + 20,
                SECONDARY,
                i + 1,
            )
        )
        if y is None:
            continue
        parts.append(_trend_marker(x, y, confirmed))
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" font-weight="700" fill="{}" '
                'text-anchor="start">{}</text>',
                _n(x + 8),
                _n(y - 6),
                INK,
                position,
            )
        )
    return "".join(parts)


def trend_chart(
    panels: Sequence[TrendPanel],
    *,
    assessments: Sequence[str],
    levels: int,
    gold_level: int | None,
    chart_id: str = "trend-chart",
) -> SafeString:
    """One small panel per principle: its standing's rung (1 at the bottom) in each of the
    organisation's assessments, oldest on the left, numbered as in the key below them. The page
    gives the same numbers in a table."""
    parts = [_trend_panel(i, panel, levels, gold_level) for i, panel in enumerate(panels)]
    key_y = ((len(panels) + 1) // 2) * TREND_PANEL_HEIGHT + 8
    parts.append(
        format_html(
            "{}{}"
            '<text x="28" y="{}" font-size="13" fill="{}">Peer-confirmed standing</text>'
            '<text x="28" y="{}" font-size="13" fill="{}">Self-assessed, or agreed and waiting '
            "for the reviewer</text>",
            _trend_marker(14, key_y, True),
            _trend_marker(14, key_y + 22, False),
            key_y + 5,
            INK,
            key_y + 27,
            INK,
        )
    )
    lines_y = key_y + 44
    if gold_level:
        parts.append(
            format_html(
                '<line x1="4" y1="{}" x2="24" y2="{}" stroke="{}" stroke-width="3"/>'
                '<text x="28" y="{}" font-size="13" fill="{}">Rung {}: the gold standard</text>',
                lines_y,
                lines_y,
                GOLD_LINE,
                lines_y + 5,
                INK,
                gold_level,
            )
        )
        lines_y += 24
    parts.append(
        format_html_join(
            "",
            '<text x="4" y="{}" font-size="13" fill="{}">{}</text>',
            (
                (lines_y + 5 + i * 20, INK, textwrap.shorten(label, TREND_TITLE_CHARS))
                for i, label in enumerate(assessments)
            ),
        )
    )
    height = lines_y + len(assessments) * 20 + 4
    description = " ".join(
        f"{panel.label}: "
        + ", ".join(
            f"assessment {i} "
            + (f"rung {position}" if position else "no result")
            + (" (peer-confirmed)" if confirmed else "")
            for i, (position, confirmed) in enumerate(panel.points, start=1)
        )
        + "."
        for panel in panels
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="coprod-chart__svg" width="{w}" '
        'height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" font-family="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=TREND_WIDTH,
        h=height,
        id=chart_id,
        font=FONT,
        title="Trend chart: the rung each principle stood on in each assessment, oldest first",
        desc=description,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
    )
