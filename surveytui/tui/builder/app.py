"""The builder as an app of its own, for `surveytui build` and the home screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from surveytui.edit.save import open_document
from surveytui.tui.base import SurveyApp
from surveytui.tui.builder.dialogs import Start
from surveytui.tui.builder.screen import BuildScreen


class BuildApp(SurveyApp[None]):
    """Runs the build screen; ctrl+q asks before unsaved changes are dropped."""

    # Overrides App's own ctrl+q (priority), which would quit without asking.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "leave", "Leave", show=False, priority=True, id="build.app.leave"),
    ]

    def __init__(self, start: Start | None, base: Path, suggested: Path | None = None) -> None:
        super().__init__()
        self.start = start
        self.base = base
        self.suggested = suggested
        self.sub_title = "build"

    def get_default_screen(self) -> Screen:
        return BuildScreen(
            self.start,
            self.base / "questionnaires",
            self.base / "results",
            suggested=self.suggested,
        )

    def action_leave(self) -> None:
        if isinstance(self.screen, BuildScreen):
            self.screen.action_leave()


def create_build_app(path: Path | None = None, base: Path | None = None) -> BuildApp:
    """The builder on `path` (opened if it exists, else offered as the new file's name);
    raises SurveyError if the file cannot be read as YAML at all."""
    base = Path(".") if base is None else base
    if path is not None and path.exists():
        return BuildApp(Start(open_document(path), path), base)
    return BuildApp(None, base, suggested=path)


def run_build(path: Path | None = None) -> int:
    """Run the builder until it is left; the exit code."""
    app = create_build_app(path)
    app.run()
    return app.return_code or 0
