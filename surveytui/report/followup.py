"""The follow-up sections of `analyze --wave/--pair-by`: waves and paired change.

`render_followup(analysis, fmt, lang=None)` gives what `analyze` appends to `render(...)`
when an Analysis has `waves` or `pairs`: sections after the others for table and markdown,
more rows of the same tidy CSV (kind `wave item`, `wave scale`, `wave test`, `wave trend`,
`pair item`, `pair scale`, `pair codes`; group is the wave or `from..to`), and nothing for
JSON, whose keys come from `Analysis.to_dict()`. Respondent codes are only ever counted.

`followup_blocks(analysis, lang)` gives the same as blocks of the written report
(report/document.py), in the report's language: means per wave with the change since the
first wave and the tests' p, and the paired changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TypedDict

from surveytui.analysis import Analysis
from surveytui.analysis.results import (
    Comparison,
    Level,
    PairGroups,
    Pairs,
    PairTarget,
    WaveCell,
    Waves,
)
from surveytui.disclosure import explain, explain_briefly
from surveytui.model.types import Questionnaire, tr
from surveytui.report.blocks import Block, Heading, Paragraph, Table
from surveytui.report.data import csv_value, stat_rows
from surveytui.report.locale import Locale
from surveytui.report.text import (
    LEVELS_PER_TABLE,
    Renderer,
    format_number,
    format_p,
    level_sizes,
    shorten,
)


class _FollowUpRenderer(Renderer):
    """The waves and pairs sections, with the analysis renderer's headings and tables."""

    def render(self) -> str:
        if self.analysis.waves is not None:
            self.waves(self.analysis.waves)
        if self.analysis.pairs is not None:
            self.pairs(self.analysis.pairs)
        return "\n".join(self.out).rstrip("\n") + "\n"

    def waves(self, waves: Waves) -> None:
        self.heading(f"Waves by {waves.wave}")
        levels = waves.levels
        sizes = level_sizes(levels, waves.min_group)
        order = (
            "in the order given"
            if waves.order_by == "given"
            else "in the order first answered; --wave-order sets another"
        )
        self.line(
            f"Waves ({order}): {sizes}; {waves.without_wave} responses without a "
            "wave. Waves not shown are left out of the tests, and a dash is a number "
            "hidden for the same reasons; change is from the previous shown wave, and "
            "the last column from the first."
        )
        targets = [*levels[0].item_cells, *levels[0].scale_cells] if levels else []
        for start in range(0, len(levels), LEVELS_PER_TABLE):
            chunk = levels[start : start + LEVELS_PER_TABLE]
            rows = []
            for target in targets:
                cells = [_wave_cell(level, target) for level in levels]
                row = [shorten(target, 24)]
                row += [
                    "-"
                    if cell is None or cell.hidden
                    else format_number(cell.mean)
                    + (f" ({cell.change:+.2f})" if cell.change is not None else "")
                    for cell in cells[start : start + LEVELS_PER_TABLE]
                ]
                last = [
                    c.change_from_first
                    for c in cells
                    if c is not None and c.change_from_first is not None
                ]
                rows.append(row + [f"{last[-1]:+.2f}" if last else ""])
            self.table(
                rows,
                ["mean (change)", *(shorten(str(lv.value), 14) for lv in chunk), "since first"],
            )
        if waves.tests:
            self.tests(waves.tests)
        if waves.trends:
            self.line("Trend over the waves in their order (Jonckheere-Terpstra; z > 0: rising).")
            rows = [
                [
                    shorten(t.target, 24),
                    format_number(t.statistic, 1),
                    format_number(t.z),
                    format_p(t.p),
                ]
                for t in waves.trends
            ]
            self.table(rows, ["target", "J", "z", "p"])

    def pairs(self, pairs: Pairs) -> None:
        codes = pairs.codes
        self.heading(f"Paired change by {pairs.by}")
        self.line(
            f"{codes['linked']} codes answered in more than one wave, {codes['seen_once']} "
            f"in only one; {codes['repeated_in_a_wave']} answered twice in one wave and "
            "are left out of that wave. Change is the later answer minus the earlier; "
            "Wilcoxon signed-rank test with the matched-pairs rank-biserial r. "
            "A comparison or target resting on fewer than "
            f"{pairs.min_group} pairs, or one that would let the answers of fewer "
            "be worked out from its wave, is hidden (a dash)."
        )
        for comparison in pairs.comparisons:
            self.comparison(comparison, pairs.min_group)
        groups = pairs.groups
        if groups is None:
            return
        self.heading(f"Paired change by {pairs.by} per {groups.by}")
        self.line(
            "The pairs whose two answers are both in the group. The groups' pairs are "
            "parts of everyone's, hidden as groups are."
        )
        for level in groups.levels:
            name = f"{groups.by} {level.value}"
            if level.hidden:
                self.line(f"{name}: {explain(level.hidden, pairs.min_group)}.")
                continue
            for comparison in level.comparisons:
                self.comparison(comparison, pairs.min_group, f"{name}, ")

    def comparison(self, comparison: Comparison, min_group: int, prefix: str = "") -> None:
        """One comparison of waves: its number of pairs and a row per target."""
        title = f"{prefix}{comparison.from_} to {comparison.to}"
        if comparison.hidden:
            self.line(f"{title}: {explain(comparison.hidden, min_group)}.")
            return
        self.line(f"{title}: {comparison.n_pairs} pairs.")
        rows = [
            [shorten(t.target, 24), "-", explain_briefly(t.hidden, min_group)]
            if t.hidden
            else [
                shorten(t.target, 24),
                t.n,
                format_number(t.mean_before),
                format_number(t.mean_after),
                format_number(t.mean_change),
                format_number(t.sd_change),
                format_number(t.statistic, 1),
                format_p(t.p),
                format_number(t.effect.value),
            ]
            for t in comparison.targets
        ]
        self.table(rows, ["target", "n", "before", "after", "change", "sd", "W", "p", "r (rb)"])


def _tidy(analysis: Analysis) -> Iterator[tuple[str | None, ...]]:
    """The waves' and pairs' rows of the tidy CSV, in its columns (`TIDY_COLUMNS`)."""
    waves, pairs = analysis.waves, analysis.pairs
    if waves is not None:
        for level in waves.levels:
            for kind, cells in (("item", level.item_cells), ("scale", level.scale_cells)):
                for target, cell in cells.items():
                    for statistic, key, value in stat_rows(cell):
                        yield (
                            waves.wave,
                            level.value,
                            target,
                            f"wave {kind}",
                            statistic,
                            key,
                            csv_value(value),
                        )
        for test in waves.tests:
            for statistic, value in (
                ("statistic", test.statistic),
                ("p", test.p),
                (test.effect.name, test.effect.value),
            ):
                yield (
                    waves.wave,
                    "",
                    test.target,
                    "wave test",
                    statistic,
                    test.test,
                    csv_value(value),
                )
        for trend in waves.trends:
            for statistic, value in (
                ("statistic", trend.statistic),
                ("z", trend.z),
                ("p", trend.p),
            ):
                yield (
                    waves.wave,
                    "",
                    trend.target,
                    "wave trend",
                    statistic,
                    trend.test,
                    csv_value(value),
                )
    if pairs is not None:
        for name, count in pairs.codes.items():
            yield pairs.by, "", "", "pair codes", name, "", csv_value(count)
        for comparison in pairs.comparisons:
            group = f"{comparison.from_}..{comparison.to}"
            for paired in comparison.targets:
                for statistic, of_test, value in _paired_numbers(paired):
                    key = paired.test if of_test else ""
                    yield (
                        pairs.by,
                        group,
                        paired.target,
                        f"pair {paired.kind}",
                        statistic,
                        key,
                        value,
                    )
        if pairs.groups is not None:
            yield from _group_pair_rows(pairs.groups)


def _group_pair_rows(groups: PairGroups) -> Iterator[tuple[str | None, ...]]:
    """Each group's paired change: the group in `group`, the waves (`from..to`) in `key`."""
    for level in groups.levels:
        if level.hidden:
            yield groups.by, level.value, "", "group pair", "hidden", "", csv_value(level.hidden)
            continue
        for comparison in level.comparisons:
            waves = f"{comparison.from_}..{comparison.to}"
            for paired in comparison.targets:
                kind = f"group pair {paired.kind}"
                for statistic, _, value in _paired_numbers(paired):
                    yield groups.by, level.value, paired.target, kind, statistic, waves, value


def _paired_numbers(paired: PairTarget) -> list[tuple[str, bool, str]]:
    """A paired target's tidy rows: statistic, whether it is the test's, value."""
    return [
        (statistic, test, csv_value(value))
        for statistic, test, value in (
            ("n", False, paired.n),
            ("mean_before", False, paired.mean_before),
            ("mean_after", False, paired.mean_after),
            ("mean_change", False, paired.mean_change),
            ("sd_change", False, paired.sd_change),
            ("hidden", False, paired.hidden),
            ("statistic", True, paired.statistic),
            ("p", True, paired.p),
            (paired.effect.name, True, paired.effect.value),
        )
    ]


def render_followup(analysis: Analysis, fmt: str, lang: str | None = None) -> str:
    """What the waves and pairs add to `render(analysis, fmt, lang)` in that format."""
    if (analysis.waves is None and analysis.pairs is None) or fmt == "json":
        return ""
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(_tidy(analysis))
        return out.getvalue()
    return "\n" + _FollowUpRenderer(analysis, lang, markdown=fmt == "markdown").render()


class _Words(TypedDict):
    """The follow-up section's words in one language."""

    heading: str
    pairs: str
    pairs_per: str
    pairs_groups: str
    target: str
    change: str
    trend: str
    pair_cols: tuple[str, ...]
    waves: str
    codes: str
    hidden: str


WORDS: dict[str, _Words] = {
    "sv": {
        "heading": "Över tid",
        "pairs": "Samma personer före och efter",
        "pairs_per": "Samma personer före och efter, per {by}",
        "pairs_groups": "Paren vars båda svar finns i gruppen. Gruppernas par är delar av "
        "allas och döljs som grupper döljs.",
        "target": "Skala eller fråga",
        "change": "Förändring",
        "trend": "p (trend)",
        "pair_cols": ("n par", "Före", "Efter", "Förändring", "p", "r"),
        "waves": "Mättillfällen ({wave}): {waves}. Medelvärden per mättillfälle; "
        "förändringen är från det första. p jämför mättillfällena "
        "(Kruskal-Wallis) och, med tre eller fler, testar en trend "
        "(Jonckheere-Terpstra). Tal som bygger på färre än {min_group} svarande "
        "visas inte (–), inte heller sådana som skulle avslöja en mindre grupp.",
        "codes": "{linked} personer svarade vid mer än ett mättillfälle (parade med sin "
        "kod), {seen_once} bara vid ett. Förändringen är det senare svaret minus "
        "det tidigare; p från Wilcoxons teckenrangtest, r är rangbiseriell "
        "korrelation för parade data.",
        "hidden": "{title}: visas inte (färre än {min_group} par).",
    },
    "da": {
        "heading": "Over tid",
        "pairs": "De samme personer før og efter",
        "pairs_per": "De samme personer før og efter, pr. {by}",
        "pairs_groups": "Parrene, hvor begge svar er i gruppen. Gruppernes par er dele af "
        "alles og skjules, som grupper skjules.",
        "target": "Skala eller spørgsmål",
        "change": "Ændring",
        "trend": "p (trend)",
        "pair_cols": ("n par", "Før", "Efter", "Ændring", "p", "r"),
        "waves": "Målinger ({wave}): {waves}. Gennemsnit pr. måling; ændringen er fra den "
        "første. p sammenligner målingerne (Kruskal-Wallis) og, med tre eller "
        "flere, tester en trend (Jonckheere-Terpstra). Tal, der bygger på færre "
        "end {min_group} besvarelser, vises ikke (–), heller ikke tal, der ville "
        "afsløre en mindre gruppe.",
        "codes": "{linked} personer svarede ved mere end én måling (parret med deres "
        "kode), {seen_once} kun ved én. Ændringen er det senere svar minus det "
        "tidligere; p fra Wilcoxons fortegnsrangtest, r er rang-biseriel "
        "korrelation for parrede data.",
        "hidden": "{title}: færre end {min_group} par, vises ikke.",
    },
    "en": {
        "heading": "Over time",
        "pairs": "The same people before and after",
        "pairs_per": "The same people before and after, per {by}",
        "pairs_groups": "The pairs whose two answers are both in the group. The groups' "
        "pairs are parts of everyone's, hidden as groups are.",
        "target": "Scale or question",
        "change": "Change",
        "trend": "p (trend)",
        "pair_cols": ("pairs", "Before", "After", "Change", "p", "r"),
        "waves": "Waves ({wave}): {waves}. Means per wave; the change is since the first. "
        "p compares the waves (Kruskal-Wallis) and, with three or more, tests a "
        "trend (Jonckheere-Terpstra). Numbers resting on fewer than {min_group} "
        "respondents are not shown (–), nor are those that would reveal a smaller "
        "group.",
        "codes": "{linked} people answered in more than one wave (paired by their code), "
        "{seen_once} in only one. The change is the later answer minus the "
        "earlier; p from the Wilcoxon signed-rank test, r is the matched-pairs "
        "rank-biserial correlation.",
        "hidden": "{title}: fewer than {min_group} pairs, not shown.",
    },
}


def _name(questionnaire: Questionnaire, target: str, kind: str, lang: str) -> str:
    if kind == "scale":
        scale = questionnaire.scale(target)
        return tr(scale.text if scale else None, lang, target)
    item = questionnaire.item(target)
    return tr(item.text, lang, target) if item else target


def _wave_cell(level: Level, target: str) -> WaveCell | None:
    """A target's cell in one wave: a wave's level holds WaveCells, with the changes."""
    cell = level.cell(target)
    return cell if isinstance(cell, WaveCell) else None


def _signed(locale: Locale, value: float | None) -> str:
    text = locale.number(value)
    return text if value is None or value < 0 else f"+{text}"


def followup_blocks(analysis: Analysis, lang: str | None = None) -> list[Block]:
    """The written report's follow-up section: waves and pairs (empty without them)."""
    waves, pairs = analysis.waves, analysis.pairs
    if waves is None:
        return []
    questionnaire = analysis.questionnaire
    lang = lang or questionnaire.languages[0]
    locale, words = Locale(lang), WORDS.get(lang, WORDS["en"])
    shown = [lv for lv in waves.levels if not lv.suppressed]
    blocks: list[Block] = [
        Heading(2, words["heading"]),
        Paragraph(
            words["waves"].format(
                wave=waves.wave,
                min_group=waves.min_group,
                waves=", ".join(f"{lv.value} (n {locale.integer(lv.n)})" for lv in shown),
            )
        ),
    ]
    tests = {t.target: t for t in waves.tests}
    trends = {t.target: t for t in waves.trends}
    rows = []
    for kind, targets in (
        ("scale", shown[0].scale_cells if shown else {}),
        ("item", shown[0].item_cells if shown else {}),
    ):
        for target in targets:
            cells = [_wave_cell(lv, target) for lv in shown]
            last = [
                c.change_from_first
                for c in cells
                if c is not None and c.change_from_first is not None
            ]
            row = [
                _name(questionnaire, target, kind, lang),
                *(locale.number(c.mean if c is not None else None) for c in cells),
                _signed(locale, last[-1]) if last else "–",
                locale.p_value(tests[target].p) if target in tests else "–",
            ]
            if trends:
                row.append(locale.p_value(trends[target].p) if target in trends else "–")
            rows.append(row)
    headers = [words["target"], *(str(lv.value) for lv in shown), words["change"], "p"]
    blocks.append(Table(headers + ([words["trend"]] if trends else []), rows))
    if pairs is None:
        return blocks
    blocks += [Heading(3, words["pairs"]), Paragraph(words["codes"].format(**pairs.codes))]
    for comparison in pairs.comparisons:
        title = f"{comparison.from_} – {comparison.to}"
        if comparison.suppressed:
            blocks.append(Paragraph(words["hidden"].format(title=title, min_group=pairs.min_group)))
            continue
        blocks.append(
            Table([title, *words["pair_cols"]], _pair_rows(comparison, questionnaire, locale))
        )
    if pairs.groups is not None:
        blocks += _group_pair_blocks(pairs, pairs.groups, questionnaire, locale, words)
    return blocks


def _pair_rows(
    comparison: Comparison, questionnaire: Questionnaire, locale: Locale
) -> list[list[str]]:
    """A comparison's table rows: each target answered (or hidden) at both waves."""
    return [
        [
            _name(questionnaire, t.target, t.kind, locale.lang),
            locale.integer(t.n),
            locale.number(t.mean_before),
            locale.number(t.mean_after),
            _signed(locale, t.mean_change),
            locale.p_value(t.p),
            locale.number(t.effect.value),
        ]
        for t in comparison.targets
        if t.n or t.hidden
    ]


def _group_pair_blocks(
    pairs: Pairs,
    groups: PairGroups,
    questionnaire: Questionnaire,
    locale: Locale,
    words: _Words,
) -> list[Block]:
    """Each group's paired change, a table per comparison; a hidden group says why."""
    blocks: list[Block] = [
        Heading(3, words["pairs_per"].format(by=groups.by)),
        Paragraph(words["pairs_groups"]),
    ]
    for level in groups.levels:
        name = locale.level(questionnaire, groups.by, level.value)
        if level.hidden:
            blocks.append(
                Paragraph(f"{name}: {locale.w(f'reason_{level.hidden}', min=pairs.min_group)}")
            )
            continue
        for comparison in level.comparisons:
            title = f"{name} · {comparison.from_} – {comparison.to}"
            blocks.append(
                Table([title, *words["pair_cols"]], _pair_rows(comparison, questionnaire, locale))
            )
    return blocks
