"""The terminal table and the markdown rendering of an Analysis.

Both show the same sections (ordinal items, choices, yes/no, numbers, text, scales,
groups) built by one set of functions; the table (tabulate's "simple" format) fits in
100 columns and leaves out free-text answers, the markdown has GitHub tables and lists
the free-text answers. Respondent codes are never shown. Every text passes `Renderer.safe`
on its way out: answers and questionnaire texts can neither add markdown markup nor drive
the terminal they are printed to.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from surveytui.analysis import Analysis
from surveytui.analysis.results import (
    BooleanItem,
    ChoiceItem,
    Groups,
    GroupTest,
    ItemResult,
    Level,
    NumberItem,
    OrdinalItem,
    ScaleResult,
    TextItem,
    WaveTest,
)
from surveytui.disclosure import explain, methods_note
from surveytui.errors import printable
from surveytui.model.qtypes import Answer
from surveytui.model.types import Questionnaire, tr
from surveytui.report.blocks import md_escape

WIDTH = 100
LEVELS_PER_TABLE = 6


def format_number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def format_pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def format_interval(pair: list[float] | None, digits: int = 2) -> str:
    return "" if pair is None else f"[{pair[0]:.{digits}f}, {pair[1]:.{digits}f}]"


def format_p(value: float | None) -> str:
    if value is None:
        return ""
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def shorten(text: str, width: int) -> str:
    """One line of at most width characters, cut at a word with an ellipsis, control
    characters replaced (`printable`): it is for a reader."""
    text = " ".join(printable(text).split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip() + "…"


def level_name(value: str | None) -> str:
    """A group's value as printed; the rows without one are "(no answer)"."""
    return "(no answer)" if value is None else printable(value)


def level_sizes(levels: Sequence[Level], min_group: int) -> str:
    """Each group's or wave's value with its n, or why it is hidden, for the line above
    its table."""
    return ", ".join(
        f"{level_name(lv.value)} ({explain(lv.hidden, min_group)})"
        if lv.hidden
        else f"{level_name(lv.value)} (n {lv.n})"
        for lv in levels
    )


def text_of(questionnaire: Questionnaire, target: str, lang: str) -> str:
    """A question's, matrix row's or scale's text in `lang` (the id if it has none)."""
    item = questionnaire.item(target)
    if item is not None:
        return tr(item.text, lang)
    question = questionnaire.question(target)
    if question is not None:
        return tr(question.text, lang)
    scale = questionnaire.scale(target)
    return tr(scale.text, lang, target) if scale else target


class Renderer:
    """Builds the sections; `markdown` picks the table format and whether texts appear."""

    def __init__(self, analysis: Analysis, lang: str | None, markdown: bool):
        self.analysis = analysis
        self.q: Questionnaire = analysis.questionnaire
        self.lang = lang or self.q.languages[0]
        self.markdown = markdown
        self.out: list[str] = []

    def text_of(self, item_id: str) -> str:
        return text_of(self.q, item_id, self.lang)

    def label(self, item_id: str, width: int) -> str:
        """The id and the question text, shortened to width."""
        return shorten(f"{item_id} {self.text_of(item_id)}", width)

    def safe(self, text: str) -> str:
        """Text as it may be printed: markdown's special characters escaped (markdown) and
        control characters replaced (both), the one place every text goes through."""
        return md_escape(text) if self.markdown else printable(text)

    def heading(self, text: str) -> None:
        text = self.safe(text)
        if self.markdown:
            self.out += [f"## {text}", ""]
        else:
            self.out += [text, "=" * len(text), ""]

    def table(self, rows: list[list[Any]], headers: list[str], align: tuple[str, ...] = ()) -> None:
        from tabulate import tabulate  # its width tables take a tenth of a second to load

        fmt = "github" if self.markdown else "simple"
        colalign = align or ("left",) + ("right",) * (len(headers) - 1)
        self.out += [
            tabulate(
                [[self.safe(str(cell)) for cell in row] for row in rows],
                [self.safe(header) for header in headers],
                tablefmt=fmt,
                colalign=colalign,
                disable_numparse=True,
            ),
            "",
        ]

    def line(self, text: str) -> None:
        text = self.safe(text)
        if self.markdown:
            self.out += [text, ""]
        else:
            self.out += textwrap.wrap(text, WIDTH) + [""]

    def render(self) -> str:
        a = self.analysis
        title = f"{tr(self.q.title, self.lang, self.q.id)} ({self.q.id})"
        self.out += [f"# {self.safe(title)}" if self.markdown else self.safe(title), ""]
        self.line(
            f"{a.n_responses} responses; questionnaire version"
            f"{'s' if len(a.versions) != 1 else ''} {', '.join(a.versions) or '-'}"
            + "".join(
                f"; only {column} = {', '.join(values)}" for column, values in a.filters.items()
            )
            + (f"; {len(a.problems)} problems while reading (see stderr)" if a.problems else "")
        )
        partial = [
            f"{i.id} ({', '.join(i.versions or []) or 'none'})"
            for i in a.items
            if i.versions != a.versions
        ]
        if partial:
            self.line(f"Asked only in some versions: {', '.join(partial)}.")
        note = methods_note(a.min_group)
        if note:
            self.line(note)
        entries: list[ItemResult | ScaleResult] = [*a.items, *a.scales]
        hidden = [f"{e.id} ({explain(e.hidden, a.min_group)})" for e in entries if e.hidden]
        if hidden:
            self.line(f"Not shown: {', '.join(hidden)}.")
        by_answer: dict[Answer, list[Any]] = {}
        for item in a.items:
            by_answer.setdefault(item.answer, []).append(item)
        sections: list[tuple[Answer, Callable[[list[Any]], None]]] = [
            (Answer.SCALE, self.ordinal),
            (Answer.CHOICE, self.choices),
            (Answer.CHOICES, self.choices),
            (Answer.BOOLEAN, self.yes_no),
            (Answer.NUMBER, self.numbers),
            (Answer.TEXT, self.texts),
        ]
        for answer, render in sections:
            if by_answer.get(answer):
                render(by_answer[answer])
        if a.scales:
            self.scales()
        if a.groups is not None:
            self.groups(a.groups)
        return "\n".join(self.out).rstrip("\n") + "\n"

    def ordinal(self, items: list[OrdinalItem]) -> None:
        self.heading("Rated items")
        rows = [
            [
                self.label(i.id, 42),
                i.n,
                i.na,
                format_number(i.mean),
                format_number(i.sd),
                format_interval(i.ci95),
                format_pct(i.top2_pct),
                format_pct(i.bottom2_pct),
            ]
            for i in items
        ]
        self.table(rows, ["item", "n", "na", "mean", "sd", "95% CI", "top2%", "bot2%"])
        self.scale_labels(items)
        self.heading("Distributions (count per code)")
        rows = [
            [shorten(i.id, 24), " ".join(f"{code}:{k}" for code, k in (i.counts or {}).items())]
            for i in items
            if not i.hidden
        ]
        self.table(rows, ["item", "counts"], ("left", "left"))

    def scale_labels(self, items: list[OrdinalItem]) -> None:
        """One line per distinct set of answer labels, naming the items that use it."""
        users: dict[str, list[str]] = {}
        for item in items:
            asked = self.q.item(item.id)
            labels = asked.labels if asked is not None else None
            if labels:
                text = "; ".join(
                    f"{code} = {tr(texts, self.lang)}" for code, texts in sorted(labels.items())
                )
                users.setdefault(text, []).append(item.id)
        for text, ids in users.items():
            named = ", ".join(ids) if len(ids) <= 3 else f"{ids[0]} … {ids[-1]} ({len(ids)} items)"
            self.line(f"{named}: {text}")

    def choices(self, items: list[ChoiceItem]) -> None:
        several = items[0].answer is Answer.CHOICES
        self.heading("Several choices" if several else "Choices")
        for item in items:
            question = self.q.question(item.id)
            note = " (% of those who answered)" if several else ""
            self.line(f"{self.label(item.id, 80)}: n {item.n}, na {item.na}{note}")
            if question is None or item.hidden or item.counts is None or item.pct is None:
                continue
            rows = [
                [
                    shorten(f"{c.code} {tr(c.text, self.lang)}", 60),
                    item.counts[c.code],
                    format_pct(item.pct[c.code]),
                ]
                for c in question.counted_choices
            ]
            self.table(rows, ["choice", "n", "%"])
            if self.markdown and item.other:
                self.answers("Other, specified", item.other)

    def yes_no(self, items: list[BooleanItem]) -> None:
        self.heading("Yes or no")
        rows = [
            [self.label(i.id, 56), i.n, i.na, format_pct(i.yes_pct), format_interval(i.ci95, 0)]
            for i in items
        ]
        self.table(rows, ["question", "n", "na", "yes %", "95% CI"])

    def numbers(self, items: list[NumberItem]) -> None:
        self.heading("Numbers")
        rows = [
            [
                self.label(i.id, 30),
                i.n,
                *map(format_number, (i.mean, i.sd, i.min, i.q1, i.median, i.q3, i.max)),
            ]
            for i in items
        ]
        self.table(rows, ["question", "n", "mean", "sd", "min", "q1", "median", "q3", "max"])

    def texts(self, items: list[TextItem]) -> None:
        self.heading("Free text")
        for item in items:
            if item.hidden:
                self.line(
                    f"{self.label(item.id, 80)}: {explain(item.hidden, self.analysis.min_group)}"
                )
            elif self.markdown:
                self.answers(f"{self.label(item.id, 90)} (n {item.n})", item.answers or [])
            else:
                self.line(f"{self.label(item.id, 80)}: {item.n} answer{'' if item.n == 1 else 's'}")

    def answers(self, title: str, answers: list[str]) -> None:
        self.out += [f"**{self.safe(title)}**", ""]
        self.out += [f"- {self.safe(' '.join(a.split()))}" for a in answers] + [""]

    def scales(self) -> None:
        self.heading("Scales")
        rows = [
            [
                self.label(s.id, 40),
                len(s.item_ids or []),
                s.n,
                format_number(s.mean),
                format_number(s.sd),
                format_number(s.alpha),
                format_interval(s.alpha_ci95),
            ]
            for s in self.analysis.scales
        ]
        self.table(rows, ["scale", "items", "n", "mean", "sd", "alpha", "95% CI"])
        rows = []
        for s in self.analysis.scales:
            for item in s.item_ids or []:
                dropped = (s.alpha_if_deleted or {}).get(item)
                rest = (s.item_rest_r or {}).get(item)
                rows.append(
                    [
                        shorten(s.id, 24),
                        shorten(item, 30),
                        format_number(rest),
                        format_number(dropped),
                    ]
                )
        self.table(
            rows,
            ["scale", "item", "item-rest r", "alpha if deleted"],
            ("left", "left", "right", "right"),
        )

    def groups(self, groups: Groups) -> None:
        self.heading(f"Groups by {groups.by}")
        levels = groups.levels
        sizes = level_sizes(levels, groups.min_group)
        self.line(
            f"Levels: {sizes or 'none (no response has a value)'}. Groups not shown are "
            "left out of the tests; a dash is a number hidden for the same reasons."
        )
        targets = [*levels[0].item_cells, *levels[0].scale_cells] if levels else []
        for start in range(0, len(levels), LEVELS_PER_TABLE):
            chunk = levels[start : start + LEVELS_PER_TABLE]
            rows = []
            for target in targets:
                row = [shorten(target, 24)]
                for level in chunk:
                    cell = level.cell(target)
                    row.append("-" if cell is None or cell.hidden else format_number(cell.mean))
                rows.append(row)
            self.table(rows, ["mean", *(shorten(level_name(lv.value), 11) for lv in chunk)])
        if groups.tests:
            self.tests(groups.tests)

    def tests(self, tests: list[GroupTest] | list[WaveTest]) -> None:
        """The tests across groups or waves: statistic, p and effect size per target."""
        rows = [
            [
                shorten(t.target, 24),
                t.test,
                format_number(t.statistic),
                format_p(t.p),
                f"{t.effect.name} {format_number(t.effect.value)}",
            ]
            for t in tests
        ]
        self.table(
            rows,
            ["target", "test", "statistic", "p", "effect"],
            ("left", "left", "right", "right", "left"),
        )


def render_table(analysis: Analysis, lang: str | None = None) -> str:
    """The analysis as plain-text tables for a terminal, at most 100 columns wide."""
    return Renderer(analysis, lang, markdown=False).render()


def render_markdown(analysis: Analysis, lang: str | None = None) -> str:
    """The analysis as a markdown document, free-text answers included."""
    return Renderer(analysis, lang, markdown=True).render()
