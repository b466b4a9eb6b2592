"""The builder's own dialog: where to start."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from surveytui.edit import QuestionnaireDocument
from surveytui.edit.save import open_document
from surveytui.errors import SurveyError


@dataclass(frozen=True)
class Start:
    """How the builder starts: a document, and the file it will be saved to."""

    document: QuestionnaireDocument
    path: Path


def _id_from(path: Path) -> str:
    stem = path.name.removesuffix(".yaml").removesuffix(".yml").lower()
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "questionnaire"


class StartDialog(ModalScreen[Start | None]):
    """Start from scratch or from a bundled questionnaire, or open a file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Leave", id="build.start.cancel"),
    ]
    DEFAULT_CSS = """
    StartDialog { align: center middle; }
    StartDialog > Vertical { width: 72; height: auto; max-height: 22; border: thick $accent;
                             background: $surface; padding: 0 1; }
    StartDialog OptionList { height: auto; max-height: 10; }
    StartDialog Horizontal { height: auto; }
    StartDialog Label { width: 12; }
    StartDialog Input { width: 1fr; }
    StartDialog #start-error { color: $error; height: auto; }
    """

    def __init__(self, questionnaires: Path, path: Path | None = None) -> None:
        super().__init__()
        self.questionnaires = questionnaires
        self.path = path
        self.bundled = sorted(questionnaires.glob("*.yaml")) if questionnaires.is_dir() else []

    def compose(self) -> ComposeResult:
        suggested = self.path or self.questionnaires / "new-questionnaire.yaml"
        options = [Option("Start from scratch", id="scratch")]
        options += [
            Option(f"Start from a copy of {p.name}", id=f"copy:{n}")
            for n, p in enumerate(self.bundled)
        ]
        options.append(Option("Open the file named below", id="open"))
        with Vertical():
            yield Static("Build a questionnaire", classes="dialog-title")
            yield OptionList(*options)
            with Horizontal():
                yield Label("file")
                yield Input(str(suggested), id="file", compact=True)
            with Horizontal():
                yield Label("languages")
                yield Input(
                    "sv, en",
                    id="languages",
                    compact=True,
                    placeholder="for a new questionnaire, e.g. sv, da, en",
                )
            yield Static("", id="start-error", markup=False)
            yield Static(
                "Enter starts · Tab moves to the file name · Escape leaves", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        path = Path(self.query_one("#file", Input).value.strip())
        choice = str(event.option.id)
        try:
            self.dismiss(self._start(choice, path))
        except SurveyError as err:
            self.query_one("#start-error", Static).update(
                "\n".join(str(problem) for problem in err.problems)
            )

    def _start(self, choice: str, path: Path) -> Start:
        if not path.name:
            raise SurveyError("name the file first (e.g. questionnaires/my-survey.yaml)")
        if choice == "open":
            return Start(open_document(path), path)
        if path.exists():
            raise SurveyError(f"{path} already exists: open it, or choose another file name")
        if choice == "scratch":
            languages = [
                lang.strip()
                for lang in self.query_one("#languages", Input).value.split(",")
                if lang.strip()
            ]
            return Start(QuestionnaireDocument.new(_id_from(path), languages or ["en"], path), path)
        template = self.bundled[int(choice.removeprefix("copy:"))]
        document = QuestionnaireDocument.from_template(template, path)
        document.set(("id",), _id_from(path))
        return Start(document, path)
