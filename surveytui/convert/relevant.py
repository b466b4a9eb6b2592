"""XLSForm `relevant` (a subset of XPath) to and from surveytui's `show_if`.

The subset: `${x} = 'a'`, `!=`, `<`, `<=`, `>`, `>=`, `selected(${x}, 'a')`, `and`, `or`,
`not()` and parentheses. XPath's `${x} != 'a'` is true while x is unanswered, so it reads
as `not (x == 'a')`; `show_if`'s `x != 'a'` is false then, so it is written
`${x} != '' and ${x} != 'a'`, which reads back as `x != 'a'`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from surveytui.model import expr as ex
from surveytui.model.qtypes import NA_CODE, Answer

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<ref>\$\{[^}]*\})
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<op>!=|<=|>=|=|<|>|\(|\)|,)
    | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "!=": "!="}


class RelevantError(ValueError):
    """A `relevant` outside the subset surveytui reads, or naming what it cannot compare."""


@dataclass(frozen=True)
class NamedQuestion:
    """What a condition may say of one XLSForm name: its id here and its kind of answer.

    `codes` maps each XLSForm value of a select to its `show_if` literal (`'a'`, `3`,
    `true`, `na`); it is None for numbers and texts, whose literals are written as given.
    """

    id: str
    answer: Answer
    codes: Mapping[str, str] | None = None


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def _tokens(source: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while source[pos:].strip():
        match = _TOKEN.match(source, pos)
        if not match:
            raise RelevantError(f"cannot read {source[pos:].strip()[:20]!r}")
        kind = match.lastgroup or ""
        tokens.append(_Tok(kind, match.group(kind)))
        pos = match.end()
    tokens.append(_Tok("end", ""))
    return tokens


@dataclass(frozen=True)
class _Part:
    """A translated piece of condition; `ne`/`answered` mark the two halves of `!=`."""

    text: str
    eq: tuple[str, str] | None = None  # (id, literal) of `${x} = v`
    ne: tuple[str, str] | None = None  # (id, literal) of `${x} != v` or `not(${x} = v)`
    answered: str | None = None  # id of `${x} != ''`
    simple: bool = False  # one comparison: parentheses around it say nothing


class _Reader:
    def __init__(self, source: str, targets: Callable[[str], NamedQuestion | None]):
        self.tokens = _tokens(source)
        self.pos = 0
        self.depth = 0
        self.targets = targets

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.pos]

    def take(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def at(self, kind: str, text: str) -> bool:
        return self.tok.kind == kind and self.tok.text == text

    def expect(self, text: str) -> None:
        if not self.at("op", text):
            found = self.tok.text or "the end"
            raise RelevantError(f"expected {text!r} but found {found!r}")
        self.take()

    def read(self) -> str:
        part = self.disjunction()
        if self.tok.kind != "end":
            raise RelevantError(f"unexpected {self.tok.text!r}")
        return self.finish(part)

    def finish(self, part: _Part) -> str:
        if part.answered is not None:
            raise RelevantError("a test of whether a question is answered has no equivalent")
        return part.text

    def disjunction(self) -> _Part:
        parts = [self.conjunction()]
        while self.at("word", "or"):
            self.take()
            parts.append(self.conjunction())
        if len(parts) == 1:
            return parts[0]
        return _Part(" or ".join(self.finish(p) for p in parts))

    def conjunction(self) -> _Part:
        parts = [self.unary()]
        while self.at("word", "and"):
            self.take()
            parts.append(self.unary())
        texts: list[str] = []
        index = 0
        while index < len(parts):
            part = parts[index]
            following = parts[index + 1] if index + 1 < len(parts) else None
            if (
                part.answered is not None
                and following is not None
                and following.ne
                and following.ne[0] == part.answered
            ):
                texts.append(f"{following.ne[0]} != {following.ne[1]}")
                index += 2
                continue
            texts.append(self.finish(part))
            index += 1
        if len(parts) == 1:
            return parts[0]
        return _Part(" and ".join(texts), simple=len(texts) == 1)

    def unary(self) -> _Part:
        if self.at("word", "not") or self.at("op", "("):
            if self.depth == ex.MAX_DEPTH:
                raise RelevantError(f"it nests more than {ex.MAX_DEPTH} levels deep")
            self.depth += 1
            part = self.nested()
            self.depth -= 1
            return part
        return self.atom()

    def nested(self) -> _Part:
        """`not(...)` or `(...)`."""
        if self.take().text == "not":
            self.expect("(")
            inner = self.disjunction()
            self.expect(")")
            return _Part(f"not ({self.finish(inner)})", ne=inner.eq, simple=True)
        grouped = self.disjunction()
        self.expect(")")
        if grouped.answered is not None or grouped.ne is not None or grouped.simple:
            return grouped
        return _Part(f"({grouped.text})")

    def atom(self) -> _Part:
        """`selected(${x}, 'a')` or a comparison."""
        if self.at("word", "selected"):
            self.take()
            self.expect("(")
            target = self.ref()
            self.expect(",")
            value = self.literal()
            self.expect(")")
            text = self.selected(target, value)
            equal = (target.id, self.value_of(target, value)) if " == " in text else None
            return _Part(text, eq=equal, simple=True)
        if self.tok.kind == "word" and self.tokens[self.pos + 1].text == "(":
            raise RelevantError(f"{self.tok.text}() has no equivalent in show_if")
        return self.comparison()

    def ref(self) -> NamedQuestion:
        tok = self.take()
        if tok.kind != "ref":
            raise RelevantError(f"expected a ${{name}} but found {tok.text or 'the end'!r}")
        name = tok.text[2:-1].strip()
        target = self.targets(name)
        if target is None:
            raise RelevantError(f"${{{name}}} is not an earlier question that surveytui keeps")
        if target.answer is Answer.NONE:
            raise RelevantError(f"${{{name}}} is a note, which has no answer")
        return target

    def literal(self) -> str:
        tok = self.take()
        if tok.kind == "string":
            return tok.text[1:-1]
        if tok.kind == "number":
            return tok.text
        raise RelevantError(f"expected a value but found {tok.text or 'the end'!r}")

    def comparison(self) -> _Part:
        if self.tok.kind == "ref":
            target = self.ref()
            op = self.operator()
            value = self.literal()
        else:
            value = self.literal()
            op = _FLIP[self.operator()]
            target = self.ref()
        if value == "" and op in ("=", "!="):
            if op == "!=":
                return _Part("", answered=target.id)
            raise RelevantError("a test of whether a question is unanswered has no equivalent")
        if target.answer is Answer.CHOICES:
            raise RelevantError(f"${{{target.id}}} is a select_multiple: test it with selected()")
        lit = self.value_of(target, value)
        if op in ("<", "<=", ">", ">="):
            if not target.answer.is_numeric or lit == NA_CODE:
                raise RelevantError(f"`{op}` on ${{{target.id}}}, which is not a number")
            return _Part(f"{target.id} {op} {lit}", simple=True)
        if op == "!=":
            return _Part(f"not ({target.id} == {lit})", ne=(target.id, lit), simple=True)
        return _Part(f"{target.id} == {lit}", eq=(target.id, lit), simple=True)

    def operator(self) -> str:
        tok = self.take()
        if tok.kind != "op" or tok.text not in _FLIP:
            raise RelevantError(f"expected a comparison but found {tok.text or 'the end'!r}")
        return tok.text

    def selected(self, target: NamedQuestion, value: str) -> str:
        lit = self.value_of(target, value)
        if target.answer is Answer.CHOICES and lit != NA_CODE:
            return f"{lit} in {target.id}"
        return f"{target.id} == {lit}"

    def value_of(self, target: NamedQuestion, text: str) -> str:
        if target.codes is not None:
            if text not in target.codes:
                raise RelevantError(f"{text!r} is not a choice of ${{{target.id}}}")
            return target.codes[text]
        if target.answer is Answer.NUMBER:
            try:
                float(text)
            except ValueError:
                raise RelevantError(f"${{{target.id}}} is a number, not {text!r}") from None
            return text
        if "'" in text:
            return f'"{text}"'
        return f"'{text}'"


def to_show_if(relevant: str, targets: Callable[[str], NamedQuestion | None]) -> str:
    """The `show_if` of an XLSForm `relevant`; RelevantError when it is outside the subset."""
    return _Reader(relevant, targets).read()


def to_relevant(condition: ex.Expr, answers: Callable[[str], Answer]) -> str:
    """The XLSForm `relevant` of a parsed `show_if`; `answers` gives each id's kind of answer."""
    if isinstance(condition, ex.BoolOp):
        parts = [
            f"({to_relevant(operand, answers)})"
            if isinstance(operand, ex.BoolOp)
            else to_relevant(operand, answers)
            for operand in condition.operands
        ]
        return f" {condition.op} ".join(parts)
    if isinstance(condition, ex.Not):
        return f"not({to_relevant(condition.operand, answers)})"
    return _compare(condition, answers)


def _value(lit: ex.Lit) -> str:
    value = lit.value
    if value is ex.NA:
        return f"'{NA_CODE}'"
    if isinstance(value, bool):
        return "'1'" if value else "'0'"
    if isinstance(value, str):
        return f'"{value}"' if "'" in value else f"'{value}'"
    return str(value)


def _compare(comp: ex.Compare, answers: Callable[[str], Answer]) -> str:
    if isinstance(comp.left, ex.Lit) and isinstance(comp.right, ex.Ref):
        if comp.op == "in":
            return f"selected(${{{comp.right.name}}}, {_value(comp.left)})"
        flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(comp.op, comp.op)
        return _compare(ex.Compare(flipped, comp.right, comp.left, comp.offset), answers)
    assert isinstance(comp.left, ex.Ref)
    name = comp.left.name
    if isinstance(comp.right, ex.LitSet):
        options = " or ".join(f"${{{name}}} = {_value(lit)}" for lit in comp.right.values)
        return f"({options})"
    assert isinstance(comp.right, ex.Lit)
    value = _value(comp.right)
    if answers(name) is Answer.CHOICES:  # only `== na` and `!= na` compare a multi question
        test = f"selected(${{{name}}}, {value})"
        return test if comp.op == "==" else f"(${{{name}}} != '' and not({test}))"
    if comp.op == "!=":
        return f"(${{{name}}} != '' and ${{{name}}} != {value})"
    op = "=" if comp.op == "==" else comp.op
    return f"${{{name}}} {op} {value}"
