"""The results of an analysis as classes: what `analyze` computes, read by attribute.

Every result's `to_dict()` is its part of `analyze --format json` (docs/analyze-json.md):
its fields in declaration order, under their JSON keys (a field's `key` metadata when the
attribute is named otherwise, as `Comparison.from_`), a field marked `last` (`hidden`)
after the fields of subclasses. A result also reads as that mapping (`item["mean"]`,
`level["items"]["x"]` and equality with a dict), so scripts written against the JSON
keep working; the renderers use the attributes.

- Items, one class per kind of answer (`ITEM_RESULTS`, keyed by `Answer`): `OrdinalItem`,
  `ChoiceItem`, `BooleanItem`, `NumberItem`, `TextItem`; and `ScaleResult`.
- Groups and waves: `Level` (one group or wave) holds a `Cell` (`WaveCell` in waves) per
  item and scale; `Level.cell(target)` is the one lookup of a target's cell in a level.
  `Groups` has `GroupTest`s, `Waves` has `WaveTest`s and `Trend`s.
- Pairs: `Pairs` has `Comparison`s of `PairTarget`s, and with a grouping `PairGroups`.
- `UnitWaves`: the waves per unit that the review screen draws (not in the JSON).
- `IndicatorRow`: one indicator for one group in one wave (`indicators --format json`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import Field, dataclass, field, fields
from typing import Any, ClassVar

from surveytui.disclosure import Reason
from surveytui.model.qtypes import Answer

Interval = list[float] | None


def _key(name: str) -> dict[str, str]:
    return {"key": name}


_LAST = {"last": True}
_NOT_JSON = {"json": False}


def _plain(value: Any) -> Any:
    """A value as JSON data: results become dicts, inside dicts and lists too."""
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Result(Mapping[str, Any]):
    """A part of the analysis: `to_dict()` is its JSON, and it reads as that mapping."""

    _layout: ClassVar[dict[type, list[tuple[str, str]]]] = {}

    @classmethod
    def _keys(cls) -> list[tuple[str, str]]:
        """(JSON key, attribute) in JSON order, computed once per class."""
        if cls not in Result._layout:
            # every concrete result is a dataclass, which mypy cannot know of `cls`
            own: tuple[Field[Any], ...] = fields(cls)  # type: ignore[arg-type]
            listed = [f for f in own if f.metadata.get("json", True)]
            ordered = [f for f in listed if not f.metadata.get("last")]
            ordered += [f for f in listed if f.metadata.get("last")]
            Result._layout[cls] = [(f.metadata.get("key", f.name), f.name) for f in ordered]
        return Result._layout[cls]

    def _omitted(self) -> frozenset[str]:
        """JSON keys this result leaves out (keys present "only when")."""
        return frozenset()

    def _present(self) -> list[tuple[str, str]]:
        omitted = self._omitted()
        return [(key, name) for key, name in self._keys() if key not in omitted]

    def to_dict(self) -> dict[str, Any]:
        """This result's part of the `analyze --format json` document."""
        return {key: _plain(getattr(self, name)) for key, name in self._present()}

    def __getitem__(self, key: str) -> Any:
        for present, name in self._present():
            if present == key:
                return getattr(self, name)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._present())

    def __len__(self) -> int:
        return len(self._present())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return bool(self.to_dict() == _plain(dict(other)))
        return NotImplemented

    # unhashable, as a mutable mapping equal to dicts must be; the ignore because Mapping
    # declares __hash__ a method and None is what makes instances unhashable
    __hash__ = None  # type: ignore[assignment]


# -- items and scales ------------------------------------------------------------------


class Hideable(Result):
    """An item's or scale's result, which the disclosure gate may hide as a whole."""

    hidden: Reason | None

    def hide(self, reason: Reason, keep: frozenset[str]) -> None:
        """Set every number but the `keep` keys to None, and say why."""
        for key, name in self._keys():
            if key not in keep:
                setattr(self, name, None)
        self.hidden = reason


@dataclass(eq=False)
class ItemResult(Hideable):
    """What every item has: its identity and how many answered it."""

    id: str
    type: str  # the question's type as data (the JSON's `type`), never switched on
    matrix: str | None
    n: int | None
    missing: int | None
    na: int | None
    versions: list[str] | None
    hidden: Reason | None = field(default=None, metadata=_LAST, kw_only=True)
    answer: Answer = field(metadata=_NOT_JSON, kw_only=True)  # the kind, which views key on


@dataclass(eq=False)
class OrdinalItem(ItemResult):
    """An item on a response scale (a likert or rating question, or a matrix row)."""

    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    ci95: Interval = None
    top2_pct: float | None = None
    bottom2_pct: float | None = None
    counts: dict[str, int] | None = None
    pct: dict[str, float | None] | None = None
    labels: dict[str, dict[str, str]] | None = None


@dataclass(eq=False)
class ChoiceItem(ItemResult):
    """A single or multiple choice: counts per choice code, "other" last when offered."""

    counts: dict[str, int] | None = None
    pct: dict[str, float | None] | None = None
    other: list[str] | None = None
    offers_other: bool = field(default=False, metadata=_NOT_JSON)

    def _omitted(self) -> frozenset[str]:
        return frozenset() if self.offers_other else frozenset({"other"})


@dataclass(eq=False)
class BooleanItem(ItemResult):
    """A yes or no question: the share of yes and its Wilson interval, in percent."""

    yes_pct: float | None = None
    ci95: Interval = None


@dataclass(eq=False)
class NumberItem(ItemResult):
    """A number question: summary, quartiles and histogram."""

    mean: float | None = None
    sd: float | None = None
    min: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    max: float | None = None
    histogram: dict[str, int] | None = None


@dataclass(eq=False)
class TextItem(ItemResult):
    """A free-text question: its answers as typed (none for a respondent code)."""

    answers: list[str] | None = None


ITEM_RESULTS: dict[Answer, type[ItemResult]] = {
    Answer.SCALE: OrdinalItem,
    Answer.CHOICE: ChoiceItem,
    Answer.CHOICES: ChoiceItem,
    Answer.BOOLEAN: BooleanItem,
    Answer.NUMBER: NumberItem,
    Answer.TEXT: TextItem,
}


@dataclass(eq=False)
class ScaleResult(Hideable):
    """A scale's scores and reliability."""

    id: str
    item_ids: list[str] | None = field(metadata=_key("items"))
    n: int | None
    mean: float | None
    sd: float | None
    alpha: float | None
    alpha_ci95: Interval
    alpha_if_deleted: dict[str, float | None] | None
    item_rest_r: dict[str, float | None] | None
    hidden: Reason | None = field(default=None, metadata=_LAST)


# -- groups and waves ------------------------------------------------------------------


@dataclass(eq=False)
class Cell(Result):
    """One item or scale in one group: n, mean and sd, or why they are hidden."""

    n: int | None
    mean: float | None
    sd: float | None
    hidden: Reason | None = field(default=None, metadata=_LAST, kw_only=True)


@dataclass(eq=False)
class WaveCell(Cell):
    """One item or scale in one wave, with its interval and changes."""

    ci95: Interval = None
    change: float | None = None
    change_from_first: float | None = None


@dataclass(eq=False)
class Level(Result):
    """One group or wave: its size (None when hidden) and a cell per item and scale."""

    value: str | None
    suppressed: bool
    hidden: Reason | None
    n: int | None
    item_cells: dict[str, Cell] = field(default_factory=dict, metadata=_key("items"))
    scale_cells: dict[str, Cell] = field(default_factory=dict, metadata=_key("scales"))

    def cell(self, target: str) -> Cell | None:
        """The cell of an item or scale in this level (None for one it does not have)."""
        return self.item_cells.get(target) or self.scale_cells.get(target)

    def cells_of(self, kind: str) -> dict[str, Cell]:
        """The cells of one kind of target, `item` or `scale` (a follow-up target's kind)."""
        return self.item_cells if kind == "item" else self.scale_cells


@dataclass(eq=False)
class Effect(Result):
    """An effect size: its name and value (None where undefined)."""

    name: str
    value: float | None


@dataclass(eq=False)
class GroupTest(Result):
    """A rank test of one item or scale across the shown groups."""

    target: str
    test: str
    levels: list[str]
    statistic: float | None
    p: float | None
    effect: Effect
    left_out: list[str | None]


@dataclass(eq=False)
class Groups(Result):
    """The levels of a grouping (`--by`) and the tests across them."""

    by: str
    min_group: int
    levels: list[Level]
    tests: list[GroupTest]

    def test_of(self, target: str) -> GroupTest | None:
        return next((t for t in self.tests if t.target == target), None)


@dataclass(eq=False)
class WaveTest(Result):
    """Kruskal-Wallis of one item or scale across the shown waves."""

    target: str
    kind: str
    levels: list[str]
    test: str
    statistic: float | None
    p: float | None
    effect: Effect
    left_out: list[str]


@dataclass(eq=False)
class Trend(Result):
    """The Jonckheere-Terpstra trend of one item or scale over three or more waves."""

    target: str
    kind: str
    levels: list[str]
    test: str
    statistic: float | None
    z: float | None
    p: float | None
    left_out: list[str]


@dataclass(eq=False)
class Waves(Result):
    """Every ordinal item and scale per wave (`--wave`), with tests and trends."""

    wave: str
    order: list[str]
    order_by: str
    min_group: int
    without_wave: int
    levels: list[Level]
    tests: list[WaveTest]
    trends: list[Trend]

    def test_of(self, target: str) -> WaveTest | None:
        return next((t for t in self.tests if t.target == target), None)

    def trend_of(self, target: str) -> Trend | None:
        return next((t for t in self.trends if t.target == target), None)


@dataclass(eq=False)
class UnitLevel(Result):
    """One unit's waves (None when the unit is hidden)."""

    value: str
    suppressed: bool
    hidden: Reason | None
    n: int | None
    waves: Waves | None


@dataclass(eq=False)
class UnitWaves(Result):
    """`waves_by_unit`: each unit's waves, on the whole's waves and order."""

    unit: str
    wave: str
    min_group: int
    levels: list[UnitLevel]


# -- pairs -----------------------------------------------------------------------------


@dataclass(eq=False)
class PairTarget(Result):
    """One item's or scale's paired change between two waves, or why it is hidden."""

    target: str
    kind: str
    n: int | None
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    sd_change: float | None
    test: str
    statistic: float | None
    p: float | None
    effect: Effect
    hidden: Reason | None


@dataclass(eq=False)
class Comparison(Result):
    """The pairs between two waves and every target's paired change."""

    from_: str = field(metadata=_key("from"))
    to: str
    suppressed: bool
    hidden: Reason | None
    n_pairs: int | None
    targets: list[PairTarget]

    def target_of(self, target: str) -> PairTarget | None:
        return next((t for t in self.targets if t.target == target), None)


@dataclass(eq=False)
class PairLevel(Result):
    """One level of the grouping: the paired change of the pairs within it."""

    value: str
    suppressed: bool
    hidden: Reason | None
    comparisons: list[Comparison]


@dataclass(eq=False)
class PairGroups(Result):
    by: str
    levels: list[PairLevel]


@dataclass(eq=False)
class Pairs(Result):
    """Paired change by respondent code (`--pair-by`), per grouping level with `--by`."""

    by: str
    wave: str
    order: list[str]
    min_group: int
    codes: dict[str, int]
    comparisons: list[Comparison]
    groups: PairGroups | None = None

    def _omitted(self) -> frozenset[str]:
        return frozenset({"groups"}) if self.groups is None else frozenset()


# -- indicators ------------------------------------------------------------------------


@dataclass(eq=False)
class IndicatorRow(Result):
    """One indicator for one group (the total or a unit) in one wave: its value, n,
    changes and target, or why the gate hides it."""

    indicator: str
    group: str
    unit: str | None
    wave: str
    respondents: int | None = None
    n: int | None = None
    suppressed: bool = False
    hidden: Reason | None = None
    value: float | None = None
    change: float | None = None
    change_from_first: float | None = None
    target: float | None = None
    direction: str | None = None
    met: bool | None = None
