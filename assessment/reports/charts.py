"""Charts drawn on the server, once: the results page and the PDF show the same drawing.

Each SVG stands on its own so WeasyPrint can draw it too: no scripts, no links, no CSS
(the site's Content-Security-Policy refuses inline styles, so colours are SVG presentation
attributes), and fonts by family name only. Each has a title and a description for screen
readers, and the page always shows the same numbers in a table next to it.
"""

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from principles.models import Rung

from ..results import AssessmentResults, PrincipleSummary

# GOV.UK Frontend colours, so the chart matches the page around it.
INK = "#0b0c0c"
SECONDARY = "#505a5f"
GRID = "#b1b4b6"
BLUE = "#1d70b8"
GOLD_FILL = "#fff7bf"
GOLD_LINE = "#594d00"
FONT = "Atkinson Hyperlegible, Arial, sans-serif"

# The radar's drawing area, in SVG units; the page scales it down on narrow screens.
WIDTH, HEIGHT = 680, 550
CX, CY, RADIUS = 340, 240, 165
FONT_SIZE, LINE_HEIGHT, LABEL_CHARS = 15, 18, 18


@dataclass
class RadarAxis:
    label: str  # the axis name, wrapped onto short lines
    value: int | None  # None is plotted at the centre
    value_label: str  # says the value in words, under the name


def _n(number: float) -> str:
    return f"{number:.1f}"


def _point(index: int, count: int, distance: float) -> tuple[float, float]:
    angle = math.radians(-90 + 360 * index / count)
    return CX + distance * math.cos(angle), CY + distance * math.sin(angle)


def _ring(count: int, distance: float) -> str:
    return " ".join(
        f"{_n(x)},{_n(y)}" for x, y in (_point(i, count, distance) for i in range(count))
    )


def _axis_label(index: int, count: int, axis: RadarAxis) -> SafeString:
    """The axis name (bold) and its value, outside the outer ring, away from the centre."""
    names = textwrap.wrap(axis.label, LABEL_CHARS) or [""]
    lines = [(name, "700") for name in names] + [(axis.value_label, "400")]
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


def radar_chart(
    axes: Sequence[RadarAxis],
    *,
    levels: int,
    gold_level: int | None,
    gold_label: str,
    line_label: str,
    chart_id: str,
    title: str,
) -> SafeString:
    """A radar ("star") chart: one axis per item, rings 1..levels, the gold ring highlighted.

    `chart_id` must be unique on the page: the title and description are referred to by id.
    """
    count = len(axes)
    step = RADIUS / levels
    parts = []
    if gold_level:
        # The band between the gold ring and the one below it is tinted, and its ring drawn thick.
        parts.append(
            format_html(
                '<polygon points="{}" fill="{}"/><polygon points="{}" fill="#ffffff"/>',
                _ring(count, gold_level * step),
                GOLD_FILL,
                _ring(count, (gold_level - 1) * step),
            )
        )
    parts.append(
        format_html_join(
            "",
            '<polygon points="{}" fill="none" stroke="{}" stroke-width="1"/>',
            ((_ring(count, level * step), GRID) for level in range(1, levels + 1)),
        )
    )
    if gold_level:
        parts.append(
            format_html(
                '<polygon points="{}" fill="none" stroke="{}" stroke-width="3"/>',
                _ring(count, gold_level * step),
                GOLD_LINE,
            )
        )
    parts.append(
        format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            ((CX, CY, *map(_n, _point(i, count, levels * step)), SECONDARY) for i in range(count)),
        )
    )
    points = [_point(i, count, (axis.value or 0) * step) for i, axis in enumerate(axes)]
    parts.append(
        format_html(
            '<polygon points="{}" fill="{}" fill-opacity="0.2" stroke="{}" stroke-width="3" '
            'stroke-linejoin="round"/>',
            " ".join(f"{_n(x)},{_n(y)}" for x, y in points),
            BLUE,
            BLUE,
        )
    )
    parts.append(
        format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="6" fill="{}" stroke="#ffffff" stroke-width="2"/>',
            ((_n(x), _n(y), BLUE) for (x, y), axis in zip(points, axes, strict=True) if axis.value),
        )
    )
    # Ring numbers up the top axis, on a white patch so the lines do not cross them.
    parts.append(
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="14" height="14" fill="#ffffff"/>'
            '<text x="{}" y="{}" font-size="12" fill="{}" text-anchor="middle">{}</text>',
            (
                (
                    _n(CX + 9),
                    _n(CY - level * step - 7),
                    _n(CX + 16),
                    _n(CY - level * step + 4),
                    SECONDARY,
                    level,
                )
                for level in range(1, levels + 1)
            ),
        )
    )
    parts.append(
        format_html_join("", "{}", ((_axis_label(i, count, axis),) for i, axis in enumerate(axes)))
    )
    # A key, inside the drawing so it travels with it into the PDF.
    key_y = HEIGHT - 44
    if gold_level:
        parts.append(
            format_html(
                '<rect x="10" y="{}" width="28" height="14" fill="{}" stroke="{}" '
                'stroke-width="3"/><text x="48" y="{}" font-size="14" fill="{}">{}</text>',
                key_y,
                GOLD_FILL,
                GOLD_LINE,
                key_y + 12,
                INK,
                gold_label,
            )
        )
    parts.append(
        format_html(
            '<line x1="10" y1="{}" x2="38" y2="{}" stroke="{}" stroke-width="3"/>'
            '<circle cx="24" cy="{}" r="6" fill="{}" stroke="#ffffff" stroke-width="2"/>'
            '<text x="48" y="{}" font-size="14" fill="{}">{}</text>',
            key_y + 31,
            key_y + 31,
            BLUE,
            key_y + 31,
            BLUE,
            key_y + 36,
            INK,
            line_label,
        )
    )
    description = "; ".join(f"{axis.label}: {axis.value_label}" for axis in axes) + "."
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="coprod-chart__svg" width="{w}" '
        'height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" font-family="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        font=FONT,
        title=title,
        desc=description,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
    )


def rung_label(rung: Rung | None) -> str:
    return f"Rung {rung.position}: {rung.name}" if rung else "No answer"


def principles_radar(
    results: AssessmentResults, *, chart_id: str = "principles-chart"
) -> SafeString:
    """The six principles on one star chart: how far up the ladder each one reached."""
    gold = results.gold_standard
    return radar_chart(
        [
            RadarAxis(
                label=f"{s.principle.position}. {s.principle.name}",
                value=s.rung.position if s.rung else None,
                value_label=rung_label(s.rung),
            )
            for s in results.principles
        ],
        levels=len(results.rungs),
        gold_level=gold.position,
        gold_label=f"Rung {gold.position}, {gold.name}: the gold standard",
        line_label="The rung each principle reached (0 at the centre: no answer)",
        chart_id=chart_id,
        title="Star chart: the rung each of the six principles reached",
    )


def ladder(results: AssessmentResults) -> list[tuple[Rung, list[PrincipleSummary]]]:
    """The ladder top rung first, each rung with the principles that reached it."""
    return [
        (rung, [s for s in results.principles if s.rung and s.rung.pk == rung.pk])
        for rung in reversed(results.rungs)
    ]


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
