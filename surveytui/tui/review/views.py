"""What the review screen draws for a target: an overview, an item, a scale, the groups.

Every view is a Rich renderable that lays itself out for the width it is given, and shows
only numbers read from the `Analysis` (the results `analyze --format json` prints),
formatted as the reports format them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from surveytui.analysis import Analysis
from surveytui.analysis.results import (
    BooleanItem,
    ChoiceItem,
    Comparison,
    ItemResult,
    NumberItem,
    OrdinalItem,
    Pairs,
    UnitWaves,
)
from surveytui.disclosure import explain, explain_briefly
from surveytui.errors import printable
from surveytui.model.qtypes import Answer
from surveytui.model.types import Item, Question, Questionnaire, Section, tr
from surveytui.report.text import (
    format_interval,
    format_number,
    format_p,
    format_pct,
    level_name,
    shorten,
    text_of,
)
from surveytui.tui.review.charts import bar, diverging_bar, legend, mean_marker
from surveytui.tui.review.followup import WavesView

TESTS = {"mann-whitney": "Mann-Whitney U", "kruskal-wallis": "Kruskal-Wallis H"}
EFFECTS = {"rank_biserial": "rank-biserial r", "epsilon_squared": "ε²"}
ORDERS = ("questionnaire", "top2")
"""How the overview sorts its items: as the questionnaire asks them, or by top-2-box."""


def _n(value: int | None) -> str:
    return "–" if value is None else str(value)


def _heading(title: str, subtitle: str = "") -> Text:
    text = Text(title, style="bold")
    if subtitle:
        text.append(f"  {subtitle}", style="dim")
    return text


def _counts_line(entry: ItemResult) -> Text:
    text = Text(f"n {entry.n} · missing {entry.missing}")
    if entry.na:
        text.append(f" · don't know {entry.na}")
    return text


def _figures(pairs: Iterable[tuple[str, str]], width: int) -> Text:
    """`name value` pairs on as few lines as fit, never splitting a pair."""
    text, line = Text(), 0
    for name, value in pairs:
        size = len(name) + 1 + len(value)
        if line and line + 3 + size > width:
            text.append("\n")
            line = 0
        elif line:
            text.append("   ")
            line += 3
        text.append(name + " ", style="dim")
        text.append(value, style="bold")
        line += size
    return text


class StatsTable(Table):
    """A label column, then numbers: on a narrow screen the label wraps (long words folded,
    never narrower than 8) so that no number and no header of one is ever cut short."""

    def __init__(self, *columns: str):
        super().__init__(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
        for index, column in enumerate(columns):
            self.add_column(
                column,
                justify="left" if index == 0 else "right",
                no_wrap=index > 0,
                overflow="fold" if index == 0 else "ellipsis",
                min_width=8 if index == 0 else None,
            )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        numbers = self.columns[1:]
        for column in numbers:
            column.min_width = max(cell_len(str(cell)) for cell in [column.header, *column.cells])
        least = 8 + sum(column.min_width or 0 for column in numbers)
        # Three spaces between columns; two when that is what it takes to fit.
        self.collapse_padding = least + 3 * len(numbers) > options.max_width
        if least + 2 * len(numbers) <= options.max_width:
            yield from super().__rich_console__(console, options)
            return
        # Too narrow even so: each row as its label, then its numbers named, wrapped.
        for label, *values in zip(*(column.cells for column in self.columns)):
            yield Text(str(label), style="bold")
            line = Text("  ")
            for column, value in zip(numbers, values):
                if str(value):
                    line.append(f"{column.header} ", style="dim").append(f"{value}   ")
            yield line


def hidden_notes(notes: list[str]) -> RenderResult:
    """Under a table whose hidden rows are dashes: which rows, and why, in full words."""
    if notes:
        yield Text("; ".join(notes) + ".", style="dim")


@dataclass
class Context:
    """What every view needs besides the target: the analysis, the language and, with waves
    and a grouping, the waves of every group."""

    analysis: Analysis
    lang: str
    by_unit: UnitWaves | None = None

    @property
    def questionnaire(self) -> Questionnaire:
        return self.analysis.questionnaire

    def text_of(self, target: str) -> str:
        """A question's, matrix row's or scale's text in the chosen language."""
        return text_of(self.questionnaire, target, self.lang)

    def level_label(self, value: str | None) -> str:
        """A group's value, with the choice's text when grouping by a single-choice question."""
        if value is None:
            return level_name(value)
        groups = self.analysis.groups
        question = self.questionnaire.question(groups.by) if groups else None
        choice = question.counted_choice(value) if question is not None else None
        return printable(f"{value} {tr(choice.text, self.lang)}" if choice is not None else value)

    def scale_labels(self, question: Question) -> list[str]:
        return [tr(question.labels.get(code), self.lang) for code in question.codes]


def ordinal_row(entry: OrdinalItem, half: int) -> Text:
    """One item's diverging bar followed by its top-2-box, mean and n."""
    line = diverging_bar(list((entry.counts or {}).values()), half)
    top2 = format_pct(entry.top2_pct)
    line.append(f" {top2 + '%' if top2 else '':>4} {format_number(entry.mean):>5} n {entry.n}")
    return line


def comparisons(ctx: Context, target: str, low: float | None, high: float | None) -> RenderResult:
    """The groups side by side and, when waves are followed, the target over the waves."""
    yield GroupsView(ctx, target, low, high)
    if ctx.analysis.waves is not None:
        yield Text()
        yield WavesView(target, ctx.analysis.waves, ctx.by_unit, low, high)
    if ctx.analysis.pairs is not None:
        yield Text()
        yield PairsView(ctx.analysis.pairs, target)


class PairsView:
    """One target's change between waves in the answers of the same respondent code."""

    def __init__(self, pairs: Pairs, target: str):
        self.pairs, self.target = pairs, target

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pairs = self.pairs
        codes = pairs.codes
        yield _heading(
            f"Paired by {pairs.by}",
            "codes are counted, never shown; numbers "
            f"resting on fewer than {pairs.min_group} pairs are hidden",
        )
        yield Text(
            f"{codes['linked']} codes answered in more than one wave, "
            f"{codes['seen_once']} in only one. Wilcoxon signed-rank test; r is the "
            "matched-pairs rank-biserial correlation.",
            style="dim",
        )
        table = StatsTable("waves", "pairs", "before", "after", "change", "p", "r")
        notes: list[str] = []
        for comparison in pairs.comparisons:
            table.add_row(*self.cells(comparison, notes, ""))
        yield table
        yield from hidden_notes(notes)
        groups = pairs.groups
        if groups is None:
            return
        yield Text()
        yield _heading(
            f"Paired by {pairs.by}, per {groups.by}",
            "the pairs whose two answers are both in the group",
        )
        table = StatsTable(f"{groups.by}: waves", "pairs", "before", "after", "change", "p", "r")
        notes = []
        for level in groups.levels:
            for comparison in level.comparisons:
                label = shorten(level.value, 20)
                waves, *numbers = self.cells(comparison, notes, f"{label}, ")
                table.add_row(f"{label}: {waves}", *numbers)
        yield table
        yield from hidden_notes(notes)

    def cells(self, comparison: Comparison, notes: list[str], group: str) -> list[str]:
        """One comparison's row for the target; a hidden one is dashes, and `notes` gets
        why (the group, if any, then the waves)."""
        waves = shorten(f"{comparison.from_} → {comparison.to}", 30)
        row = comparison.target_of(self.target)
        if row is None or row.hidden:
            why = comparison.hidden or (row.hidden if row else None) or "small"
            notes.append(f"{group}{waves}: {explain(why, self.pairs.min_group)}")
            return [waves, "–", "–", "", "", "", ""]
        change = row.mean_change
        return [
            waves,
            str(row.n),
            format_number(row.mean_before),
            format_number(row.mean_after),
            "" if change is None else f"{change:+.2f}",
            format_p(row.p),
            format_number(row.effect.value),
        ]


class GroupsView:
    """One target's groups side by side: n, mean, sd and a mean marker, then the test."""

    def __init__(self, ctx: Context, target: str, low: float | None, high: float | None):
        self.ctx, self.target, self.low, self.high = ctx, target, low, high

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        groups = self.ctx.analysis.groups
        if groups is None:
            return
        by = groups.by
        yield Text()
        yield _heading(f"By {by}", f"numbers resting on fewer than {groups.min_group} are hidden")
        blocks = [level.cell(self.target) for level in groups.levels]
        if all(block is None for block in blocks):
            yield Text("Groups are compared on rated items and scales only.", style="dim")
            return
        width = max(10, min(30, options.max_width - 40))
        scale = (
            ""
            if self.low is None or self.high is None
            else f"{self.low:g}".ljust(width - len(f"{self.high:g}")) + f"{self.high:g}"
        )
        table = StatsTable(by, "n", "mean", "sd", scale)
        notes = []
        for level, block in zip(groups.levels, blocks):
            label = shorten(self.ctx.level_label(level.value), 24)
            if block is None or block.hidden:
                table.add_row(label, "–", "–", "", "")
                if block is not None and block.hidden:
                    notes.append(f"{label}: {explain(block.hidden, groups.min_group)}")
                continue
            marker = (
                mean_marker(block.mean, self.low, self.high, width)
                if self.low is not None and self.high is not None
                else Text("")
            )
            table.add_row(
                label,
                _n(block.n),
                format_number(block.mean),
                format_number(block.sd),
                marker,
            )
        yield table
        yield from hidden_notes(notes)
        test = groups.test_of(self.target)
        if test is None:
            yield Text("No test: fewer than two groups can be compared.", style="dim")
            return
        effect = test.effect
        p = format_p(test.p)
        yield Text(
            f"{TESTS.get(test.test, test.test)} = {format_number(test.statistic)}, "
            f"p {p.replace('<', '< ') if p.startswith('<') else '= ' + p}, "
            f"{EFFECTS.get(effect.name, effect.name)} = "
            f"{format_number(effect.value, 3)} ({len(test.levels)} groups compared)"
        )


class ItemView:
    """One question or matrix row: its distribution as a picture and its statistics."""

    def __init__(self, ctx: Context, target: str):
        self.ctx, self.target = ctx, target

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ctx = self.ctx
        entry = ctx.analysis.item(self.target)
        q = ctx.questionnaire
        item = q.item(self.target)
        question = item.question if item is not None else q.question(self.target)
        yield _heading(self.target, entry.type if entry else "")
        yield Text(ctx.text_of(self.target))
        yield Text()
        if entry is None:
            yield Text("Not in these results.", style="dim")
            return
        yield _counts_line(entry)
        if entry.hidden:
            yield Text(
                explain(entry.hidden, ctx.analysis.min_group).capitalize() + ".", style="bold"
            )
            return
        width = options.max_width
        if question is None:  # an entry always has its question; this narrows the type
            return
        if isinstance(entry, OrdinalItem):
            yield from self._ordinal(entry, question, width)
        elif isinstance(entry, ChoiceItem):
            yield from self._choices(entry, question, width)
        elif isinstance(entry, BooleanItem):
            yield from self._yes_no(entry, width)
        elif isinstance(entry, NumberItem):
            yield from self._number(entry, width)

    def _ordinal(self, entry: OrdinalItem, question: Question, width: int) -> RenderResult:
        half = max(8, (width - 22) // 2)
        yield Text()
        yield ordinal_row(entry, half)
        yield legend(question.codes, self.ctx.scale_labels(question))
        yield Text()
        top2, bottom2 = format_pct(entry.top2_pct), format_pct(entry.bottom2_pct)
        yield _figures(
            [
                ("mean", format_number(entry.mean)),
                ("sd", format_number(entry.sd)),
                ("median", format_number(entry.median, 1)),
                ("95% CI", format_interval(entry.ci95)),
                ("top-2", f"{top2}%" if top2 else "–"),
                ("bottom-2", f"{bottom2}%" if bottom2 else "–"),
            ],
            width,
        )
        yield Text()
        counts = StatsTable("code", "answer", "n")
        counts.columns[1].justify = "left"
        for code, label in zip(question.codes, self.ctx.scale_labels(question)):
            counts.add_row(str(code), label, str((entry.counts or {}).get(str(code), 0)))
        yield counts
        yield from comparisons(self.ctx, self.target, question.scale_min, question.scale_max)

    def _choices(self, entry: ChoiceItem, question: Question, width: int) -> RenderResult:
        if entry.answer is Answer.CHOICES:
            yield Text("Several choices: percent of those who answered.", style="dim")
        yield Text()
        label_width = max(12, min(40, width // 3))
        cells = max(8, width - label_width - 16)
        for choice in question.counted_choices:
            share = (entry.pct or {}).get(choice.code)
            line = Text(
                shorten(f"{choice.code} {tr(choice.text, self.ctx.lang)}", label_width).ljust(
                    label_width
                )
                + " "
            )
            line += bar(None if share is None else share / 100, cells)
            line.append(f" {(entry.counts or {}).get(choice.code, 0):>5} {format_pct(share):>3}%")
            yield line
        if entry.other:
            yield Text()
            yield Text(f"Other, specified ({len(entry.other)}):", style="bold")
            for answer in entry.other:
                yield Text(f"  {' '.join(answer.split())}")
        yield GroupsView(self.ctx, self.target, None, None)

    def _yes_no(self, entry: BooleanItem, width: int) -> RenderResult:
        yield Text()
        share = entry.yes_pct
        cells = max(8, width - 30)
        line = Text("yes ") + bar(None if share is None else share / 100, cells, "green")
        line.append(f" {format_pct(share)}%  95% CI {format_interval(entry.ci95, 0)}")
        yield line
        yield GroupsView(self.ctx, self.target, None, None)

    def _number(self, entry: NumberItem, width: int) -> RenderResult:
        yield Text()
        histogram = entry.histogram or {}
        most = max(histogram.values(), default=0)
        label_width = max((len(k) for k in histogram), default=0)
        cells = max(8, width - label_width - 10)
        for label, count in histogram.items():
            yield (
                Text(f"{label:>{label_width}} ")
                + bar(count / most if most else 0, cells)
                + Text(f" {count:>6}")
            )
        yield Text()
        yield _figures(
            [
                ("mean", format_number(entry.mean)),
                ("sd", format_number(entry.sd)),
                ("min", format_number(entry.min)),
                ("q1", format_number(entry.q1)),
                ("median", format_number(entry.median)),
                ("q3", format_number(entry.q3)),
                ("max", format_number(entry.max)),
            ],
            width,
        )
        yield GroupsView(self.ctx, self.target, None, None)


class ScaleView:
    """A scale: score n, mean and sd, alpha with its interval, and per item the diagnostics."""

    def __init__(self, ctx: Context, target: str):
        self.ctx, self.target = ctx, target

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ctx = self.ctx
        entry = ctx.analysis.scale(self.target)
        scale = ctx.questionnaire.scale(self.target)
        yield _heading(self.target, "scale")
        yield Text(ctx.text_of(self.target))
        yield Text()
        if entry is None or scale is None:
            yield Text("Not in these results.", style="dim")
            return
        if entry.hidden:
            yield Text(
                explain(entry.hidden, ctx.analysis.min_group).capitalize() + ".", style="bold"
            )
            return
        yield Text(
            f"Mean of {len(scale.items)} items after reverse keying; a score needs "
            f"{scale.required_items()} answered.",
            style="dim",
        )
        yield _figures(
            [
                ("n", str(entry.n)),
                ("mean", format_number(entry.mean)),
                ("sd", format_number(entry.sd)),
                ("alpha", format_number(entry.alpha)),
                ("alpha 95% CI", format_interval(entry.alpha_ci95)),
            ],
            options.max_width,
        )
        yield Text()
        items = StatsTable("item", "item-rest r", "alpha if deleted")
        for item_id in scale.items:
            item = ctx.questionnaire.item(item_id)
            reverse = " (reversed)" if item is not None and item.reverse else ""
            items.add_row(
                shorten(
                    f"{item_id}{reverse} {ctx.text_of(item_id)}", max(20, options.max_width - 32)
                ),
                format_number((entry.item_rest_r or {}).get(item_id)),
                format_number((entry.alpha_if_deleted or {}).get(item_id)),
            )
        yield items
        scale_items = [item for i in scale.items if (item := ctx.questionnaire.item(i))]
        low = [item.min for item in scale_items]
        high = [item.max for item in scale_items]
        yield from comparisons(ctx, self.target, min(low, default=None), max(high, default=None))


class OverviewView:
    """A section's rated items at once as diverging bars, in questionnaire or top-2 order."""

    def __init__(self, ctx: Context, section: Section, order: str):
        self.ctx, self.section, self.order = ctx, section, order

    def entries(self) -> list[tuple[Item, OrdinalItem]]:
        """The section's rated items with their statistics, in the chosen order."""
        pairs = [
            (item, entry)
            for question in self.section.questions
            for item in question.items
            if isinstance(entry := self.ctx.analysis.item(item.id), OrdinalItem)
        ]
        if self.order == "top2":
            pairs.sort(
                key=lambda pair: -1 if pair[1].top2_pct is None else pair[1].top2_pct,
                reverse=True,
            )
        return pairs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ctx = self.ctx
        yield _heading(
            tr(self.section.title, ctx.lang, self.section.id),
            "sorted by top-2-box (s: as asked)"
            if self.order == "top2"
            else "in questionnaire order (s: by top-2-box)",
        )
        pairs = self.entries()
        if not pairs:
            yield Text("No rated items in this section.", style="dim")
            return
        width = options.max_width
        wide = width >= 100
        label_width = max(34, min(50, width // 3)) if wide else width
        half = max(8, ((width - label_width - 1 if wide else width) - 22) // 2)
        shown: list[tuple[list[int], list[str]]] = []
        for item, entry in pairs:
            scale = (item.codes, ctx.scale_labels(item.question))
            if scale not in shown:
                shown.append(scale)
                yield Text()
                yield legend(*scale)
            yield Text()
            label = shorten(f"{item.id} {tr(item.text, ctx.lang)}", label_width)
            row = (
                Text(explain(entry.hidden, ctx.analysis.min_group), style="dim")
                if entry.hidden
                else ordinal_row(entry, half)
            )
            yield Text(label.ljust(label_width) + " ") + row if wide else Group(label, row)
        yield from self._groups(pairs)

    def _groups(self, pairs: Iterable[tuple[Item, OrdinalItem]]) -> RenderResult:
        groups = self.ctx.analysis.groups
        if groups is None:
            return
        yield Text()
        yield _heading(
            f"Means by {groups.by}",
            f"numbers resting on fewer than {groups.min_group} are hidden",
        )
        levels = groups.levels
        table = StatsTable("item", *(shorten(level_name(lv.value), 10) for lv in levels), "p")
        tests = {t.target: t for t in groups.tests}
        for item, _ in pairs:
            cells = [
                "–" if cell is None or cell.hidden else format_number(cell.mean)
                for cell in (lv.cell(item.id) for lv in levels)
            ]
            test = tests.get(item.id)
            table.add_row(shorten(item.id, 20), *cells, format_p(test.p) if test else "")
        yield table
        yield Text(
            "n: "
            + ", ".join(
                f"{level_name(lv.value)} hidden, {explain_briefly(lv.hidden, groups.min_group)}"
                if lv.hidden
                else f"{level_name(lv.value)} {lv.n}"
                for lv in levels
            ),
            style="dim",
        )


def view_for(ctx: Context, kind: str, target: str, order: str) -> RenderableType:
    """The view of a navigation entry: `overview`, `item` or `scale` and its id."""
    if kind == "overview":
        section = next(s for s in ctx.questionnaire.sections if s.id == target)
        return OverviewView(ctx, section, order)
    if kind == "scale":
        return ScaleView(ctx, target)
    return ItemView(ctx, target)
