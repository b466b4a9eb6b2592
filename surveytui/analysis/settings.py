"""What an analysis is asked for, as one value, and the analysis it gives.

`Settings` holds a grouping, filters, waves to follow in an order and a respondent code to
pair by (what `analyze`'s options say); `analyze_with(dataset, settings)` gives the
`Analysis` `analyze` makes with them and, with waves and a grouping, the waves of every
group (`waves_by_unit`). The review screen keeps its choices this way, so that what it
shows and what it writes are the command line's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from surveytui.analysis.analyze import Analysis, analyze_dataset, filter_dataset
from surveytui.analysis.dataset import Dataset
from surveytui.analysis.followup import waves_by_unit
from surveytui.analysis.results import UnitWaves


@dataclass(frozen=True)
class Settings:
    """What the analysis is asked for: a grouping, a filter, and waves to follow in an order,
    paired by a respondent code."""

    by: str | None = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    wave: str | None = None
    wave_order: tuple[str, ...] = ()
    pair_by: str | None = None

    @property
    def filter_dict(self) -> dict[str, list[str]]:
        return {column: list(values) for column, values in self.filters}

    def filtered(self, column: str, values: list[str]) -> Settings:
        """These settings with the filter on `column` set to `values` (none: removed)."""
        kept = (
            {**self.filter_dict, column: values}
            if values
            else {c: v for c, v in self.filter_dict.items() if c != column}
        )
        return replace(self, filters=tuple((c, tuple(v)) for c, v in kept.items()))


@dataclass
class Outcome:
    """An analysis, and with waves and a grouping the waves of every group."""

    analysis: Analysis
    by_unit: UnitWaves | None = None


def analyze_with(dataset: Dataset, settings: Settings) -> Outcome:
    """The Analysis `analyze` makes with these settings, and the waves per group."""
    filters = settings.filter_dict
    order = list(settings.wave_order) or None
    analysis = analyze_dataset(
        dataset,
        settings.by,
        filters=filters,
        wave=settings.wave,
        pair_by=settings.pair_by,
        wave_order=order,
    )
    by_unit = (
        waves_by_unit(filter_dataset(dataset, filters), settings.wave, settings.by, order=order)
        if settings.wave and settings.by
        else None
    )
    return Outcome(analysis, by_unit)
