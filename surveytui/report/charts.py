"""Self-contained SVG charts for the written report: diverging stacked bars and plain bars.

- `diverging_chart(chart_id, title, desc, rows, legend)`: one bar per row of answer counts
  on an ordinal scale, the lower codes to the left of a centre line and the higher to the
  right, the middle code (odd scales) split across it; bar lengths are shares of the row.
- `bar_chart(chart_id, title, desc, bars, intervals=None)`: one horizontal bar per choice,
  as long as its percentage, with a value text after it and optionally a whisker over its
  confidence interval (the share answering yes).
- `histogram_chart(chart_id, title, desc, bins)`: the answers to a number question counted
  per value or range, as touching horizontal bars with the count after each.
- `dot_chart(chart_id, title, desc, rows, low, high, reference, marks)`: group means as
  dots on the scale, with everyone's mean (or a target) as a dashed line and a group's own
  target as a mark across its row.

Every chart is `role="img"` with a `<title>` and a `<desc>` (the text alternative), uses
the colour-blind-safe ColorBrewer PuOr palette (orange below, purple above, grey in the
middle) and needs no script, font or network.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from surveytui.report.blocks import html_escape

WIDTH = 440  # narrow, so that a phone shrinks the text little
MARGIN = 6
FONT = 14
LINE = 18
BAR = 24
CHAR_WIDTH = 7.9  # a generous average glyph width at FONT, for wrapping and legends
NEUTRAL = "#d9d9d9"
LOW = ("#b35806", "#fdb863")  # PuOr: strongest and lightest orange
HIGH = ("#b2abd2", "#542788")  # PuOr: lightest and strongest purple
BAR_COLOUR = "#6a51a3"
TEXT = "#1a1a1a"


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _ramp(start: str, end: str, steps: int) -> list[str]:
    if steps == 1:
        return [_hex([(a + b) / 2 for a, b in zip(_rgb(start), _rgb(end))])]
    a, b = _rgb(start), _rgb(end)
    return [_hex([x + (y - x) * i / (steps - 1) for x, y in zip(a, b)]) for i in range(steps)]


def palette(points: int) -> list[str]:
    """Colours for a scale of `points` codes, lowest first: orange, grey middle, purple."""
    side = points // 2
    middle = [NEUTRAL] if points % 2 else []
    return _ramp(*LOW, side) + middle + _ramp(*HIGH, side)


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on the colour."""
    r, g, b = _rgb(colour)
    return TEXT if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"


def _lines(text: str, width: float) -> list[str]:
    return textwrap.wrap(text, max(10, int(width / CHAR_WIDTH))) or [""]


def _text(x: float, y: float, lines: list[str], **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else LINE}">{html_escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:g}" y="{y:g}"{extra}>{spans}</text>'


def _svg(chart_id: str, title: str, desc: str, height: float, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{html_escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" height="{height:g}" '
        f'role="img" aria-labelledby="{html_escape(chart_id)}-title {html_escape(chart_id)}-desc" '
        f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="{FONT}" '
        f'fill="{TEXT}">'
        f'<title id="{html_escape(chart_id)}-title">{html_escape(title)}</title>'
        f'<desc id="{html_escape(chart_id)}-desc">{html_escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _legend(entries: list[str], colours: list[str], top: float) -> tuple[list[str], float]:
    """Swatches and labels flowing over lines; returns the elements and the next free y."""
    body, x, y = [], float(MARGIN), top
    for entry, colour in zip(entries, colours):
        width = 18 + len(entry) * CHAR_WIDTH + 14
        if x > MARGIN and x + width > WIDTH - MARGIN:
            x, y = float(MARGIN), y + LINE + 2
        body.append(
            f'<rect x="{x:g}" y="{y:g}" width="13" height="13" fill="{colour}" '
            f'stroke="#808080" stroke-width="0.5"/>'
        )
        body.append(_text(x + 18, y + 12, [entry]))
        x += width
    return body, y + LINE + 10


def diverging_chart(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    legend: Sequence[str],
) -> str:
    """Diverging stacked bars of answer counts per code (lowest first), one bar per row."""
    points = len(legend)
    colours = palette(points)
    low, middle = points // 2, points % 2
    shares = []
    for _, counts in rows:
        total = sum(counts)
        shares.append([c / total for c in counts] if total else [0.0] * points)
    left = max((sum(s[:low]) + (s[low] / 2 if middle else 0) for s in shares), default=0)
    right = max((sum(s[low + middle :]) + (s[low] / 2 if middle else 0) for s in shares), default=0)
    plot = WIDTH - 2 * MARGIN
    unit = plot / (left + right) if left + right else 0
    centre = MARGIN + left * unit
    body, y = _legend(list(legend), colours, MARGIN)
    top, bars_start = y, len(body)
    for (label, counts), share in zip(rows, shares):
        if label:
            lines = _lines(label, plot)
            body.append(_text(MARGIN, y + FONT, lines))
            y += len(lines) * LINE + 4
        x = centre - (sum(share[:low]) + (share[low] / 2 if middle else 0)) * unit
        for count, part, colour in zip(counts, share, colours):
            width = part * unit
            if width > 0:
                body.append(
                    f'<rect x="{x:.2f}" y="{y:g}" width="{width:.2f}" height="{BAR}" '
                    f'fill="{colour}"/>'
                )
                if width >= 8 + 8 * len(str(count)):
                    body.append(
                        _text(
                            x + width / 2,
                            y + BAR / 2 + 5,
                            [str(count)],
                            text_anchor="middle",
                            fill=_ink(colour),
                        )
                    )
            x += width
        y += BAR + 12
    body.insert(
        bars_start,
        f'<line x1="{centre:.2f}" x2="{centre:.2f}" y1="{top - 4:g}" '
        f'y2="{y - 8:g}" stroke="{TEXT}" stroke-width="1"/>',
    )  # behind the bars
    return _svg(chart_id, title, desc, y + MARGIN, body)


def _whisker(left: float, right: float, middle: float) -> list[str]:
    """An interval from left to right with end caps, dark on a white halo to read on a bar."""
    cap = BAR / 2 - 4
    path = (
        f"M{left:.2f} {middle - cap:g}V{middle + cap:g}M{left:.2f} {middle:g}"
        f"H{right:.2f}M{right:.2f} {middle - cap:g}V{middle + cap:g}"
    )
    return [
        f'<path d="{path}" fill="none" stroke="#ffffff" stroke-width="4"/>',
        f'<path d="{path}" fill="none" stroke="{TEXT}" stroke-width="1.5"/>',
    ]


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    bars: Sequence[tuple[str, float | None, str]],
    intervals: Sequence[Sequence[float] | None] | None = None,
) -> str:
    """Horizontal bars of percentages 0-100 (label, percentage, value text shown after it),
    each with a whisker over its interval (low, high in percent) when intervals are given."""
    value_room = 14 + max((len(value) for _, _, value in bars), default=0) * CHAR_WIDTH
    plot = WIDTH - 2 * MARGIN - value_room
    body, y = [], float(MARGIN)
    for i, (label, pct, value) in enumerate(bars):
        lines = _lines(label, WIDTH - 2 * MARGIN)
        body.append(_text(MARGIN, y + FONT, lines))
        y += len(lines) * LINE + 4
        width = plot * (pct or 0) / 100
        body.append(
            f'<rect x="{MARGIN}" y="{y:g}" width="{width:.2f}" height="{BAR}" fill="{BAR_COLOUR}"/>'
        )
        interval = intervals[i] if intervals else None
        if interval is not None:
            body += _whisker(
                MARGIN + plot * interval[0] / 100, MARGIN + plot * interval[1] / 100, y + BAR / 2
            )
            width = max(width, plot * interval[1] / 100)
        body.append(_text(MARGIN + width + 6, y + BAR / 2 + 5, [value]))
        y += BAR + 12
    return _svg(chart_id, title, desc, y + MARGIN, body)


def histogram_chart(chart_id: str, title: str, desc: str, bins: Sequence[tuple[str, int]]) -> str:
    """Counts per bin (label, count) as touching horizontal bars, the bin label to the left,
    each bar as long as its count relative to the largest."""
    label_room = min(WIDTH / 2, 10 + max((len(label) for label, _ in bins), default=0) * CHAR_WIDTH)
    count_room = 14 + max((len(str(count)) for _, count in bins), default=0) * CHAR_WIDTH
    left = MARGIN + label_room
    plot = WIDTH - MARGIN - count_room - left
    most = max((count for _, count in bins), default=0)
    body, y = [], float(MARGIN)
    for label, count in bins:
        width = plot * count / most if most else 0
        body.append(_text(left - 8, y + BAR / 2 + 5, [label], text_anchor="end"))
        body.append(
            f'<rect x="{left:g}" y="{y:g}" width="{width:.2f}" height="{BAR}" '
            f'fill="{BAR_COLOUR}" stroke="#ffffff" stroke-width="1"/>'
        )
        body.append(_text(left + width + 6, y + BAR / 2 + 5, [str(count)]))
        y += BAR
    body.append(f'<line x1="{left:g}" x2="{left:g}" y1="{MARGIN}" y2="{y:g}" stroke="{TEXT}"/>')
    return _svg(chart_id, title, desc, y + MARGIN, body)


def dot_chart(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, float | None, str]],
    low: int,
    high: int,
    reference: tuple[str, float] | None = None,
    marks: Sequence[float | None] | None = None,
) -> str:
    """Means as dots on the scale low..high, one row per group (label, mean, value text),
    under the title and with an optional dashed reference line (label, value) such as
    everyone's mean or a target, and optional marks, one value per row or None, drawn
    across their own row (a group's own target)."""
    label_room = min(150.0, 10 + max((len(label) for label, _, _ in rows), default=0) * CHAR_WIDTH)
    left, right = MARGIN + label_room, WIDTH - MARGIN - 56

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    heading = _lines(title, WIDTH - 2 * MARGIN)
    body = [_text(MARGIN, MARGIN + FONT, heading, font_weight="bold")]
    y = MARGIN + len(heading) * LINE + 6
    label_y = y + FONT
    y += LINE + 4 if reference else 0
    top = y
    for i, (label, mean, value) in enumerate(rows):
        lines = _lines(label, label_room - 10)[:2]
        body.append(_text(MARGIN, y + 17, lines))
        body.append(
            f'<line x1="{left:g}" x2="{right:g}" y1="{y + 12:g}" y2="{y + 12:g}" '
            f'stroke="{NEUTRAL}"/>'
        )
        mark = marks[i] if marks else None
        if mark is not None:
            body.append(
                f'<line class="unit-target" x1="{x_of(mark):.2f}" '
                f'x2="{x_of(mark):.2f}" y1="{y + 2:g}" y2="{y + 22:g}" '
                f'stroke="{LOW[0]}" stroke-width="2.5"/>'
            )
        if mean is not None:
            body.append(
                f'<circle cx="{x_of(mean):.2f}" cy="{y + 12:g}" r="6" fill="{BAR_COLOUR}"/>'
            )
            body.append(_text(x_of(mean) + 10, y + 17, [value]))
        y += max(26, len(lines) * LINE + 6)
    for code in range(low, high + 1):
        body.append(
            f'<line x1="{x_of(code):.2f}" x2="{x_of(code):.2f}" y1="{y:g}" '
            f'y2="{y + 4:g}" stroke="{TEXT}"/>'
        )
        body.append(_text(x_of(code), y + 18, [str(code)], text_anchor="middle"))
    body.append(f'<line x1="{left:g}" x2="{right:g}" y1="{y:g}" y2="{y:g}" stroke="{TEXT}"/>')
    if reference:
        ref_label, ref_value = reference
        body.append(
            f'<line x1="{x_of(ref_value):.2f}" x2="{x_of(ref_value):.2f}" y1="{top - 2:g}" '
            f'y2="{y:g}" stroke="{LOW[0]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        body.append(_text(x_of(ref_value), label_y, [ref_label], text_anchor="middle", fill=LOW[0]))
    return _svg(chart_id, title, desc, y + 18 + MARGIN, body)
