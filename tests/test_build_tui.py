"""The builder driven by keyboard alone: from scratch to a valid file, editing a bundled file
without spoiling it, drafts, the version bump when results exist, and leaving safely."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import _character_to_key
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static

from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore, default_results_path
from surveytui.tui.app import create_kiosk_app
from surveytui.tui.builder import create_build_app
from surveytui.tui.builder.dialogs import StartDialog
from surveytui.tui.builder.editor import Selection
from surveytui.tui.builder.fields import Field, ListEntry, Problems, TextsField
from surveytui.tui.builder.screen import REFRESH_DELAY, BuildScreen
from surveytui.tui.builder.widgets import OutlineTree
from surveytui.tui.dialogs import ConfirmDialog, PickDialog

BUNDLED = Path(__file__).resolve().parent.parent / "questionnaires"
SEMINAR = BUNDLED / "seminar-feedback.yaml"
SIZE = (100, 40)


def field(*path: str | int) -> Callable[[Widget | None], bool]:
    return lambda w: (
        isinstance(w, Input) and isinstance(w.parent, Field) and w.parent.path[-len(path) :] == path
    )


def text(language: str, *path: str | int) -> Callable[[Widget | None], bool]:
    def check(widget: Widget | None) -> bool:
        owner = widget.parent.parent if widget is not None and widget.parent else None
        return (
            widget is not None
            and widget.id == f"lang-{language}"
            and isinstance(owner, TextsField)
            and owner.path[-len(path) :] == path
        )

    return check


async def tab_to(pilot: Pilot, wanted: Callable[[Widget | None], bool], key: str = "tab") -> None:
    """Press Tab (or `key`) until the wanted field has the focus, as a person would."""
    for _ in range(80):
        if wanted(pilot.app.focused):
            return
        await pilot.press(key)
    raise AssertionError(f"never reached the field; focus is on {pilot.app.focused}")


async def fill(pilot: Pilot, wanted: Callable[[Widget | None], bool], value: str) -> None:
    """Tab to a field, clear it and type `value`."""
    await tab_to(pilot, wanted)
    focused = pilot.app.focused
    if isinstance(focused, Input) and focused.value:
        await pilot.press("end", "ctrl+u")
    await pilot.press(*value)


def type_fast(pilot: Pilot, *keys: str) -> None:
    """Hand every key to the app at once, as a terminal does when the keys come faster than
    the app handles them (`pilot.press` waits until the app is idle after each key)."""
    for key in keys:
        character = key if len(key) == 1 else None
        name = _character_to_key(key) if character and not key.isalnum() else key
        pilot.app._driver.send_message(events.Key(name, character))  # type: ignore[union-attr]


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Let the app work until `condition` holds (it fails the test if it never does)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the app never got there")


async def add_question(pilot: Pilot, qtype: str) -> None:
    await pilot.press("escape", "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PickDialog)
    position = [value for _, value in pilot.app.screen.choices].index(qtype)
    await pilot.press(*["down"] * position, "enter")
    await pilot.pause()


async def open_builder(tmp_path: Path, source: Path = SEMINAR):
    target = tmp_path / "questionnaires" / source.name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(source, target)
    return create_build_app(target, base=tmp_path), target


def builder(pilot: Pilot) -> BuildScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, BuildScreen)
    return screen


async def test_builds_a_seminar_questionnaire_from_scratch_by_keyboard(tmp_path: Path) -> None:
    target = tmp_path / "questionnaires" / "seminar.yaml"
    target.parent.mkdir()
    app = create_build_app(target, base=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartDialog)
        await pilot.press("enter")  # start from scratch, in sv and en
        await pilot.pause()
        await pilot.press("e")
        await fill(pilot, text("sv", "title"), "Utvärdering")
        await fill(pilot, text("en", "title"), "Evaluation")
        await pilot.press("escape", "down", "down")  # the first section
        await fill(pilot, field("sections", 0, "id"), "relevance")
        await fill(pilot, text("sv", "sections", 0, "title"), "Relevans")
        await fill(pilot, text("en", "sections", 0, "title"), "Relevance")

        await add_question(pilot, "likert")
        await fill(pilot, field("id"), "relevant_work")
        await fill(pilot, text("sv", "text"), "Relevant?")
        await fill(pilot, text("en", "text"), "Relevant?")
        await fill(pilot, text("sv", "labels", 1), "Inte alls")
        await fill(pilot, text("en", "labels", 1), "Not at all")
        await pilot.press("escape", "c")  # a copy, then make it the second item
        await pilot.pause()
        await pilot.press("e")
        await fill(pilot, field("id"), "relevant_goals")
        await fill(pilot, text("en", "text"), "Goals?")
        await fill(pilot, text("sv", "na"), "Vet ej")
        await fill(pilot, text("en", "na"), "Don't know")

        await pilot.press("escape", "s")  # a new section, below
        await pilot.pause()
        await fill(pilot, field("id"), "about_you")
        await fill(pilot, text("sv", "title"), "Om dig")
        await fill(pilot, text("en", "title"), "About you")
        await add_question(pilot, "single")
        await fill(pilot, field("id"), "role")
        await fill(pilot, text("sv", "text"), "Din roll?")
        await fill(pilot, text("en", "text"), "Your role?")
        await fill(pilot, field("choices", 0, "code"), "manager")
        await fill(pilot, text("sv", "choices", 0, "text"), "Chef")
        await fill(pilot, text("en", "choices", 0, "text"), "Manager")
        await tab_to(
            pilot,
            lambda w: getattr(w, "label", None) is not None and str(w.label) == "+ add choice",
        )
        await pilot.press("enter")
        await pilot.pause()
        await fill(pilot, field("choices", 1, "code"), "caseworker")
        await fill(pilot, text("sv", "choices", 1, "text"), "Handläggare")
        await fill(pilot, text("en", "choices", 1, "text"), "Caseworker")
        await fill(pilot, text("sv", "other"), "Annan roll")
        await fill(pilot, text("en", "other"), "Other role")
        await add_question(pilot, "yes_no")
        await fill(pilot, field("id"), "attended_before")
        await fill(pilot, text("sv", "text"), "Förut?")
        await fill(pilot, text("en", "text"), "Before?")
        await add_question(pilot, "yes_no")
        await fill(pilot, field("id"), "used_since")
        await fill(pilot, text("sv", "text"), "Använt?")
        await fill(pilot, text("en", "text"), "Used?")
        await fill(pilot, field("show_if"), "attended_before == tru")
        await pilot.pause(REFRESH_DELAY * 2)
        assert "show_if" in str(pilot.app.screen.query_one("#show-if-problems").render())
        await pilot.press("e")
        await pilot.pause(REFRESH_DELAY * 2)
        assert not pilot.app.screen.query_one("#show-if-problems").display

        await pilot.press("escape", "home", "down")  # the scales
        await pilot.pause()
        await pilot.press("e")
        await tab_to(
            pilot, lambda w: getattr(w, "label", None) is not None and str(w.label) == "+ add scale"
        )
        await pilot.press("enter")
        await pilot.pause()
        await fill(pilot, field("scales"), "relevance_scale")
        await fill(pilot, field("items"), "relevant_work, relevant_goals")
        await fill(pilot, field("min_items"), "1")
        await fill(pilot, text("sv", "scales", "relevance_scale", "text"), "Relevans")
        await fill(pilot, text("en", "scales", "relevance_scale", "text"), "Relevance")

        assert builder(pilot).document.problems() == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    questionnaire = load_questionnaire(target)
    assert [q.id for q in questionnaire.questions] == [
        "relevant_work",
        "relevant_goals",
        "role",
        "attended_before",
        "used_since",
    ]
    assert questionnaire.question("relevant_goals").labels[1] == {
        "sv": "Inte alls",
        "en": "Not at all",
    }
    assert [c.code for c in questionnaire.question("role").choices] == ["manager", "caseworker"]
    assert questionnaire.question("used_since").show_if == "attended_before == true"
    assert questionnaire.scales[0].items == ["relevant_work", "relevant_goals"]
    create_kiosk_app(target, results=tmp_path / "results" / "run.csv")
    store = ResponseStore(tmp_path / "results" / "run.csv", questionnaire)
    store.append(
        {
            "relevant_work": 4,
            "relevant_goals": "na",
            "role": "manager",
            "attended_before": True,
            "used_since": False,
        }
    )
    assert store.read().rows[0]["role"] == "manager"


async def test_keys_typed_faster_than_the_app_land_in_order_in_their_fields(tmp_path: Path) -> None:
    app, target = await open_builder(tmp_path)
    original = target.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down")  # relevant_work
        await until(pilot, lambda: builder(pilot).target.index == 0)
        type_fast(
            pilot,
            "a",
            "enter",  # a likert question below, its id field focused
            "ctrl+u",
            *"shared_todax",
            "backspace",
            "y",
            "tab",
            "tab",
            *"Svensk tet",
            "left",
            "x",
            "end",
            "tab",
            *"Dansk tekst",
            "tab",
            *"English text",
            "ctrl+s",
        )
        await until(pilot, lambda: target.read_text(encoding="utf-8") != original)
    saved = load_questionnaire(target).question("shared_today")
    assert saved.type == "likert"
    assert saved.text == {"sv": "Svensk text", "da": "Dansk tekst", "en": "English text"}


async def test_the_form_says_no_problems_only_when_it_has_none(tmp_path: Path) -> None:
    app, _target = await open_builder(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await add_question(pilot, "likert")  # its texts are empty, its show_if is fine
        shown = [str(p.render()) for p in pilot.app.screen.query(Problems) if p.display]
        lines = "\n".join(shown).splitlines()
        assert not [line for line in lines if "✓" in line], lines
        assert [line for line in lines if "is empty" in line], lines
        assert len(set(lines)) == len(lines), lines  # each problem once
        await fill(pilot, text("sv", "text"), "Svensk")
        await fill(pilot, text("da", "text"), "Dansk")
        await fill(pilot, text("en", "text"), "English")
        await fill(pilot, field("show_if"), "relevant_work >= yes")
        await pilot.pause(REFRESH_DELAY * 2)
        shown = [str(p.render()) for p in pilot.app.screen.query(Problems) if p.display]
        assert len(shown) == 1 and "✗" in shown[0] and "show_if" in shown[0], shown
        await pilot.press(*["backspace"] * 3, "4")
        await pilot.pause(REFRESH_DELAY * 2)
        shown = [str(p.render()) for p in pilot.app.screen.query(Problems) if p.display]
        assert shown == ["✓ no problems here"]


async def test_editing_a_bundled_file_keeps_its_comments_and_key_order(tmp_path: Path) -> None:
    app, target = await open_builder(tmp_path)
    original = target.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 10)  # learnt_new, the first question of section 2
        await pilot.pause()
        assert builder(pilot).target.path == ("sections", 1, "questions", 0)
        await pilot.press("e")
        await fill(pilot, text("en", "text"), "I learnt a lot.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    edited = target.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), edited.splitlines()) if a != b]
    assert changed == [("          en: I learnt something new.", "          en: I learnt a lot.")]
    assert len(edited.splitlines()) == len(original.splitlines())


async def test_saving_a_change_raises_the_version_when_results_exist(tmp_path: Path) -> None:
    app, target = await open_builder(tmp_path)
    results = default_results_path(load_questionnaire(target), base=tmp_path / "results")
    results.parent.mkdir()
    results.write_text("response_id\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await fill(pilot, text("en", "title"), "Seminar feedback")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "raises it to 2" in dialog.question and str(results) in dialog.detail
        await pilot.press("y")
        await pilot.pause()
    saved = load_questionnaire(target)
    assert (saved.version, saved.title["en"]) == ("2", "Seminar feedback")
    assert 'version: "2"' in target.read_text(encoding="utf-8")


async def test_an_invalid_questionnaire_is_saved_as_a_marked_draft(tmp_path: Path) -> None:
    app, target = await open_builder(tmp_path)
    original = target.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "e")
        await fill(pilot, field("points"), "12")
        await pilot.pause(REFRESH_DELAY * 2)
        status = str(pilot.app.screen.query_one("#status").render())
        assert "✗ 1 problem" in status
        assert "outside 2..11" in str(pilot.app.screen.query_one("#problems").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "draft" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert "saved as draft" in str(pilot.app.screen.query_one("#status").render())
        await pilot.press("escape", "home", "f4", "enter")  # jump to the problem
        await pilot.pause()
        assert builder(pilot).target.path == ("sections", 0, "questions", 0)
    assert target.read_text(encoding="utf-8") == original
    draft = target.with_name("seminar-feedback.draft.yaml")
    assert "points: 12" in draft.read_text(encoding="utf-8")


async def test_delete_asks_undo_restores_and_leaving_unsaved_asks(tmp_path: Path) -> None:
    app, target = await open_builder(tmp_path)
    original = target.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        document = builder(pilot).document
        assert document.get(("sections", 0, "questions", 0, "id")) == "relevant_goals"
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert document.get(("sections", 0, "questions", 1, "id")) == "relevant_goals"
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert builder(pilot).document.text() == original
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "without saving" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert target.read_text(encoding="utf-8") == original


async def test_type_change_matrix_rows_and_choice_order_by_keyboard(tmp_path: Path) -> None:
    app, _target = await open_builder(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 14)  # format_speaker, the matrix
        await pilot.pause()
        path = builder(pilot).target.path
        assert builder(pilot).document.get((*path, "id")) == "format_speaker"
        await tab_to(
            pilot,
            lambda w: getattr(w, "label", None) is not None and str(w.label) == "+ add row",
            key="shift+tab",
        )  # near the end
        await pilot.press("enter")
        await pilot.pause()
        await fill(pilot, field("rows", 4, "id"), "speaker_time")
        await pilot.press("tab", "space")  # reverse
        await fill(pilot, text("sv", "rows", 4, "text"), "Tid")
        await fill(pilot, text("da", "rows", 4, "text"), "Tid")
        await fill(pilot, text("en", "rows", 4, "text"), "Time")
        await pilot.press("ctrl+up")
        await pilot.pause()
        document = builder(pilot).document
        rows = document.get((*path, "rows"))
        assert [row["id"] for row in rows][3:] == ["speaker_time", "speaker_examples"]
        assert rows[3]["reverse"] is True

        await pilot.press("escape", "down", "down", "down", "e")  # role, a single choice
        await pilot.pause()
        await tab_to(pilot, field("choices", 1, "code"))
        await pilot.press("ctrl+up", "ctrl+r")
        await pilot.pause()
        role = ("sections", 3, "questions", 0)
        assert [c["code"] for c in document.get((*role, "choices"))] == [
            "manager",
            "practitioner",
            "developer",
        ]
        await tab_to(pilot, lambda w: w is not None and w.id == "type", key="shift+tab")
        await pilot.press("enter", "down", "enter")  # single -> multi
        await pilot.pause()
        assert document.get((*role, "type")) == "multi"
        assert document.problems() == []
        await pilot.press("f3", "ctrl+l")
        await pilot.pause()
        assert "Hvad er din primære rolle?" in str(
            pilot.app.screen.query_one("#preview-question").query_one(".question-text").render()
        )


def test_build_on_unreadable_yaml_says_where_and_exits_2(tmp_path: Path, capsys) -> None:
    from surveytui.cli import main

    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nsections: [\n", encoding="utf-8")
    assert main(["build", str(broken)]) == 2
    assert f"{broken}:" in capsys.readouterr().err


async def test_starts_from_a_copy_of_a_bundled_questionnaire(tmp_path: Path) -> None:
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(SEMINAR, tmp_path / "questionnaires")
    app = create_build_app(None, base=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartDialog)
        await pilot.press("down", "enter")  # a copy of seminar-feedback.yaml
        await pilot.pause()
        assert builder(pilot).document.get(("id",)) == "new-questionnaire"
        await pilot.press("ctrl+s")
        await pilot.pause()
    copy = load_questionnaire(tmp_path / "questionnaires" / "new-questionnaire.yaml")
    assert copy.id == "new-questionnaire"
    assert len(copy.questions) == len(load_questionnaire(SEMINAR).questions)


async def test_opening_a_broken_file_says_why_and_stays_open(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("b.yaml").write_text("id: x\nsections: [\n", encoding="utf-8")
    app = create_build_app(None, base=Path("."))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "ctrl+u", *"b.yaml", "enter", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartDialog)
        error = str(app.screen.query_one("#start-error").render())
        assert "b.yaml:3:1: YAML syntax error" in error


async def test_a_type_change_that_removes_keys_asks_first(tmp_path: Path) -> None:
    app, target = await open_builder(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 17, "e")  # role, a single choice with choices
        await pilot.pause()
        document = builder(pilot).document
        role = ("sections", 3, "questions", 0)
        assert document.get((*role, "id")) == "role"
        original = document.text()
        for answer in ("n", "y"):
            await tab_to(pilot, lambda w: w is not None and w.id == "type", key="shift+tab")
            await pilot.press("enter", "up", "up", "enter")  # single -> likert
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmDialog)
            assert "choices" in pilot.app.screen.question
            await pilot.press(answer)
            await pilot.pause()
            if answer == "n":
                assert document.text() == original
        assert document.get((*role, "type")) == "likert"
        assert "choices" not in document.get(role)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert builder(pilot).document.text() == original
    assert target.read_text(encoding="utf-8") == SEMINAR.read_text(encoding="utf-8")


async def test_the_keys_page_names_every_key_of_the_builder_and_what_it_does(
    tmp_path: Path,
) -> None:
    app, _target = await open_builder(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        page = "\n".join(str(static.content) for static in app.screen.query(Static))
        # A line is the keys, two spaces, and what they do.
        keys_of = {
            found["what"]: found["keys"].split(", ")
            for line in page.splitlines()
            if (found := re.match(r"^ *(?P<keys>\S.*?)  (?P<what>\S.*)$", line))
        }
        for owner in (BuildScreen, OutlineTree, ListEntry):
            for binding in owner.BINDINGS:
                assert isinstance(binding, Binding) and binding.tooltip, binding
                for key in Binding.make_bindings([binding]):
                    assert app.get_key_display(key) in keys_of.get(binding.tooltip, []), key
        # The page is longer than 24 rows: it scrolls inside its frame, none of it cut off.
        scroll = app.screen.query_one(VerticalScroll)
        assert app.screen.query_one(".dialog").region.contains_region(scroll.region)
        assert scroll.max_scroll_y > 0


async def test_the_tree_says_what_was_asked_and_needs_no_builder_around_it() -> None:
    from textual.app import App

    from surveytui.edit import QuestionnaireDocument

    class Bare(App[None]):
        def compose(self):
            yield OutlineTree("questionnaire")

        def on_mount(self) -> None:
            self.query_one(OutlineTree).fill(
                QuestionnaireDocument.load(SEMINAR), Selection("question", 0, 1)
            )
            self.query_one(OutlineTree).focus()

    asked: list[object] = []
    app = Bare()
    async with app.run_test(size=SIZE, message_hook=asked.append) as pilot:
        await pilot.pause()
        await pilot.press("a", "s", "c", "x", "less_than_sign", "ctrl+down", "m", "e")
        await pilot.press("shift+tab")
        await pilot.pause()
    once = list({id(m): m for m in asked}.values())  # a bubbling message is seen per pump
    said = [
        (type(m).__name__, getattr(m, "delta", getattr(m, "from_end", None)))
        for m in once
        if type(m).__qualname__.startswith("OutlineTree.") and type(m).__name__ != "Highlighted"
    ]
    assert said == [
        ("AddQuestionAsked", None),
        ("AddSectionAsked", None),
        ("DuplicateAsked", None),
        ("DeleteAsked", None),
        ("MoveAsked", -1),
        ("MoveAsked", 1),
        ("MoveToSectionAsked", None),
        ("EditAsked", False),
        ("EditAsked", True),
    ]
    highlighted = [m.target for m in once if isinstance(m, OutlineTree.Highlighted)]
    assert highlighted[-1] == Selection("question", 0, 1)
