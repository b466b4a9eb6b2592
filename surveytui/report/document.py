"""The written report as one structure of blocks, rendered to markdown here and to HTML in html.py.

`build_document(analysis, lang, ...)` turns an Analysis into a `ReportDocument`: headings,
paragraphs, bullet lists, tables and SVG charts, in the report's language. Every number
shown is read from the Analysis (the results whose `to_dict()` `analyze --format json` prints); the only
number the report adds is the response rate, from the count of invited people it is given.
With `unit`, the document is one unit's feedback: the unit's results next to everyone's.
Respondent codes never appear: their questions are left out of the free-text answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from surveytui.analysis import Analysis
from surveytui.analysis.results import (
    BooleanItem,
    ChoiceItem,
    ItemResult,
    Level,
    NumberItem,
    OrdinalItem,
    ScaleResult,
    TextItem,
)
from surveytui.disclosure import MIN_GROUP, Gate, Reason
from surveytui.model.qtypes import Answer
from surveytui.model.types import TOP_BOTTOM_POINTS, Question, tr
from surveytui.options import describe_value
from surveytui.report.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
)
from surveytui.report.charts import bar_chart, diverging_chart, dot_chart, histogram_chart
from surveytui.report.followup import followup_blocks
from surveytui.report.locale import Locale, report_language

R = TypeVar("R", bound=ItemResult)


@dataclass(frozen=True)
class Unit:
    """Per-unit feedback: the tag column, the unit's value and everyone's Analysis."""

    column: str
    value: str
    total: Analysis


@dataclass(frozen=True)
class InvitationCounts:
    """Per unit (the first column of `serve`'s invitations file), how many were invited and
    how many of their links answered: an exact response rate, though no row says whose."""

    column: str
    invited: dict[str, int]
    answered: dict[str, int]


def response_rate(answered: int | None, invited: int | None) -> float | None:
    """Answered as a percentage of invited (None when either is unknown or invited is 0)."""
    if answered is None or not invited:
        return None
    return 100.0 * answered / invited


class _Builder:
    """Appends the report's blocks for one Analysis in one language."""

    def __init__(self, analysis: Analysis, lang: str, unit: Unit | None):
        self.a = analysis
        self.q = analysis.questionnaire
        self.lang = lang
        self.loc = Locale(lang)
        self.unit = unit
        self.min_group = analysis.min_group
        self.blocks: list[Block] = []

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def text(self, question: Question) -> str:
        return tr(question.text, self.lang, question.id)

    def item_text(self, item_id: str) -> str:
        item = self.q.item(item_id)
        return tr(item.text, self.lang, item_id) if item else item_id

    def scale_text(self, scale_id: str) -> str:
        scale = self.q.scale(scale_id)
        return tr(scale.text if scale else None, self.lang, scale_id)

    def target_text(self, target: str) -> str:
        return self.scale_text(target) if self.q.scale(target) else self.item_text(target)

    def level(self, column: str, value: str | None) -> str:
        return self.loc.level(self.q, column, value)

    def sources(self) -> list[tuple[str, Analysis]]:
        """The analyses shown side by side: the unit and everyone, or just this one."""
        if self.unit is None:
            return [("", self.a)]
        return [
            (f"{self.unit.column} {self.level(self.unit.column, self.unit.value)}", self.a),
            (self.loc.w("col_all"), self.unit.total),
        ]

    # -- the report's parts, in order -------------------------------------------------

    def intro(self, invited: int | None, day: dt.date) -> None:
        loc = self.loc
        lines = [loc.w("generated", date=loc.date(day))]
        if self.unit is not None:
            lines.append(
                loc.w(
                    "unit_intro",
                    column=self.unit.column,
                    value=self.level(self.unit.column, self.unit.value),
                    n=loc.integer(self.a.n_responses),
                    total=loc.integer(self.unit.total.n_responses),
                )
            )
        else:
            lines.append(loc.w("answered", n=loc.integer(self.a.n_responses)))
        first, last = self.a.period["first"], self.a.period["last"]
        if first is not None and last is not None:
            lines.append(
                loc.w(
                    "period_day" if first == last else "period",
                    first=loc.date(dt.date.fromisoformat(first)),
                    last=loc.date(dt.date.fromisoformat(last)),
                )
            )
        rate = response_rate(self.a.n_responses, invited)
        if rate is not None:
            lines.append(
                loc.w(
                    "response_rate",
                    n=loc.integer(self.a.n_responses),
                    invited=loc.integer(invited),
                    rate=loc.percent(rate),
                )
            )
        lines.append(loc.w("versions", versions=", ".join(self.a.versions) or "–"))
        lines += [
            loc.w("filtered", column=column, values=", ".join(values))
            for column, values in self.a.filters.items()
            if self.unit is None or column != self.unit.column
        ]
        if self.a.problems:
            lines.append(loc.w("problems", n=loc.integer(len(self.a.problems))))
        self.add(Paragraph(" ".join(lines)))
        sections = [s for s in self.q.sections if any(_asks(q) for q in s.questions)]
        asked = sum(1 for q in self.q.questions if _asks(q))
        self.add(
            Heading(2, loc.w("asked_heading")),
            Paragraph(loc.w("asked", questions=asked)),
            Bullets([tr(s.title, self.lang, s.id) for s in sections]),
        )

    def summary(self) -> None:
        if not self.a.scales:
            return
        loc = self.loc
        self.add(Heading(2, loc.w("summary_heading")))
        lines = []
        for scale in self.a.scales:
            low, high = self.scale_range(scale)
            name = self.scale_text(scale.id)
            lines.append(
                loc.w("scale_empty", scale=name)
                if scale.mean is None
                else loc.w(
                    "scale_line",
                    scale=name,
                    mean=loc.number(scale.mean),
                    low=low,
                    high=high,
                    n=loc.integer(scale.n),
                )
            )
        self.add(Bullets(lines))
        if self.unit is not None:
            headers = [loc.w("col_scale")]
            for label, _ in self.sources():
                headers += [f"{label}: {loc.w('col_n')}", f"{label}: {loc.w('col_mean')}"]
            rows = []
            for scale in self.a.scales:
                row = [self.scale_text(scale.id)]
                for _, source in self.sources():
                    other = source.scale(scale.id)
                    row += [
                        loc.integer(other.n if other else None),
                        loc.number(other.mean if other else None),
                    ]
                rows.append(row)
            self.add(Table(headers, rows))

    def rates(self, invited: Mapping[str, int]) -> None:
        groups = self.a.groups
        if groups is None:
            return
        loc = self.loc
        rows = []
        for level in groups.levels:
            count = invited.get(level.value) if level.value is not None else None
            hidden = level.suppressed
            rows.append(
                [
                    self.level(groups.by, level.value),
                    loc.w("hidden") if hidden else loc.integer(level.n),
                    loc.integer(count),
                    loc.w("hidden") if hidden else loc.percent(response_rate(level.n, count)),
                ]
            )
        self.add(
            Heading(2, loc.w("rates_heading", column=groups.by)),
            Table([groups.by, loc.w("col_n"), loc.w("col_invited"), loc.w("col_rate")], rows),
        )

    def invitation_rates(self, counts: InvitationCounts) -> None:
        """Invited, answered and the rate per unit, and for everyone; a unit the gate hides
        (by the number invited) shows only how many were invited, with the reason."""
        loc = self.loc
        hidden = Gate(self.min_group).partition(counts.invited)
        rows = []
        for unit, invited in counts.invited.items():
            answered = counts.answered.get(unit, 0)
            reason = hidden.get(unit)
            if reason is None:
                cells = [loc.integer(answered), loc.percent(response_rate(answered, invited))]
            else:
                key = "reason_small_invited" if reason is Reason.SMALL else f"reason_{reason}"
                cells = [f"{loc.w('hidden')} ({loc.w(key, min=self.min_group)})"] * 2
            rows.append([self.level(counts.column, unit), loc.integer(invited), *cells])
        invited, answered = sum(counts.invited.values()), sum(counts.answered.values())
        rows.append(
            [
                loc.w("col_all"),
                loc.integer(invited),
                loc.integer(answered),
                loc.percent(response_rate(answered, invited)),
            ]
        )
        self.add(
            Heading(2, loc.w("rates_heading", column=counts.column)),
            Table(
                [counts.column, loc.w("col_invited"), loc.w("col_answered"), loc.w("col_rate")],
                rows,
            ),
        )

    def questions(self) -> None:
        """A part per section with its questions' charts and tables; none without questions
        (a report of a scale alone, as the review writes it)."""
        parts = [
            (
                section,
                [
                    q
                    for q in section.questions
                    if not q.respondent_code and self.a.item(q.items[0].id if q.items else q.id)
                ],
            )
            for section in self.q.sections
        ]
        parts = [(section, shown) for section, shown in parts if shown]
        if parts:
            self.add(Heading(2, self.loc.w("questions_heading")))
        for section, shown in parts:
            self.add(Heading(3, tr(section.title, self.lang, section.id)))
            self.overview(section.id, tr(section.title, self.lang, section.id), shown)
            for question in shown:
                self.add(Heading(4, self.text(question)))
                reason = self.hidden(question)
                if reason is not None:
                    self.add(Paragraph(self.loc.w(f"hidden_{reason}", min=self.min_group)))
                elif question.spec.answer is Answer.SCALE:
                    self.ordinal(question)
                elif question.spec.answer.has_choices:
                    self.choices(question)
                elif question.spec.answer is Answer.BOOLEAN:
                    self.yes_no(question)
                elif question.spec.answer is Answer.NUMBER:
                    self.number(question)
                else:
                    self.add(
                        Paragraph(
                            self.loc.w(
                                "text_line",
                                n=self.loc.integer(_result(self.a, question.id, ItemResult).n),
                            )
                        )
                    )

    def hidden(self, question: Question) -> str | None:
        """Why the gate hides this question's numbers in any analysis shown, else None."""
        ids = [item.id for item in question.items] or [question.id]
        return next(
            (
                entry.hidden
                for _, source in self.sources()
                for entry in (source.item(i) for i in ids)
                if entry is not None and entry.hidden
            ),
            None,
        )

    def reasons(self, by: str, levels: list[Level]) -> str:
        """The hidden levels, each with the reason the gate gave."""
        return ", ".join(
            f"{self.level(by, lv.value)} ({self.loc.w(f'reason_{lv.hidden}', min=self.min_group)})"
            for lv in levels
        )

    def scale_range(self, scale: ScaleResult) -> tuple[int, int]:
        """The lowest and highest answer of a scale's items (they share one range)."""
        item = self.q.item(scale.item_ids[0]) if scale.item_ids else None
        if item is None:
            raise LookupError(f"{scale.id}: its items are not in the questionnaire")
        return item.min, item.max

    def legend(self, question: Question) -> tuple[str, ...]:
        """Each code of a rated question with its label, if it has one ("1 Disagree")."""
        return tuple(describe_value(question, code, self.lang) for code in question.codes)

    def overview(self, section_id: str, title: str, questions: list[Question]) -> None:
        """The section overview, as R's likert package draws it: per answer scale, one
        diverging chart with every rated item of the section as a bar, sorted by agreement
        (the share in the two highest answers), the legend once, a table of the same, and the
        items the gate hides named with the reason instead of a bar."""
        loc = self.loc
        scales: dict[tuple[str, ...], list[tuple[Question, str]]] = {}
        for question in questions:
            if question.is_ordinal:
                scales.setdefault(self.legend(question), []).extend(
                    (question, item.id) for item in question.items
                )
        for number, (legend, items) in enumerate(scales.items()):
            codes = [str(code) for code in items[0][0].codes]
            shown, left_out = [], []
            for question, item_id in items:
                name = self.item_text(item_id) if question.spec.rows else self.text(question)
                reason = next(
                    (
                        hidden
                        for _, source in self.sources()
                        if (hidden := _result(source, item_id, OrdinalItem).hidden)
                    ),
                    None,
                )
                if reason is None:
                    shown.append((name, item_id))
                else:
                    left_out.append(f"{name} ({loc.w('reason_' + reason, min=self.min_group)})")
            if not shown:
                continue
            shown.sort(key=lambda entry: -_agreement(_result(self.a, entry[1], OrdinalItem), codes))
            bars, rows = [], []
            for name, item_id in shown:
                for label, source in self.sources():
                    stats = _result(source, item_id, OrdinalItem)
                    bar = " – ".join(part for part in (name, label) if part)
                    counts = stats.counts or {}
                    bars.append((bar, [counts[code] for code in codes]))
                    rows.append(
                        [
                            bar,
                            loc.integer(stats.n),
                            loc.percent(stats.top2_pct),
                            loc.percent(stats.bottom2_pct),
                            loc.number(stats.mean),
                        ]
                    )
            desc = loc.w(
                "chart_overview" if len(codes) in TOP_BOTTOM_POINTS else "chart_overview_top",
                parts="; ".join(
                    f"{name}: "
                    + ", ".join(
                        f"{entry}: {loc.integer(count)}" for entry, count in zip(legend, counts)
                    )
                    for name, counts in bars
                ),
            )
            chart_id = f"overview-{section_id}" + (f"-{number + 1}" if number else "")
            heading = title if len(scales) == 1 else f"{title} ({codes[0]}–{codes[-1]})"
            self.add(
                Chart(
                    chart_id,
                    diverging_chart(chart_id, heading, desc, bars, legend),
                    f"{heading}. {desc}",
                ),
                Table(
                    [
                        loc.w("col_item"),
                        loc.w("col_n"),
                        loc.w("col_top2"),
                        loc.w("col_bottom2"),
                        loc.w("col_mean"),
                    ],
                    rows,
                ),
            )
            labelled = [entry for entry in legend if " " in entry]
            if labelled:
                self.add(Paragraph("; ".join(labelled) + "."))
            if left_out:
                self.add(Paragraph(loc.w("left_out", items="; ".join(left_out))))

    def ordinal(self, question: Question) -> None:
        loc = self.loc
        codes = question.codes
        rows = []
        for item in question.items:
            for label, source in self.sources():
                stats = _result(source, item.id, OrdinalItem)
                counts, pct = stats.counts or {}, stats.pct or {}
                name = " – ".join(
                    part
                    for part in (
                        self.item_text(item.id) if question.spec.rows else "",
                        label,
                    )
                    if part
                )
                row = [
                    name or loc.w("col_all"),
                    *(
                        f"{loc.integer(counts[str(code)])} ({loc.percent(pct[str(code)], 1)})"
                        for code in codes
                    ),
                ]
                if question.na is not None:
                    row.append(loc.integer(stats.na))
                rows.append(
                    row
                    + [
                        loc.integer(stats.n),
                        loc.number(stats.mean),
                        loc.interval(stats.ci95),
                    ]
                )
        headers = [
            loc.w("col_item") if question.spec.rows else loc.w("col_n_pct"),
            *(str(code) for code in codes),
        ]
        if question.na is not None:
            headers.append(tr(question.na, self.lang))
        self.add(Table(headers + [loc.w("col_n"), loc.w("col_mean"), loc.w("col_ci")], rows))
        stats = _result(self.a, question.items[0].id, OrdinalItem)
        if len(question.items) == 1 and self.unit is None and stats.n:
            lines = [
                loc.w(
                    "ordinal_line",
                    mean=loc.number(stats.mean),
                    ci=loc.interval(stats.ci95),
                    n=loc.integer(stats.n),
                )
            ]
            if stats.top2_pct is not None:
                lines.append(
                    loc.w(
                        "top2_line",
                        top=loc.percent(stats.top2_pct),
                        bottom=loc.percent(stats.bottom2_pct),
                    )
                )
            if stats.na and question.na is not None:
                lines.append(
                    loc.w("na_line", n=loc.integer(stats.na), text=tr(question.na, self.lang))
                )
            self.add(Paragraph(" ".join(lines)))

    def choices(self, question: Question) -> None:
        loc = self.loc
        stats = _result(self.a, question.id, ChoiceItem)
        counts, pct = stats.counts or {}, stats.pct or {}
        choices = question.counted_choices
        texts = [tr(c.text, self.lang, c.code) for c in choices]
        bars = [
            (
                text,
                pct[c.code],
                f"{loc.integer(counts[c.code])} ({loc.percent(pct[c.code])})",
            )
            for text, c in zip(texts, choices)
        ]
        title = self.text(question)
        desc = loc.w("chart_choice", parts="; ".join(f"{text}: {value}" for text, _, value in bars))
        self.add(
            Chart(
                f"chart-{question.id}",
                bar_chart(f"chart-{question.id}", title, desc, bars),
                f"{title} {desc}",
            )
        )
        headers = [loc.w("col_answer")]
        for label, _ in self.sources():
            headers += [
                " ".join(filter(None, (label, loc.w("col_n")))),
                " ".join(filter(None, (label, loc.w("col_pct")))),
            ]
        rows = []
        for text, choice in zip(texts, choices):
            row = [text]
            for _, source in self.sources():
                other = _result(source, question.id, ChoiceItem)
                row += [
                    loc.integer((other.counts or {})[choice.code]),
                    loc.percent((other.pct or {})[choice.code]),
                ]
            rows.append(row)
        self.add(Table(headers, rows))
        key = "multi_line" if question.spec.answer is Answer.CHOICES else "choice_line"
        self.add(Paragraph(loc.w(key, n=loc.integer(stats.n))))

    def yes_no(self, question: Question) -> None:
        loc = self.loc
        bars, intervals, rows = [], [], []
        for label, source in self.sources():
            stats = _result(source, question.id, BooleanItem)
            name = label or loc.w("yes")
            pct, ci = loc.percent(stats.yes_pct), loc.interval(stats.ci95, 0)
            value = pct if stats.ci95 is None else f"{pct} ({ci})"
            bars.append((name, stats.yes_pct, value))
            intervals.append(stats.ci95)
            rows.append([label or loc.w("col_all"), loc.integer(stats.n), pct, ci])
        title = self.text(question)
        desc = loc.w("chart_yes", parts="; ".join(f"{name}: {value}" for name, _, value in bars))
        self.add(
            Chart(
                f"chart-{question.id}",
                bar_chart(f"chart-{question.id}", title, desc, bars, intervals),
                f"{title} {desc}",
            )
        )
        self.add(
            Table(
                [
                    loc.w("col_group"),
                    loc.w("col_answered"),
                    loc.w("col_yes_share"),
                    loc.w("col_ci"),
                ],
                rows,
            )
        )
        stats = _result(self.a, question.id, BooleanItem)
        self.add(
            Paragraph(
                loc.w(
                    "yes_line",
                    yes=loc.percent(stats.yes_pct),
                    ci=loc.interval(stats.ci95, 0),
                    n=loc.integer(stats.n),
                )
            )
        )

    def number(self, question: Question) -> None:
        loc = self.loc
        bins = [
            (loc.decimals(label), count)
            for label, count in (_result(self.a, question.id, NumberItem).histogram or {}).items()
        ]
        if bins:
            title = self.text(question)
            desc = loc.w(
                "chart_histogram",
                parts="; ".join(f"{label}: {loc.integer(count)}" for label, count in bins),
            )
            self.add(
                Chart(
                    f"chart-{question.id}",
                    histogram_chart(f"chart-{question.id}", title, desc, bins),
                    f"{title} {desc}",
                ),
                Table(
                    [loc.w("col_value"), loc.w("col_n")],
                    [[label, loc.integer(count)] for label, count in bins],
                ),
            )
        rows = []
        for label, source in self.sources():
            stats = _result(source, question.id, NumberItem)
            rows.append(
                [
                    label or loc.w("col_answer"),
                    loc.integer(stats.n),
                    *map(
                        loc.number,
                        (
                            stats.mean,
                            stats.sd,
                            stats.min,
                            stats.q1,
                            stats.median,
                            stats.q3,
                            stats.max,
                        ),
                    ),
                ]
            )
        self.add(
            Table(
                [
                    loc.w("col_group") if self.unit else "",
                    loc.w("col_n"),
                    loc.w("col_mean"),
                    loc.w("col_sd"),
                    "min",
                    "q1",
                    "median",
                    "q3",
                    "max",
                ],
                rows,
            )
        )
        stats = _result(self.a, question.id, NumberItem)
        self.add(
            Paragraph(
                loc.w(
                    "number_line",
                    mean=loc.number(stats.mean),
                    median=loc.number(stats.median),
                    min=loc.number(stats.min),
                    max=loc.number(stats.max),
                    n=loc.integer(stats.n),
                )
            )
        )

    def scales(self) -> None:
        if not self.a.scales:
            return
        loc = self.loc
        self.add(Heading(2, loc.w("scales_heading")), Paragraph(loc.w("scales_intro")))
        rows = [
            [
                self.scale_text(s.id),
                loc.integer(len(s.item_ids or [])),
                loc.integer(s.n),
                loc.number(s.mean),
                loc.number(s.sd),
                loc.number(s.alpha),
                loc.interval(s.alpha_ci95),
            ]
            for s in self.a.scales
        ]
        self.add(
            Table(
                [
                    loc.w("col_scale"),
                    loc.w("col_items"),
                    loc.w("col_n"),
                    loc.w("col_mean"),
                    loc.w("col_sd"),
                    loc.w("col_alpha"),
                    loc.w("col_ci"),
                ],
                rows,
            )
        )
        self.add(Bullets([self.alpha_sentence(s) for s in self.a.scales]))
        rows = []
        for s in self.a.scales:
            for item in s.item_ids or []:
                rows.append(
                    [
                        f"{self.scale_text(s.id)}: {self.item_text(item)}",
                        loc.number((s.item_rest_r or {}).get(item)),
                        loc.number((s.alpha_if_deleted or {}).get(item)),
                    ]
                )
        self.add(Table([loc.w("col_item"), loc.w("col_rest"), loc.w("col_alpha_without")], rows))

    def alpha_sentence(self, scale: ScaleResult) -> str:
        alpha = scale.alpha
        name = self.scale_text(scale.id)
        if alpha is None:
            return self.loc.w("alpha_none", scale=name)
        key = (
            "alpha_good"
            if alpha >= 0.8
            else "alpha_fair"
            if alpha >= 0.7
            else "alpha_doubtful"
            if alpha >= 0.6
            else "alpha_weak"
        )
        return self.loc.w(key, scale=name, alpha=self.loc.number(alpha))

    def groups(self) -> None:
        groups = self.a.groups
        if groups is None:
            return
        loc = self.loc
        shown = [lv for lv in groups.levels if not lv.suppressed]
        hidden = [lv for lv in groups.levels if lv.suppressed]
        self.add(
            Heading(2, loc.w("groups_heading", column=groups.by)),
            Paragraph(loc.w("groups_intro")),
        )
        if hidden:
            self.add(Paragraph(loc.w("suppressed", levels=self.reasons(groups.by, hidden))))
        for scale in self.a.scales if shown else []:
            self.group_means_chart(scale, shown, groups.by)
        if shown:
            targets = [*shown[0].scale_cells, *shown[0].item_cells]
            rows = [[loc.w("col_n"), *(loc.integer(lv.n) for lv in shown)]]
            for target in targets:
                rows.append(
                    [
                        self.target_text(target),
                        *(loc.number(_mean(lv, target)) for lv in shown),
                    ]
                )
            self.add(
                Table(
                    [loc.w("col_mean"), *(self.level(groups.by, lv.value) for lv in shown)],
                    rows,
                )
            )
        if groups.tests:
            order = {s.id: i for i, s in enumerate(self.a.scales)}
            tests = sorted(groups.tests, key=lambda t: order.get(t.target, len(order)))
            self.add(
                Heading(3, loc.w("tests_heading")),
                Table(
                    [loc.w("col_item"), loc.w("col_test"), loc.w("col_p"), loc.w("col_effect")],
                    [
                        [
                            self.target_text(t.target),
                            loc.w(t.test),
                            loc.p_value(t.p),
                            f"{loc.w(t.effect.name)} {loc.number(t.effect.value)}",
                        ]
                        for t in tests
                    ],
                ),
            )

    def group_means_chart(self, scale: ScaleResult, shown: list[Level], by: str) -> None:
        loc = self.loc
        low, high = self.scale_range(scale)
        name = self.scale_text(scale.id)
        rows = [
            (self.level(by, lv.value), _mean(lv, scale.id), loc.number(_mean(lv, scale.id)))
            for lv in shown
        ]
        everyone = loc.w("col_all")
        reference = (
            None if scale.mean is None else (f"{everyone} {loc.number(scale.mean)}", scale.mean)
        )
        desc = loc.w(
            "chart_means",
            parts="; ".join(f"{label}: {value}" for label, _, value in rows),
            everyone=everyone,
            mean=loc.number(scale.mean),
        )
        title = f"{name} per {by}"
        chart_id = f"chart-{by}-{scale.id}"
        self.add(
            Chart(
                chart_id,
                dot_chart(chart_id, title, desc, rows, low, high, reference),
                f"{title}. {desc}",
            )
        )

    def free_text(self) -> None:
        loc = self.loc
        parts: list[tuple[str, list[str] | None, str | None]] = []
        for question in self.q.questions:
            stats = self.a.item(question.id)
            if stats is None or question.respondent_code:
                continue
            if isinstance(stats, TextItem):
                title, answers = self.text(question), stats.answers
            elif isinstance(stats, ChoiceItem) and stats.offers_other:
                title = loc.w(
                    "other_heading",
                    question=self.text(question),
                    other=tr(question.other, self.lang),
                )
                answers = stats.other
            else:
                continue
            parts.append((title, answers, stats.hidden))
        if not parts:
            return
        self.add(Heading(2, loc.w("text_heading")))
        for title, answers, hidden in parts:
            self.add(Heading(3, title))
            if hidden is not None:
                self.add(Paragraph(loc.w(f"hidden_{hidden}", min=self.min_group)))
            elif answers:
                self.add(Bullets([" ".join(a.split()) for a in answers]))
            else:
                self.add(Paragraph(loc.w("no_answers")))

    def methods(self, hidden: str, min_group: int) -> None:
        loc = self.loc
        self.add(Heading(2, loc.w("methods_heading")), Paragraph(loc.w("method_scores")))
        if self.a.scales:
            self.add(Paragraph(loc.w("method_alpha")))
        if self.a.groups is not None:
            self.add(Paragraph(loc.w("method_tests")))
        self.add(Paragraph(loc.w("method_privacy", min=min_group)))
        if min_group != MIN_GROUP:
            self.add(Paragraph(loc.w("method_min_group", min=min_group, default=MIN_GROUP)))
        if hidden:
            self.add(Paragraph(loc.w("method_suppressed", levels=hidden)))


def _result(analysis: Analysis, item_id: str, kind: type[R]) -> R:
    """An item's result, of the class its kind of answer gives; the report is made from the
    analysis of its own questionnaire, so every item it shows has one."""
    entry = analysis.item(item_id)
    if not isinstance(entry, kind):
        raise LookupError(f"{item_id}: no {kind.__name__} in the analysis")
    return entry


def _mean(level: Level, target: str) -> float | None:
    """The mean of an item or scale in one group (None where it has none)."""
    cell = level.cell(target)
    return cell.mean if cell is not None else None


def _asks(question: Question) -> bool:
    """Whether a question takes an answer (a note only shows its text)."""
    return question.spec.answer is not Answer.NONE


def _agreement(stats: OrdinalItem, codes: list[str]) -> float:
    """The share in the two highest answers (the highest on a scale of two or three points),
    -1 when nobody answered, to sort the overview by."""
    share = stats.top2_pct if stats.top2_pct is not None else (stats.pct or {})[codes[-1]]
    return -1.0 if share is None else share


def build_document(
    analysis: Analysis,
    lang: str | None = None,
    *,
    invited: int | Mapping[str, int] | InvitationCounts | None = None,
    unit: Unit | None = None,
    hidden: list[Level] | None = None,
    day: dt.date | None = None,
) -> ReportDocument:
    """The written report of an Analysis (see the module docstring).

    `invited` is a head count (a response rate for the whole) or a count per level of the
    grouping (a table of rates per unit), or the counts of `serve`'s invitation links (a
    table of exact rates per unit of the invitations file); `hidden` has the levels the gate hid in a
    per-unit run, where the Analysis itself is not grouped.
    """
    questionnaire = analysis.questionnaire
    lang = report_language(questionnaire.languages, lang)
    b = _Builder(analysis, lang, unit)
    groups = analysis.groups
    b.intro(invited if isinstance(invited, int) else None, day or dt.date.today())
    b.summary()
    if isinstance(invited, Mapping):
        b.rates(invited)
    elif isinstance(invited, InvitationCounts):
        b.invitation_rates(invited)
    b.questions()
    b.scales()
    b.groups()
    b.add(*followup_blocks(analysis, lang))
    b.free_text()
    if groups is not None:
        hidden = [lv for lv in groups.levels if lv.suppressed]
    b.methods(
        b.reasons(groups.by if groups else unit.column if unit else "", hidden or []),
        b.min_group,
    )
    title = tr(questionnaire.title, lang, questionnaire.id)
    if unit is not None:
        title = f"{title}: {unit.column} {b.level(unit.column, unit.value)}"
    return ReportDocument(title, lang, b.blocks)
