"""The `show_if` language: a small parser and evaluator, never `eval`.

Grammar (lowest precedence first)::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | atom
    atom    := "(" expr ")" | compare
    compare := operand (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") operand)
    operand := IDENT | NUMBER | STRING | "true" | "false" | "na" | "(" literal ("," literal)* ")"

A comparison with a question that is unanswered is false, so `not (x == 1)` is true
while x is unanswered. `'a' in topics` tests whether choice `a` of a multi question is
ticked; `role in ('a', 'b')` tests a single choice against a set of codes. Parentheses
and `not`s nest at most MAX_DEPTH levels deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from surveytui.model.qtypes import NA_CODE


class ExprError(ValueError):
    """A syntax error in a show_if expression, with the 0-based offset it was found at."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Ref:
    name: str
    offset: int


@dataclass(frozen=True)
class Lit:
    value: Any  # int | float | str | bool | NA
    offset: int


@dataclass(frozen=True)
class LitSet:
    values: tuple[Lit, ...]
    offset: int


class _NA:
    def __repr__(self) -> str:
        return "na"


NA = _NA()


@dataclass(frozen=True)
class Compare:
    op: str
    left: Ref | Lit
    right: Ref | Lit | LitSet
    offset: int


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Expr, ...]


Expr = Compare | Not | BoolOp

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>-?\d+(?:\.\d+)?)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<op>==|!=|<=|>=|<|>|\(|\)|,)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=", "in")
# Parentheses and `not`s nested deeper than this are refused: no condition a person writes
# comes near it, and it keeps parsing, checking and evaluating far from Python's recursion limit.
MAX_DEPTH = 32
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "na"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    offset: int


def _tokenize(source: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = _TOKEN.match(source, pos)
        if not match or match.end() == pos:
            bad = len(source) - len(source[pos:].lstrip())
            ch = source[bad]
            if ch == "=":
                raise ExprError("'=' is not a comparison: use '=='", bad)
            if ch in "'\"":
                raise ExprError("a quoted string is not closed", bad)
            raise ExprError(f"unexpected character {ch!r}", bad)
        kind = match.lastgroup or ""
        text = match.group(kind)
        offset = match.start(kind)
        if kind == "word" and text in _KEYWORDS:
            kind = "keyword"
        tokens.append(_Tok(kind, text, offset))
        pos = match.end()
    tokens.append(_Tok("end", "", len(source)))
    return tokens


class _Parser:
    def __init__(self, source: str):
        self.tokens = _tokenize(source)
        self.pos = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.pos]

    def take(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def at(self, *texts: str) -> bool:
        return self.tok.kind in ("op", "keyword") and self.tok.text in texts

    def expect(self, text: str) -> None:
        if not self.at(text):
            raise ExprError(f"expected '{text}' but found {self.describe()}", self.tok.offset)
        self.take()

    def describe(self) -> str:
        return "the end" if self.tok.kind == "end" else repr(self.tok.text)

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ExprError("the condition is empty", 0)
        expr = self.parse_or()
        if self.tok.kind != "end":
            raise ExprError(f"unexpected {self.describe()}", self.tok.offset)
        return expr

    def parse_or(self) -> Expr:
        operands = [self.parse_and()]
        while self.at("or"):
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def parse_and(self) -> Expr:
        operands = [self.parse_not()]
        while self.at("and"):
            self.take()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def parse_not(self) -> Expr:
        if not self.at("not", "("):
            return self.parse_compare()
        if self.depth == MAX_DEPTH:
            raise ExprError(
                f"the condition nests more than {MAX_DEPTH} levels deep", self.tok.offset
            )
        self.depth += 1
        if self.take().text == "not":
            expr: Expr = Not(self.parse_not())
        else:
            # A parenthesis opens either a sub-expression or a literal set (only after `in`).
            expr = self.parse_or()
            self.expect(")")
        self.depth -= 1
        return expr

    def parse_compare(self) -> Compare:
        start = self.tok.offset
        left = self.parse_operand()
        if not self.at(*_COMPARE_OPS):
            raise ExprError(
                f"expected a comparison (== != < <= > >= in) after {_show(left)} "
                f"but found {self.describe()}",
                self.tok.offset,
            )
        op = self.take().text
        if op == "in" and self.at("("):
            right: Ref | Lit | LitSet = self.parse_set()
        else:
            right = self.parse_operand()
        if isinstance(left, Lit) and isinstance(right, (Lit, LitSet)):
            raise ExprError("a comparison needs a question id on one side", start)
        if isinstance(left, Ref) and isinstance(right, Ref):
            raise ExprError(
                "compare a question with a value, not with another question; "
                f"a choice code is quoted: '{right.name}'",
                start,
            )
        return Compare(op, left, right, start)

    def parse_set(self) -> LitSet:
        start = self.take().offset
        values = [self.parse_literal()]
        while self.at(","):
            self.take()
            values.append(self.parse_literal())
        self.expect(")")
        return LitSet(tuple(values), start)

    def parse_literal(self) -> Lit:
        operand = self.parse_operand()
        if not isinstance(operand, Lit):
            raise ExprError("a list after 'in' holds values, not question ids", operand.offset)
        return operand

    def parse_operand(self) -> Ref | Lit:
        tok = self.tok
        if tok.kind == "number":
            self.take()
            return Lit(float(tok.text) if "." in tok.text else int(tok.text), tok.offset)
        if tok.kind == "string":
            self.take()
            return Lit(tok.text[1:-1], tok.offset)
        if tok.kind == "keyword" and tok.text in ("true", "false"):
            self.take()
            return Lit(tok.text == "true", tok.offset)
        if tok.kind == "keyword" and tok.text == "na":
            self.take()
            return Lit(NA, tok.offset)
        if tok.kind == "word":
            self.take()
            return Ref(tok.text, tok.offset)
        raise ExprError(
            f"expected a question id or a value but found {self.describe()}", tok.offset
        )


def _show(operand: Ref | Lit) -> str:
    return operand.name if isinstance(operand, Ref) else repr(operand.value)


def parse(source: str) -> Expr:
    """Parse a show_if expression; raises ExprError with the offset of the mistake."""
    return _Parser(source).parse()


def comparisons(expr: Expr) -> list[Compare]:
    """Every comparison in the expression, left to right (for validation)."""
    if isinstance(expr, Compare):
        return [expr]
    if isinstance(expr, Not):
        return comparisons(expr.operand)
    return [c for operand in expr.operands for c in comparisons(operand)]


def evaluate(expr: Expr, answers: dict[str, Any]) -> bool:
    """Evaluate against answers as `ResponseStore.append` takes them."""
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return all(evaluate(e, answers) for e in expr.operands)
        return any(evaluate(e, answers) for e in expr.operands)
    if isinstance(expr, Not):
        return not evaluate(expr.operand, answers)
    return _compare(expr, answers)


def _answered(value: Any) -> bool:
    return value is not None and value != ""


def _compare(comp: Compare, answers: dict[str, Any]) -> bool:
    op, left, right = comp.op, comp.left, comp.right
    if op == "in":
        if isinstance(left, Lit) and isinstance(right, Ref):
            chosen = answers.get(right.name)
            return isinstance(chosen, list) and left.value in chosen
        if isinstance(left, Ref) and isinstance(right, LitSet):
            value = answers.get(left.name)
            if not _answered(value):
                return False
            return any(_equal(value, lit.value) for lit in right.values)
        return False
    if isinstance(left, Lit):
        flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        assert isinstance(right, Ref)
        return _compare(Compare(flipped, right, left, comp.offset), answers)
    assert isinstance(left, Ref) and isinstance(right, Lit)
    value = answers.get(left.name)
    if not _answered(value):
        return False
    literal = right.value
    if op == "==":
        return _equal(value, literal)
    if op == "!=":
        return not _equal(value, literal)
    if literal is NA or value == NA_CODE or isinstance(value, bool):
        return False
    if not isinstance(value, (int, float)):  # a list or a text is never less or more
        return False
    if isinstance(literal, bool) or not isinstance(literal, (int, float)):
        return False
    return {
        "<": value < literal,
        "<=": value <= literal,
        ">": value > literal,
        ">=": value >= literal,
    }[op]


def _equal(value: object, literal: object) -> bool:
    if literal is NA:
        return value == NA_CODE
    if isinstance(literal, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(literal, bool) and value == literal
    if isinstance(literal, (int, float)):
        return isinstance(value, (int, float)) and value == literal
    return isinstance(value, str) and value == literal
