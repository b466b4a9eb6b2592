"""The review screen's follow-up view: one target over the waves, for everyone and per unit.

`WavesView(target, waves, by_unit=None, low=None, high=None)` is a Rich renderable like the
other views: `waves` is `Analysis.waves` (from `analyze(..., wave=...)`) and `by_unit` is
`surveytui.analysis.followup.waves_by_unit(...)`. Each group gets a small chart, one line
per wave: a dot on the scale from `low` to `high` at the mean, the mean, n and the change
from the previous wave. Suppressed waves and units show a dash and nothing else.
"""

from __future__ import annotations

from itertools import chain

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from surveytui.analysis.results import UnitWaves, WaveCell, Waves
from surveytui.report.text import format_number, format_p, shorten
from surveytui.tui.review.charts import mean_marker


class WavesView:
    """One rated item or scale per wave: everyone first, then each unit (see the module)."""

    def __init__(
        self,
        target: str,
        waves: Waves,
        by_unit: UnitWaves | None = None,
        low: float | None = None,
        high: float | None = None,
    ):
        self.target, self.waves, self.by_unit = target, waves, by_unit
        self.low, self.high = low, high

    def _rows(self, label: str, waves: Waves | None, width: int) -> list[list[str | Text]]:
        """One group's lines, a wave each (the marker `width` wide, left out at 0); a
        suppressed group or wave shows a dash."""
        levels = waves.levels if waves is not None else []
        rows: list[list[str | Text]] = []
        if not levels:
            rows.append([label, "", Text("suppressed", style="dim"), "–", "–", ""])
        for index, level in enumerate(levels):
            cell = level.cell(self.target)
            name = label if index == 0 else ""
            if level.suppressed or cell is None or cell.mean is None:
                rows.append(
                    [name, shorten(str(level.value), 12), Text("–", style="dim"), "–", "–", ""]
                )
                continue
            marker = (
                mean_marker(cell.mean, self.low, self.high, width)
                if self.low is not None and self.high is not None and width
                else Text("")
            )
            change = cell.change if isinstance(cell, WaveCell) else None
            rows.append(
                [
                    name,
                    shorten(str(level.value), 12),
                    marker,
                    format_number(cell.mean),
                    str(cell.n),
                    "" if change is None else f"{change:+.2f}",
                ]
            )
        return rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        waves = self.waves
        title = Text(f"Over the waves of {waves.wave}", style="bold")
        title.append(
            "  in the order given"
            if waves.order_by == "given"
            else "  in the order first answered",
            style="dim",
        )
        title.append(f"  numbers resting on fewer than {waves.min_group} are hidden", style="dim")
        yield title
        groups: list[tuple[str, Waves | None]] = [("everyone", waves)]
        if self.by_unit is not None:
            groups += [
                (shorten(str(unit.value), 16), None if unit.suppressed else unit.waves)
                for unit in self.by_unit.levels
            ]
        # The chart takes what the words and numbers leave (two spaces between columns),
        # and is left out when that is too little to show anything.
        headers = ("group", "wave", "", "mean", "n", "change")
        words = chain.from_iterable(self._rows(label, part, 0) for label, part in groups)
        needed = sum(max(cell_len(str(cell)) for cell in cells) for cells in zip(headers, *words))
        width = min(30, options.max_width - needed - 10)
        width = width if width >= 6 else 0
        table = Table(
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
            expand=False,
            collapse_padding=True,
        )
        for index, column in enumerate(headers):
            table.add_column(
                column,
                justify="left" if index < 3 else "right",
                no_wrap=index > 1,
                overflow="fold",
                min_width=8 if index < 2 else None,
            )
        for index, (label, part) in enumerate(groups):
            if index:
                table.add_section()
            for row in self._rows(label, part, width):
                table.add_row(*row)
        yield table
        test = waves.test_of(self.target)
        trend = waves.trend_of(self.target)
        notes = []
        if test is not None and test.p is not None:
            notes.append(
                f"Kruskal-Wallis H = {format_number(test.statistic)}, p {format_p(test.p)}"
            )
        if trend is not None and trend.p is not None:
            notes.append(
                f"trend (Jonckheere-Terpstra) z = {format_number(trend.z)}, p {format_p(trend.p)}"
            )
        if notes:
            yield Text("; ".join(notes) + " (everyone)", style="dim")
