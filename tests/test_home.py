"""The home screen: what it lists from ./questionnaires and ./results, and what it starts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from screen_helpers import clipped_keys
from textual.widgets import DataTable
from textual.widgets._toast import Toast

from kiosk_helpers import write_questionnaire
from surveytui.catalog import list_questionnaires, list_results
from surveytui.cli import main
from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore
from surveytui.tui import app as tui_app
from surveytui.tui.app import create_home_app
from surveytui.tui.dialogs import ErrorDialog
from surveytui.tui.screens.home import HOME_ACTIONS, HomeAction, Launch


def project(tmp_path: Path) -> Path:
    """A folder with one valid and one broken questionnaire and a results file of two rows."""
    (tmp_path / "questionnaires").mkdir()
    valid = write_questionnaire(tmp_path / "questionnaires")
    (tmp_path / "questionnaires" / "broken.yaml").write_text(
        "id: broken\nversion: '1'\nlanguages: [en]\ntitle: {en: B}\nsections: 3\n"
    )
    store = ResponseStore(tmp_path / "results" / "all-types-v1.csv", load_questionnaire(valid))
    store.append({"useful": 3}, {"unit": "north"}, language="en")
    store.append({"useful": 5}, {"unit": "north"}, language="sv")
    return tmp_path


def test_catalog_lists_broken_questionnaires_with_their_first_error(tmp_path):
    base = project(tmp_path)
    valid, broken = list_questionnaires(base / "questionnaires")
    assert broken.path.name == "broken.yaml" and "broken.yaml:5" in broken.problem
    assert valid.problem is None and valid.title == "All types" and valid.languages == ("sv", "en")
    [results] = list_results(base / "results")
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert (results.responses, results.last_submitted, results.problem) == (2, today, None)


async def test_home_lists_both_folders_and_runs_the_chosen_questionnaire(tmp_path):
    base = project(tmp_path)
    app = create_home_app(base)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        questionnaires = app.screen.query_one("#questionnaires", DataTable)
        assert [questionnaires.get_row_at(i)[0] for i in range(2)] == [
            "all-types.yaml",
            "broken.yaml",
        ]
        assert str(questionnaires.get_row_at(1)[1]).startswith("✗ ")
        results = app.screen.query_one("#results", DataTable)
        assert results.get_row_at(0)[:2] == ["all-types-v1.csv", "2"]
        await pilot.press("down")
        assert "broken.yaml:5" in str(app.screen.query_one("#home-detail").render())
        await pilot.press("enter")  # the broken one: a dialog, and home goes on
        await pilot.pause()
        assert isinstance(app.screen, ErrorDialog) and app.is_running
        await pilot.press("escape", "up", "r")
        await pilot.pause()
    launch = app.return_value
    assert isinstance(launch, Launch)
    assert launch.action.name == "run" and launch.path == base / "questionnaires" / "all-types.yaml"


async def test_a_broken_questionnaire_opens_in_the_builder_to_be_fixed(tmp_path):
    base = project(tmp_path)
    app = create_home_app(base)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "b")
        await pilot.pause()
    launch = app.return_value
    assert isinstance(launch, Launch)
    assert launch.action.name == "build" and launch.path == base / "questionnaires" / "broken.yaml"


async def test_empty_folders_are_fine_and_q_quits(tmp_path):
    app = create_home_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r")  # nothing to run: nothing happens
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value is None


def test_each_area_is_one_registry_line_naming_its_runner(tmp_path):
    assert [a.name for a in HOME_ACTIONS][:1] == ["run"]
    probe = HomeAction("probe", "p", "Probe", None, "os.path:isdir")
    assert Launch(probe, tmp_path).run() == 1


def test_run_home_returns_to_home_after_an_area_and_shows_its_error(tmp_path, monkeypatch):
    from surveytui.errors import SurveyError

    shown: list[SurveyError | None] = []
    launches = [Launch(HomeAction("boom", "b", "Boom", None, "kiosk_helpers:fail"), None), None]

    class FakeHome:
        return_code = 0

        def __init__(self, base, error=None):
            shown.append(error)

        def run(self):
            return launches.pop(0)

    monkeypatch.setattr(tui_app, "create_home_app", FakeHome)
    assert tui_app.run_home(tmp_path) == 0
    assert shown[0] is None and "broken on purpose" in str(shown[1])


async def test_enter_on_a_results_file_opens_its_review(tmp_path):
    app = create_home_app(project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#results", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value.action.name == "review"
    assert app.return_value.path == tmp_path / "results" / "all-types-v1.csv"


async def test_a_draft_is_listed_as_one_refused_by_run_and_opened_by_edit(tmp_path):
    base = project(tmp_path)
    draft = base / "questionnaires" / "all-types.draft.yaml"
    draft.write_text("id: all-types\nversion: '1'\nlanguages: [en]\nsections: 3\n")
    assert [entry.draft for entry in list_questionnaires(base / "questionnaires")] == [
        True,
        False,
        False,
    ]
    app = create_home_app(base)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        questionnaires = app.screen.query_one("#questionnaires", DataTable)
        assert str(questionnaires.get_row_at(0)[1]) == "draft of all-types.yaml"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ErrorDialog) and app.is_running
        await pilot.press("escape", "b")
        await pilot.pause()
    launch = app.return_value
    assert isinstance(launch, Launch)
    assert launch.action.name == "build" and launch.path == draft


async def test_home_fits_80_columns(tmp_path):
    base = project(tmp_path)
    (base / "questionnaires" / "long-title.yaml").write_text(
        (base / "questionnaires" / "all-types.yaml")
        .read_text()
        .replace(
            "{sv: Alla typer, en: All types}",
            "{sv: Utvärdering av arbetsmötet om samverkan kring barn och unga,"
            " en: Evaluation of the working meeting on collaboration for children}",
        )
    )
    app = create_home_app(base)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert clipped_keys(app.screen) == []
        table = app.screen.query_one("#questionnaires", DataTable)
        assert table.max_scroll_x == 0  # every column, Languages too, in view
        assert [str(table.get_row_at(i)[3]) for i in range(3)] == ["sv en", "", "sv en"]
        assert str(table.get_row_at(2)[1]).endswith("…")


async def test_w_writes_the_report_of_the_highlighted_results_beside_it_and_says_where(tmp_path):
    base = project(tmp_path)
    results = base / "results" / "all-types-v1.csv"
    written = base / "results" / "all-types-v1.report.html"
    app = create_home_app(base)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.screen is home
        said = ""
        for _ in range(50):  # the message shows once the screen has been redrawn
            said = " ".join(str(toast.render()) for toast in app.screen.query(Toast))
            if said:
                break
            await pilot.pause()
        assert str(written) in said
    assert written.stat().st_mode & 0o777 == 0o600
    assert main(["report", str(results), "-o", str(tmp_path / "by-the-command.html")]) == 0
    assert written.read_text() == (tmp_path / "by-the-command.html").read_text()
