"""Indicator values per wave and unit, with change and target, from an indicator file.

`indicator_values(spec, results=None) -> IndicatorValues` reads each data source of a
loaded `IndicatorFile` once and computes every indicator for the total and each unit in
every wave. Values come from `analyze_dataset` on that group's rows, so an indicator is
exactly the number `analyze` shows (a scale's or item's `mean`, an item's `top2_pct`, a
yes/no question's `yes_pct`). The disclosure gate decides which cells an indicator
shows (`hidden` says why one is not: units x waves is protected as a table, on the
respondents and on the answers the indicator rests on); `change` is the difference
from the group's previous wave with a value, `change_from_first` from its first.
`results` replaces the files the sources' patterns match. A target for a unit that no
response names is reported in `problems` (a misspelt unit would otherwise never be met).

`IndicatorValues.rows` has one `IndicatorRow` per indicator x group x wave; `to_dict()`
is what `surveytui indicators --format json` prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from surveytui.analysis import stats
from surveytui.analysis.analyze import Analysis, analyze_dataset
from surveytui.analysis.columns import scale_scores
from surveytui.analysis.dataset import Dataset, load_dataset
from surveytui.analysis.followup import wave_labels
from surveytui.analysis.results import IndicatorRow
from surveytui.disclosure import Gate, Reason
from surveytui.errors import Problem, SurveyError
from surveytui.model.indicators import Indicator, IndicatorFile, IndicatorSource
from surveytui.model.types import Questionnaire
from surveytui.store import ResultsFiles

# The result attribute each measure reads.
_FIELD = {"top2": "top2_pct", "yes": "yes_pct", "mean": "mean", "scale": "mean"}
# The cells of a wave: its total, each unit, and the rows that name no unit.
TOTAL = None
NO_UNIT = ("no unit",)
Masks = dict[tuple[Any, Any], np.ndarray]


@dataclass
class IndicatorValues:
    """Every indicator of one file per group and wave, with the problems met reading."""

    spec: IndicatorFile
    waves: list[str]
    units: list[str]
    rows: list[IndicatorRow]
    problems: list[Problem]

    def to_dict(self) -> dict[str, Any]:
        """The `indicators --format json` document."""
        spec = self.spec
        return {
            "id": spec.id,
            "title": spec.title,
            "wave": spec.wave,
            "unit": spec.unit,
            "min_group": spec.min_group,
            "waves": self.waves,
            "units": self.units,
            "problems": [str(p) for p in self.problems],
            "indicators": [
                {
                    "id": i.id,
                    "text": i.text,
                    "measure": i.measure,
                    "of": i.of,
                    "target": None
                    if i.target is None
                    else {
                        "value": i.target.value,
                        "direction": i.target.direction,
                        "units": dict(i.target.units),
                    },
                    "for": list(i.groups),
                    "values": [
                        {k: v for k, v in row.to_dict().items() if k != "indicator"}
                        for row in self.rows
                        if row.indicator == i.id
                    ],
                }
                for i in spec.indicators
            ],
        }


def _dataset(
    source: IndicatorSource,
    questionnaire: Questionnaire,
    results: Sequence[Path] | None,
    indicator: Indicator,
    spec: IndicatorFile,
) -> Dataset:
    """A source's responses; no files is a problem located at the first indicator using it."""
    paths = list(results) if results else source.files()
    if not paths:
        examples = source.examples_left_out()
        hint = (
            "run the questionnaire first, or name the files with --results; made-up "
            f"*{ResultsFiles.EXAMPLE} files are read only when the pattern says example"
        )
        if examples:
            hint += f", so to try the example give --results {' '.join(str(p) for p in examples)}"
        raise SurveyError(
            Problem(
                f"no results files match {source.results}", spec.path, indicator.line, hint=hint
            )
        )
    return load_dataset(paths, questionnaire)


def _value(analysis: Analysis, indicator: Indicator) -> tuple[float | None, int | None]:
    """The indicator's number in one group's analysis, and how many answers it rests on."""
    entry = (
        analysis.scale(indicator.of)
        if indicator.measure == "scale"
        else analysis.item(indicator.of)
    )
    if entry is None:
        return None, 0
    return stats.finite(getattr(entry, _FIELD[indicator.measure])), entry.n


def indicator_values(
    spec: IndicatorFile, results: Sequence[str | Path] | None = None
) -> IndicatorValues:
    """Compute every indicator of the file per wave and unit (see the module docstring)."""
    paths = [Path(p) for p in results] if results else None
    by_source: dict[IndicatorSource, list[Indicator]] = {}
    for indicator in spec.indicators:
        by_source.setdefault(indicator.source, []).append(indicator)
    rows: list[IndicatorRow] = []
    problems: list[Problem] = []
    all_waves: list[str] = []
    all_units: list[str] = []
    gate = Gate(spec.min_group)
    for source, indicators in by_source.items():
        dataset = _dataset(
            source, spec.questionnaires[source.questionnaire], paths, indicators[0], spec
        )
        problems += dataset.problems
        waves, units, masks = _cells(dataset, spec)
        analyses = {
            key: analyze_dataset(dataset.subset(mask), min_group=spec.min_group)
            for key, mask in masks.items()
            if key[0] is not None and key[1] is not NO_UNIT
        }
        all_waves += [w for w in waves if w not in all_waves]
        all_units += [u for u in units if u not in all_units]
        for indicator in indicators:
            unknown = sorted(set(indicator.target.units if indicator.target else ()) - set(units))
            if unknown:
                problems.append(
                    Problem(
                        f"indicator {indicator.id} has a target for {', '.join(unknown)}, which "
                        "no response names as its unit",
                        spec.path,
                        indicator.line,
                        hint=f"units in the results: {', '.join(units) or 'none'}",
                    )
                )
            groups: list[tuple[str, str | None]] = [("total", None)] * ("total" in indicator.groups)
            groups += [("unit", unit) for unit in units] * ("unit" in indicator.groups)
            hidden = _hidden(dataset, indicator, masks, gate)
            for group, unit in groups:
                rows += _series(indicator, group, unit, waves, masks, analyses, hidden)
    return IndicatorValues(spec, all_waves, all_units, rows, problems)


def _cells(dataset: Dataset, spec: IndicatorFile) -> tuple[list[str], list[str], Masks]:
    """The waves, the units and the rows of each (wave or None for none, unit or TOTAL or
    NO_UNIT) cell; `_hidden` decides which of them an indicator may show."""
    labels, waves = wave_labels(dataset, spec.wave, spec.wave_order or None)
    if spec.unit is not None:
        unit_labels, units = wave_labels(dataset, spec.unit, what="units")
    else:
        unit_labels, units = np.full(len(labels), None, dtype=object), []
    no_wave = np.array([label is None for label in labels], dtype=bool)
    no_unit = np.array([unit is None for unit in unit_labels], dtype=bool)
    masks: Masks = {}
    for wave in [*waves, None]:
        in_wave = no_wave if wave is None else labels == wave
        masks[wave, TOTAL] = in_wave
        masks[wave, NO_UNIT] = in_wave & no_unit
        masks.update(((wave, unit), in_wave & (unit_labels == unit)) for unit in units)
    return waves, units, masks


def _hidden(
    dataset: Dataset, indicator: Indicator, masks: Masks, gate: Gate
) -> dict[tuple[Any, Any], Reason]:
    """The (wave, unit) cells this indicator may not show, by the gate's table rule: units x
    waves, each unit's and each wave's total published, for the respondents and for the
    answers the indicator rests on; rows without a wave or a unit are never shown."""
    scale = dataset.questionnaire.scale(indicator.of) if indicator.measure == "scale" else None
    values = scale_scores(dataset, scale) if scale is not None else dataset.frame[indicator.of]
    answered = values.notna().to_numpy()
    parts = {key: mask for key, mask in masks.items() if key[1] is not TOTAL}
    never_shown = {key: Reason.SMALL for key in parts if key[0] is None or key[1] is NO_UNIT}
    forced = gate.table(
        {key: int(np.count_nonzero(mask)) for key, mask in parts.items()}, never_shown
    )
    hidden = gate.table(
        {key: int(np.count_nonzero(mask & answered)) for key, mask in parts.items()}, forced
    )
    for key, mask in masks.items():
        if key[1] is TOTAL and (
            gate.small(int(np.count_nonzero(mask)))
            or gate.small(int(np.count_nonzero(mask & answered)))
        ):
            hidden[key] = Reason.SMALL
    return hidden


def _series(
    indicator: Indicator,
    group: str,
    unit: str | None,
    waves: list[str],
    masks: Masks,
    analyses: Mapping[tuple[Any, Any], Analysis],
    hidden: dict[tuple[Any, Any], Reason],
) -> list[IndicatorRow]:
    """One indicator for one group over the waves: value, n, changes and target."""
    target = indicator.target
    goal = target.for_unit(unit) if target else None
    first = previous = None
    rows = []
    for wave in waves:
        key = (wave, TOTAL if unit is None else unit)
        why = hidden.get(key)
        row = IndicatorRow(
            indicator.id,
            group,
            unit,
            wave,
            suppressed=why is not None,
            hidden=why,
            target=goal,
            direction=target.direction if target else None,
        )
        if why is None:
            value, row.n = _value(analyses[key], indicator)
            row.respondents = int(np.count_nonzero(masks[key]))
            row.value = value
            row.met = target.met(value, unit) if target else None
            if value is not None:
                row.change = None if previous is None else stats.finite(value - previous)
                row.change_from_first = None if first is None else stats.finite(value - first)
                first = value if first is None else first
                previous = value
        rows.append(row)
    return rows
