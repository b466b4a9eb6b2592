"""The checks on `show_if` conditions that need the whole questionnaire.

A condition may only name questions asked before it, and compare each with literals its
kind of answer can take (numbers on a scale, a choice's code, true or false), so that a
condition that can never hold is an error when the file is loaded, not a question that
silently never shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml

from surveytui.model import expr as ex
from surveytui.model.nodes import suggest
from surveytui.model.qtypes import Answer
from surveytui.model.types import Question

# error(node, message, hint, column offset): report a problem at a column of a node
ErrorAt = Callable[[yaml.Node, str, str | None, int], None]


def check_conditions(
    questions: list[Question], nodes: Mapping[int, yaml.Node], error: ErrorAt
) -> None:
    """Each condition names earlier questions, with literals of a fitting type.

    `nodes` maps `id(question)` to the node of its `show_if`, where `error` places what is
    wrong, at the column of the offending part of the expression.
    """
    earlier: dict[str, Question] = {}
    everything: dict[str, Question] = {}
    for q in questions:
        everything[q.id] = q
        for row in q.rows:
            everything[row.id] = q
    for q in questions:
        if q.condition is not None:
            node = nodes[id(q)]
            quoted = 1 if getattr(node, "style", None) in ("'", '"') else 0

            def report(
                msg: str,
                hint: str | None,
                off: int,
                node: yaml.Node = node,
                quoted: int = quoted,
            ) -> None:
                error(node, msg, hint, quoted + off)

            for comp in ex.comparisons(q.condition):
                _check_comparison(comp, earlier, everything, q, report)
        earlier[q.id] = q
        for row in q.rows:
            earlier[row.id] = q


def _check_comparison(
    comp: ex.Compare,
    earlier: dict[str, Question],
    everything: dict[str, Question],
    q: Question,
    report: Callable[[str, str | None, int], None],
) -> None:
    ref = comp.left if isinstance(comp.left, ex.Ref) else comp.right
    assert isinstance(ref, ex.Ref)
    name = ref.name
    if name not in earlier:
        if name in everything:
            report(
                f"show_if of {q.id!r} names {name!r}, which comes later or is this question itself",
                "a condition can only use answers given before it",
                ref.offset,
            )
        else:
            guess = suggest(name, list(earlier))
            report(
                f"show_if of {q.id!r} names {name!r}, which is not a question",
                f"did you mean {guess!r}?" if guess else "use the id of an earlier question",
                ref.offset,
            )
        return
    target = earlier[name]
    literals: list[ex.Lit] = []
    other = comp.right if comp.left is ref else comp.left
    if isinstance(other, ex.LitSet):
        literals = list(other.values)
    elif isinstance(other, ex.Lit):
        literals = [other]
    kind = target.type
    answer = target.spec.answer
    if answer is Answer.NONE:
        report(f"show_if names {name!r}, a note, which has no answer", None, ref.offset)
        return
    if comp.op == "in" and isinstance(comp.right, ex.Ref):
        if answer is not Answer.CHOICES:
            report(
                f"`'...' in {name}` needs a multi-choice question, but {name!r} is {kind}",
                f"use `{name} == ...` or `{name} in ('a', 'b')`",
                comp.offset,
            )
            return
    elif answer is Answer.CHOICES and not (
        comp.op in ("==", "!=") and literals and all(lit.value is ex.NA for lit in literals)
    ):
        report(
            f"{name!r} is a multi-choice question: test a choice with `'code' in {name}`",
            f"or its don't-know answer with `{name} == na`",
            comp.offset,
        )
        return
    if comp.op in ("<", "<=", ">", ">=") and not answer.is_numeric:
        report(
            f"`{comp.op}` compares numbers, but {name!r} is a {kind} question",
            "use == or !=",
            comp.offset,
        )
        return
    for lit in literals:
        value = lit.value
        if value is ex.NA:
            if target.na is None:
                report(
                    f"{name!r} offers no don't-know answer, so it is never `na`",
                    None,
                    lit.offset,
                )
            continue
        if answer.is_numeric:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                report(
                    f"{name!r} is a {kind} question: compare it with a number, not {_lit(value)}",
                    None,
                    lit.offset,
                )
            elif (
                answer is Answer.SCALE
                and target.codes
                and value not in target.codes
                and comp.op in ("==", "!=", "in")
            ):
                report(
                    f"{value} is not on the scale of {name!r} "
                    f"({target.scale_min}..{target.scale_max})",
                    None,
                    lit.offset,
                )
        elif answer is Answer.BOOLEAN:
            if not isinstance(value, bool):
                report(
                    f"{name!r} is a yes/no question: compare it with true or false, "
                    f"not {_lit(value)}",
                    None,
                    lit.offset,
                )
        elif answer.has_choices:
            if not isinstance(value, str):
                report(
                    f"{name!r} is a {kind} question: compare it with a quoted choice "
                    f"code, not {_lit(value)}",
                    None,
                    lit.offset,
                )
            elif target.choice(value) is None:
                codes = ", ".join(repr(c.code) for c in target.choices)
                report(
                    f"{value!r} is not a choice of {name!r}",
                    f"its codes are {codes}",
                    lit.offset,
                )
        elif answer is Answer.TEXT and not isinstance(value, str):
            report(
                f"{name!r} is a text question: compare it with a quoted string, not {_lit(value)}",
                None,
                lit.offset,
            )


def _lit(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)
