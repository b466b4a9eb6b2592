"""A questionnaire file being edited: round-trip YAML that keeps comments and key order.

The builder changes the file through the operations of `QuestionnaireDocument`; every operation keeps
the text before it on an undo stack, and `problems()` runs the validator itself on the
current text, so the builder shows exactly what `surveytui validate` would print.
Nothing here imports textual or pandas.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, ScalarString

from surveytui.errors import Problem, SurveyError
from surveytui.model.load import ID_RE, load_questionnaire_text
from surveytui.model.qtypes import COMMON_KEYS, QUESTION_TYPES, TYPES, Answer
from surveytui.model.types import Question, Questionnaire

Path_ = tuple[str | int, ...]
UNDO_DEPTH = 200

# ruamel writes the end-of-line comment after an anchor (`labels: &agree  # why`) on a
# line of its own; this puts it back where the author had it.
_ANCHOR_COMMENT = re.compile(
    r"^(?P<head>[^\n#]*&[\w-]+)\n(?P<pad> +)(?P<comment>#[^\n]*)$", re.MULTILINE
)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flow(mapping: dict[str, Any]) -> CommentedMap:
    result = CommentedMap(mapping)
    result.fa.set_flow_style()
    return result


def _texts(languages: list[str], text: str = "") -> CommentedMap:
    return _flow({lang: text for lang in languages})


# The order keys are written in, for placing a key the file does not have yet.
KEY_ORDER = (
    "id",
    "version",
    "languages",
    "type",
    "title",
    "intro",
    "outro",
    "review_before_submit",
    "tags",
    "scales",
    "items",
    "min_items",
    "points",
    "scale",
    "labels",
    "na",
    "reverse",
    "required",
    "show_if",
    "text",
    "help",
    "choices",
    "other",
    "rows",
    "min",
    "max",
    "respondent_code",
    "multiline",
    "sections",
    "questions",
)


def _position(mapping: dict[Any, Any], key: Any) -> int:
    """Where a new key goes: scale points in numeric order, known keys in KEY_ORDER,
    anything else at the end."""
    keys = list(mapping)
    if isinstance(key, int):
        return sum(1 for k in keys if isinstance(k, int) and k < key)
    if key not in KEY_ORDER:
        return len(keys)
    rank = KEY_ORDER.index(key)
    later = [n for n, k in enumerate(keys) if k in KEY_ORDER and KEY_ORDER.index(k) > rank]
    return later[0] if later else len(keys)


def _strip_anchors(node: Any) -> Any:
    """Forget anchors in a copied subtree, so that the copy is written out in full."""
    if isinstance(node, CommentedBase) and node.anchor.value is not None:
        node.anchor.value = None
    if isinstance(node, dict):
        for value in node.values():
            _strip_anchors(value)
    elif isinstance(node, list):
        for value in node:
            _strip_anchors(value)
    return node


def _tail_slot(node: Any) -> tuple[Any, Any] | None:
    """The innermost last entry of an item, where ruamel keeps the blank lines and comment
    lines that follow the item in the file."""
    slot = None
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slot = (node, key)
        node = node[key]
    return slot


def _take_tail(node: Any) -> Any:
    """Detach and return what follows an item in the file (None if nothing)."""
    slot = _tail_slot(node)
    if slot is None:
        return None
    container, key = slot
    entry = container.ca.items.get(key)
    position = 2 if isinstance(container, CommentedMap) else 0
    if not entry or entry[position] is None:
        return None
    token, entry[position] = entry[position], None
    return token


def _give_tail(node: Any, token: Any) -> None:
    """Attach what should follow an item in the file."""
    slot = _tail_slot(node)
    if slot is None or token is None:
        return
    container, key = slot
    position = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[position] = token


def _with_tails_in_place(items: list[Any], change: Any) -> Any:
    """Run `change` on a list so that the blank lines and comments between its items stay
    between the same positions (and after the last item), instead of travelling with the
    items that are moved, added or removed."""
    tails = [_take_tail(item) for item in items]
    result = change()
    last = tails.pop() if tails else None
    tails = (tails + [None] * len(items))[: max(len(items) - 1, 0)] + [last]
    for item, tail in zip(items, tails):
        _give_tail(item, tail)
    return result


def bump_version(version: str) -> str:
    """The next version: the last number in it plus one ("1" -> "2", "1.10" -> "1.11")."""
    matches = list(re.finditer(r"\d+", version))
    if not matches:
        return f"{version}-2"
    last = matches[-1]
    return f"{version[: last.start()]}{int(last.group()) + 1}{version[last.end() :]}"


def default_question(
    qid: str, qtype: str, languages: list[str], row_id: str = "row_1"
) -> CommentedMap:
    """A new question of `qtype` with the keys its type requires and empty texts (a matrix
    gets one row, `row_id`; a choice question one choice, code 1)."""
    keys = {
        "id": qid,
        "type": qtype,
        "text": _texts(languages),
        **_type_defaults(qtype, languages, row_id),
    }
    return CommentedMap(sorted(keys.items(), key=lambda item: KEY_ORDER.index(item[0])))


def _type_defaults(qtype: str, languages: list[str], row_id: str) -> dict[str, Any]:
    """The keys a new question of `qtype` needs, by the keys its type takes: a scale of 5
    points where `points` is allowed (else 0-10), one row, one choice."""
    keys = TYPES[qtype].keys
    defaults: dict[str, Any] = {}
    if "points" in keys:
        defaults["points"] = 5
    elif "scale" in keys:
        defaults["scale"] = _flow({"min": 0, "max": 10})
    if "rows" in keys:
        defaults["rows"] = CommentedSeq([CommentedMap(id=row_id, text=_texts(languages))])
    if "choices" in keys:
        defaults["choices"] = CommentedSeq([CommentedMap(code=1, text=_texts(languages))])
    return defaults


class QuestionnaireDocument:
    """The YAML tree of one questionnaire file, its operations, undo stack and problems."""

    def __init__(self, data: CommentedMap, path: Path | None, saved_text: str | None):
        self.data = data
        self.path = path
        self.saved_text = saved_text
        self.draft_text: str | None = None
        self._undo: list[tuple[Path_ | None, str]] = []
        self._text: str | None = None
        self._checked: tuple[str, list[Problem], Questionnaire | None] | None = None
        self._composed: tuple[str, Any] | None = None
        # Where a key was before it was emptied (with its comment and quoting), so that
        # typing it again puts it back as it was.
        self._removed: dict[Path_, tuple[int, Any, Any]] = {}

    # -- making one --------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str, path: Path | None = None) -> QuestionnaireDocument:
        """Parse questionnaire YAML; raise SurveyError with the validator's messages if the
        YAML itself cannot be read (then there is no tree to edit)."""
        name = str(path) if path else "<new questionnaire>"
        try:
            data = _yaml().load(text)
        except YAMLError:
            load_questionnaire_text(text, name)  # raises with the place and a fix
            raise SurveyError(Problem("the YAML cannot be read", name)) from None
        if not isinstance(data, CommentedMap):
            raise SurveyError(
                Problem(
                    "the file is not a questionnaire: its top level should be `key: value` lines",
                    name,
                    1,
                    1,
                    "start with `id:`, `version:` and `languages:`",
                )
            )
        return cls(data, path, text)

    @classmethod
    def load(cls, path: Path) -> QuestionnaireDocument:
        """Open a questionnaire file for editing."""
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise SurveyError(f"{path}: no such file (check the path)") from None
        except UnicodeDecodeError:
            raise SurveyError(
                Problem("the file is not UTF-8 text", str(path), hint="save it as UTF-8")
            ) from None
        except OSError as err:
            raise SurveyError(f"{path}: cannot read the file: {err.strerror}") from None
        return cls.from_text(text, path)

    @classmethod
    def new(cls, qid: str, languages: list[str], path: Path | None) -> QuestionnaireDocument:
        """A new questionnaire: the keys every file needs, one empty section."""
        data = CommentedMap()
        data["id"] = qid
        data["version"] = DoubleQuotedScalarString("1")
        data["languages"] = CommentedSeq(languages)
        data["languages"].fa.set_flow_style()
        data["title"] = _texts(languages)
        data["sections"] = CommentedSeq([cls._new_section("main", languages)])
        return cls(data, path, None)

    @classmethod
    def from_template(cls, template: Path, path: Path | None) -> QuestionnaireDocument:
        """A new questionnaire that starts as a copy of `template` (a bundled file)."""
        document = cls.load(template)
        document.path = path
        document.saved_text = None
        return document

    @staticmethod
    def _new_section(sid: str, languages: list[str]) -> CommentedMap:
        section = CommentedMap(id=sid)
        section["title"] = _texts(languages)
        section["questions"] = CommentedSeq()
        return section

    # -- reading -----------------------------------------------------------------------
    def text(self) -> str:
        """The YAML text as it would be saved now."""
        if self._text is None:
            out = io.StringIO()
            _yaml().dump(self.data, out)
            self._text = _ANCHOR_COMMENT.sub(
                lambda m: (
                    f"{m['head']}{' ' * max(1, len(m['pad']) - len(m['head']))}{m['comment']}"
                ),
                out.getvalue(),
            )
        return self._text

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "<new questionnaire>"

    def _check(self) -> tuple[list[Problem], Questionnaire | None]:
        text = self.text()
        if self._checked is None or self._checked[0] != text:
            try:
                loaded: Questionnaire | None = load_questionnaire_text(text, self.name)
                problems: list[Problem] = []
            except SurveyError as err:
                loaded, problems = None, err.problems
            self._checked = (text, problems, loaded)
        return self._checked[1], self._checked[2]

    def problems(self) -> list[Problem]:
        """What `surveytui validate` would print for the current text."""
        return self._check()[0]

    def questionnaire(self) -> Questionnaire | None:
        """The validated questionnaire, or None while it has problems."""
        return self._check()[1]

    def span(self, path: Path_) -> tuple[int, int] | None:
        """The first and last line (1-based) the value at `path` takes in `text()`, so that
        the validator's located problems can be matched to the part being edited."""
        text = self.text()
        if self._composed is None or self._composed[0] != text:
            try:
                root = pyyaml.compose(
                    text, Loader=getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
                )
            except pyyaml.YAMLError:
                root = None
            self._composed = (text, root)
        node = self._composed[1]
        for key in path:
            if isinstance(node, pyyaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(key)), None)
            elif (
                isinstance(node, pyyaml.SequenceNode)
                and isinstance(key, int)
                and key < len(node.value)
            ):
                node = node.value[key]
            else:
                return None
        if node is None:
            return None
        end = node.end_mark.line + (1 if node.end_mark.column else 0)
        return node.start_mark.line + 1, max(end, node.start_mark.line + 1)

    def problems_in(self, path: Path_) -> list[Problem]:
        """The problems located inside the value at `path`."""
        span = self.span(path)
        if span is None:
            return []
        return [p for p in self.problems() if p.line is not None and span[0] <= p.line <= span[1]]

    @property
    def changed(self) -> bool:
        """The text differs from the saved file (or there is no saved file yet)."""
        return self.saved_text is None or self.text() != self.saved_text

    @property
    def unsaved(self) -> bool:
        """Changes that are in neither the saved file nor a saved draft."""
        return self.changed and self.text() != self.draft_text

    @property
    def languages(self) -> list[str]:
        languages = self.data.get("languages")
        if isinstance(languages, list):
            return [str(lang) for lang in languages if isinstance(lang, str)]
        return [languages] if isinstance(languages, str) else []

    @property
    def sections(self) -> list[Any]:
        sections = self.data.get("sections")
        return sections if isinstance(sections, list) else []

    def questions(self, section: int) -> list[Any]:
        questions = self._mapping(self.sections[section]).get("questions")
        return questions if isinstance(questions, list) else []

    @staticmethod
    def _mapping(node: Any) -> dict[str, Any]:
        return node if isinstance(node, dict) else {}

    def get(self, path: Path_, default: Any = None) -> Any:
        """The value at `path` (keys and list indexes from the top), or `default`."""
        node: Any = self.data
        for key in path:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def _items(self) -> list[dict[str, Any]]:
        """Every question and matrix row, in file order."""
        items: list[dict[str, Any]] = []
        for section in range(len(self.sections)):
            for question in self.questions(section):
                question = self._mapping(question)
                items.append(question)
                rows = question.get("rows")
                if isinstance(rows, list):
                    items += [self._mapping(row) for row in rows]
        return items

    def all_ids(self) -> set[str]:
        """Every question, matrix-row and scale id in use (one namespace)."""
        ids = {str(k) for k in self._mapping(self.data.get("scales"))}
        return ids | {str(item.get("id", "")) for item in self._items()}

    def free_id(self, base: str) -> str:
        """`base`, or `base_2`, `base_3`... whichever is not used yet."""
        taken = self.all_ids() | {str(self._mapping(s).get("id")) for s in self.sections}
        if base not in taken and ID_RE.match(base):
            return base
        stem = re.sub(r"_\d+$", "", base) or "q"
        number = 2
        while f"{stem}_{number}" in taken:
            number += 1
        return f"{stem}_{number}"

    def preview_question(self, section: int, index: int) -> Question:
        """The question as the kiosk would get it, checked on its own (without its show_if,
        which needs the rest), so that it can be shown while other parts have problems."""
        question = copy.deepcopy(self.questions(section)[index])
        _strip_anchors(question)
        question.pop("show_if", None)
        languages = self.languages or ["en"]
        mini = CommentedMap(
            id="preview",
            version="1",
            languages=CommentedSeq(languages),
            title=_texts(languages, "preview"),
        )
        mini["sections"] = CommentedSeq(
            [
                CommentedMap(
                    id="preview",
                    title=_texts(languages, "preview"),
                    questions=CommentedSeq([question]),
                )
            ]
        )
        out = io.StringIO()
        _yaml().dump(mini, out)
        loaded = load_questionnaire_text(out.getvalue(), self.name)
        return loaded.sections[0].questions[0]

    # -- changing ----------------------------------------------------------------------
    def _record(self, key: Path_ | None = None) -> None:
        """Keep the text before a change; consecutive edits of one value undo as one."""
        if key is not None and self._undo and self._undo[-1][0] == key:
            return
        self._undo.append((key, self.text()))
        del self._undo[:-UNDO_DEPTH]

    def _changed(self) -> None:
        self._text = None

    def undo(self) -> bool:
        """Go back to the text before the last change; False when there is none."""
        while self._undo and self._undo[-1][1] == self.text():
            self._undo.pop()  # an operation that changed nothing
        if not self._undo:
            return False
        _, text = self._undo.pop()
        self.data = _yaml().load(text)
        self._text = text
        return True

    def _shared_ids(self) -> set[int]:
        """Containers reachable by more than one path: YAML anchors and their aliases."""
        seen: set[int] = set()
        shared: set[int] = set()

        def walk(node: Any) -> None:
            if not isinstance(node, (dict, list)):
                return
            if id(node) in seen:
                shared.add(id(node))
                return
            seen.add(id(node))
            for child in node.values() if isinstance(node, dict) else node:
                walk(child)

        walk(self.data)
        return shared

    def _writable(self, path: Path_) -> Any:
        """The container at `path`, unsharing aliased parts on the way so that a change
        to one question does not silently change every question that reuses its block."""
        shared = self._shared_ids()
        node: Any = self.data
        for key in path:
            child = node[key]
            if isinstance(child, (dict, list)) and id(child) in shared:
                child = _strip_anchors(copy.deepcopy(child))
                if isinstance(child, CommentedBase):
                    child.ca.comment = None
                node[key] = child
            node = child
        return node

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at `path`, creating mappings on the way; None removes the key."""
        *parents, key = path
        self._record(tuple(path))
        node: Any = self.data
        for depth, step in enumerate(parents, 1):
            if isinstance(node, dict) and not isinstance(node.get(step), (dict, list)):
                node[step] = _flow({}) if depth == len(parents) else CommentedMap()
            node = node[step]
        node = self._writable(tuple(parents))
        if value is None:
            if isinstance(node, CommentedMap) and key in node:
                self._removed[tuple(path)] = (
                    list(node).index(key),
                    node.ca.items.get(key),
                    node[key],
                )
                node.pop(key)
        elif isinstance(node, CommentedMap) and key not in node:
            position, comment, old = self._removed.pop(
                tuple(path), (_position(node, key), None, None)
            )
            node.insert(min(position, len(node)), key, self._styled(old, value))
            if comment is not None:
                node.ca.items[key] = comment
        else:
            node[key] = self._styled(node.get(key) if isinstance(node, dict) else node[key], value)
        self._changed()

    def set_flag(self, path: Path_, value: bool, default: bool = False) -> None:
        """Set a true/false key; the default removes it unless the file as opened or last
        saved wrote the key, so an author's explicit `required: false` stays."""
        self.set(path, None if value == default and not self._saved_has(path) else value)

    def _saved_has(self, path: Path_) -> bool:
        """The file as opened or last saved has the key at `path` on the same question or
        matrix row (found by its id, so that a moved question is still itself)."""
        if self.saved_text is None:
            return False
        saved = QuestionnaireDocument(_yaml().load(self.saved_text), None, None)
        *owner, key = path
        if not owner:
            return saved.data.get(key) is not None
        item_id = self._mapping(self.get(tuple(owner))).get("id")
        return item_id is not None and any(
            item.get("id") == item_id and item.get(str(key)) is not None for item in saved._items()
        )

    @staticmethod
    def _styled(old: Any, value: Any) -> Any:
        """A new string written in the quoting or block style of the one it replaces."""
        if isinstance(value, list) and not isinstance(value, CommentedSeq):
            styled = CommentedSeq(value)
            if not isinstance(old, CommentedSeq) or old.fa.flow_style():
                styled.fa.set_flow_style()
            return styled
        if not isinstance(value, str):
            return value
        if isinstance(old, ScalarString) and type(old) is not ScalarString:
            return type(old)(value)
        if "\n" in value:
            return LiteralScalarString(value)
        return value

    def rename(self, path: Path_, old: str, new: str) -> None:
        """Rename key `old` of the mapping at `path` to `new`, in place, with its comments."""
        mapping = self.get(path)
        if not isinstance(mapping, dict) or old not in mapping or new in mapping or not new:
            return
        self._record(("rename", *path))
        mapping = self._writable(path)
        position = list(mapping).index(old)
        value = mapping.pop(old)
        mapping.insert(position, new, value)
        if old in mapping.ca.items:
            mapping.ca.items[new] = mapping.ca.items.pop(old)
        self._changed()

    def set_text(self, path: Path_, lang: str, text: str) -> None:
        """Set one language of a text; an empty text removes that language, and a text
        left with no language at all is removed."""
        self.set((*path, lang), text if text else None)
        if not text and self.get(path) == {}:
            self.set(path, None)

    def insert(self, path: Path_, index: int, value: Any) -> None:
        """Insert `value` into the list at `path` (created if missing)."""
        self._record()
        *parents, key = path
        parent = self._writable(tuple(parents))
        if not isinstance(parent.get(key) if isinstance(parent, dict) else parent[key], list):
            parent[key] = CommentedSeq()
        items = self._writable(path)
        _with_tails_in_place(items, lambda: items.insert(index, value))
        self._changed()

    def remove(self, path: Path_, index: int) -> None:
        """Remove the item at `index` of the list (or mapping, such as `scales`) at `path`."""
        self._record()
        items = self._writable(path)
        if isinstance(items, dict):
            del items[list(items)[index]]
        else:
            _with_tails_in_place(items, lambda: items.pop(index))
        self._changed()

    def move(self, path: Path_, index: int, delta: int) -> int:
        """Move an item of the list (or mapping) at `path` by `delta` places, with its
        comments; return its new index (unchanged at an end)."""
        items = self.get(path)
        target = index + delta
        if not isinstance(items, (list, dict)) or not 0 <= target < len(items):
            return index
        self._record()
        items = self._writable(path)
        if isinstance(items, CommentedMap):
            key = list(items)[index]
            comment = items.ca.items.pop(key, None)
            items.insert(target, key, items.pop(key))
            if comment is not None:
                items.ca.items[key] = comment
        else:
            _with_tails_in_place(items, lambda: items.insert(target, items.pop(index)))
        self._changed()
        return target

    def add_choice(self, path: Path_) -> int:
        """Add a choice with the lowest code not in use and empty texts to the end of the
        choices at `path`; return its index."""
        choices = [c for c in self.get(path) or [] if isinstance(c, dict)]
        codes = {str(c.get("code")) for c in choices}
        code = next(n for n in range(1, len(choices) + 2) if str(n) not in codes)
        return self._append(path, CommentedMap(code=code, text=_texts(self.languages)))

    def add_row(self, path: Path_) -> int:
        """Add a row with a free id named after its matrix question, and empty texts, to the
        end of the rows at `path`; return its index."""
        question_id = str(self.get((*path[:-1], "id")) or "row")
        count = len(self.get(path) or [])
        row_id = self.free_id(f"{question_id}_{count + 1}")
        return self._append(path, CommentedMap(id=row_id, text=_texts(self.languages)))

    def _append(self, path: Path_, value: CommentedMap) -> int:
        index = len(self.get(path) or [])
        self.insert(path, index, value)
        return index

    def add_scale(self) -> str:
        """Add a scale with a free id and no items yet; return its id."""
        scale_id = self.free_id("scale")
        items = CommentedSeq()
        items.fa.set_flow_style()
        scale = CommentedMap(items=items)
        if isinstance(self.get(("scales",)), dict):
            self.set(("scales", scale_id), scale)
        else:
            self.set(("scales",), CommentedMap({scale_id: scale}))
        return scale_id

    # -- sections and questions --------------------------------------------------------
    def add_section(self, index: int) -> int:
        """Add an empty section at `index`; return that index."""
        sid = self.free_id("section")
        self.insert(("sections",), index, self._new_section(sid, self.languages))
        return index

    def add_question(self, section: int, index: int, qtype: str = "likert") -> int:
        """Add a new question of `qtype` at `index` of a section; return that index."""
        qid = self.free_id(f"{qtype}_question" if qtype in QUESTION_TYPES else "question")
        if not isinstance(self._mapping(self.sections[section]).get("questions"), list):
            self.set(("sections", section, "questions"), CommentedSeq())
        self.insert(
            ("sections", section, "questions"),
            index,
            default_question(qid, qtype, self.languages, self.free_id(f"{qid}_1")),
        )
        return index

    def duplicate_question(self, section: int, index: int) -> int:
        """Copy a question (with new ids) just below it; return the copy's index."""
        original = self.questions(section)[index]
        duplicate = _strip_anchors(copy.deepcopy(original))
        if isinstance(duplicate, dict):
            self._renumber(duplicate)
        self.insert(("sections", section, "questions"), index + 1, duplicate)
        return index + 1

    def _renumber(self, question: dict[str, Any]) -> None:
        question["id"] = self.free_id(str(question.get("id", "question")))
        taken = {question["id"]}
        for row in question.get("rows") or []:
            if isinstance(row, dict):
                new = self.free_id(str(row.get("id", "row")))
                while new in taken:
                    new = self.free_id(f"{new}_2")
                row["id"] = new
                taken.add(new)

    def duplicate_section(self, section: int) -> int:
        """Copy a section and its questions (with new ids) just below it."""
        duplicate = _strip_anchors(copy.deepcopy(self.sections[section]))
        taken: set[str] = set()
        if isinstance(duplicate, dict):
            duplicate["id"] = self.free_id(str(duplicate.get("id", "section")))
            for question in duplicate.get("questions") or []:
                if isinstance(question, dict):
                    self._renumber(question)
                    while question["id"] in taken:
                        question["id"] = self.free_id(f"{question['id']}_2")
                    taken.add(question["id"])
        self.insert(("sections",), section + 1, duplicate)
        return section + 1

    def delete_question(self, section: int, index: int) -> None:
        self.remove(("sections", section, "questions"), index)

    def delete_section(self, section: int) -> None:
        self.remove(("sections",), section)

    def move_question(self, section: int, index: int, delta: int) -> tuple[int, int]:
        """Move a question up or down; past the end of its section it goes into the next
        (or previous) one. Returns its new (section, index)."""
        questions = self.questions(section)
        target = index + delta
        if 0 <= target < len(questions):
            return section, self.move(("sections", section, "questions"), index, delta)
        other = section + (1 if delta > 0 else -1)
        if not 0 <= other < len(self.sections):
            return section, index
        at = 0 if delta > 0 else len(self.questions(other))
        return self.move_question_to(section, index, other, at)

    def move_question_to(
        self, section: int, index: int, target: int, at: int | None = None
    ) -> tuple[int, int]:
        """Move a question into section `target` (at its end unless `at` is given)."""
        if target == section:
            return section, index
        self._record()
        source = self._writable(("sections", section, "questions"))
        question = _with_tails_in_place(source, lambda: source.pop(index))
        if not isinstance(self._mapping(self.sections[target]).get("questions"), list):
            self._writable(("sections", target))["questions"] = CommentedSeq()
        questions = self._writable(("sections", target, "questions"))
        at = len(questions) if at is None else at
        _with_tails_in_place(questions, lambda: questions.insert(at, question))
        self._changed()
        return target, at

    def move_section(self, section: int, delta: int) -> int:
        return self.move(("sections",), section, delta)

    def dropped_by_type(self, section: int, index: int, qtype: str) -> list[str]:
        """The keys of a question that a change to `qtype` would remove."""
        allowed = set(TYPES[qtype].keys) | set(COMMON_KEYS)
        if TYPES[qtype].answer is Answer.NONE:
            allowed.discard("required")
        question = self._mapping(self.get(("sections", section, "questions", index)))
        return [key for key in question if key not in allowed]

    def set_type(self, section: int, index: int, qtype: str) -> None:
        """Change a question's type, dropping keys the new type does not take and adding
        the ones it needs."""
        path: Path_ = ("sections", section, "questions", index)
        question = self.get(path)
        if not isinstance(question, dict) or qtype not in QUESTION_TYPES:
            return
        self._record()
        question = self._writable(path)
        for key in self.dropped_by_type(section, index, qtype):
            del question[key]
        question["type"] = qtype
        row_id = self.free_id(f"{question.get('id')}_1")
        for key, value in _type_defaults(qtype, self.languages, row_id).items():
            if key == "points" and "scale" in question:
                continue
            question.setdefault(key, value)
        self._changed()

    def set_matrix_range(self, path: Path_, use_range: bool) -> None:
        """Give a matrix a `scale: {min, max}` range instead of `points`, or back."""
        question = self.get(path)
        if not isinstance(question, dict) or ("scale" in question) == use_range:
            return
        if use_range:
            points = question.get("points")
            top = points if isinstance(points, int) and points > 1 else 5
            self.set((*path, "points"), None)
            self.set((*path, "scale"), _flow({"min": 1, "max": top}))
        else:
            scale = question.get("scale")
            low, high = (
                (scale.get("min"), scale.get("max")) if isinstance(scale, dict) else (None, None)
            )
            points = high - low + 1 if isinstance(low, int) and isinstance(high, int) else 5
            self.set((*path, "scale"), None)
            self.set((*path, "points"), points if 2 <= points <= 11 else 5)

    def set_version(self, version: str) -> None:
        """Set `version`, written as a quoted string like the one it replaces."""
        old = self.data.get("version")
        if isinstance(old, int) and not isinstance(old, bool) and version.isdigit():
            self.set(("version",), int(version))
        elif isinstance(old, ScalarString) and type(old) is not ScalarString:
            self.set(("version",), type(old)(version))
        else:
            self.set(("version",), DoubleQuotedScalarString(version))
