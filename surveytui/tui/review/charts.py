"""Terminal pictures of the numbers in an Analysis: diverging stacked bars, bars, mean markers.

Each function draws numbers it is given (counts and percentages from the Analysis) and
computes none of its own: widths are only the drawing of those numbers. The colours are
the written report's (`surveytui.report.charts.palette`), so screen and report agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from surveytui.report.charts import palette

BAR = "█"
CENTRE = "│"


def _widths(shares: Sequence[float], cells: int) -> list[int]:
    """Cells per share, rounded on the running total so that the parts add up exactly."""
    widths, total, drawn = [], 0.0, 0
    for share in shares:
        total += share
        edge = round(total * cells)
        widths.append(edge - drawn)
        drawn = edge
    return widths


def diverging_bar(counts: Sequence[int], half: int) -> Text:
    """Counts per code (lowest first) as a bar centred on the neutral point.

    Codes below the middle run leftwards from the centre line and codes above it
    rightwards, each side `half` cells for all respondents; an odd scale's middle code
    straddles the line, half on either side.
    """
    total, points = sum(counts), len(counts)
    if total == 0:
        return Text(" " * half + CENTRE + " " * half)
    colours = palette(points)
    side, odd = points // 2, points % 2 == 1
    middle = [side] if odd else []
    left_codes = middle + list(reversed(range(side)))
    right_codes = middle + list(range(points - side, points))

    def share(code: int) -> float:
        return counts[code] / total / (2 if odd and code == side else 1)

    left = _widths([share(c) for c in left_codes], half)
    right = _widths([share(c) for c in right_codes], half)
    text = Text(" " * (half - sum(left)))
    for code, width in reversed(list(zip(left_codes, left))):
        text.append(BAR * width, style=colours[code])
    text.append(CENTRE, style="bold")
    for code, width in zip(right_codes, right):
        text.append(BAR * width, style=colours[code])
    text.append(" " * (half - sum(right)))
    return text


def legend(codes: Sequence[int], labels: Sequence[str]) -> Text:
    """A coloured swatch, the code and its label for every code of a scale."""
    colours = palette(len(codes))
    text = Text()
    for code, label, colour in zip(codes, labels, colours):
        if text:
            text.append("  ")
        text.append("■ ", style=colour)
        text.append(f"{code} {label}".rstrip())
    return text


def bar(share: float | None, cells: int, style: str = "cyan") -> Text:
    """A left-aligned bar `share` (0-1) of `cells` long, padded to `cells`."""
    width = 0 if share is None else max(0, min(cells, round(share * cells)))
    return Text(BAR * width, style=style) + Text(" " * (cells - width))


def mean_marker(mean: float | None, low: float, high: float, cells: int) -> Text:
    """A line from the scale's lowest to highest code with a dot at the mean."""
    line = ["─"] * cells
    text = Text()
    if mean is None or high <= low or cells < 2:
        return Text("".join(line), style="dim")
    spot = round((mean - low) / (high - low) * (cells - 1))
    spot = max(0, min(cells - 1, spot))
    text.append("".join(line[:spot]), style="dim")
    text.append("●", style="bold yellow")
    text.append("".join(line[spot + 1 :]), style="dim")
    return text
