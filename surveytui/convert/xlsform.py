"""Questionnaires to and from XLSForm, the spreadsheet form format of ODK and KoboToolbox.

pyxform reads and checks the workbook; this module maps what has a meaning here. Each
kind of answer (`question.spec.answer`, and `.rows` for a matrix) has one XLSForm face,
`_FACES`, used both ways. What surveytui needs and XLSForm has no place for (the type
when two types share a face, scales, respondent codes, the exact `show_if`) goes into
`surveytui_*` columns and a `surveytui` sheet, which XLSForm tools ignore.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from surveytui.convert.names import language_code, language_header, to_code, to_id
from surveytui.convert.relevant import NamedQuestion, RelevantError, to_relevant, to_show_if
from surveytui.errors import Problem, SurveyError
from surveytui.i18n import t
from surveytui.model import expr as ex
from surveytui.model.load import load_questionnaire_text
from surveytui.model.qtypes import NA_CODE, TYPES, Answer, QuestionType
from surveytui.model.types import OTHER_CODE, OTHER_SUFFIX, Question, Questionnaire, Texts

READ_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SHEET = "surveytui"  # our own sheet: title per language, tags, scales
TYPE_COLUMN = "surveytui_type"
SHOW_IF_COLUMN = "surveytui_show_if"
REVERSE_COLUMN = "surveytui_reverse"
CODE_COLUMN = "surveytui_respondent_code"
NA_COLUMN = "surveytui_na"
SECTION_COLUMN = "surveytui_section"  # a section's id, when its group needs another name
INTRO, OUTRO, SECTION = "intro", "outro", "section"  # surveytui_type of rows that are no question
_AGREEMENT = re.compile(r"agree|instämmer|enig|samstemmer", re.IGNORECASE)
_BOUND = re.compile(r"^\s*\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)\s*$")
_ROW = re.compile(r"\[row : (\d+)\]")
MAX_GROUP_DEPTH = 32  # far deeper than any form's groups, far from Python's recursion limit


@dataclass
class Imported:
    """A questionnaire read from an XLSForm: its YAML, and what was left out of it."""

    text: str
    questionnaire: Questionnaire
    skipped: list[Problem] = field(default_factory=list)


def _spec(answer: Answer, *, rows: bool = False, key: str | None = None) -> QuestionType:
    """The type whose spec has this kind of answer (and key): the face's way back to a type."""
    return next(
        spec
        for spec in TYPES.values()
        if spec.answer is answer and spec.rows == rows and (key is None or key in spec.keys)
    )


# -- XLSForm to questionnaire ----------------------------------------------------------


@dataclass
class _Node:
    number: int
    row: dict[str, Any]
    children: list[_Node] | None = None  # a group's rows; None for a question

    @property
    def type(self) -> str:
        return str(self.row.get("type", "")).strip()

    @property
    def name(self) -> str:
        return str(self.row.get("name", "")).strip()

    def get(self, *keys: str) -> Any:
        value: Any = self.row
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    @property
    def appearance(self) -> list[str]:
        return str(self.get("control", "appearance") or "").split()


@dataclass
class _Select:
    command: str  # select_one | select_multiple
    list_name: str
    or_other: bool


# How a workbook's bytes begin: .xlsx is a zip archive, .xls an OLE2 compound file.
_WORKBOOK_MAGIC = {".xlsx": b"PK\x03\x04", ".xls": b"\xd0\xcf\x11\xe0"}


def _check_workbook(path: Path) -> None:
    """Refuse a file whose bytes are not the workbook its name says, in the user's words:
    pyxform would otherwise answer with its own internals."""
    magic = _WORKBOOK_MAGIC.get(path.suffix.lower())
    if magic is None:
        return
    try:
        with path.open("rb") as file:
            start = file.read(len(magic))
    except OSError as err:
        raise SurveyError(Problem(f"cannot read the file: {err.strerror}", str(path))) from None
    if start != magic:
        raise SurveyError(
            Problem(
                f"not an Excel workbook, though its name ends in {path.suffix}",
                str(path),
                hint="save the form from Excel or LibreOffice as .xlsx",
            )
        )
    if path.suffix.lower() == ".xlsx":
        _check_unpacked_size(path)


# A form's sheets unpacked: far more than any questionnaire needs (the largest of pyxform's
# own test forms unpacks to under 1 MB), far less than a zip bomb would claim.
UNPACKED_LIMIT = 50_000_000


def _check_unpacked_size(path: Path) -> None:
    """Refuse an .xlsx whose parts would unpack to more than UNPACKED_LIMIT bytes, before
    anything unpacks them: a few KB of zip can otherwise stand for gigabytes."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as err:
        raise SurveyError(Problem(f"not a readable Excel workbook: {err}", str(path))) from None
    if unpacked > UNPACKED_LIMIT:
        raise SurveyError(
            Problem(
                f"the workbook would unpack to {unpacked:,} bytes, more than the "
                f"{UNPACKED_LIMIT:,} a questionnaire form needs",
                str(path),
                hint="is it the right file? a form has a survey, a choices and a settings sheet",
            )
        )


class _Importer:
    def __init__(self, path: Path):
        self.path = path
        self.file = str(path)
        self.unsupported: list[Problem] = []
        self.languages: list[str] = []
        self.language_keys: dict[str, str] = {}  # pyxform's language key -> code
        self.targets: dict[
            str, NamedQuestion
        ] = {}  # XLSForm name -> what a condition may say of it
        self.choices: dict[str, list[tuple[str, Any, int]]] = {}
        self.ids: dict[str, int] = {}

    def refuse(self, sheet: str, row: int | None, message: str) -> None:
        self.unsupported.append(Problem(message, f"{self.file}:{sheet}", row))

    # -- reading ------------------------------------------------------------------------
    def read(self) -> dict[str, Any]:
        from pyxform import aliases, constants
        from pyxform.errors import PyXFormError
        from pyxform.parsing.sheet_headers import dealias_and_group_headers
        from pyxform.question import MultipleChoiceQuestion, Option
        from pyxform.xls2json import dealias_types, workbook_to_json
        from pyxform.xls2json_backends import get_xlsform

        if not self.path.is_file():
            raise SurveyError(Problem("no such file (check the path)", self.file))
        _check_workbook(self.path)
        try:
            book = get_xlsform(str(self.path))
            workbook_to_json(copy.deepcopy(book), fallback_form_name=self.path.stem, warnings=[])
        except PyXFormError as err:
            found = _ROW.search(str(err))
            where = f"{self.file}:survey" if found else self.file
            line = int(found.group(1)) if found else None
            message = _ROW.sub("", str(err)).strip().splitlines()[0]
            raise SurveyError(
                Problem(f"pyxform cannot read it as an XLSForm: {message}", where, line)
            ) from None
        settings: dict[str, Any] = {}
        if book.settings:
            settings = dict(
                dealias_and_group_headers(
                    "settings",
                    book.settings,
                    book.settings_header or [],
                    aliases.settings_header,
                    set(),
                ).data[0]
            )
        default = str(settings.get("default_language") or "default")
        survey = dealias_and_group_headers(
            "survey",
            book.survey or [],
            book.survey_header or [],
            aliases.survey_header,
            set(MultipleChoiceQuestion.get_slot_names()),
            default_language=default,
        )
        rows = dealias_types(list(survey.data))
        headers = list(survey.headers)
        if book.choices:
            choices = dealias_and_group_headers(
                "choices",
                book.choices,
                book.choices_header or [],
                aliases.list_header,
                set(Option.get_slot_names()),
                default_language=default,
                add_row_number=True,
            )
            headers += choices.headers
            for row in choices.data:
                if constants.LIST_NAME_S in row and "name" in row:
                    self.choices.setdefault(str(row[constants.LIST_NAME_S]), []).append(
                        (str(row["name"]), row.get("label"), int(row["__row"]))
                    )
        self.find_languages(headers, default)
        extra = _extra_sheet(self.path)
        return self.questionnaire(_tree(rows, self.file), settings, extra)

    def find_languages(self, headers: Iterable[tuple[str, ...]], default: str) -> None:
        keys = [default] + [
            h[-1] for h in headers if len(h) > 1 and h[0] in ("label", "hint", NA_COLUMN)
        ]
        for key in dict.fromkeys(keys):
            code = language_code(key) if key != "default" else None
            if key == "default":
                code = language_code(default) if default != "default" else None
                if code is None and any(k != "default" for k in keys[1:]):
                    continue  # the untranslated column stands in for the default language
                code = code or "en"
            if code is None:
                self.refuse(
                    "survey", 1, f"language {key!r} has no code: name it like label::{key} (xx)"
                )
                continue
            self.language_keys[key] = code
            if code not in self.languages:
                self.languages.append(code)
        if not self.languages:
            self.languages = ["en"]
        if "default" not in self.language_keys:
            self.language_keys["default"] = self.languages[0]

    def texts(self, value: Any, fallback: str | None = None) -> Texts | None:
        """A text in every language: a missing translation takes the first one given."""
        found: Texts = {}
        if isinstance(value, dict):
            for key, text in value.items():
                code = self.language_keys.get(key)
                if code is not None and str(text).strip():
                    found.setdefault(code, str(text).strip())
        elif value is not None and str(value).strip():
            found[self.language_keys["default"]] = str(value).strip()
        if not found:
            if fallback is None:
                return None
            found = {self.languages[0]: fallback}
        first = next(iter(found.values()))
        return {code: found.get(code, first) for code in self.languages}

    # -- the questionnaire --------------------------------------------------------------
    def questionnaire(
        self, top: list[_Node], settings: Mapping[str, Any], extra: list[dict[str, Any]]
    ) -> dict[str, Any]:
        form_id = str(settings.get("id_string") or self.path.stem)
        qid = re.sub(r"[^a-z0-9]+", "-", form_id.lower()).strip("-") or "form"
        title_text = str(settings.get("title") or form_id)
        data: dict[str, Any] = {
            "id": qid,
            "version": re.sub(r"[^A-Za-z0-9._-]+", "-", str(settings.get("version") or "1")),
            "languages": self.languages,
            "title": self.texts(title_text),
        }
        extras = {str(row.get("kind")): row for row in extra}
        if "title" in extras:
            data["title"] = self.texts(extras["title"].get("label")) or data["title"]
        sections: list[dict[str, Any]] = []
        loose: list[dict[str, Any]] | None = None
        for node in top:
            kind = node.get(TYPE_COLUMN)
            if kind in (INTRO, OUTRO):
                data[kind] = self.texts(node.get("label"))
                continue
            if node.children is not None and not self.is_matrix(node):
                if self.container_refused(node):
                    continue
                questions = self.questions(node.children, self.condition(node, []))
                name = str(node.get(SECTION_COLUMN) or node.name)
                section: dict[str, Any] = {"id": self.section_id(name, sections)}
                title = self.texts(node.get("label"))
                if title:
                    section["title"] = title
                sections.append(section | {"questions": questions})
                loose = None
                continue
            if loose is None:
                loose = []
                sections.append({"id": self.section_id("", sections), "questions": loose})
            loose += self.questions([node], [])
        sections = [s for s in sections if s["questions"]]
        data = {
            key: data[key]
            for key in ("id", "version", "languages", "title", INTRO, OUTRO)
            if data.get(key)
        }
        if "tags" in extras and extras["tags"].get("items"):
            data["tags"] = str(extras["tags"]["items"]).split()
        if "review_before_submit" in extras:
            data["review_before_submit"] = _yes(extras["review_before_submit"].get("name"))
        scales = self.scales([row for row in extra if row.get("kind") == "scale"])
        if scales:
            data["scales"] = scales
        data["sections"] = sections
        return data

    def section_id(self, name: str, sections: list[dict[str, Any]]) -> str:
        taken = {s["id"] for s in sections}
        base = to_id(name) if name else ("main" if not taken else f"part_{len(sections) + 1}")
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}_{n}"
        return ident

    def scales(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        scales: dict[str, Any] = {}
        for row in rows:
            items = [to_id(i) for i in str(row.get("items") or "").split()]
            known = [i for i in items if i in self.ids]
            if not row.get("name") or len(known) < 2:
                continue
            scale: dict[str, Any] = {"items": known}
            if row.get("min_items") and str(row["min_items"]).isdigit():
                scale["min_items"] = min(int(row["min_items"]), len(known))
            text = self.texts(row.get("label"))
            if text:
                scale["text"] = text
            scales[to_id(str(row["name"]))] = scale
        return scales

    def container_refused(self, node: _Node) -> bool:
        if node.type.split()[:2] in (["begin", "group"], ["begin_group"]):
            return False
        self.refuse("survey", node.number, f"type {node.type!r} has no surveytui equivalent")
        return True

    def condition(self, node: _Node, inherited: list[str]) -> list[str]:
        """The conditions a row is shown under: its container's and its own `relevant`."""
        relevant = node.get("bind", "relevant")
        if not relevant:
            return inherited
        relevant = str(relevant)
        ours = node.get(SHOW_IF_COLUMN)
        if ours:
            try:
                answers = {t.id: t.answer for t in self.targets.values()}
                if to_relevant(ex.parse(str(ours)), lambda i: answers[i]) == relevant:
                    return [*inherited, str(ours)]
            except (ex.ExprError, KeyError):
                pass  # edited since export: read the relevant itself
        try:
            return [*inherited, to_show_if(relevant, self.targets.get)]
        except RelevantError as err:
            self.refuse("survey", node.number, f"relevant {relevant!r}: {err}")
            return inherited

    def questions(self, nodes: list[_Node], conditions: list[str]) -> list[dict[str, Any]]:
        questions: list[dict[str, Any]] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            index += 1
            if node.children is not None:
                if self.is_matrix(node):
                    matrix = self.matrix(node, self.condition(node, conditions))
                    if matrix:
                        questions.append(matrix)
                elif not self.container_refused(node):
                    questions += self.questions(node.children, self.condition(node, conditions))
                continue
            question = self.question(node, conditions)
            if question is None:
                continue
            if question.pop("_other_text", False) and index < len(nodes):
                follower = nodes[index]
                if (
                    follower.children is None
                    and follower.type == "text"
                    and follower.name in (node.name + OTHER_SUFFIX, node.name + "_other")
                ):
                    question["other"] = self.texts(follower.get("label"), "Other")
                    index += 1
            questions.append(question)
        return questions

    def select(self, node: _Node) -> _Select | None:
        from pyxform import aliases, constants
        from pyxform.xls2json import RE_SELECT

        found = RE_SELECT.search(" ".join(node.type.split()))
        if not found:
            return None
        command = found.group("select_command")
        kind = aliases.select.get(command)
        if command in aliases.select_from_file or kind not in (
            constants.SELECT_ONE,
            constants.SELECT_ALL_THAT_APPLY,
        ):
            return None
        if found.group("list_name") not in self.choices:
            return None  # choices from a file or another question's answers
        one = kind == constants.SELECT_ONE
        return _Select(
            "select_one" if one else "select_multiple",
            found.group("list_name"),
            found.group("specify_other") is not None,
        )

    def scale_of(self, select: _Select | None) -> tuple[int, int] | None:
        """The integer range a list's choices make, `na` aside; None if they make none."""
        if select is None or select.list_name not in self.choices:
            return None
        names = [name for name, _, _ in self.choices[select.list_name] if name != NA_CODE]
        if not names or not all(re.fullmatch(r"-?\d+", name) for name in names):
            return None
        codes = [int(name) for name in names]
        if codes != list(range(codes[0], codes[0] + len(codes))) or len(codes) < 2:
            return None
        return codes[0], codes[-1]

    def holds(self, spec: QuestionType, select: _Select | None) -> bool:
        """Whether an ordinal type can take the list's codes: 1..2-11 points, or a range."""
        found = self.scale_of(select)
        return found is not None and ("scale" in spec.keys or (found[0] == 1 and found[1] <= 11))

    def is_matrix(self, node: _Node) -> bool:
        if node.children is None or node.get(TYPE_COLUMN) == SECTION:
            return False
        if not {"field-list", "table-list"} & set(node.appearance):
            return False
        kids = node.children
        selects = [self.select(kid) if kid.children is None else None for kid in kids]
        return (
            len(kids) >= 2
            and all(s is not None and s.command == "select_one" and not s.or_other for s in selects)
            and len({s.list_name for s in selects if s is not None}) == 1
            and self.scale_of(selects[0]) is not None
            and not any(kid.get("bind", "relevant") for kid in kids)
        )

    def claim(self, node: _Node) -> str | None:
        ident = to_id(node.name)
        if ident in self.ids:
            self.refuse(
                "survey",
                node.number,
                f"name {node.name!r} becomes id {ident!r}, which row {self.ids[ident]} has already",
            )
            return None
        self.ids[ident] = node.number
        return ident

    def unsupported_cells(self, node: _Node, answer: Answer) -> bool:
        """Report columns of a kept row that have no equivalent; True if the row must go."""
        refused = False
        for column, keys in (
            ("choice_filter", ("choice_filter",)),
            ("calculation", ("bind", "calculate")),
            ("trigger", ("trigger",)),
        ):
            if node.get(*keys):
                self.refuse("survey", node.number, f"{column} has no surveytui equivalent")
                refused = True
        required = node.get("bind", "required")
        if required and _yes(required) is None:
            self.refuse(
                "survey", node.number, f"required {required!r} is an expression, not yes or no"
            )
        constraint = node.get("bind", "constraint")
        if constraint and (answer is not Answer.NUMBER or _bounds(str(constraint)) is None):
            self.refuse(
                "survey", node.number, f"constraint {constraint!r} has no surveytui equivalent"
            )
        return refused

    def question(self, node: _Node, conditions: list[str]) -> dict[str, Any] | None:
        if node.get(TYPE_COLUMN) in (INTRO, OUTRO):
            return None
        select = self.select(node)
        base = select.command if select else _base_type(node.type)
        face = self.face_of(node, base, select)
        if face is None:
            self.refuse("survey", node.number, f"type {node.type!r} has no surveytui equivalent")
            return None
        spec, face_ = face
        if self.unsupported_cells(node, spec.answer):
            return None
        if spec.answer is Answer.NONE and not node.get("label"):
            return None  # a note without text shows nothing
        ident = self.claim(node)
        if ident is None:
            return None
        question: dict[str, Any] = {"id": ident, "type": spec.name}
        question["text"] = self.texts(node.get("label"), node.name)
        help_text = self.texts(node.get("hint"))
        if help_text:
            question["help"] = help_text
        if spec.answer is not Answer.NONE and _yes(node.get("bind", "required")):
            question["required"] = True
        shown = self.condition(node, conditions)
        if shown:
            question["show_if"] = _all(shown)
        question |= face_.read(self, node, spec, select)
        self.targets[node.name] = face_.target(self, ident, spec, select)
        return question

    def face_of(
        self, node: _Node, base: str, select: _Select | None
    ) -> tuple[QuestionType, _Face] | None:
        """The type a row becomes: the one `surveytui_type` names if its face fits the row."""
        named = TYPES.get(str(node.get(TYPE_COLUMN) or ""))
        if (
            named is not None
            and not named.rows
            and _FACES[named.answer].fits(self, base, select)
            and (named.answer is not Answer.SCALE or self.holds(named, select))
        ):
            return named, _FACES[named.answer]
        for answer in (Answer.SCALE, *(a for a in Answer if a is not Answer.SCALE)):
            face = _FACES[answer]
            if answer is not Answer.BOOLEAN and face.fits(self, base, select):
                if answer is Answer.SCALE and not self.looks_ordinal(node, select):
                    continue
                return face.inferred(self, select), face
        return None

    def looks_ordinal(self, node: _Node, select: _Select | None) -> bool:
        if select is None or self.scale_of(select) is None:
            return False
        labels = [
            str(text)
            for _, label, _ in self.choices[select.list_name]
            for text in (label.values() if isinstance(label, dict) else [label])
        ]
        return "likert" in node.appearance or any(_AGREEMENT.search(text) for text in labels)

    def choice_list(self, select: _Select) -> list[tuple[str, Any, int]]:
        return self.choices.get(select.list_name, [])

    def matrix(self, node: _Node, conditions: list[str]) -> dict[str, Any] | None:
        if self.unsupported_cells(node, Answer.SCALE):
            return None
        spec = _spec(Answer.SCALE, rows=True)
        ident = self.claim(node)
        if ident is None:
            return None
        kids = node.children or []
        select = self.select(kids[0])
        matrix: dict[str, Any] = {"id": ident, "type": spec.name}
        matrix["text"] = self.texts(node.get("label"), node.name)
        if all(_yes(kid.get("bind", "required")) for kid in kids):
            matrix["required"] = True
        if conditions:
            matrix["show_if"] = _all(conditions)
        matrix |= _FACES[Answer.SCALE].read(self, node, spec, select)
        rows = []
        for kid in kids:
            row_id = self.claim(kid)
            if row_id is None:
                continue
            row: dict[str, Any] = {"id": row_id, "text": self.texts(kid.get("label"), kid.name)}
            if _yes(kid.get(REVERSE_COLUMN)):
                row["reverse"] = True
            rows.append(row)
            self.targets[kid.name] = _FACES[Answer.SCALE].target(self, row_id, spec, select)
        matrix["rows"] = rows
        return matrix


def _base_type(kind: str) -> str:
    """The XLSForm type a question type's alias stands for (`string` is `text`)."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    kind = " ".join(kind.split())
    meaning = QUESTION_TYPE_DICT.get(kind)
    for base in ("text", "integer", "decimal", "note"):
        if meaning is not None and meaning == QUESTION_TYPE_DICT.get(base):
            return base
    return kind


def _yes(value: Any) -> bool | None:
    """An XLSForm yes/no cell as a bool (blank is no); None for anything else."""
    if value is None or str(value).strip() == "":
        return False
    return {
        "yes": True,
        "true": True,
        "true()": True,
        "no": False,
        "false": False,
        "false()": False,
        "1": True,
        "0": False,
    }.get(str(value).strip().lower())


def _bounds(constraint: str) -> dict[str, float] | None:
    """`min`/`max` of a constraint `. >= a and . <= b` (either part alone); None otherwise."""
    found: dict[str, float] = {}
    for part in constraint.split(" and "):
        match = _BOUND.match(part)
        if not match:
            return None
        found["min" if match.group(1) == ">=" else "max"] = float(match.group(2))
    return found


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _all(conditions: list[str]) -> str:
    if len(conditions) == 1:
        return conditions[0]
    return " and ".join(f"({c})" for c in conditions)


def _tree(rows: Iterable[dict[str, Any]], file: str) -> list[_Node]:
    """The survey rows nested in their groups (pyxform has checked that they match);
    SurveyError for groups nested deeper than any form needs, which would exhaust the stack."""
    from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL

    top: list[_Node] = []
    stack = [top]
    for number, row in enumerate(rows, start=2):
        kind = str(row.get("type", "")).strip()
        if not kind:
            continue
        if RE_END_CONTROL.search(kind):
            if len(stack) > 1:
                stack.pop()
            continue
        node = _Node(number, row)
        stack[-1].append(node)
        if RE_BEGIN_CONTROL.search(kind):
            if len(stack) > MAX_GROUP_DEPTH:
                raise SurveyError(
                    Problem(
                        f"groups nest more than {MAX_GROUP_DEPTH} levels deep",
                        f"{file}:survey",
                        number,
                    )
                )
            node.children = []
            stack.append(node.children)
    return top


def _extra_sheet(path: Path) -> list[dict[str, Any]]:
    """The rows of our own `surveytui` sheet (xlsx only), grouped like pyxform's."""
    if path.suffix.lower() == ".xls":
        return []
    import openpyxl
    from pyxform.parsing.sheet_headers import dealias_and_group_headers

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if SHEET not in book.sheetnames:
            return []
        values = list(book[SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    if not values:
        return []
    header = [str(h).strip() if h is not None else "" for h in values[0]]
    rows = [
        {h: str(v).strip() for h, v in zip(header, row) if h and v is not None and str(v).strip()}
        for row in values[1:]
    ]
    grouped = dealias_and_group_headers(
        SHEET,
        rows,
        [dict.fromkeys(h for h in header if h)],
        {},
        {"kind", "name", "items", "min_items"},
    )
    return [dict(row) for row in grouped.data]


# -- the faces: one per kind of answer, read and written --------------------------------


class _Face:
    """How one kind of answer looks in an XLSForm."""

    base = ""  # the XLSForm type without list name

    def fits(self, importer: _Importer, base: str, select: _Select | None) -> bool:
        return base == self.base

    def inferred(self, importer: _Importer, select: _Select | None) -> QuestionType:
        raise NotImplementedError

    def read(
        self, importer: _Importer, node: _Node, spec: QuestionType, select: _Select | None
    ) -> dict[str, Any]:
        return {}

    def target(
        self, importer: _Importer, ident: str, spec: QuestionType, select: _Select | None
    ) -> NamedQuestion:
        return NamedQuestion(ident, spec.answer)

    def write(self, q: Question, book: _Book) -> tuple[str, dict[str, Any]]:
        """The XLSForm type of question `q` and its extra cells; its choices go to `book`."""
        return self.base, {}


class _ScaleFace(_Face):
    base = "select_one"

    def inferred(self, importer: _Importer, select: _Select | None) -> QuestionType:
        low, high = importer.scale_of(select) or (1, 2)
        return _spec(Answer.SCALE, key="points" if low == 1 and high <= 11 else "scale")

    def read(
        self, importer: _Importer, node: _Node, spec: QuestionType, select: _Select | None
    ) -> dict[str, Any]:
        assert select is not None
        low, high = importer.scale_of(select) or (1, 2)
        found: dict[str, Any] = (
            {"points": high}
            if "points" in spec.keys and low == 1 and high <= 11
            else {"scale": {"min": low, "max": high}}
        )
        labels: dict[int, Texts] = {}
        for name, label, _ in importer.choice_list(select):
            texts = importer.texts(label)
            if name == NA_CODE:
                found["na"] = importer.texts(label, "Don't know")
            elif texts and set(texts.values()) != {name}:
                labels[int(name)] = texts
        if labels:
            found["labels"] = labels
        if _yes(node.get(REVERSE_COLUMN)) and not spec.rows:
            found["reverse"] = True
        return found

    def target(
        self, importer: _Importer, ident: str, spec: QuestionType, select: _Select | None
    ) -> NamedQuestion:
        assert select is not None
        codes = {name: name for name, _, _ in importer.choice_list(select)}
        return NamedQuestion(ident, spec.answer, codes)

    def write(self, q: Question, book: _Book) -> tuple[str, dict[str, Any]]:
        choices = [(str(code), q.labels.get(code)) for code in q.codes]
        book.choice_list(q, q.id, choices)
        likert = "points" in q.spec.keys
        cells = {"appearance": "likert"} if likert and not q.spec.rows else {}
        return f"select_one {q.id}", cells


class _ChoiceFace(_Face):
    def __init__(self, base: str, answer: Answer):
        self.base = base
        self.answer = answer

    def inferred(self, importer: _Importer, select: _Select | None) -> QuestionType:
        return _spec(self.answer)

    def read(
        self, importer: _Importer, node: _Node, spec: QuestionType, select: _Select | None
    ) -> dict[str, Any]:
        assert select is not None
        choices = []
        found: dict[str, Any] = {}
        codes: dict[str, int] = {}
        other = select.or_other
        for name, label, row in importer.choice_list(select):
            if name == NA_CODE:
                found["na"] = importer.texts(label, "Don't know")
                continue
            if name == OTHER_CODE:
                found["other"] = importer.texts(label, "Other")
                other = True
                continue
            code = to_code(name)
            if not code or code in codes:
                again = f", as row {codes[code]} does" if code in codes else ""
                importer.refuse(
                    "choices",
                    row,
                    f"choice {name!r} of list {select.list_name!r} cannot be a choice code{again}",
                )
                continue
            codes[code] = row
            choices.append({"code": code, "text": importer.texts(label, name)})
        found["choices"] = choices
        if other:
            found.setdefault("other", importer.texts(None, "Other"))
            found["_other_text"] = True
        return found

    def target(
        self, importer: _Importer, ident: str, spec: QuestionType, select: _Select | None
    ) -> NamedQuestion:
        assert select is not None
        codes = {name: f"'{to_code(name)}'" for name, _, _ in importer.choice_list(select)}
        codes[NA_CODE] = NA_CODE
        return NamedQuestion(ident, spec.answer, codes)

    def write(self, q: Question, book: _Book) -> tuple[str, dict[str, Any]]:
        choices = [(c.code, c.text) for c in q.choices]
        if q.other is not None:
            choices.append((OTHER_CODE, q.other))
        book.choice_list(q, q.id, choices)
        return f"{self.base} {q.id}", {}


class _BooleanFace(_Face):
    """yes/no: a select_one of `1` and `0`, the codes the results file stores."""

    base = "select_one"

    def fits(self, importer: _Importer, base: str, select: _Select | None) -> bool:
        names = {name for name, _, _ in importer.choice_list(select)} if select else set()
        return base == self.base and names - {NA_CODE} == {"1", "0"}

    def read(
        self, importer: _Importer, node: _Node, spec: QuestionType, select: _Select | None
    ) -> dict[str, Any]:
        assert select is not None
        found: dict[str, Any] = {}
        for name, label, _ in importer.choice_list(select):
            if name == NA_CODE:
                found["na"] = importer.texts(label, "Don't know")
        return found

    def target(
        self, importer: _Importer, ident: str, spec: QuestionType, select: _Select | None
    ) -> NamedQuestion:
        return NamedQuestion(ident, spec.answer, {"1": "true", "0": "false", NA_CODE: NA_CODE})

    def write(self, q: Question, book: _Book) -> tuple[str, dict[str, Any]]:
        words = {
            code: {lang: t(key, lang) for lang in book.languages}
            for code, key in (("1", "yes"), ("0", "no"))
        }
        book.choice_list(q, q.id, [("1", words["1"]), ("0", words["0"])])
        return f"select_one {q.id}", {}


class _NumberFace(_Face):
    base = "decimal"

    def fits(self, importer: _Importer, base: str, select: _Select | None) -> bool:
        return base in ("integer", "decimal")

    def inferred(self, importer: _Importer, select: _Select | None) -> QuestionType:
        return _spec(Answer.NUMBER)

    def read(
        self, importer: _Importer, node: _Node, spec: QuestionType, select: _Select | None
    ) -> dict[str, Any]:
        found: dict[str, Any] = {
            key: _number(value)
            for key, value in (_bounds(str(node.get("bind", "constraint") or "")) or {}).items()
        }
        na = importer.texts(node.get(NA_COLUMN))
        if na:
            found["na"] = na
        return found

    def write(self, q: Question, book: _Book) -> tuple[str, dict[str, Any]]:
        bounds = [
            f". {op} {value:g}" for op, value in ((">=", q.min), ("<=", q.max)) if value is not None
        ]
        return self.base, {"constraint": " and ".join(bounds)} if bounds else {}


class _TextFace(_Face):
    base = "text"

    def inferred(self, importer: _Importer, select: _Select | None) -> QuestionType:
        return _spec(Answer.TEXT)

    def read(
        self, importer: _Importer, node: _Node, spec: QuestionType, select: _Select | None
    ) -> dict[str, Any]:
        found: dict[str, Any] = {"multiline": "multiline" in node.appearance}
        if _yes(node.get(CODE_COLUMN)):
            found["respondent_code"] = True
        return found

    def write(self, q: Question, book: _Book) -> tuple[str, dict[str, Any]]:
        cells: dict[str, Any] = {"appearance": "multiline"} if q.multiline else {}
        if q.respondent_code:
            cells[CODE_COLUMN] = "yes"
        return self.base, cells


class _NoteFace(_Face):
    base = "note"

    def inferred(self, importer: _Importer, select: _Select | None) -> QuestionType:
        return _spec(Answer.NONE)


_FACES: dict[Answer, _Face] = {
    Answer.SCALE: _ScaleFace(),
    Answer.CHOICE: _ChoiceFace("select_one", Answer.CHOICE),
    Answer.CHOICES: _ChoiceFace("select_multiple", Answer.CHOICES),
    Answer.BOOLEAN: _BooleanFace(),
    Answer.NUMBER: _NumberFace(),
    Answer.TEXT: _TextFace(),
    Answer.NONE: _NoteFace(),
}


def read_xlsform(path: str | Path, skip_unsupported: bool = False) -> Imported:
    """Read an XLSForm as a questionnaire; SurveyError listing every construct without an
    equivalent here (file:sheet:row), or with `skip_unsupported` leave them out and list them.
    """
    path = Path(path)
    importer = _Importer(path)
    data = importer.read()
    if importer.unsupported and not skip_unsupported:
        raise SurveyError(importer.unsupported)
    if not data["sections"]:
        nothing = Problem("the form has no question surveytui can keep", str(path))
        raise SurveyError([*importer.unsupported, nothing])
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    try:
        questionnaire = load_questionnaire_text(text, f"{path} (as YAML)")
    except SurveyError as err:
        raise SurveyError(
            [
                Problem(f"the converted questionnaire is not valid: {p.message}", str(path))
                for p in err.problems
            ]
        ) from None
    return Imported(text, questionnaire, importer.unsupported)


# -- questionnaire to XLSForm ----------------------------------------------------------


class _Book:
    """The sheets of the XLSForm being written, as rows of column -> value."""

    def __init__(self, questionnaire: Questionnaire):
        self.questionnaire = questionnaire
        self.languages = questionnaire.languages
        self.survey: list[dict[str, Any]] = []
        self.choices: list[dict[str, Any]] = []
        self.extra: list[dict[str, Any]] = []

    def labelled(self, column: str, texts: Texts | None) -> dict[str, str]:
        if not texts:
            return {}
        return {
            f"{column}::{language_header(lang)}": texts.get(lang, "") for lang in self.languages
        }

    def choice_list(
        self, q: Question, name: str, choices: Sequence[tuple[str, Texts | None]]
    ) -> None:
        if q.na is not None:
            choices = [*choices, (NA_CODE, q.na)]
        for code, texts in choices:
            label = texts or {lang: code for lang in self.languages}
            self.choices.append({"list_name": name, "name": code} | self.labelled("label", label))

    def answers(self, ident: str) -> Answer:
        """The kind of answer a condition's id has (a question's, or its matrix's)."""
        return self.questionnaire.answer_keys()[ident].spec.answer

    def row(self, kind: str, name: str, text: Texts | None, **cells: Any) -> dict[str, Any]:
        return (
            {"type": kind, "name": name}
            | self.labelled("label", text)
            | {key: value for key, value in cells.items() if value not in (None, "", False)}
        )

    def question(self, q: Question) -> None:
        common: dict[str, Any] = self.labelled("hint", q.help) | {TYPE_COLUMN: q.type}
        if q.condition is not None:
            common |= {
                "relevant": to_relevant(q.condition, self.answers),
                SHOW_IF_COLUMN: q.show_if,
            }
        if q.spec.rows:
            kind, cells = _FACES[q.spec.answer].write(q, self)
            self.survey.append(
                self.row("begin group", q.id, q.text, appearance="table-list") | common
            )
            for matrix_row in q.rows:
                self.survey.append(
                    self.row(
                        kind, matrix_row.id, matrix_row.text, required="yes" if q.required else None
                    )
                    | ({REVERSE_COLUMN: "yes"} if matrix_row.reverse else {})
                )
            self.survey.append({"type": "end group", "name": q.id})
            return
        kind, cells = _FACES[q.spec.answer].write(q, self)
        if q.reverse:
            cells[REVERSE_COLUMN] = "yes"
        if q.na is not None and not kind.startswith("select"):
            cells |= self.labelled(NA_COLUMN, q.na)
        required = "yes" if q.required else None
        self.survey.append(self.row(kind, q.id, q.text, required=required) | cells | common)
        if q.offers_other:
            self.survey.append(
                self.row(
                    "text",
                    q.id + OTHER_SUFFIX,
                    q.other,
                    required="yes",
                    relevant=f"selected(${{{q.id}}}, '{OTHER_CODE}')",
                )
            )

    def note(self, kind: str, texts: Texts | None) -> None:
        if texts:
            taken = set(self.questionnaire.answer_keys()) | {
                q.id for q in self.questionnaire.questions
            }
            name = kind
            while name in taken:
                name += "_note"
            self.survey.append(self.row("note", name, texts) | {TYPE_COLUMN: kind})


def write_xlsform(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as an XLSForm workbook (xlsx) that pyxform converts without warnings."""
    import openpyxl

    q = questionnaire
    book = _Book(q)
    book.note(INTRO, q.intro)
    taken = set(q.answer_keys()) | {question.id for question in q.questions}
    for section in q.sections:
        # XLSForm names groups and questions in one namespace, surveytui sections apart.
        name = section.id
        while name in taken:
            name += "_section"
        taken.add(name)
        book.survey.append(
            book.row("begin group", name, section.title or None)
            | {TYPE_COLUMN: SECTION, SECTION_COLUMN: section.id}
        )
        for question in section.questions:
            book.question(question)
        book.survey.append({"type": "end group", "name": name})
    book.note(OUTRO, q.outro)
    book.extra.append({"kind": "title"} | book.labelled("label", q.title))
    if q.tags:
        book.extra.append({"kind": "tags", "items": " ".join(q.tags)})
    if q.review_before_submit:
        book.extra.append({"kind": "review_before_submit", "name": "yes"})
    for scale in q.scales:
        book.extra.append(
            {
                "kind": "scale",
                "name": scale.id,
                "items": " ".join(scale.items),
                "min_items": scale.min_items,
            }
            | book.labelled("label", scale.text)
        )
    settings = [
        {
            "form_id": q.id,
            "title": q.title.get(q.languages[0], ""),
            "version": q.version,
            "default_language": language_header(q.languages[0]),
        }
    ]
    workbook = openpyxl.Workbook()
    sheets = (
        ("survey", book.survey),
        ("choices", book.choices),
        ("settings", settings),
        (SHEET, book.extra),
    )
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        columns = list(dict.fromkeys(key for row in rows for key in row))
        # XLSForm's own columns first, ours after them, where a person reading it expects them.
        columns.sort(key=lambda column: column.startswith("surveytui_"))
        sheet.append(columns)
        for number, row in enumerate(rows, start=2):
            for index, column in enumerate(columns, start=1):
                value = row.get(column)
                if value is not None:
                    cell = sheet.cell(number, index, value)
                    cell.data_type = "n" if isinstance(value, (int, float)) else "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def check_xlsform(data: bytes) -> list[str]:
    """pyxform's warnings converting this XLSForm to an XForm; raises if it cannot."""
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    convert(io.BytesIO(data), warnings=warnings, file_type=".xlsx")
    return warnings
