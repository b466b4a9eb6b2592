"""Item, scale and group statistics of a Dataset, as the `Analysis` every view shows.

- `analyze(paths, questionnaire=None, by=None, min_group=5, filters=None) -> Analysis`
  reads the files and analyzes them; `analyze_dataset(dataset, by, min_group, filters)`
  analyzes a `Dataset` already loaded (the review screen regroups and filters this way).
- `Analysis.items` (an `ItemResult` per item, its class by the kind of answer) and
  `.scales` (`ScaleResult`s) and `.groups` (`Groups` or None) are the classes of
  `surveytui.analysis.results`, whose `to_dict()` is their part of `analyze --format
  json`, docs/analyze-json.md; `Analysis.to_dict()` is exactly that JSON, and `.item(id)`
  / `.scale(id)` / `.result(id)` look one up. Undefined numbers are None, never NaN.
- `filters` maps a tag, metadata or single-choice column to the value(s) to keep;
  `filter_dataset(dataset, filters)` gives those rows. `Analysis.select(ids)` narrows an
  analysis to some questions and scales (the review screen writes its view that way).
- A number item also has `histogram` {bin: n}: one bin per whole number when the answers
  are whole numbers less than 20 apart, else ten equal bins labelled `low–high`.
- single and multi items count "other, please specify" as an answer, under the code
  `other` after the choices; `other_chosen(dataset, question)` says which rows chose it.
- `scale_scores(dataset, scale)` gives each respondent's score (the mean of the
  reverse-keyed items when at least `scale.required_items()` are answered), and
  `item_matrix(dataset, item_ids)` the reverse-keyed item codes, for follow-up work.
- `wave` (a column, or `submitted_at:month` / `:quarter`), `wave_order` and `pair_by` (a
  respondent code) add `waves` and `pairs` (see `surveytui.analysis.followup`); the JSON
  has those keys only when they are asked for.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from surveytui.analysis import stats
from surveytui.analysis.columns import (
    check_group_column,
    group_labels,
    item_matrix,
    level_entry,
    levels_of,
    other_chosen,
    scale_scores,
)
from surveytui.analysis.dataset import Dataset, load_dataset
from surveytui.analysis.followup import follow_up
from surveytui.analysis.results import (
    BooleanItem,
    Cell,
    ChoiceItem,
    Comparison,
    Effect,
    Groups,
    GroupTest,
    ItemResult,
    Level,
    NumberItem,
    OrdinalItem,
    Pairs,
    ScaleResult,
    TextItem,
    Waves,
)
from surveytui.disclosure import MIN_GROUP, Gate, Reason
from surveytui.errors import Problem
from surveytui.model.qtypes import Answer
from surveytui.model.types import (
    OTHER_SUFFIX,
    TOP_BOTTOM_POINTS,
    Question,
    Questionnaire,
    Scale,
)

HISTOGRAM_BINS = 10


@dataclass
class Analysis:
    """Everything `analyze` computes for one data set, grouping and filter."""

    questionnaire: Questionnaire
    versions: list[str]
    n_responses: int
    problems: list[Problem]
    items: list[ItemResult]
    scales: list[ScaleResult]
    groups: Groups | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    waves: Waves | None = None
    pairs: Pairs | None = None
    min_group: int = MIN_GROUP
    period: dict[str, str | None] = field(default_factory=lambda: {"first": None, "last": None})

    def item(self, item_id: str) -> ItemResult | None:
        return next((i for i in self.items if i.id == item_id), None)

    def scale(self, scale_id: str) -> ScaleResult | None:
        return next((s for s in self.scales if s.id == scale_id), None)

    def result(self, target: str) -> ItemResult | ScaleResult | None:
        """An item's or scale's result in the whole set (a target of groups and waves)."""
        return self.item(target) or self.scale(target)

    def select(self, ids: Sequence[str]) -> Analysis:
        """The same analysis narrowed to some questions, items and scales (a view to write)."""
        wanted = set(ids)
        items = [i for i in self.items if i.id in wanted or i.matrix in wanted]
        scales = [s for s in self.scales if s.id in wanted]
        kept = {i.id for i in items} | {s.id for s in scales}

        def levels(block: Groups | Waves) -> list[Level]:
            return [
                replace(
                    level,
                    item_cells={k: v for k, v in level.item_cells.items() if k in kept},
                    scale_cells={k: v for k, v in level.scale_cells.items() if k in kept},
                )
                for level in block.levels
            ]

        def compared(comparisons: list[Comparison]) -> list[Comparison]:
            return [
                replace(c, targets=[t for t in c.targets if t.target in kept]) for c in comparisons
            ]

        groups = waves = pairs = None
        if self.groups is not None:
            tests = [t for t in self.groups.tests if t.target in kept]
            groups = replace(self.groups, levels=levels(self.groups), tests=tests)
        if self.waves is not None:
            waves = replace(
                self.waves,
                levels=levels(self.waves),
                tests=[t for t in self.waves.tests if t.target in kept],
                trends=[t for t in self.waves.trends if t.target in kept],
            )
        if self.pairs is not None:
            by_group = self.pairs.groups
            pairs = replace(
                self.pairs,
                comparisons=compared(self.pairs.comparisons),
                groups=None
                if by_group is None
                else replace(
                    by_group,
                    levels=[
                        replace(level, comparisons=compared(level.comparisons))
                        for level in by_group.levels
                    ],
                ),
            )
        return replace(self, items=items, scales=scales, groups=groups, waves=waves, pairs=pairs)

    def to_dict(self) -> dict[str, Any]:
        """The `analyze --format json` document."""
        result: dict[str, Any] = {
            "questionnaire": {"id": self.questionnaire.id, "versions": list(self.versions)},
            "n_responses": self.n_responses,
            "period": dict(self.period),
            "min_group": self.min_group,
            "problems": [str(p) for p in self.problems],
            "items": [item.to_dict() for item in self.items],
            "scales": [scale.to_dict() for scale in self.scales],
        }
        if self.groups is not None:
            result["groups"] = self.groups.to_dict()
        if self.waves is not None:
            result["waves"] = self.waves.to_dict()
        if self.pairs is not None:
            result["pairs"] = self.pairs.to_dict()
        return result


def analyze(
    paths: str | Path | Sequence[str | Path],
    questionnaire: str | Path | Questionnaire | None = None,
    by: str | None = None,
    min_group: int = MIN_GROUP,
    filters: Mapping[str, str | Sequence[str]] | None = None,
    wave: str | None = None,
    pair_by: str | None = None,
    wave_order: Sequence[str] | None = None,
) -> Analysis:
    """Read response files and analyze them (see the module docstring)."""
    return analyze_dataset(
        load_dataset(paths, questionnaire), by, min_group, filters, wave, pair_by, wave_order
    )


def analyze_dataset(
    dataset: Dataset,
    by: str | None = None,
    min_group: int = MIN_GROUP,
    filters: Mapping[str, str | Sequence[str]] | None = None,
    wave: str | None = None,
    pair_by: str | None = None,
    wave_order: Sequence[str] | None = None,
) -> Analysis:
    """Analyze a loaded Dataset, optionally filtered to some tag values and grouped; every
    number passes the disclosure gate (a filter it forbids is a SurveyError)."""
    gate = Gate(min_group)
    chosen = _chosen(filters)
    kept = filter_dataset(dataset, chosen)
    wholes = _wholes(dataset, chosen, len(kept.frame), gate)
    items = [stat for q in kept.questionnaire.questions for stat in question_stats(kept, q)]
    scales = [scale_stats(kept, scale) for scale in kept.questionnaire.scales]
    entries: list[ItemResult | ScaleResult] = [*items, *scales]
    _gate_entries(entries, len(kept.frame), [_entry_ns(whole) for whole in wholes], gate)
    hidden = {entry.id: entry.hidden for entry in entries if entry.hidden}
    groups = group_stats(kept, by, min_group, hidden) if by else None
    waves = pairs = None
    if wave is not None or pair_by is not None:
        totals = {entry.id: entry.n for entry in entries}
        waves, pairs = follow_up(kept, wave, pair_by, min_group, wave_order, hidden, totals, groups)
    return Analysis(
        kept.questionnaire,
        kept.versions,
        len(kept.frame),
        kept.problems,
        items,
        scales,
        groups,
        chosen,
        waves,
        pairs,
        min_group,
        answer_period(kept, gate),
    )


def answer_period(dataset: Dataset, gate: Gate) -> dict[str, str | None]:
    """The first and last day answered (`YYYY-MM-DD`), both None for no responses or for a
    set the gate hides (a few people's dates say who answered when)."""
    days = [day for day in map(_day, dataset.frame["submitted_at"].astype(object)) if day]
    if not days or gate.small(len(dataset.frame)):
        return {"first": None, "last": None}
    return {"first": min(days), "last": max(days)}


def _day(text: Any) -> str | None:
    """The day of a submitted_at value (`2026-03-01` or `2026-03-01T14:12Z`), None when it
    is not a date (a hand-edited file)."""
    try:
        return dt.date.fromisoformat(text[:10]).isoformat() if isinstance(text, str) else None
    except ValueError:
        return None


def _chosen(filters: Mapping[str, str | Sequence[str]] | None) -> dict[str, list[str]]:
    return {
        column: [values] if isinstance(values, str) else list(values)
        for column, values in (filters or {}).items()
    }


def _wholes(dataset: Dataset, chosen: dict[str, list[str]], kept: int, gate: Gate) -> list[Dataset]:
    """The sets the filtered one could be compared with (the unfiltered data, and the
    filter with a column or one of its values left out), after the gate has allowed the
    filter against each of them."""
    if not chosen:
        return []
    columns = list(chosen)
    options = [
        [
            None,
            chosen[c],
            *(
                [[v for v in chosen[c] if v != left] for left in chosen[c]]
                if len(chosen[c]) > 1
                else []
            ),
        ]
        for c in columns
    ]
    wholes, compared = [], []
    for choice in itertools.product(*options):
        relaxed = {c: values for c, values in zip(columns, choice) if values is not None}
        if relaxed == chosen:
            continue
        other = filter_dataset(dataset, relaxed)
        wholes.append(other)
        compared.append((_describe(relaxed), len(other.frame)))
    gate.check_filter(f"the filter {_describe(chosen)}", kept, compared)
    for column in columns:
        others = {c: values for c, values in chosen.items() if c != column}
        for context in ({}, others) if others else ({},):
            gate.check_selection(
                f"the filter {_describe(chosen)}",
                _part_sizes(filter_dataset(dataset, context), column),
                chosen[column],
            )
    return wholes


def _part_sizes(dataset: Dataset, column: str) -> dict[str | None, int]:
    """How many rows hold each value of a column, in `group_stats`'s order (so that the gate
    breaks ties the same way), None counting those without one."""
    counts = group_labels(dataset, column).astype(object).value_counts(dropna=False)
    sizes = {value if isinstance(value, str) else None: int(n) for value, n in counts.items()}
    return {level: sizes.get(level, 0) for level in [*levels_of(dataset, column), None]}


def _describe(chosen: Mapping[str, Sequence[str]]) -> str:
    if not chosen:
        return "all the data"
    return " and ".join(f"{c}={'|'.join(values)}" for c, values in chosen.items())


def _entry_ns(dataset: Dataset) -> dict[str, int]:
    """Each item's and scale's n in a data set (to compare a filtered set with it)."""
    questionnaire = dataset.questionnaire
    ns = {
        stat.id: stat.n or 0 for q in questionnaire.questions for stat in question_stats(dataset, q)
    }
    ns.update(
        (s.id, int(np.count_nonzero(~np.isnan(scale_scores(dataset, s).to_numpy()))))
        for s in questionnaire.scales
    )
    return ns


# What a hidden item or scale still shows: what it is and, unless the whole set is too
# small to show, how many answered it (counts of answers reveal nobody's answer).
_IDENTITY = frozenset({"id", "type", "matrix", "versions", "labels", "items", "hidden"})
_COUNTS = frozenset({"n", "missing", "na"})


def _gate_entries(
    entries: Sequence[ItemResult | ScaleResult],
    respondents: int,
    wholes: list[dict[str, int]],
    gate: Gate,
) -> None:
    """Hide (set to None) the statistics of the items and scales the gate does not allow:
    all of them in a set of fewer than min_group respondents, one answered by fewer than
    min_group (free-text answers are quoted, not computed, and are kept), and one whose n
    differs from its n in a compared set by 1 to min_group - 1."""
    for entry in entries:
        n = entry.n or 0
        if gate.small(respondents):
            entry.hide(Reason.SMALL, _IDENTITY)
        elif not isinstance(entry, TextItem) and gate.small(n):
            entry.hide(Reason.SMALL, _IDENTITY | _COUNTS)
        elif any(gate.nested(n, whole[entry.id]) for whole in wholes):
            entry.hide(Reason.COMPLEMENT, _IDENTITY | _COUNTS)


def filter_dataset(dataset: Dataset, filters: Mapping[str, str | Sequence[str]] | None) -> Dataset:
    """The rows whose filter columns hold one of the chosen values (the rows analyzed)."""
    for column, values in _chosen(filters).items():
        check_group_column(dataset, column, "filter by")
        dataset = dataset.subset(group_labels(dataset, column).isin(values).to_numpy())
    return dataset


def _pct(part: float, whole: float) -> float | None:
    return stats.finite(100.0 * part / whole) if whole else None


def _counts_base(
    dataset: Dataset, column: str, answered: np.ndarray, na: np.ndarray | None = None
) -> dict[str, Any]:
    asked = dataset.asked(column)
    if na is None:
        na = dataset.na[column].to_numpy() if column in dataset.na else np.zeros(len(asked), bool)
    n, n_na = int(np.count_nonzero(answered)), int(np.count_nonzero(na & asked))
    return {
        "n": n,
        "missing": int(np.count_nonzero(asked)) - n - n_na,
        "na": n_na,
        "versions": dataset.versions_of(column),
    }


def question_stats(dataset: Dataset, question: Question) -> list[ItemResult]:
    """The item results of one question: one per matrix row, none for a note."""
    answer = question.spec.answer
    if answer is Answer.NONE:
        return []
    if question.respondent_code and answer is not Answer.TEXT:
        return [_counted_only(dataset, question)]
    if answer is Answer.SCALE:
        return [ordinal_stats(dataset, item.id, question) for item in question.items]
    head: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "matrix": None,
        "answer": answer,
    }
    frame = dataset.frame
    if answer is Answer.CHOICES:
        columns = [c for c in question.columns if not c.endswith(OTHER_SUFFIX)]
        values: np.ndarray = frame[columns].to_numpy(dtype=float)
        nas = (
            np.column_stack(
                [
                    dataset.na[c].to_numpy() if c in dataset.na else np.zeros(len(frame), bool)
                    for c in columns
                ]
            )
            if columns
            else np.zeros((len(frame), 0), bool)
        )
        blank = np.isnan(values) & ~nas
        unreadable = np.zeros(len(frame), bool)
        for c in columns:
            if c in dataset.unreadable:
                unreadable |= dataset.unreadable[c].to_numpy()
        other = other_chosen(dataset, question) & ~unreadable
        all_na = nas.all(axis=1) & ~unreadable & ~other if columns else np.zeros(len(frame), bool)
        answered = (~blank.all(axis=1) & ~all_na & ~unreadable) | other
        ticked = [
            int(np.count_nonzero((values[:, i] == 1) & answered))
            for i in range(len(question.choices))
        ]
        return [
            _choice_item(
                dataset,
                question,
                head | _counts_base(dataset, columns[0], answered, all_na),
                ticked,
                other,
            )
        ]
    if answer is Answer.CHOICE:
        codes = frame[question.id].cat.codes.to_numpy()
        chosen = codes >= 0
        other = other_chosen(dataset, question)
        counts = np.bincount(codes[chosen], minlength=len(question.choices))
        base = head | _counts_base(dataset, question.id, chosen | other)
        return [_choice_item(dataset, question, base, [int(k) for k in counts], other)]
    if answer is Answer.BOOLEAN:
        values = frame[question.id].to_numpy(dtype=float)
        base = head | _counts_base(dataset, question.id, ~np.isnan(values))
        yes = int(np.count_nonzero(values == 1))
        interval = stats.wilson_ci(yes, base["n"])
        return [
            BooleanItem(
                **base,
                yes_pct=_pct(yes, base["n"]),
                ci95=[100 * interval[0], 100 * interval[1]] if interval else None,
            )
        ]
    if answer is Answer.NUMBER:
        values = frame[question.id].to_numpy(dtype=float)
        answered = ~np.isnan(values)
        return [
            NumberItem(
                **head,
                **_counts_base(dataset, question.id, answered),
                **_number_summary(values[answered]),
                histogram=_histogram(values[answered]),
            )
        ]
    texts = frame[question.id]
    answered = texts.notna().to_numpy()
    return [
        TextItem(
            **head,
            **_counts_base(dataset, question.id, answered),
            answers=[] if question.respondent_code else texts[answered].tolist(),
        )
    ]


def _counted_only(dataset: Dataset, question: Question) -> ItemResult:
    """A question that another questionnaire involved marks as a respondent code: how many
    answered it, with the statistics of no rows, since its values are codes."""
    plain = replace(question, respondent_code=False)
    counted = question_stats(dataset, plain)[0]
    empty = question_stats(dataset.subset(np.zeros(len(dataset.frame), bool)), plain)[0]
    return replace(
        empty, n=counted.n, missing=counted.missing, na=counted.na, versions=counted.versions
    )


def _choice_item(
    dataset: Dataset,
    question: Question,
    base: dict[str, Any],
    counts: list[int],
    other: np.ndarray,
) -> ChoiceItem:
    """A choice question's result: `counts` and `pct` per counted choice, "other" last
    (with its texts) when the question offers it."""
    if question.offers_other:
        counts = [*counts, int(np.count_nonzero(other))]
    by_code = {c.code: k for c, k in zip(question.counted_choices, counts)}
    texts = None
    if question.offers_other:
        typed = dataset.frame[question.id + OTHER_SUFFIX]
        texts = typed[typed.notna()].tolist()
    return ChoiceItem(
        **base,
        counts=by_code,
        pct={code: _pct(k, base["n"]) for code, k in by_code.items()},
        other=texts,
        offers_other=question.offers_other,
    )


def _number_summary(values: np.ndarray) -> dict[str, Any]:
    if not len(values):
        return dict.fromkeys(("mean", "sd", "min", "q1", "median", "q3", "max"))
    q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
    return {
        "mean": stats.finite(values.mean()),
        "sd": stats.finite(values.std(ddof=1)) if len(values) > 1 else None,
        "min": stats.finite(values.min()),
        "q1": stats.finite(q1),
        "median": stats.finite(median),
        "q3": stats.finite(q3),
        "max": stats.finite(values.max()),
    }


def _histogram(values: np.ndarray) -> dict[str, int]:
    """Counts per bin: one bin per whole number over a short range, else HISTOGRAM_BINS bins."""
    if not len(values):
        return {}
    low, high = values.min(), values.max()
    if np.all(values == np.round(values)) and high - low < 2 * HISTOGRAM_BINS:
        codes = list(range(int(low), int(high) + 1))
        return {str(code): int(k) for code, k in zip(codes, code_counts(values, codes))}
    counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
    return {f"{edges[i]:.4g}–{edges[i + 1]:.4g}": int(k) for i, k in enumerate(counts)}


def code_counts(values: np.ndarray, codes: list[int]) -> np.ndarray:
    """How many of the values are each code (values outside the codes are not counted)."""
    present = values[~np.isnan(values)].astype(np.int64) - codes[0]
    return np.bincount(present, minlength=len(codes))[: len(codes)]


def summary_from_counts(counts: np.ndarray, codes: list[int]) -> dict[str, Any]:
    """n, mean, sd (n-1), median and the t interval of codes given as counts per code."""
    n = int(counts.sum())
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "median": None, "ci95": None}
    code = np.asarray(codes, dtype=float)
    mean = float((counts * code).sum() / n)
    sd = math.sqrt(float((counts * (code - mean) ** 2).sum()) / (n - 1)) if n > 1 else None
    cumulative = np.cumsum(counts)
    low = code[np.searchsorted(cumulative, (n + 1) // 2)]
    high = code[np.searchsorted(cumulative, n // 2 + 1)]
    return {
        "n": n,
        "mean": stats.finite(mean),
        "sd": stats.finite(sd),
        "median": float(low + high) / 2,
        "ci95": stats.mean_ci_t(mean, sd, n),
    }


def ordinal_stats(dataset: Dataset, item_id: str, question: Question) -> OrdinalItem:
    """Statistics of one ordinal item, on the codes as answered (no reverse keying)."""
    values = dataset.frame[item_id].to_numpy(dtype=float)
    codes = question.codes
    base = _counts_base(dataset, item_id, ~np.isnan(values))
    counts = code_counts(values, codes)
    summary = summary_from_counts(counts, codes)
    n = base["n"]
    edges = len(codes) in TOP_BOTTOM_POINTS
    return OrdinalItem(
        id=item_id,
        type=question.type,
        matrix=question.id if question.spec.rows else None,
        answer=question.spec.answer,
        **base,
        **{key: summary[key] for key in ("mean", "sd", "median", "ci95")},
        top2_pct=_pct(counts[-2:].sum(), n) if edges else None,
        bottom2_pct=_pct(counts[:2].sum(), n) if edges else None,
        counts={str(code): int(k) for code, k in zip(codes, counts)},
        pct={str(code): _pct(k, n) for code, k in zip(codes, counts)},
        labels={str(code): dict(texts) for code, texts in sorted(question.labels.items())},
    )


def scale_stats(dataset: Dataset, scale: Scale) -> ScaleResult:
    """Score n, mean, sd and reliability (psych/pingouin conventions) of one scale."""
    matrix = item_matrix(dataset, scale.items)
    scores = scale_scores(dataset, scale).to_numpy()
    scored = scores[~np.isnan(scores)]
    cov = stats.pairwise_cov(matrix)
    alpha = stats.cronbach_alpha(cov)
    dropped = stats.alpha_if_deleted(cov)
    rest = stats.item_rest_r(cov)
    return ScaleResult(
        id=scale.id,
        item_ids=list(scale.items),
        n=len(scored),
        mean=stats.finite(scored.mean()) if len(scored) else None,
        sd=stats.finite(scored.std(ddof=1)) if len(scored) > 1 else None,
        alpha=alpha,
        alpha_ci95=stats.feldt_ci(alpha, len(matrix), len(scale.items)),
        alpha_if_deleted=dict(zip(scale.items, dropped)) if dropped else None,
        item_rest_r=dict(zip(scale.items, rest)) if rest else None,
    )


def group_stats(
    dataset: Dataset,
    by: str,
    min_group: int = MIN_GROUP,
    hidden: Mapping[str, Reason] | None = None,
) -> Groups:
    """Per level of `by`: n, mean and sd of every ordinal item and scale, and the tests.

    Rows without a value of `by` are a level of their own (value None, "no answer"), so
    that the gate counts them; `hidden` names the items and scales hidden in the whole set,
    whose cells are then hidden in every level too. Tests compare the named levels shown.
    """
    gate = Gate(min_group)
    check_group_column(dataset, by, "group by")
    questionnaire = dataset.questionnaire
    named = levels_of(dataset, by)
    levels: list[str | None] = list(named)
    labels = group_labels(dataset, by).cat
    position = {str(value): i for i, value in enumerate(labels.categories)}
    codes = labels.codes.to_numpy()
    order = np.argsort(codes, kind="stable")
    sizes_by_code = np.bincount(codes[codes >= 0], minlength=len(position))
    unanswered = int(np.count_nonzero(codes < 0))
    starts = unanswered + np.concatenate([[0], np.cumsum(sizes_by_code)])
    rows: dict[str | None, np.ndarray] = {
        level: order[starts[position[level]] : starts[position[level] + 1]] for level in named
    }
    if unanswered:
        levels.append(None)
        rows[None] = order[:unanswered]
    sizes = {level: len(rows[level]) for level in levels}
    level_hidden = gate.partition(sizes)
    targets = {
        item.id: dataset.frame[item.id].to_numpy(dtype=float) for item in questionnaire.items
    }
    targets.update((s.id, scale_scores(dataset, s).to_numpy()) for s in questionnaire.scales)
    scale_ids = {s.id for s in questionnaire.scales}
    result_levels = [level_entry(level, level_hidden, sizes) for level in levels]
    tests = []
    for target, values in targets.items():
        parts = {level: values[rows[level]] for level in levels}
        parts = {level: part[~np.isnan(part)] for level, part in parts.items()}
        forced = dict(level_hidden)
        if hidden and target in hidden:
            forced.update(dict.fromkeys(levels, hidden[target]))
        cell_hidden = gate.partition({level: len(part) for level, part in parts.items()}, forced)
        for level, entry in zip(levels, result_levels):
            where = entry.scale_cells if target in scale_ids else entry.item_cells
            part = parts[level]
            where[target] = (
                Cell(None, None, None, hidden=cell_hidden[level])
                if level in cell_hidden
                else Cell(
                    len(part),
                    stats.finite(part.mean()) if len(part) else None,
                    stats.finite(part.std(ddof=1)) if len(part) > 1 else None,
                )
            )
        used = [
            level
            for level in levels
            if level is not None and level not in cell_hidden and len(parts[level])
        ]
        if len(used) < 2:
            continue
        test = stats.compare([parts[level] for level in used])
        tests.append(
            GroupTest(
                target,
                test["test"],
                used,
                test["statistic"],
                test["p"],
                Effect(**test["effect"]),
                [level for level in levels if level in cell_hidden],
            )
        )
    return Groups(by, min_group, result_levels, tests)
