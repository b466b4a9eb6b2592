"""The review screen as an app of its own, for `surveytui review` and the home screen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.screen import Screen

from surveytui.analysis.dataset import snapshot_of
from surveytui.errors import Problem, SurveyError
from surveytui.model import load_questionnaire
from surveytui.tui.base import SurveyApp
from surveytui.tui.review.screen import ReviewScreen


class ReviewApp(SurveyApp[None]):
    """Runs the review screen over one or more results files of one questionnaire."""

    CSS_PATH = Path(__file__).parent.parent / SurveyApp.CSS_PATH

    def __init__(
        self, paths: Sequence[Path], questionnaire: Path | None = None, lang: str | None = None
    ) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self.questionnaire = questionnaire
        self.lang = lang
        self.sub_title = "review · " + ", ".join(p.name for p in self.paths)

    def get_default_screen(self) -> Screen:
        return ReviewScreen(self.paths, self.questionnaire, self.lang)


def create_review_app(
    paths: Sequence[Path], questionnaire: Path | None = None, lang: str | None = None
) -> ReviewApp:
    """The review app on these results files (read in a worker once it starts)."""
    return ReviewApp(paths, questionnaire, lang)


def check_sources(paths: Sequence[Path], questionnaire: Path | None = None) -> None:
    """Raise SurveyError for a results file or questionnaire that is not there (or a file
    without its snapshot), so that the command says so before any screen opens; reading
    the rows stays the screen's work, which shows what it finds in them."""
    if questionnaire is not None:
        load_questionnaire(questionnaire)
    for path in paths:
        if questionnaire is None:
            snapshot_of(path)
        elif not path.is_file():
            raise SurveyError(Problem("no such file (check the path)", str(path)))


def run_review(
    path: Path | Sequence[Path], questionnaire: Path | None = None, lang: str | None = None
) -> int:
    """Run the review until it is quit; the exit code."""
    paths = [path] if isinstance(path, Path) else list(path)
    check_sources(paths, questionnaire)
    app = create_review_app(paths, questionnaire, lang)
    app.run()
    return app.return_code or 0
