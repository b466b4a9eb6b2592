"""The disclosure gate: the one place that decides which counts of respondents may be published.

Every number surveytui publishes (analyze in every format, the review screen, reports,
per-unit reports, indicators, waves, pairs, the statistics of an export) is computed by
`surveytui.analysis`, and the analysis asks this module, and only this module, whether a
set of respondents may be shown. The rules (docs/disclosure.md says them for users):

1. No statistic computed from fewer than `min_group` respondents is published: not a
   group, a filtered set, a wave, a set of pairs, an indicator cell, nor one item's
   statistics in any of them (the item's n counts those who answered it).
2. No two published sets where one contains the other differ by 1 to `min_group - 1`
   respondents: when the hidden parts of a published whole add up to fewer than
   `min_group`, the next smallest part is hidden too, and so on; a filtered set is
   published only when the rest of the data is 0 or at least `min_group`.

It is pure Python on counts, so every layer can use it; `min_group` may be raised but
never set below `LOWEST_MIN_GROUP`.

- `Gate(min_group)`: the rules for one threshold (`SurveyError` below the lowest).
- `Gate.small(n)`: rule 1 for one set or cell.
- `Gate.partition(sizes, forced)`: which parts of a whole to hide, and why.
- `Gate.partition_within(sizes, wholes, forced)`: the same for parts that also lie inside
  published sets of their own (a group's pairs inside its wave cells).
- `Gate.table(cells, forced)`: the same for a two-way table whose rows and columns are
  both published wholes (units x waves), applied until nothing changes.
- `Gate.nested(part, whole)`: rule 2 for two published sets, one inside the other.
- `Gate.check_filter(what, kept, wholes)`: refuses a filter that rule 1 or 2 forbids;
  `Gate.check_selection(what, sizes, chosen)` one that a grouping's hidden parts forbid.
- `Reason`: why something is hidden; `explain(reason, min_group)` says it in words,
  `explain_briefly` in a few; `methods_note(min_group)` states a non-default threshold.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from surveytui.errors import Problem, SurveyError

MIN_GROUP = 5
LOWEST_MIN_GROUP = 3

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


class Reason(StrEnum):
    """Why a number is not published (the value is what the JSON says)."""

    SMALL = "small"
    COMPLEMENT = "complement"


def explain(reason: Reason | str, min_group: int) -> str:
    """The reason in plain English words, as table, markdown and CSV outputs print it."""
    if Reason(reason) is Reason.SMALL:
        return f"hidden because fewer than {min_group} answered"
    return "hidden so that a smaller group cannot be worked out from the total"


def explain_briefly(reason: Reason | str, min_group: int) -> str:
    """The reason in a few words, for a table cell."""
    return f"under {min_group}" if Reason(reason) is Reason.SMALL else "shields a smaller group"


def methods_note(min_group: int) -> str | None:
    """The sentence every output's methods note carries when min_group is not the default."""
    if min_group == MIN_GROUP:
        return None
    return (
        f"The minimum group size was set to {min_group} for this output "
        f"(the default is {MIN_GROUP})."
    )


@dataclass(frozen=True)
class Gate:
    """The disclosure rules for one minimum group size."""

    min_group: int = MIN_GROUP

    def __post_init__(self) -> None:
        if self.min_group < LOWEST_MIN_GROUP:
            raise SurveyError(
                Problem(
                    f"--min-group {self.min_group}: the minimum group size may be raised from "
                    f"{MIN_GROUP}, but never set below {LOWEST_MIN_GROUP}",
                    hint="smaller groups would let people be recognised",
                )
            )

    def small(self, n: int) -> bool:
        """Rule 1: a set (or an item's answers in it) of 1 to min_group - 1 respondents."""
        return 0 < n < self.min_group

    def nested(self, part: int, whole: int) -> Reason | None:
        """Rule 2 for a published set inside another published set of `whole` respondents."""
        return Reason.COMPLEMENT if self.small(whole - part) else None

    def partition(
        self, sizes: Mapping[K, int], forced: Mapping[K, Reason] | None = None
    ) -> dict[K, Reason]:
        """The parts of one published whole to hide, and why: every part of 1 to
        min_group - 1, those `forced` hidden (with their reason), and then the smallest
        shown part, again and again, while the hidden parts together are 1 to min_group - 1.
        An empty part reveals nothing and is never hidden for it. The parts must make up
        the whole: give unanswered values a part of their own."""
        return self._protect(sizes, [list(sizes)], forced)

    def partition_within(
        self,
        sizes: Mapping[K, int],
        wholes: Mapping[K, Sequence[int]],
        forced: Mapping[K, Reason] | None = None,
    ) -> dict[K, Reason]:
        """`partition` for parts that each also lie inside published sets of their own
        (`wholes`: part -> the sizes of those sets, the same kinds for every part, e.g. a
        group's pairs inside its wave cells and its total): a part differing from one of its
        sets by 1 to min_group - 1 is hidden, and since the hidden parts together can be
        worked out from the whole, they are held to the same rule against the sums of
        their sets, hiding the next smallest part until they pass."""
        hidden = dict(forced or {})
        hidden.update(
            (key, Reason.COMPLEMENT)
            for key, n in sizes.items()
            if key not in hidden and any(self.nested(n, whole) for whole in wholes[key])
        )
        hidden = self.partition(sizes, hidden)
        while True:
            parts = [key for key in hidden if sizes[key]]
            together = sum(sizes[key] for key in parts)
            shown = [key for key in sizes if key not in hidden and sizes[key]]
            if (
                not parts
                or not shown
                or not any(
                    self.nested(together, sum(wholes[key][i] for key in parts))
                    for i in range(len(wholes[parts[0]]))
                )
            ):
                return hidden
            hidden[min(shown, key=lambda key: sizes[key])] = Reason.COMPLEMENT

    def table(
        self, cells: Mapping[tuple[R, C], int], forced: Mapping[tuple[R, C], Reason] | None = None
    ) -> dict[tuple[R, C], Reason]:
        """`partition` for a two-way table (row, column) -> n whose every row and every
        column is a published whole, repeated until no row or column changes."""
        rows: dict[R, list[tuple[R, C]]] = {}
        columns: dict[C, list[tuple[R, C]]] = {}
        for key in cells:
            rows.setdefault(key[0], []).append(key)
            columns.setdefault(key[1], []).append(key)
        return self._protect(cells, [*rows.values(), *columns.values()], forced)

    def _protect(
        self, sizes: Mapping[K, int], wholes: list[list[K]], forced: Mapping[K, Reason] | None
    ) -> dict[K, Reason]:
        hidden = dict(forced or {})
        hidden.update(
            (key, Reason.SMALL) for key, n in sizes.items() if key not in hidden and self.small(n)
        )
        changed = True
        while changed:
            changed = False
            for parts in wholes:
                while self.small(sum(sizes[key] for key in parts if key in hidden)):
                    shown = [key for key in parts if key not in hidden and sizes[key]]
                    if not shown:
                        break
                    hidden[min(shown, key=lambda key: sizes[key])] = Reason.COMPLEMENT
                    changed = True
        return hidden

    def check_filter(self, what: str, kept: int, wholes: Iterable[tuple[str, int]]) -> None:
        """Refuse (SurveyError) a filtered set of `kept` respondents that is 1 to
        min_group - 1, or that differs by that much from a published whole it lies in
        (`wholes`: a description and a size, e.g. the unfiltered data)."""
        if self.small(kept):
            raise SurveyError(
                Problem(
                    f"{what} keeps {_responses(kept)}, fewer than {self.min_group}: nothing is "
                    "shown, so that nobody in so small a group can be recognised",
                    hint="filter on a larger group, or leave the filter out",
                )
            )
        for whole, size in wholes:
            if self.nested(kept, size):
                raise SurveyError(
                    Problem(
                        f"{what} keeps {kept} of the {_responses(size)} in {whole}: the "
                        f"{size - kept} left out could be worked out by subtraction, so nothing "
                        "is shown",
                        hint=f"a filter must leave out none or at least {self.min_group} responses",
                    )
                )

    def check_selection(self, what: str, sizes: Mapping[K, int], chosen: Iterable[K]) -> None:
        """Refuse (SurveyError) choosing some parts of a whole (a filter on some values of a
        column whose groups are `sizes`) when the parts the gate hides in that grouping
        would show through: those chosen, or those left out, add up to 1 to min_group - 1."""
        chosen = set(chosen)
        hidden = self.partition(sizes)
        inside = sum(sizes[key] for key in hidden if key in chosen)
        outside = sum(sizes[key] for key in hidden if key not in chosen)
        if self.small(inside) or self.small(outside):
            raise SurveyError(
                Problem(
                    f"{what} cannot be shown: grouped this way, some of its groups are hidden "
                    f"(fewer than {self.min_group} answered, or so that a smaller group cannot "
                    "be worked out), and this choice would reveal them by subtraction",
                    hint="choose larger groups, or leave the filter out",
                )
            )


def _responses(n: int) -> str:
    return f"{n} response{'' if n == 1 else 's'}"
