"""Indicator files: what to follow over time, from which answers, against which target.

`load_indicators(path) -> IndicatorFile` reads and validates an indicator file (YAML) the
way questionnaires are validated: every problem as `file:line:col: message`, with the
questionnaire each indicator reads loaded and its measure checked against it. The file:

```yaml
id: collaboration                 # lowercase letters, digits, '-' and '_'
languages: [sv, en]
title: {sv: ..., en: ...}
source:                           # default data source of every indicator
  results: ../results/collaboration-indicators-v*.csv   # a glob, relative to this file
  questionnaire: ../questionnaires/collaboration-indicators.yaml
wave: wave                        # the waves: a tag, or submitted_at:month / :quarter
wave_order: [start, follow_up]    # optional: the waves in order (default sorted)
unit: unit                        # optional: the tag (or single choice) naming the unit
min_group: 5                      # optional: smaller groups are suppressed (default 5)
indicators:
  - id: shared_goals
    text: {sv: ..., en: ...}
    measure: scale                # scale (its mean) | mean (an item's) | top2 (% of an
    of: shared_goals              #   item's answers in its top two codes) | yes (% yes)
    target: {value: 3.5, direction: at_least, units: {north: 3.8}}   # optional
    for: [total, unit]            # optional (default: total, and unit when `unit` is set)
    source: {results: ..., questionnaire: ...}                       # optional override
```

Example files (`*-example.csv`) match a results pattern only when the pattern itself
says `example`, so made-up data never mixes with real answers.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from surveytui.disclosure import LOWEST_MIN_GROUP, MIN_GROUP
from surveytui.errors import Problem, SurveyError
from surveytui.model.load import ID_HINT, ID_RE, QUESTIONNAIRE_ID_RE, load_questionnaire
from surveytui.model.nodes import NodeReader, read_text
from surveytui.model.qtypes import Answer
from surveytui.model.types import METADATA_COLUMNS, TOP_BOTTOM_POINTS, Questionnaire, Texts
from surveytui.results_files import ResultsFiles

FILE_KEYS = (
    "id",
    "languages",
    "title",
    "source",
    "wave",
    "wave_order",
    "unit",
    "min_group",
    "indicators",
)
INDICATOR_KEYS = ("id", "text", "measure", "of", "target", "for", "source")
SOURCE_KEYS = ("results", "questionnaire")
TARGET_KEYS = ("value", "direction", "units")
MEASURES = ("scale", "mean", "top2", "yes")
DIRECTIONS = ("at_least", "at_most")
GROUPS = ("total", "unit")
PERIODS = ("month", "quarter")


@dataclass(frozen=True)
class IndicatorSource:
    """Where an indicator's answers are: a results glob and the questionnaire, both resolved."""

    results: str
    questionnaire: Path

    def files(self) -> list[Path]:
        """The results files the pattern matches, sorted (example files only if it says so)."""
        found = self._matches()
        if "example" not in Path(self.results).name:
            found = [p for p in found if not ResultsFiles.is_example(p)]
        return found

    def examples_left_out(self) -> list[Path]:
        """The made-up example files the pattern matches but `files` leaves out."""
        return [p for p in self._matches() if p not in self.files()]

    def _matches(self) -> list[Path]:
        found = sorted(Path(p) for p in glob.glob(self.results, recursive=True))
        return [p for p in found if ResultsFiles.is_results_file(p)]


@dataclass(frozen=True)
class IndicatorTarget:
    """The value to reach and whether higher (`at_least`) or lower (`at_most`) is better."""

    value: float
    direction: str
    units: dict[str, float] = field(default_factory=dict)

    def for_unit(self, unit: str | None) -> float:
        """The target of one unit (the general target for the total or a unit without one)."""
        return self.units.get(unit, self.value) if unit is not None else self.value

    def met(self, value: float | None, unit: str | None = None) -> bool | None:
        """Whether the value reaches the target; None when there is no value."""
        if value is None:
            return None
        goal = self.for_unit(unit)
        return value >= goal if self.direction == "at_least" else value <= goal


@dataclass(frozen=True)
class Indicator:
    """One indicator: a measure of one scale or item of one source, with its target."""

    id: str
    text: Texts
    measure: str
    of: str
    source: IndicatorSource
    target: IndicatorTarget | None
    groups: tuple[str, ...]
    line: int


@dataclass
class IndicatorFile:
    """A validated indicator file."""

    id: str
    languages: list[str]
    title: Texts
    wave: str
    wave_order: list[str]
    unit: str | None
    min_group: int
    indicators: list[Indicator]
    path: str
    questionnaires: dict[Path, Questionnaire]


def load_indicators(path: str | Path) -> IndicatorFile:
    """Read and validate an indicator file; raise SurveyError listing every problem."""
    name = str(path)
    builder = _IndicatorReader(name, Path(path).parent)
    result = builder.build(read_text(path, "an indicator file"))
    if builder.problems or result is None:
        raise SurveyError(sorted(builder.problems, key=lambda p: (p.line or 0, p.column or 0)))
    return result


def is_indicator_file(path: str | Path) -> bool:
    """Whether a YAML file is an indicator file (it has a top-level `indicators:` key)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.startswith("indicators:") for line in text.splitlines())


def validate_indicators(path: str | Path) -> list[Problem]:
    """Every problem of one indicator file (empty when it is valid)."""
    try:
        load_indicators(path)
    except SurveyError as err:
        return err.problems
    return []


class _IndicatorReader(NodeReader):
    """Builds an `IndicatorFile` from its YAML text, or collects why it cannot."""

    def __init__(self, filename: str, base: Path):
        super().__init__(filename)
        self.base = base
        self.questionnaires: dict[Path, Questionnaire | None] = {}

    def build(self, text: str) -> IndicatorFile | None:
        root = self.compose(text, "`id:`, `languages:` and `indicators:`")
        if root is None:
            return None
        top = self.mapping(root, FILE_KEYS, "the indicator file")
        if top is None:
            return None
        fid = self.required_string(top, "id", root, "the indicator file")
        if fid is not None and not QUESTIONNAIRE_ID_RE.match(fid):
            self.error(
                top["id"],
                f"indicator file id {fid!r} is not valid",
                "use lowercase letters, digits, '-' and '_'",
            )
        if "languages" in top:
            self.languages = self.language_list(top["languages"], root)
        else:
            self.error(
                root,
                "the indicator file has no `languages`",
                "add for example `languages: [sv, en]`",
            )
        title = self.texts(top.get("title"), "title", root, required=True)
        default = self.source(top.get("source")) if "source" in top else None
        wave = self.required_string(top, "wave", root, "the indicator file")
        order = self.string_list(top.get("wave_order"), "`wave_order`")
        unit = self.scalar(top.get("unit"), "`unit`") if "unit" in top else None
        min_group = (
            self.integer(top["min_group"], "`min_group`") if "min_group" in top else MIN_GROUP
        )
        if min_group is not None and min_group < LOWEST_MIN_GROUP:
            self.error(
                top["min_group"],
                f"`min_group` cannot be below {LOWEST_MIN_GROUP}",
                hint=f"it may be raised from {MIN_GROUP}, never lowered below "
                f"{LOWEST_MIN_GROUP}: smaller groups would let people be recognised",
            )
        indicators = self.indicators(top.get("indicators"), root, default, unit)
        for used in {i.source.questionnaire for i in indicators}:
            questionnaire = self.questionnaires[used]
            if questionnaire is not None and wave is not None:
                self.check_column(questionnaire, wave, top["wave"], "wave", periods=True)
            if questionnaire is not None and unit is not None:
                self.check_column(questionnaire, unit, top["unit"], "unit")
        if fid is None or title is None or wave is None or min_group is None:
            return None
        return IndicatorFile(
            fid,
            self.languages,
            title,
            wave,
            order,
            unit,
            min_group,
            indicators,
            self.file,
            {p: q for p, q in self.questionnaires.items() if q is not None},
        )

    def string_list(self, node: yaml.Node | None, what: str) -> list[str]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node, f"{what} should be a list", "for example `[start, follow_up]`")
            return []
        values = [self.scalar(item, f"a value in {what}") for item in node.value]
        return [v for v in values if v is not None]

    def check_column(
        self,
        questionnaire: Questionnaire,
        column: str,
        node: yaml.Node,
        what: str,
        periods: bool = False,
    ) -> None:
        """Report a wave or unit column the questionnaire's files cannot have."""
        name, _, period = column.partition(":")
        singles = [q.id for q in questionnaire.questions if q.spec.answer is Answer.CHOICE]
        allowed = [
            *questionnaire.tags,
            *singles,
            *(c for c in METADATA_COLUMNS if c != "response_id"),
        ]
        if period:
            if not periods or name != "submitted_at" or period not in PERIODS:
                self.error(
                    node,
                    f"the {what} {column!r} is not valid",
                    "only submitted_at:month and submitted_at:quarter take a period",
                )
        elif name not in allowed:
            self.error(
                node,
                f"the {what} {column!r} is not a tag, single-choice question or "
                f"metadata column of {questionnaire.id}",
                f"use one of {', '.join(allowed)}",
            )

    def source(self, node: yaml.Node | None) -> IndicatorSource | None:
        fields = self.mapping(node, SOURCE_KEYS, "`source`")
        if fields is None:
            return None
        results = self.required_string(fields, "results", node, "`source`")
        qpath = self.required_string(fields, "questionnaire", node, "`source`")
        if results is None or qpath is None:
            return None
        questionnaire = Path(os.path.normpath(self.base / qpath))
        if questionnaire not in self.questionnaires:
            try:
                self.questionnaires[questionnaire] = load_questionnaire(questionnaire)
            except SurveyError as err:
                self.questionnaires[questionnaire] = None
                self.error(
                    fields["questionnaire"],
                    f"the questionnaire {qpath} cannot be used: {err.first}",
                    "fix it, or name another questionnaire",
                )
        return IndicatorSource(os.path.normpath(self.base / results), questionnaire)

    def indicators(
        self,
        node: yaml.Node | None,
        root: yaml.Node,
        default: IndicatorSource | None,
        unit: str | None,
    ) -> list[Indicator]:
        if node is None or not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(
                node or root,
                "the indicator file needs a list of `indicators`",
                "add `indicators:` with `- id: ...` entries",
            )
            return []
        result: list[Indicator] = []
        seen: dict[str, int] = {}
        for item in node.value:
            fields = self.mapping(item, INDICATOR_KEYS, "an indicator")
            if fields is None:
                continue
            iid = self.required_string(fields, "id", item, "an indicator")
            if iid is not None and not ID_RE.match(iid):
                self.error(fields["id"], f"indicator id {iid!r} is not valid", ID_HINT)
            elif iid is not None and iid in seen:
                self.error(
                    fields["id"],
                    f"indicator id {iid!r} is used twice",
                    f"it is already used on line {seen[iid]}",
                )
            elif iid is not None:
                seen[iid] = fields["id"].start_mark.line + 1
            text = self.texts(
                fields.get("text"), f"the text of indicator {iid!r}", item, required=True
            )
            source = self.source(fields["source"]) if "source" in fields else default
            if source is None and "source" not in fields:
                self.error(
                    item,
                    f"indicator {iid!r} has no data source",
                    "add `source:` with `results:` and `questionnaire:` here or at the top",
                )
            measure = self.required_string(fields, "measure", item, f"indicator {iid!r}")
            if measure is not None and measure not in MEASURES:
                self.error(
                    fields["measure"],
                    f"unknown measure {measure!r}",
                    f"use one of {', '.join(MEASURES)}",
                )
                measure = None
            of = self.required_string(fields, "of", item, f"indicator {iid!r}")
            questionnaire = self.questionnaires.get(source.questionnaire) if source else None
            if questionnaire is not None and measure is not None and of is not None:
                self.check_measure(questionnaire, measure, of, fields["of"])
            target = self.target(fields["target"]) if "target" in fields else None
            groups = self.groups(fields.get("for"), unit)
            if iid and text and source and measure and of:
                result.append(
                    Indicator(
                        iid, text, measure, of, source, target, groups, item.start_mark.line + 1
                    )
                )
        return result

    def check_measure(
        self, questionnaire: Questionnaire, measure: str, of: str, node: yaml.Node
    ) -> None:
        """Report a measure that does not fit what it measures (a scale, item or yes/no)."""
        item = questionnaire.item(of)
        question = questionnaire.question(of)
        where = f"in {questionnaire.id}"
        if measure == "scale" and questionnaire.scale(of) is None:
            self.error(
                node,
                f"{of!r} is not a scale {where}",
                f"scales: {', '.join(s.id for s in questionnaire.scales) or 'none'}",
            )
        elif (
            measure == "mean"
            and item is None
            and (question is None or question.spec.answer is not Answer.NUMBER)
        ):
            self.error(
                node,
                f"{of!r} is not a likert, rating, matrix row or number question {where}",
                "a mean needs numeric answers",
            )
        elif measure == "top2" and (item is None or len(item.codes) not in TOP_BOTTOM_POINTS):
            self.error(
                node,
                f"{of!r} is not an item with 4 to 11 points {where}",
                "the top-two share needs a likert, rating or matrix row of 4-11 points",
            )
        elif measure == "yes" and (question is None or question.spec.answer is not Answer.BOOLEAN):
            self.error(
                node,
                f"{of!r} is not a yes/no question {where}",
                "the share of yes needs a yes_no question",
            )

    def target(self, node: yaml.Node) -> IndicatorTarget | None:
        fields = self.mapping(node, TARGET_KEYS, "`target`")
        if fields is None:
            return None
        value = (
            self.number(fields.get("value"), "the target `value`") if "value" in fields else None
        )
        if "value" not in fields:
            self.error(node, "`target` has no `value`", "add `value:`, the number to reach")
        direction = self.required_string(fields, "direction", node, "`target`")
        if direction is not None and direction not in DIRECTIONS:
            self.error(
                fields["direction"],
                f"unknown direction {direction!r}",
                "use at_least (higher is better) or at_most (lower is better)",
            )
            direction = None
        units: dict[str, float] = {}
        if "units" in fields:
            for key_node, value_node in self.mapping_any(fields["units"], "the unit targets"):
                unit = self.scalar(key_node, "a unit")
                goal = self.number(value_node, f"the target of unit {unit!r}")
                if unit is not None and goal is not None:
                    units[unit] = goal
        if value is None or direction is None:
            return None
        return IndicatorTarget(value, direction, units)

    def groups(self, node: yaml.Node | None, unit: str | None) -> tuple[str, ...]:
        if node is None:
            return ("total", "unit") if unit else ("total",)
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        groups: list[str] = []
        for item in nodes:
            group = self.scalar(item, "a group")
            if group not in GROUPS:
                self.error(item, f"unknown group {group!r}", "use total and/or unit")
            elif group == "unit" and unit is None:
                self.error(
                    item,
                    "an indicator is read per unit but the file names no `unit`",
                    "add `unit: unit` (the tag naming the unit) at the top",
                )
            elif group not in groups:
                groups.append(group)
        return tuple(groups) or ("total",)
