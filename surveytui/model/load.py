"""Load a questionnaire from YAML, collecting every problem with its file, line and column.

The questionnaire's own structure (sections, questions by their type's spec, choices,
rows, scales) is read here on the shared `NodeReader`; `show_if` conditions are parsed
here and checked against the whole questionnaire by `model.conditions`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from surveytui.errors import Problem, SurveyError
from surveytui.model import expr as ex
from surveytui.model.conditions import check_conditions
from surveytui.model.nodes import NodeReader, read_text, suggest
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

ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
QUESTIONNAIRE_ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
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


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read and validate a questionnaire file; raise SurveyError listing every problem."""
    return load_questionnaire_text(read_text(path, "a questionnaire file"), str(path))


def load_questionnaire_text(text: str, filename: str = "<questionnaire>") -> Questionnaire:
    """Validate questionnaire YAML given as text; `filename` is used in messages."""
    builder = QuestionnaireReader(filename)
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


class QuestionnaireReader(NodeReader):
    """Builds a `Questionnaire` from its YAML text, or collects why it cannot."""

    def __init__(self, filename: str):
        super().__init__(filename)
        # id -> (kind, line) for the shared namespace of questions, matrix rows and scales
        self.ids: dict[str, tuple[str, int]] = {}
        # id(question) -> its show_if value node, to place errors found after loading
        self.show_if_nodes: dict[int, yaml.Node] = {}

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
        check_conditions(questions, self.show_if_nodes, self.error)
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
            guess = suggest(qtype, QUESTION_TYPES)
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
                        guess = suggest(iid, list(items))
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
