"""Load a questionnaire from YAML, collecting every problem with its file, line and column.

We walk PyYAML's node tree ourselves instead of letting YAML construct Python values:
that keeps the line and column of every value, finds duplicate keys, and keeps what the
author wrote (`code: no` stays "no", `version: 1.10` stays "1.10").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from surveytui.errors import Problem, SurveyError
from surveytui.model import expr as ex
from surveytui.model.qtypes import COMMON_KEYS, NA_CODE, QUESTION_TYPES, TYPES, Answer
from surveytui.model.types import (
    OTHER_CODE,
    RESERVED_COLUMNS,
    RESERVED_HINT,
    Choice,
    MatrixRow,
    Question,
    Questionnaire,
    Scale,
    Section,
    Texts,
)

try:
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
QUESTIONNAIRE_ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")
ID_HINT = "use lowercase letters, digits and single underscores, starting with a letter"

TOP_KEYS = (
    "id",
    "version",
    "languages",
    "title",
    "intro",
    "outro",
    "review_before_submit",
    "tags",
    "scales",
    "sections",
)
SECTION_KEYS = ("id", "title", "questions")
SCALE_KEYS = ("items", "min_items", "text")
CHOICE_KEYS = ("code", "text")
ROW_KEYS = ("id", "text", "reverse")
ALL_QUESTION_KEYS = tuple(dict.fromkeys(COMMON_KEYS + sum((t.keys for t in TYPES.values()), ())))
# Values that aliases may add: far more than any questionnaire repeats, far less than what
# exhausts memory. Nested aliases multiply, so a few KB could otherwise stand for gigabytes.
ALIAS_LIMIT = 100_000


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read and validate a questionnaire file; raise SurveyError listing every problem."""
    return load_questionnaire_text(read_text(path, "a questionnaire file"), str(path))


def read_text(path: str | Path, what: str) -> str:
    """A YAML file's text (UTF-8, BOM allowed); SurveyError when it cannot be read."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SurveyError(f"{name}: no such file (check the path)") from None
    except IsADirectoryError:
        raise SurveyError(f"{name}: is a folder, not {what}") from None
    except OSError as err:
        raise SurveyError(f"{name}: cannot read the file: {err.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SurveyError(
            Problem("the file is not UTF-8 text", name, line, hint="save it as UTF-8")
        ) from None


def load_questionnaire_text(text: str, filename: str = "<questionnaire>") -> Questionnaire:
    """Validate questionnaire YAML given as text; `filename` is used in messages."""
    builder = _Builder(filename)
    questionnaire = builder.build(text)
    if builder.problems or questionnaire is None:
        problems = sorted(builder.problems, key=lambda p: (p.line or 0, p.column or 0))
        raise SurveyError(problems)
    questionnaire.source = text
    questionnaire.path = filename
    return questionnaire


def validate_file(path: str | Path) -> list[Problem]:
    """Every problem of one file (empty when it is valid)."""
    try:
        load_questionnaire(path)
    except SurveyError as err:
        return err.problems
    return []


def _suggest(word: str, options: tuple[str, ...] | list[str]) -> str | None:
    import difflib  # only when there is a mistake: valid files start faster without it

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return close[0] if close else None


class _Builder:
    def __init__(self, filename: str):
        self.file = filename
        self.problems: list[Problem] = []
        self.languages: list[str] = []
        # id -> (kind, line) for the shared namespace of questions, matrix rows and scales
        self.ids: dict[str, tuple[str, int]] = {}
        # id(question) -> its show_if value node, to place errors found after loading
        self.show_if_nodes: dict[int, yaml.Node] = {}

    # -- reporting ------------------------------------------------------------------
    def error(
        self,
        node: yaml.Node | yaml.Event | None,
        message: str,
        hint: str | None = None,
        column_offset: int = 0,
    ) -> None:
        line = col = None
        mark = None if node is None else node.start_mark
        if mark is not None:
            line = mark.line + 1
            col = mark.column + 1 + column_offset
        self.problems.append(Problem(message, self.file, line, col, hint))

    # -- parsing --------------------------------------------------------------------
    def compose(self, text: str, first_keys: str) -> yaml.Node | None:
        """The YAML node tree of the text, or None after reporting tabs, syntax or emptiness."""
        tab_lines = [
            (number, len(line) - len(line.lstrip(" ")) + 1)
            for number, line in enumerate(text.splitlines(), 1)
            if line.lstrip(" ").startswith("\t")
        ]
        if tab_lines:
            for number, col in tab_lines:
                self.problems.append(
                    Problem(
                        "a tab is used for indentation",
                        self.file,
                        number,
                        col,
                        "YAML indents with spaces only: replace the tab with spaces",
                    )
                )
            return None
        try:
            root = yaml.compose(text, Loader=_YamlLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            message = err.problem or err.context or "the YAML cannot be read"
            if err.context and err.problem:
                message = f"{err.context}, {err.problem}"
                if err.context_mark and mark and err.context_mark.line != mark.line:
                    message = (
                        f"{err.context} (started on line {err.context_mark.line + 1}), "
                        f"{err.problem}"
                    )
            self.problems.append(
                Problem(
                    f"YAML syntax error: {message}",
                    self.file,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    "check the indentation and quoting on this line or the one above",
                )
            )
            return None
        except yaml.reader.ReaderError as err:
            self.unacceptable_character(text, err)
            return None
        except yaml.YAMLError as err:
            self.problems.append(Problem(f"YAML syntax error: {err}", self.file))
            return None
        if root is None:
            self.problems.append(
                Problem("the file is empty", self.file, 1, 1, f"start with {first_keys}")
            )
            return None
        return root if self.aliases_bounded(text) else None

    def unacceptable_character(self, text: str, err: yaml.reader.ReaderError) -> None:
        """Report the character YAML refuses at its line and column (the error only gives a
        position, counted differently by libyaml and PyYAML)."""
        import unicodedata

        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        if found is None:
            self.problems.append(Problem(f"the file cannot be read: {err.reason}", self.file))
            return
        start = found.start()
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        char = found.group()
        kind = "control character" if unicodedata.category(char) == "Cc" else "character"
        self.problems.append(
            Problem(
                f"{kind} U+{ord(char):04X} is not allowed",
                self.file,
                line,
                column,
                "delete it; it is invisible in most editors and often comes with text pasted "
                "from another program",
            )
        )

    def aliases_bounded(self, text: str) -> bool:
        """Whether aliases (`*name`) add at most ALIAS_LIMIT values, else report the alias
        that goes past it (or that lies inside its own anchor).

        Counted on the parser's events, with each anchor's expanded size, so that the count
        itself takes time and memory in proportion to the file, not to its expansion.
        """
        sizes: dict[str, int] = {}  # anchor -> the values it stands for, aliases expanded
        open_collections: list[tuple[str | None, int]] = []  # (anchor, count at its start)
        count = added = 0
        for event in yaml.parse(text, Loader=_YamlLoader):
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in sizes:  # composing succeeded, so its anchor is open
                    self.error(
                        event,
                        f"alias *{event.anchor} is inside the value it names",
                        "an alias repeats a value written before it, not the one it is part of",
                    )
                    return False
                count += sizes[event.anchor]
                added += sizes[event.anchor]
                if added > ALIAS_LIMIT:
                    self.error(
                        event,
                        f"aliases expand the file to more than {ALIAS_LIMIT:,} values",
                        "aliases inside aliases multiply; write the repeated parts out instead",
                    )
                    return False
            elif isinstance(event, yaml.CollectionStartEvent):
                open_collections.append((event.anchor, count))
                count += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, start = open_collections.pop()
                if anchor is not None:
                    sizes[anchor] = count - start
            elif isinstance(event, yaml.ScalarEvent):
                count += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
        return True

    def build(self, text: str) -> Questionnaire | None:
        root = self.compose(text, "`id:`, `version:` and `languages:`")
        if root is None:
            return None
        top = self.mapping(root, TOP_KEYS, "the questionnaire")
        if top is None:
            return None
        qid = self.required_string(top, "id", root, "the questionnaire")
        if qid is not None and not QUESTIONNAIRE_ID_RE.match(qid):
            self.error(
                top["id"],
                f"questionnaire id {qid!r} is not valid",
                "use lowercase letters, digits, '-' and '_'",
            )
        version = self.required_string(top, "version", root, "the questionnaire")
        if version is not None and version.strip() and not VERSION_RE.match(version):
            self.error(
                top["version"],
                f"version {version!r} cannot be part of a file name",
                "the results file is named <id>-v<version>.csv: use letters, digits, "
                "'.', '-' and '_', for example \"2\" or \"1.10\"",
            )
        self.languages = self.language_list(top.get("languages"), root)
        title = self.texts(top.get("title"), "title", root, required=True, key="title")
        intro = self.texts(top.get("intro"), "intro", root)
        outro = self.texts(top.get("outro"), "outro", root)
        review = self.boolean(top.get("review_before_submit"), False)
        tags = self.tag_list(top.get("tags"))
        sections = self.sections(top.get("sections"), root)
        questions = [q for s in sections for q in s.questions]
        scales = self.scales(top.get("scales"), questions)
        for tag, node in tags:
            if tag in self.ids:
                self.error(
                    node,
                    f"tag {tag!r} has the same name as a question",
                    "rename the tag or the question",
                )
        self.check_conditions(questions)
        if qid is None or version is None or title is None:
            return None
        return Questionnaire(
            id=qid,
            version=version,
            languages=self.languages,
            title=title,
            sections=sections,
            intro=intro,
            outro=outro,
            review_before_submit=review,
            tags=[t for t, _ in tags],
            scales=scales,
        )

    def mapping(
        self,
        node: yaml.Node | None,
        allowed: tuple[str, ...],
        what: str,
    ) -> dict[str, yaml.Node] | None:
        """A mapping's keys to value nodes, reporting duplicate and unknown keys."""
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node,
                f"{what} should be a mapping of `key: value` lines",
                f"expected keys such as {', '.join(allowed[:3])}" if allowed else None,
            )
            return None
        result: dict[str, yaml.Node] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, f"a key in {what} is not a plain name")
                continue
            key = key_node.value
            if key in key_nodes:
                self.error(
                    key_node,
                    f"duplicate key {key!r} in {what}",
                    f"it is already given on line {key_nodes[key].start_mark.line + 1}; keep one",
                )
                continue
            key_nodes[key] = key_node
            if key not in allowed:
                guess = _suggest(key, allowed)
                hint = f"did you mean {guess!r}?" if guess else f"allowed: {', '.join(allowed)}"
                self.error(key_node, f"unknown key {key!r} in {what}", hint)
                continue
            result[key] = value_node
        result["__node__"] = node
        return result

    def scalar(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} should be a single value, not a list or mapping")
            return None
        return str(node.value)

    def required_string(
        self, fields: dict[str, yaml.Node], key: str, parent: yaml.Node | None, what: str
    ) -> str | None:
        if key not in fields:
            self.error(parent, f"{what} has no `{key}`", f"add `{key}:`")
            return None
        value = self.scalar(fields[key], f"`{key}`")
        if value is not None and not value.strip():
            self.error(fields[key], f"`{key}` is empty")
            return None
        return value

    def integer(self, node: yaml.Node | None, what: str) -> int | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            self.error(node, f"{what} should be a whole number, not {value!r}")
            return None

    def number(self, node: yaml.Node | None, what: str) -> float | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            self.error(node, f"{what} should be a number, not {value!r}")
            return None

    def boolean(self, node: yaml.Node | None, default: bool) -> bool:
        if node is None:
            return default
        value = self.scalar(node, "this setting")
        if value is None:
            return default
        if value.lower() in ("true", "yes", "on"):
            return True
        if value.lower() in ("false", "no", "off"):
            return False
        self.error(node, f"expected true or false, not {value!r}")
        return default

    def language_list(self, node: yaml.Node | None, root: yaml.Node) -> list[str]:
        if node is None:
            self.error(
                root,
                "the questionnaire has no `languages`",
                "add for example `languages: [sv, en]`",
            )
            return []
        if isinstance(node, yaml.ScalarNode):
            items = [node]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            items = node.value
        else:
            self.error(
                node,
                "`languages` should list language codes",
                "for example `languages: [sv, da, en]`",
            )
            return []
        languages: list[str] = []
        for item in items:
            code = self.scalar(item, "a language")
            if code is None:
                continue
            if not LANG_RE.match(code):
                self.error(
                    item,
                    f"{code!r} is not a language code",
                    "use ISO 639-1 codes such as sv, da, en",
                )
            elif code in languages:
                self.error(item, f"language {code!r} is listed twice")
            else:
                languages.append(code)
        return languages

    def tag_list(self, node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                node, "`tags` should be a list of tag names", "for example `tags: [seminar]`"
            )
            return []
        tags: list[tuple[str, yaml.Node]] = []
        for item in node.value:
            tag = self.scalar(item, "a tag")
            if tag is None:
                continue
            if not ID_RE.match(tag):
                self.error(item, f"tag name {tag!r} is not valid", ID_HINT)
            elif tag in RESERVED_COLUMNS:
                self.error(item, f"tag name {tag!r} is reserved", RESERVED_HINT)
            elif tag in [t for t, _ in tags]:
                self.error(item, f"tag {tag!r} is listed twice")
            else:
                tags.append((tag, item))
        return tags

    def texts(
        self,
        node: yaml.Node | None,
        what: str,
        parent: yaml.Node,
        required: bool = False,
        key: str = "text",
    ) -> Texts | None:
        """A text in every declared language: `{sv: ..., en: ...}`; `key` names it in hints."""
        if node is None:
            if required:
                self.error(
                    parent,
                    f"{what} is missing",
                    f"add `{key}: {{{', '.join(f'{code}: ...' for code in self.languages)}}}`",
                )
            return None
        if isinstance(node, yaml.ScalarNode):
            if len(self.languages) <= 1:
                return {lang: node.value for lang in self.languages or ["en"]}
            self.error(
                node,
                f"{what} is one text but the questionnaire has {len(self.languages)} languages",
                f"give it per language: {{{', '.join(f'{code}: ...' for code in self.languages)}}}",
            )
            return None
        # Without declared languages (already reported) any language key is accepted,
        # so that one missing line does not flag every text in the file.
        languages = tuple(self.languages)
        if not languages and isinstance(node, yaml.MappingNode):
            languages = tuple(getattr(key, "value", "") for key, _ in node.value)
        fields = self.mapping(node, languages, what)
        if fields is None:
            return None
        fields.pop("__node__")
        result: Texts = {}
        for lang, value in fields.items():
            text = self.scalar(value, f"the {lang} text of {what}")
            if text is not None:
                if not text.strip():
                    self.error(value, f"the {lang} text of {what} is empty")
                result[lang] = text
        for lang in self.languages:
            if lang not in fields:
                self.error(
                    node,
                    f"{what} has no text in language {lang!r}",
                    f"add `{lang}: ...`; the questionnaire declares {', '.join(self.languages)}",
                )
        return result

    def claim_id(self, node: yaml.Node, ident: str | None, kind: str) -> str | None:
        if ident is None:
            return None
        if not ID_RE.match(ident) or "__" in ident:
            self.error(node, f"{kind} id {ident!r} is not valid", ID_HINT)
            return None
        if ident in RESERVED_COLUMNS:
            self.error(node, f"{kind} id {ident!r} is reserved", RESERVED_HINT)
            return None
        if ident in self.ids:
            other_kind, line = self.ids[ident]
            self.error(
                node,
                f"id {ident!r} is used twice",
                f"a {other_kind} on line {line} has it already; ids must be unique",
            )
            return None
        self.ids[ident] = (kind, node.start_mark.line + 1)
        return ident

    def sections(self, node: yaml.Node | None, root: yaml.Node) -> list[Section]:
        if node is None:
            self.error(
                root,
                "the questionnaire has no `sections`",
                "add `sections:` with at least one section of questions",
            )
            return []
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(
                node, "`sections` should be a list of sections", "start each with `- id: ...`"
            )
            return []
        sections: list[Section] = []
        section_ids: set[str] = set()
        for snode in node.value:
            fields = self.mapping(snode, SECTION_KEYS, "a section")
            if fields is None:
                continue
            sid = self.required_string(fields, "id", snode, "a section")
            if sid is not None:
                if not ID_RE.match(sid):
                    self.error(fields["id"], f"section id {sid!r} is not valid", ID_HINT)
                elif sid in section_ids:
                    self.error(fields["id"], f"section id {sid!r} is used twice")
                section_ids.add(sid)
            title = self.texts(fields.get("title"), "the section title", snode)
            qnode = fields.get("questions")
            questions: list[Question] = []
            if qnode is None or not isinstance(qnode, yaml.SequenceNode) or not qnode.value:
                self.error(
                    qnode or snode,
                    "a section needs a list of `questions`",
                    "add `questions:` with `- id: ...` entries",
                )
            else:
                for item in qnode.value:
                    question = self.question(item, sid or "")
                    if question is not None:
                        questions.append(question)
            sections.append(
                Section(sid or "", title or {}, questions, line=snode.start_mark.line + 1)
            )
        return sections

    def question(self, node: yaml.Node, section: str) -> Question | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "a question should be a mapping starting with `- id: ...`")
            return None
        # Look at the type first so that unknown keys can be judged for this type.
        type_node = next(
            (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "type"), None
        )
        qtype = self.scalar(type_node, "`type`") if type_node is not None else None
        if qtype is not None and qtype not in QUESTION_TYPES:
            guess = _suggest(qtype, QUESTION_TYPES)
            self.error(
                type_node,
                f"unknown question type {qtype!r}",
                f"did you mean {guess!r}?" if guess else f"use one of {', '.join(QUESTION_TYPES)}",
            )
            qtype = None
        spec = TYPES[qtype] if qtype else None
        allowed = COMMON_KEYS + spec.keys if spec else ALL_QUESTION_KEYS
        fields = self.mapping(node, ALL_QUESTION_KEYS, "a question")
        if fields is None:
            return None
        qid_raw = self.required_string(fields, "id", node, "a question")
        if "id" in fields:
            self.claim_id(fields["id"], qid_raw, "question")
        label = f"question {qid_raw!r}" if qid_raw else "a question"
        if type_node is None:
            self.error(
                node, f"{label} has no `type`", f"add `type:`, one of {', '.join(QUESTION_TYPES)}"
            )
        if qtype is not None:
            for key in fields:
                if key != "__node__" and key not in allowed:
                    owners = [t.name for t in TYPES.values() if key in t.keys]
                    self.error(
                        self.key_node(node, key),
                        f"`{key}` does not apply to a {qtype} question",
                        f"`{key}` is for {', '.join(owners)} questions; remove it",
                    )
        q = Question(
            id=qid_raw or "",
            type=qtype or "",
            text={},
            section=section,
            line=node.start_mark.line + 1,
        )
        q.text = self.texts(fields.get("text"), f"the text of {label}", node, required=True) or {}
        q.help = self.texts(fields.get("help"), f"the help of {label}", node)
        q.required = self.boolean(fields.get("required"), False)
        if q.required and spec is not None and spec.answer is Answer.NONE:
            self.error(
                fields["required"],
                "`required` on a note, which takes no answer",
                "remove `required` or change the type",
            )
            q.required = False
        q.reverse = self.boolean(fields.get("reverse"), False)
        if "show_if" in fields:
            q.show_if = self.scalar(fields["show_if"], "`show_if`")
        if spec is None:
            return None
        if "na" in fields:
            q.na = self.texts(fields["na"], f"the don't-know text of {label}", node)
        if spec.answer is Answer.SCALE:
            self.response_scale(q, spec.keys, fields, node, label)
        if spec.rows:
            q.rows = self.matrix_rows(fields.get("rows"), node, label)
        if spec.answer.has_choices:
            q.choices = self.choices(fields.get("choices"), node, label, "other" in fields)
            if "other" in fields:
                q.other = self.texts(fields["other"], f"the 'other' text of {label}", node)
        if spec.answer is Answer.NUMBER:
            q.min = self.number(fields.get("min"), "`min`")
            q.max = self.number(fields.get("max"), "`max`")
            if q.min is not None and q.max is not None and q.min >= q.max:
                self.error(fields["max"], f"`max` of {label} is not above `min`")
        if spec.answer is Answer.TEXT:
            q.respondent_code = self.boolean(fields.get("respondent_code"), False)
            q.multiline = self.boolean(fields.get("multiline"), not q.respondent_code)
        if "labels" in fields:
            q.labels = self.labels(fields["labels"], q, label)
        if q.show_if is not None:
            q.condition = self.parse_condition(q.show_if, fields["show_if"])
            self.show_if_nodes[id(q)] = fields["show_if"]
        return q

    @staticmethod
    def key_node(node: yaml.MappingNode, key: str) -> yaml.Node:
        return next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)

    def response_scale(
        self,
        q: Question,
        keys: tuple[str, ...],
        fields: dict[str, yaml.Node],
        node: yaml.Node,
        label: str,
    ) -> None:
        """Read the response scale from `points` or `scale`, whichever the type takes."""
        if "points" in fields and "scale" in fields:
            self.error(fields["scale"], f"{label} has both `points` and `scale`", "keep one")
        elif "scale" in fields or "points" not in keys:
            self.rating_scale(q, fields, node, label, required=True)
        else:
            self.likert_points(q, fields, node, label)

    def likert_points(
        self, q: Question, fields: dict[str, yaml.Node], node: yaml.Node, label: str
    ) -> None:
        if "points" not in fields:
            self.error(node, f"{label} has no `points`", "add for example `points: 5`")
            return
        points = self.integer(fields["points"], "`points`")
        if points is None:
            return
        if not 2 <= points <= 11:
            self.error(
                fields["points"],
                f"`points` is {points}, outside 2..11",
                "a likert scale has 2 to 11 points; use a rating for wider scales",
            )
            return
        q.points, q.scale_min, q.scale_max = points, 1, points

    def rating_scale(
        self, q: Question, fields: dict[str, yaml.Node], node: yaml.Node, label: str, required: bool
    ) -> None:
        if "scale" not in fields:
            if required:
                self.error(
                    node, f"{label} has no `scale`", "add for example `scale: {min: 0, max: 10}`"
                )
            return
        scale = self.mapping(fields["scale"], ("min", "max"), "`scale`")
        if scale is None:
            return
        if "min" not in scale or "max" not in scale:
            self.error(
                fields["scale"],
                "`scale` needs both `min` and `max`",
                "for example `scale: {min: 0, max: 10}`",
            )
            return
        low = self.integer(scale["min"], "`scale.min`")
        high = self.integer(scale["max"], "`scale.max`")
        if low is None or high is None:
            return
        if low >= high:
            self.error(
                scale["max"],
                f"`scale.max` ({high}) is not above `scale.min` ({low})",
                "the scale runs from min up to max",
            )
            return
        q.scale_min, q.scale_max = low, high

    def labels(self, node: yaml.Node, q: Question, label: str) -> dict[int, Texts]:
        fields = self.mapping_any(node, "`labels`")
        result: dict[int, Texts] = {}
        for key_node, value in fields:
            code = self.integer(key_node, "a label's scale point")
            if code is None:
                continue
            if q.codes and code not in q.codes:
                self.error(
                    key_node,
                    f"label for {code}, which is not on the scale {q.scale_min}..{q.scale_max}",
                )
                continue
            texts = self.texts(value, f"the label of {code}", key_node)
            if texts is not None:
                result[code] = texts
        return result

    def mapping_any(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} should be a mapping", "for example `1: {sv: ..., en: ...}`")
            return []
        seen: dict[str, int] = {}
        pairs = []
        for key_node, value in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key, str) and key in seen:
                self.error(
                    key_node,
                    f"duplicate key {key!r} in {what}",
                    f"it is already given on line {seen[key]}; keep one",
                )
                continue
            if isinstance(key, str):
                seen[key] = key_node.start_mark.line + 1
            pairs.append((key_node, value))
        return pairs

    def choices(
        self, node: yaml.Node | None, parent: yaml.Node, label: str, other: bool = False
    ) -> list[Choice]:
        if node is None or not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(
                node or parent,
                f"{label} needs a list of `choices`",
                "add `choices:` with `- {code: a, text: {...}}` entries",
            )
            return []
        choices: list[Choice] = []
        codes: dict[str, int] = {}
        for item in node.value:
            fields = self.mapping(item, CHOICE_KEYS, "a choice")
            if fields is None:
                continue
            if "code" not in fields:
                self.error(
                    item, "a choice has no `code`", "add `code:`, the value stored in the file"
                )
                continue
            code = self.scalar(fields["code"], "a choice code")
            if code is None:
                continue
            code = code.strip()
            if not code:
                self.error(fields["code"], "a choice code is empty", "give every choice a code")
                continue
            if code in codes:
                self.error(
                    fields["code"],
                    f"choice code {code!r} is used twice",
                    f"it is already used on line {codes[code]}; codes must differ",
                )
                continue
            if code == NA_CODE or not re.match(r"^[A-Za-z0-9_]+$", code) or "__" in code:
                self.error(
                    fields["code"],
                    f"choice code {code!r} is not valid",
                    "use letters, digits and single underscores; 'na' is reserved for don't know",
                )
                continue
            if other and code == OTHER_CODE:
                self.error(
                    fields["code"],
                    f"choice code {code!r} is the code analysis gives "
                    f"the `other:` answer of {label}",
                    "rename the choice, or remove `other:`",
                )
                continue
            codes[code] = fields["code"].start_mark.line + 1
            text = (
                self.texts(fields.get("text"), f"the text of choice {code!r}", item, required=True)
                or {}
            )
            choices.append(Choice(code, text, line=item.start_mark.line + 1))
        return choices

    def matrix_rows(self, node: yaml.Node | None, parent: yaml.Node, label: str) -> list[MatrixRow]:
        if node is None or not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(
                node or parent,
                f"{label} needs a list of `rows`",
                "add `rows:` with `- {id: ..., text: {...}}` entries",
            )
            return []
        rows: list[MatrixRow] = []
        for item in node.value:
            fields = self.mapping(item, ROW_KEYS, "a matrix row")
            if fields is None:
                continue
            raw = self.required_string(fields, "id", item, "a matrix row")
            rid = self.claim_id(fields["id"], raw, "matrix row") if "id" in fields else None
            text = self.texts(fields.get("text"), f"the text of row {raw!r}", item, required=True)
            reverse = self.boolean(fields.get("reverse"), False)
            if rid is not None:
                rows.append(MatrixRow(rid, text or {}, reverse, line=item.start_mark.line + 1))
        return rows

    def scales(self, node: yaml.Node | None, questions: list[Question]) -> list[Scale]:
        if node is None:
            return []
        items = {item.id: item for q in questions for item in q.items}
        all_ids = {q.id for q in questions} | {r.id for q in questions for r in q.rows}
        fields = self.mapping_any(node, "`scales`")
        scales: list[Scale] = []
        for key_node, value in fields:
            sid = self.scalar(key_node, "a scale id")
            sid = self.claim_id(key_node, sid, "scale") if sid is not None else None
            spec = self.mapping(value, SCALE_KEYS, f"scale {sid!r}")
            if sid is None or spec is None:
                continue
            inode = spec.get("items")
            if inode is None or not isinstance(inode, yaml.SequenceNode):
                self.error(
                    value,
                    f"scale {sid!r} needs a list of `items`",
                    "for example `items: [relevant_work, relevant_goals]`",
                )
                continue
            item_ids: list[str] = []
            ranges: dict[tuple[int, int], str] = {}
            for inode_item in inode.value:
                iid = self.scalar(inode_item, "a scale item")
                if iid is None:
                    continue
                if iid in item_ids:
                    self.error(inode_item, f"item {iid!r} is listed twice in scale {sid!r}")
                    continue
                if iid not in items:
                    if iid in all_ids:
                        self.error(
                            inode_item,
                            f"scale {sid!r} names {iid!r}, which is not "
                            "a likert, rating or matrix row",
                            "a scale averages items on one ordinal response scale",
                        )
                    else:
                        guess = _suggest(iid, list(items))
                        self.error(
                            inode_item,
                            f"scale {sid!r} names {iid!r}, which is not a question",
                            f"did you mean {guess!r}?"
                            if guess
                            else "list ids of likert, rating or matrix-row questions",
                        )
                    continue
                item = items[iid]
                if item.min is not None:
                    ranges.setdefault((item.min, item.max), iid)
                item_ids.append(iid)
            if len(ranges) > 1:
                described = "; ".join(f"{i} is {lo}..{hi}" for (lo, hi), i in ranges.items())
                self.error(
                    inode,
                    f"the items of scale {sid!r} do not share one response scale ({described})",
                    "use items with the same points or scale",
                )
            if len(inode.value) < 2:
                self.error(
                    inode,
                    f"scale {sid!r} has fewer than 2 items",
                    "a scale combines at least two items",
                )
            min_items = None
            if "min_items" in spec:
                min_items = self.integer(spec["min_items"], "`min_items`")
                if min_items is not None and not 1 <= min_items <= len(inode.value):
                    self.error(
                        spec["min_items"],
                        f"`min_items` is {min_items} but scale {sid!r} has "
                        f"{len(inode.value)} items",
                        "use a number from 1 to the number of items",
                    )
                    min_items = None
            text = self.texts(spec.get("text"), f"the text of scale {sid!r}", value)
            scales.append(Scale(sid, item_ids, min_items, text, line=key_node.start_mark.line + 1))
        return scales

    def parse_condition(self, source: str, node: yaml.Node) -> ex.Expr | None:
        quoted = 1 if getattr(node, "style", None) in ("'", '"') else 0
        try:
            return ex.parse(source)
        except ex.ExprError as err:
            self.error(
                node,
                f"show_if: {err}",
                "conditions look like `role == 'manager'` "
                "or `grade >= 7 and attended_before == true`",
                column_offset=quoted + err.offset,
            )
            return None

    def check_conditions(self, questions: list[Question]) -> None:
        """Each condition names earlier questions, with literals of a fitting type."""
        earlier: dict[str, Question] = {}
        everything: dict[str, Question] = {}
        for q in questions:
            everything[q.id] = q
            for row in q.rows:
                everything[row.id] = q
        for q in questions:
            if q.condition is not None:
                node = self.show_if_nodes[id(q)]
                quoted = 1 if getattr(node, "style", None) in ("'", '"') else 0

                def report(
                    msg: str,
                    hint: str | None,
                    off: int,
                    node: yaml.Node = node,
                    quoted: int = quoted,
                ) -> None:
                    self.error(node, msg, hint, column_offset=quoted + off)

                for comp in ex.comparisons(q.condition):
                    self.check_comparison(comp, earlier, everything, q, report)
            earlier[q.id] = q
            for row in q.rows:
                earlier[row.id] = q

    def check_comparison(
        self,
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
                    f"show_if of {q.id!r} names {name!r}, which comes later or is this "
                    "question itself",
                    "a condition can only use answers given before it",
                    ref.offset,
                )
            else:
                guess = _suggest(name, list(earlier))
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
                        f"{name!r} is a {kind} question: compare it with a number, "
                        f"not {_lit(value)}",
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
                    f"{name!r} is a text question: compare it with a quoted string, "
                    f"not {_lit(value)}",
                    None,
                    lit.offset,
                )


def _lit(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)
