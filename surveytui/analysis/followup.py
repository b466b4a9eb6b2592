"""Follow-up over time: items and scales per wave, and paired change by respondent code.

- `wave_labels(dataset, wave, order=None) -> (labels, levels)`: each row's wave and the
  waves in order. `wave` is a tag, metadata or single-choice column, or
  `submitted_at:month` (`2026-03`) / `submitted_at:quarter` (`2026-Q1`); `order` names the
  waves in their order (default: the order they were first answered in, by the earliest
  `submitted_at`, ties as versions sort, "2" before "10"); units (`what="units"`) keep the
  grouping's order.
- `wave_stats(dataset, wave, min_group, order)`: per wave n, mean, sd and t interval of
  every ordinal item and scale, the change from the previous shown wave and from the first,
  a Kruskal-Wallis test across the shown waves (scipy's defaults, epsilon squared), and
  with three or more waves the Jonckheere-Terpstra trend test (`jonckheere_terpstra`).
  The disclosure gate hides waves and cells as it hides groups.
- `paired_stats(dataset, wave, pair_by, min_group, order)`: for each pair of consecutive
  waves (and first to last when there are more than two), the answers of the same
  respondent code at both: n of pairs, mean change (later minus earlier), scipy's
  `wilcoxon` on the changes (defaults) and the matched-pairs rank-biserial correlation
  (T+ - T-)/(T+ + T-). Codes are compared after trimming and case-folding; codes seen in
  only one wave and codes answering twice in one wave are counted, never listed.
- `paired_test(changes)`: that test and effect size for one vector of changes.
- `pairs_by_group(...)`: with a grouping (`--by`), the paired change within each level.
- `follow_up(dataset, wave, pair_by, min_group, order)`: both, as `analyze` adds them.
- `waves_by_unit(dataset, wave, unit, min_group, order)`: `wave_stats` per unit on the
  same waves, for the review screen's picture per unit; within each wave the units are
  suppressed as groups are, so that the total of a wave does not reveal a small unit.

The results are the classes of `surveytui.analysis.results` (`Waves`, `Pairs`,
`UnitWaves`); in `analyze --format json`, `waves` is `{wave, order, min_group, without_wave, levels:
[{value, n, suppressed, items: {id: {n, mean, sd, ci95, change, change_from_first}},
scales: {...}}], tests: [{target, kind, levels, test, statistic, p, effect, left_out}],
trends: [{target, kind, levels, test, statistic (J), z, p, left_out}]}` and `pairs` is
`{by, wave, order, min_group, codes: {linked, seen_once, repeated_in_a_wave}, comparisons:
[{from, to, suppressed, n_pairs, targets: [{target, kind, n, mean_before, mean_after,
mean_change, sd_change, test, statistic, p, effect}]}], groups (with `--by`): {by, levels:
[{value, suppressed, hidden, comparisons}]}}`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from surveytui.analysis import stats
from surveytui.analysis.columns import (
    group_columns,
    group_labels,
    level_entry,
    levels_of,
    scale_scores,
)
from surveytui.analysis.dataset import Dataset, version_key
from surveytui.analysis.results import (
    Comparison,
    Effect,
    Groups,
    Level,
    PairGroups,
    PairLevel,
    Pairs,
    PairTarget,
    Trend,
    UnitLevel,
    UnitWaves,
    WaveCell,
    Waves,
    WaveTest,
)
from surveytui.disclosure import MIN_GROUP, Gate, Reason
from surveytui.errors import Problem, SurveyError
from surveytui.model.indicators import PERIODS

_DATE = re.compile(r"^(\d{4})-(\d{2})")


def _period(value: Any, period: str) -> str | None:
    """The month (`2026-03`) or quarter (`2026-Q1`) of a submitted_at value, else None."""
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month = match.group(1), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return f"{year}-{month:02d}" if period == "month" else f"{year}-Q{(month - 1) // 3 + 1}"


def wave_labels(
    dataset: Dataset, wave: str, order: Sequence[str] | None = None, what: str = "waves"
) -> tuple[np.ndarray, list[str]]:
    """Each row's wave (None where it has none or one outside `order`) and the waves in order;
    units are read the same way (`what` names them in the message)."""
    column, _, period = wave.partition(":")
    allowed = group_columns(dataset)
    if column not in allowed or (period and (column != "submitted_at" or period not in PERIODS)):
        raise SurveyError(
            Problem(
                f"cannot take {what} from {wave!r}: it is not a tag, metadata or single-choice "
                "column of these files",
                hint=f"use one of {', '.join(allowed)}, submitted_at:month or submitted_at:quarter",
            )
        )
    values = group_labels(dataset, column).astype(object).to_numpy()
    if period:
        labels = np.array([_period(v, period) for v in values], dtype=object)
        levels = sorted({v for v in labels if v is not None}, key=version_key)
    else:
        labels = np.array([v if isinstance(v, str) else None for v in values], dtype=object)
        levels = levels_of(dataset, column)
        if what == "waves":
            levels = first_answered(dataset, labels, levels)
    if order:
        levels = list(dict.fromkeys(order))
        labels = np.array([v if v in levels else None for v in labels], dtype=object)
    return labels, levels


def first_answered(dataset: Dataset, labels: np.ndarray, levels: list[str]) -> list[str]:
    """The levels by their earliest `submitted_at` (ISO text, so it sorts as time does)."""
    submitted = pd.Series(dataset.frame["submitted_at"].astype(object).to_numpy())
    first = submitted.groupby(pd.Series(labels), dropna=True).min()
    return sorted(levels, key=lambda level: (str(first.get(level, "~")), version_key(level)))


def _targets(dataset: Dataset) -> dict[tuple[str, str], np.ndarray]:
    """(kind, id) -> each row's value, for every ordinal item and scale."""
    questionnaire = dataset.questionnaire
    targets = {
        ("item", item.id): dataset.frame[item.id].to_numpy(dtype=float)
        for item in questionnaire.items
    }
    targets.update(
        (("scale", s.id), scale_scores(dataset, s).to_numpy()) for s in questionnaire.scales
    )
    return targets


def _summary(values: np.ndarray) -> WaveCell:
    n = len(values)
    mean = stats.finite(values.mean()) if n else None
    sd = stats.finite(values.std(ddof=1)) if n > 1 else None
    return WaveCell(n, mean, sd, stats.mean_ci_t(mean, sd, n))


def _difference(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else stats.finite(later - earlier)


def kruskal_wallis(vectors: Sequence[np.ndarray]) -> dict[str, Any]:
    """Kruskal-Wallis H and p (scipy's `kruskal`) with epsilon squared, also for two waves;
    None where undefined (a wave without values, or all values equal)."""
    result: dict[str, Any] = {
        "test": "kruskal-wallis",
        "statistic": None,
        "p": None,
        "effect": {"name": "epsilon_squared", "value": None},
    }
    pooled = np.concatenate(vectors) if vectors else np.zeros(0)
    if len(vectors) >= 2 and all(len(v) for v in vectors) and np.ptp(pooled) > 0:
        h, p = stats.kruskal_wallis(vectors)
        result.update(statistic=stats.finite(h), p=stats.finite(p))
        result["effect"]["value"] = stats.epsilon_squared(h, len(pooled))
    return result


def _pairs_sum(values: Sequence[int] | np.ndarray) -> tuple[float, float, float]:
    """Sums of t(t-1)(2t+5), t(t-1)(t-2) and t(t-1) over group sizes or tie sizes."""
    t = np.asarray(values, dtype=float)
    return (
        float((t * (t - 1) * (2 * t + 5)).sum()),
        float((t * (t - 1) * (t - 2)).sum()),
        float((t * (t - 1)).sum()),
    )


def jonckheere_terpstra(vectors: Sequence[np.ndarray]) -> dict[str, Any]:
    """Jonckheere-Terpstra test of a trend over ordered samples: J (ties count one half),
    its z from the exact null mean and tie-corrected variance (Hollander and Wolfe), and the
    two-sided normal p; z is positive when later samples score higher."""
    result: dict[str, Any] = {
        "test": "jonckheere-terpstra",
        "statistic": None,
        "z": None,
        "p": None,
    }
    vectors = [np.sort(np.asarray(v, dtype=float)) for v in vectors]
    if len(vectors) < 2 or not all(len(v) for v in vectors):
        return result
    j = 0.0
    for i, earlier in enumerate(vectors):
        for later in vectors[i + 1 :]:
            below = np.searchsorted(later, earlier, side="left")
            above = len(later) - np.searchsorted(later, earlier, side="right")
            j += float(above.sum()) + (len(later) * len(earlier) - above.sum() - below.sum()) / 2
    sizes = [len(v) for v in vectors]
    n = sum(sizes)
    _, ties = np.unique(np.concatenate(vectors), return_counts=True)
    (n_a, n_b, n_c), (t_a, t_b, t_c) = _pairs_sum(sizes), _pairs_sum(ties)
    mean = (n * n - sum(k * k for k in sizes)) / 4
    variance = (
        (n * (n - 1) * (2 * n + 5) - n_a - t_a) / 72
        + (n_b * t_b / (36 * n * (n - 1) * (n - 2)) if n > 2 else 0.0)
        + n_c * t_c / (8 * n * (n - 1))
    )
    result["statistic"] = float(j)
    if variance > 0:
        z = (j - mean) / np.sqrt(variance)
        result.update(z=stats.finite(z), p=stats.finite(2 * special.ndtr(-abs(z))))
    return result


def waves_by_unit(
    dataset: Dataset,
    wave: str,
    unit: str,
    min_group: int = MIN_GROUP,
    order: Sequence[str] | None = None,
) -> UnitWaves:
    """Per unit, `wave_stats` of its rows on the same waves, for a picture per unit.

    Units x waves is a table whose rows (a unit's total) and columns (a wave's total) are
    both published, so the gate protects it as a table, for the respondents and for each
    item's and scale's answers; rows without a unit or a wave are parts never shown.
    """
    gate = Gate(min_group)
    wave_of, waves = wave_labels(dataset, wave, order)
    labels, units = wave_labels(dataset, unit, what="units")
    rows: list[str | None] = [*units, None]
    columns: list[str | None] = [*waves, None]
    at = {(u, w): (labels == u) & (wave_of == w) for u in rows for w in columns}
    never_shown = {key: Reason.SMALL for key in at if None in key}
    cells = gate.table({key: int(np.count_nonzero(mask)) for key, mask in at.items()}, never_shown)
    no_unit: dict[str | None, Reason] = {None: Reason.SMALL}
    units_hidden = gate.partition({u: int(np.count_nonzero(labels == u)) for u in rows}, no_unit)
    targets = _targets(dataset)
    per_target = {}
    for key, values in targets.items():
        answered = ~np.isnan(values)
        ns = {cell: int(np.count_nonzero(mask & answered)) for cell, mask in at.items()}
        per_target[key] = gate.table(
            ns, {**cells, **{(u, w): units_hidden[u] for u in units_hidden for w in columns}}
        )
    levels = []
    for value in units:
        entry = UnitLevel(
            value,
            value in units_hidden,
            units_hidden.get(value),
            None if value in units_hidden else int(np.count_nonzero(labels == value)),
            None,
        )
        if value not in units_hidden:
            entry.waves = wave_stats(
                dataset.subset(labels == value),
                wave,
                min_group,
                waves,
                {w: cells[value, w] for w in waves if (value, w) in cells},
                cell_hide={
                    key: {w: why for (u, w), why in hidden.items() if u == value}
                    for key, hidden in per_target.items()
                },
            )
            # every unit has the whole's waves, in the whole's order
            entry.waves.order_by = "given" if order else "first_answered"
        levels.append(entry)
    return UnitWaves(unit, wave, min_group, levels)


def wave_stats(
    dataset: Dataset,
    wave: str,
    min_group: int = MIN_GROUP,
    order: Sequence[str] | None = None,
    hide: Mapping[str, Reason] | None = None,
    hidden: Mapping[str, Reason] | None = None,
    cell_hide: Mapping[tuple[str, str], Mapping[Any, Reason]] | None = None,
) -> Waves:
    """Every ordinal item and scale per wave, its changes, and a test across waves.

    The waves and the rows without one are the parts of the whole that the gate checks;
    `hide` hides more waves, `hidden` the items and scales hidden in the whole set, and
    `cell_hide` single cells ((kind, id) -> wave -> reason), as a grouping around this one
    requires.
    """
    gate = Gate(min_group)
    labels, levels = wave_labels(dataset, wave, order)
    members: dict[str | None, np.ndarray] = {level: labels == level for level in levels}
    members[None] = np.array([label is None for label in labels], dtype=bool)
    sizes = {level: int(np.count_nonzero(mask)) for level, mask in members.items()}
    level_hidden = gate.partition(sizes, {None: Reason.SMALL, **(hide or {})})
    entries = {level: level_entry(level, level_hidden, sizes) for level in levels}
    tests: list[WaveTest] = []
    trends: list[Trend] = []
    for (kind, target), values in _targets(dataset).items():
        vectors = {level: values[mask] for level, mask in members.items()}
        vectors = {level: v[~np.isnan(v)] for level, v in vectors.items()}
        forced = {**level_hidden, **(cell_hide or {}).get((kind, target), {})}
        if hidden and target in hidden:
            forced.update(dict.fromkeys(members, hidden[target]))
        cell_hidden = gate.partition({level: len(v) for level, v in vectors.items()}, forced)
        first: float | None = None
        previous: float | None = None
        for level in levels:
            if level in cell_hidden:
                cell = WaveCell(None, None, None, hidden=cell_hidden[level])
            else:
                cell = _summary(vectors[level])
                mean = cell.mean
                cell.change = _difference(mean, previous)
                cell.change_from_first = _difference(mean, first)
                if mean is not None:
                    first = mean if first is None else first
                    previous = mean
            entries[level].cells_of(kind)[target] = cell
        used = [level for level in levels if level not in cell_hidden and len(vectors[level])]
        left_out = [level for level in levels if level in cell_hidden]
        if len(used) >= 2:
            test = kruskal_wallis([vectors[level] for level in used])
            tests.append(
                WaveTest(
                    target,
                    kind,
                    used,
                    test["test"],
                    test["statistic"],
                    test["p"],
                    Effect(**test["effect"]),
                    left_out,
                )
            )
        if len(used) >= 3:
            trend = jonckheere_terpstra([vectors[level] for level in used])
            trends.append(Trend(target, kind, used, **trend, left_out=left_out))
    return Waves(
        wave,
        levels,
        "given" if order else "first_answered",
        min_group,
        sizes[None],
        [entries[level] for level in levels],
        tests,
        trends,
    )


def paired_test(changes: np.ndarray) -> dict[str, Any]:
    """scipy's `wilcoxon` (defaults) on paired changes and the matched-pairs rank-biserial
    correlation (T+ - T-)/(T+ + T-), ranks of the non-zero changes as scipy ranks them."""
    from scipy import stats as sps  # a second to import: only when pairs are asked for

    changes = np.asarray(changes, dtype=float)
    result: dict[str, Any] = {
        "test": "wilcoxon",
        "statistic": None,
        "p": None,
        "effect": {"name": "matched_pairs_rank_biserial", "value": None},
    }
    nonzero = changes[changes != 0]
    if not len(nonzero):
        return result
    statistic, p = sps.wilcoxon(changes)
    ranks = sps.rankdata(np.abs(nonzero))
    plus, minus = ranks[nonzero > 0].sum(), ranks[nonzero < 0].sum()
    result.update(statistic=stats.finite(statistic), p=stats.finite(p))
    result["effect"]["value"] = stats.finite((plus - minus) / (plus + minus))
    return result


def _pair_codes(dataset: Dataset, pair_by: str) -> np.ndarray:
    """Each row's respondent code, trimmed and case-folded (None where blank)."""
    question = dataset.questionnaire.question(pair_by)
    if pair_by not in dataset.tag_columns and (question is None or not question.respondent_code):
        codes = [*dataset.questionnaire.respondent_code_ids, *dataset.tag_columns]
        raise SurveyError(
            Problem(
                f"cannot pair by {pair_by!r}: it is not a respondent code or a tag of these files",
                hint=f"use one of {', '.join(codes)}"
                if codes
                else "the questionnaire needs a text question with `respondent_code: true`",
            )
        )
    values = dataset.frame[pair_by].astype(object).to_numpy()
    return np.array(
        [v.strip().casefold() or None if isinstance(v, str) else None for v in values], dtype=object
    )


def follow_up(
    dataset: Dataset,
    wave: str | None,
    pair_by: str | None,
    min_group: int = MIN_GROUP,
    order: Sequence[str] | None = None,
    hidden: Mapping[str, Reason] | None = None,
    totals: Mapping[str, int | None] | None = None,
    groups: Groups | None = None,
) -> tuple[Waves, Pairs | None]:
    """The `waves` and `pairs` of an analysis (None for what is not asked for); `hidden`
    and `totals` are the whole set's hidden items and scales and every one's n, and
    `groups` the analysis's groups, whose levels then get their pairs too."""
    if wave is None:
        raise SurveyError(
            Problem(
                "pairing answers needs the waves to pair",
                hint="give --wave as well, for example --wave wave",
            )
        )
    waves = wave_stats(dataset, wave, min_group, order, hidden=hidden)
    return waves, (
        paired_stats(dataset, wave, pair_by, min_group, order, waves, totals, groups)
        if pair_by
        else None
    )


def _linked_rows(
    dataset: Dataset, wave: str, pair_by: str, order: Sequence[str] | None
) -> tuple[np.ndarray, list[str], dict[tuple[str, str], np.ndarray], dict[str, int]]:
    """Each row's wave, the waves in order, for each pair of waves compared the rows of
    every code's earlier and later answer (one row per linked code), and the codes counted."""
    labels, levels = wave_labels(dataset, wave, order)
    known = pd.DataFrame({"code": _pair_codes(dataset, pair_by), "wave": labels}).dropna()
    twice = known.duplicated(keep=False)
    row_of = known[~twice].reset_index().pivot(index="code", columns="wave", values="index")
    seen_in = known.drop_duplicates().groupby("code").size()
    steps = list(itertools.pairwise(levels))
    if len(levels) > 2:
        steps.append((levels[0], levels[-1]))
    rows = {
        step: row_of.reindex(columns=list(step)).dropna().to_numpy(dtype=np.int64) for step in steps
    }
    codes = {
        "linked": int((seen_in > 1).sum()),
        "seen_once": int((seen_in == 1).sum()),
        "repeated_in_a_wave": int(known[twice].drop_duplicates().shape[0]),
    }
    return labels, levels, rows, codes


def _answered_both(values: np.ndarray, both: np.ndarray) -> np.ndarray:
    answered: np.ndarray = ~np.isnan(values[both[:, 0]]) & ~np.isnan(values[both[:, 1]])
    return answered


def _paired_target(
    kind: str, target: str, values: np.ndarray, both: np.ndarray, reason: Reason | None
) -> PairTarget:
    """One target's paired change over the linked rows `both`, or only why it is hidden."""
    test = paired_test(np.zeros(0))
    entry = PairTarget(
        target,
        kind,
        None,
        None,
        None,
        None,
        None,
        test["test"],
        test["statistic"],
        test["p"],
        Effect(**test["effect"]),
        reason,
    )
    if reason is None:
        answered = _answered_both(values, both)
        x, y = values[both[answered, 0]], values[both[answered, 1]]
        changes = y - x
        test = paired_test(changes)
        entry.n, entry.statistic, entry.p = len(changes), test["statistic"], test["p"]
        entry.effect = Effect(**test["effect"])
        if len(changes):
            entry.mean_before = stats.finite(x.mean())
            entry.mean_after = stats.finite(y.mean())
            entry.mean_change = stats.finite(changes.mean())
            entry.sd_change = stats.finite(changes.std(ddof=1)) if len(changes) > 1 else None
    return entry


def _comparison(
    step: tuple[str, str],
    both: np.ndarray,
    targets: Mapping[tuple[str, str], np.ndarray],
    reasons: Mapping[tuple[str, str], Reason | None],
    hidden: Reason | None,
) -> Comparison:
    return Comparison(
        step[0],
        step[1],
        hidden is not None,
        hidden,
        None if hidden is not None else len(both),
        [
            _paired_target(kind, target, values, both, reasons[kind, target])
            for (kind, target), values in targets.items()
        ],
    )


def paired_stats(
    dataset: Dataset,
    wave: str,
    pair_by: str,
    min_group: int = MIN_GROUP,
    order: Sequence[str] | None = None,
    waves: Waves | None = None,
    totals: Mapping[str, int | None] | None = None,
    groups: Groups | None = None,
) -> Pairs:
    """Paired change of every ordinal item and scale between waves, by respondent code.

    A comparison of fewer than min_group pairs is hidden, and so is a target answered by
    fewer; the pairs' answers lie inside their waves and the whole set, so a target whose
    n differs by 1 to min_group - 1 from that wave's published cell (`waves`, as
    `wave_stats` gives it) or from the whole set's n (`totals`) is hidden too. With
    `groups` (as `group_stats` gives them) each level gets its pairs as well (`pairs_by_group`).
    """
    gate = Gate(min_group)
    labels, levels, linked, codes = _linked_rows(dataset, wave, pair_by, order)
    published: dict[str | None, Level] = {
        level.value: level for level in (waves.levels if waves is not None else [])
    }
    targets = _targets(dataset)
    comparisons = []
    for (earlier, later), both in linked.items():
        suppressed = gate.small(len(both))
        reasons: dict[tuple[str, str], Reason | None] = {}
        for (kind, target), values in targets.items():
            if suppressed:
                reasons[kind, target] = Reason.SMALL
                continue
            n = int(np.count_nonzero(_answered_both(values, both)))
            wholes = [
                cell.cells_of(kind)[target].n
                for level, cell in published.items()
                if level in (earlier, later)
            ] + [(totals or {}).get(target)]
            reasons[kind, target] = (
                Reason.SMALL
                if gate.small(n)
                else next(
                    (
                        Reason.COMPLEMENT
                        for whole in wholes
                        if whole is not None and gate.nested(n, whole)
                    ),
                    None,
                )
            )
        comparisons.append(
            _comparison(
                (earlier, later), both, targets, reasons, Reason.SMALL if suppressed else None
            )
        )
    return Pairs(
        pair_by,
        wave,
        levels,
        min_group,
        codes,
        comparisons,
        None if groups is None else pairs_by_group(dataset, groups, gate, labels, linked, targets),
    )


def _none_of(masks: list[np.ndarray], length: int) -> np.ndarray:
    """True where none of the masks (each of `length`) is."""
    anywhere = np.zeros(length, bool)
    for mask in masks:
        anywhere |= mask
    return ~anywhere


def pairs_by_group(
    dataset: Dataset,
    groups: Groups,
    gate: Gate,
    wave_of: np.ndarray,
    linked: Mapping[tuple[str, str], np.ndarray],
    targets: Mapping[tuple[str, str], np.ndarray],
) -> PairGroups:
    """The paired change within each named level of the grouping: the pairs whose two
    answers are both in it.

    Per comparison and target the levels' pairs are parts of everyone's pairs (the pairs
    of no one level, across levels or without one, are a part never shown), and each lies
    inside its level's wave cells and total: `Gate.partition_within` decides, after the
    levels and cells the grouping hides.
    """
    unit_of, _ = wave_labels(dataset, groups.by, what="units")
    named = [level for level in groups.levels if level.value is not None]
    parts: list[str | None] = [level.value for level in named] + [None]
    in_part: dict[str | None, np.ndarray] = {
        value: unit_of == value for value in parts if value is not None
    }
    in_part[None] = _none_of(list(in_part.values()), len(unit_of))
    level_forced: dict[str | None, Reason] = {None: Reason.SMALL}
    level_forced.update(
        (level.value, level.hidden)
        for level in named
        if level.suppressed and level.hidden is not None
    )
    entries: dict[str | None, PairLevel] = {
        level.value: PairLevel(level.value, level.suppressed, level.hidden, [])
        for level in named
        if level.value is not None
    }
    for (earlier, later), both in linked.items():
        pair_of = unit_of[both[:, 0]].copy()  # the level both answers are in, else None
        pair_of[unit_of[both[:, 0]] != unit_of[both[:, 1]]] = None
        mine: dict[str | None, np.ndarray] = {
            value: np.asarray(pair_of == value) for value in parts if value is not None
        }
        mine[None] = _none_of(list(mine.values()), len(both))
        shown = gate.partition(
            {value: int(np.count_nonzero(mask)) for value, mask in mine.items()}, level_forced
        )
        reasons: dict[str | None, dict[tuple[str, str], Reason | None]] = {
            value: {} for value in parts
        }
        for (kind, target), values in targets.items():
            answered = ~np.isnan(values)
            both_answered = _answered_both(values, both)
            sizes = {
                value: int(np.count_nonzero(both_answered & mask)) for value, mask in mine.items()
            }
            wholes = {
                value: [
                    int(np.count_nonzero(in_part[value] & answered & (wave_of == w)))
                    for w in (earlier, later)
                ]
                + [int(np.count_nonzero(in_part[value] & answered))]
                for value in parts
            }
            forced = dict(shown)
            for level in named:
                cell = level.cells_of(kind).get(target)
                if cell is not None and cell.hidden and level.value not in forced:
                    forced[level.value] = cell.hidden
            hidden = gate.partition_within(sizes, wholes, forced)
            for value in parts:
                reasons[value][kind, target] = hidden.get(value)
        for level in named:
            value = level.value
            entries[value].comparisons.append(
                _comparison(
                    (earlier, later), both[mine[value]], targets, reasons[value], shown.get(value)
                )
            )
    return PairGroups(groups.by, list(entries.values()))
