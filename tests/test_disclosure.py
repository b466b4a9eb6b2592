"""The disclosure gate's rules on counts alone (the attacks on real files are in
test_disclosure_attacks.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveytui.disclosure import Gate, Reason, explain, methods_note
from surveytui.errors import SurveyError

SMALL, COMPLEMENT = Reason.SMALL, Reason.COMPLEMENT


def test_partition_hides_small_parts_and_then_the_next_smallest():
    gate = Gate(5)
    assert gate.partition({"a": 10, "b": 8, "c": 6}) == {}
    assert gate.partition({"a": 10, "b": 3, "c": 6}) == {"b": SMALL, "c": COMPLEMENT}
    assert gate.partition({"a": 10, "b": 3, "c": 2}) == {"b": SMALL, "c": SMALL}
    assert gate.partition({"a": 4}) == {"a": SMALL}
    assert gate.partition({"a": 4, "b": 40}) == {"a": SMALL, "b": COMPLEMENT}
    assert gate.partition({"a": 5, "b": 9, "c": 5, "d": 1}) == {"d": SMALL, "a": COMPLEMENT}
    # the cases: two small groups together still under 5
    assert gate.partition({"north": 10, "east": 1, "west": 1}) == {
        "east": SMALL,
        "west": SMALL,
        "north": COMPLEMENT,
    }
    assert gate.partition({"north": 10, "south": 6, "east": 2, "west": 1}) == {
        "east": SMALL,
        "west": SMALL,
        "south": COMPLEMENT,
    }
    # an empty part reveals nothing
    assert gate.partition({"a": 10, "b": 0, "c": 7}) == {}


def test_forced_parts_keep_their_reason_and_count_towards_the_hidden_total():
    gate = Gate(5)
    assert gate.partition({"a": 10, "b": 6, None: 2}, {None: SMALL}) == {
        None: SMALL,
        "b": COMPLEMENT,
    }
    assert gate.partition({"a": 10, "b": 6}, {"a": COMPLEMENT}) == {"a": COMPLEMENT}


def test_table_protects_rows_and_columns():
    gate = Gate(5)
    # unit u1 has 3 in wave w2: hidden; its row then shows w1 beside the unit's total, so
    # another cell of the row goes, and the columns are checked again in turn
    cells = {
        ("u1", "w1"): 9,
        ("u1", "w2"): 3,
        ("u2", "w1"): 8,
        ("u2", "w2"): 9,
        ("u3", "w1"): 7,
        ("u3", "w2"): 6,
    }
    hidden = gate.table(cells)
    assert hidden[("u1", "w2")] is SMALL
    assert hidden[("u1", "w1")] is COMPLEMENT  # else the row total gives u1's 3 in w2
    assert hidden[("u3", "w2")] is COMPLEMENT  # else the w2 total gives u1's 3 in w2


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.integers(0, 9), st.integers(0, 30), min_size=1, max_size=8),
    st.integers(3, 8),
)
def test_partition_rules_hold_for_any_sizes(sizes, min_group):
    gate = Gate(min_group)
    hidden = gate.partition(sizes)
    shown = {k: n for k, n in sizes.items() if k not in hidden}
    assert all(n == 0 or n >= min_group for n in shown.values())  # rule 1
    gap = sum(sizes.values()) - sum(shown.values())
    if any(shown.values()):  # else the whole is all there is, and rule 1 decides on it
        assert gap == 0 or gap >= min_group  # rule 2: total minus the shown parts
    assert all(why is SMALL for k, why in hidden.items() if 0 < sizes[k] < min_group)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=4), min_size=2, max_size=4),
    st.integers(3, 6),
)
def test_table_rules_hold_for_any_sizes(grid, min_group):
    gate = Gate(min_group)
    width = min(len(row) for row in grid)
    cells = {(r, c): row[c] for r, row in enumerate(grid) for c in range(width)}
    hidden = gate.table(cells)
    lines = [[k for k in cells if k[0] == r] for r in range(len(grid))]
    lines += [[k for k in cells if k[1] == c] for c in range(width)]
    for line in lines:
        if any(cells[k] for k in line if k not in hidden):
            assert not gate.small(sum(cells[k] for k in line if k in hidden))
    assert all(not gate.small(cells[k]) for k in cells if k not in hidden)


def test_min_group_may_be_raised_never_set_below_three():
    assert Gate(3).min_group == 3 and Gate(12).min_group == 12
    for too_low in (-1, 0, 1, 2):
        with pytest.raises(SurveyError, match="never set below 3"):
            Gate(too_low)
    assert methods_note(5) is None
    assert "set to 3" in methods_note(3) and "default is 5" in methods_note(3)


def test_filters_need_a_large_set_and_a_large_rest():
    gate = Gate(5)
    gate.check_filter("unit=north", 10, [("all the data", 10)])  # the rest is empty
    gate.check_filter("unit=north", 10, [("all the data", 15)])
    with pytest.raises(SurveyError, match="keeps 1 response, fewer than 5"):
        gate.check_filter("unit=west", 1, [("all the data", 19)])
    with pytest.raises(SurveyError, match="the 3 left out could be worked out"):
        gate.check_filter("unit=north|south", 16, [("all the data", 19)])


def test_the_reasons_are_told_apart():
    assert explain(SMALL, 5) == "hidden because fewer than 5 answered"
    assert "cannot be worked out" in explain(COMPLEMENT, 5)
    assert explain("complement", 5) == explain(COMPLEMENT, 5)
