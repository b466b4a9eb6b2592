"""A reader of YAML node trees that reports every problem with its file, line and column.

We walk PyYAML's node tree ourselves instead of letting YAML construct Python values:
that keeps the line and column of every value, finds duplicate keys, and keeps what the
author wrote (`code: no` stays "no", `version: 1.10` stays "1.10"). `NodeReader` holds the
checks every surveytui YAML file shares (mappings with known keys, scalars, numbers,
booleans, language lists, texts per language); the questionnaire loader and the
indicator loader build their files on it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from surveytui.errors import CONTROL_CHARACTER, Problem, SurveyError
from surveytui.model.types import Texts

try:
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

LANG_RE = re.compile(r"^[a-z]{2,3}$")
# Values that aliases may add: far more than any questionnaire repeats, far less than what
# exhausts memory. Nested aliases multiply, so a few KB could otherwise stand for gigabytes.
ALIAS_LIMIT = 100_000


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


def suggest(word: str, options: tuple[str, ...] | list[str]) -> str | None:
    import difflib  # only when there is a mistake: valid files start faster without it

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return close[0] if close else None


class NodeReader:
    """Reads values out of a YAML node tree, collecting every problem in `problems`.

    Each method reports what is wrong with the node it reads and returns None (or a
    default), so that a file's problems are all found in one pass. `languages` are the
    file's declared languages, which `texts` requires.
    """

    def __init__(self, filename: str):
        self.file = filename
        self.problems: list[Problem] = []
        self.languages: list[str] = []

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
        if not self.aliases_bounded(text):
            return None
        return root if self.no_control_characters(root) else None

    def no_control_characters(self, root: yaml.Node) -> bool:
        """Whether no value holds a control character but tab and line feed, which YAML's
        escapes (`"\\e"`, `"\\x1b"`) can write: a text must not drive a terminal it is
        shown on. Each is reported at its value."""
        found = False
        seen: set[int] = set()
        todo = [root]
        while todo:
            node = todo.pop()
            if id(node) in seen:  # an alias: its values are checked once
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                char = CONTROL_CHARACTER.search(node.value)
                if char is not None:
                    found = True
                    self.error(
                        node,
                        f"control character U+{ord(char.group()):04X} is not allowed in a value",
                        "remove the escape that writes it, such as \\e or \\x1b",
                    )
            elif isinstance(node, yaml.SequenceNode):
                todo.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                todo.extend(item for pair in reversed(node.value) for item in reversed(pair))
        return not found

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
                guess = suggest(key, allowed)
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

    @staticmethod
    def key_node(node: yaml.MappingNode, key: str) -> yaml.Node:
        return next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)

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
