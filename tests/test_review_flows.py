"""The review screen driven by keyboard alone over the example results: the numbers shown are
those of `analyze --format json`, and grouping, filtering, searching, exporting, following a
growing file and showing problems work without a traceback."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import stat
import uuid
from pathlib import Path

import pytest
from rich.console import Console
from screen_helpers import clipped_keys
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from textual.widgets._toast import Toast

from surveytui.analysis import analyze, load_dataset
from surveytui.analysis.followup import waves_by_unit
from surveytui.cli import build_parser, cmd_review, main
from surveytui.model import load_questionnaire
from surveytui.report import render
from surveytui.store import ResponseStore
from surveytui.tui.dialogs import ErrorDialog, PickDialog, TextDialog
from surveytui.tui.review import ReviewApp, create_review_app
from surveytui.tui.review.dialogs import AskDialog, ValuesDialog
from surveytui.tui.review.screen import ReviewScreen

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "results" / "seminar-feedback-v1-example.csv"
SIZE = (120, 40)


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """A copy of the example results and its questionnaire snapshot."""
    target = tmp_path / "results" / EXAMPLE.name
    target.parent.mkdir()
    shutil.copy(EXAMPLE, target)
    snapshot = EXAMPLE.with_name(EXAMPLE.name.replace(".csv", ".questionnaire.yaml"))
    shutil.copy(snapshot, target.with_name(snapshot.name))
    return target


async def settled(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def review(pilot: Pilot) -> ReviewScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, ReviewScreen)
    return screen


def shown(screen: ReviewScreen) -> str:
    """The text of the current view as drawn at the view's width."""
    view = screen.query_one("#review-view", Static)
    console = Console(
        width=view.content_region.width, file=io.StringIO(), record=True, color_system=None
    )
    console.print(view.content)
    return console.export_text()


async def go_to(pilot: Pilot, key: str) -> None:
    """Move up or down the question list to the entry `key`, as a person would."""
    screen = review(pilot)
    nav = screen.query_one("#review-nav", OptionList)
    enabled = [option.id for option in nav.options if not option.disabled]
    steps = enabled.index(key) - enabled.index(nav.highlighted_option.id)
    await pilot.press(*(["down"] * steps or ["up"] * -steps))
    await pilot.pause()
    assert screen.target is not None and screen.target.key == key


async def pick(pilot: Pilot, value: object) -> None:
    """Choose `value` in the open PickDialog with the arrows and Enter."""
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, PickDialog)
    wanted = [v for _, v in dialog.choices].index(value)
    current = dialog.query_one(OptionList).highlighted or 0
    await pilot.press(*(["down"] * (wanted - current) or ["up"] * (current - wanted)), "enter")
    await pilot.pause()


def analyze_json(folder: Path, *args: str) -> dict:
    """What `surveytui analyze ... --format json` writes (to a file: run_test takes stdout)."""
    output = folder / f"analyze-{len(list(folder.glob('analyze-*.json')))}.json"
    assert main(["analyze", *args, "--format", "json", "--output", str(output)]) == 0
    return json.loads(output.read_text())


async def test_every_number_shown_is_the_one_analyze_prints(results, tmp_path) -> None:
    expected = analyze_json(tmp_path, str(results))
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        assert json.loads(json.dumps(screen.analysis.to_dict())) == expected
        assert f"{expected['n_responses']} responses" in str(
            screen.query_one("#review-status", Static).content
        )
        for item in expected["items"]:
            if item["type"] == "text":
                continue
            await go_to(pilot, f"item:{item['id']}")
            text = shown(screen)
            assert f"n {item['n']} · missing {item['missing']}" in text
            if "top2_pct" in item:
                assert f"mean {item['mean']:.2f}" in text and f"sd {item['sd']:.2f}" in text
                assert f"95% CI [{item['ci95'][0]:.2f}, {item['ci95'][1]:.2f}]" in text
                assert f"top-2 {item['top2_pct']:.0f}%" in text
                for code, count in item["counts"].items():
                    assert re.search(rf"^{code} .* {count}\s*$", text, re.M), (item["id"], code)
            elif "pct" in item:
                for code, count in item["counts"].items():
                    assert f"{count:>5} {item['pct'][code]:>3.0f}%" in text
            else:
                ci = item["ci95"]
                assert f"{item['yes_pct']:.0f}%  95% CI [{ci[0]:.0f}, {ci[1]:.0f}]" in text
        for scale in expected["scales"]:
            await go_to(pilot, f"scale:{scale['id']}")
            text = shown(screen)
            low, high = scale["alpha_ci95"]
            assert f"alpha {scale['alpha']:.2f}" in text and f"[{low:.2f}, {high:.2f}]" in text
            for item_id, rest in scale["item_rest_r"].items():
                dropped = scale["alpha_if_deleted"][item_id]
                assert re.search(rf"{rest:.2f}\s+{dropped:.2f}", text)
        await go_to(pilot, "overview:relevance_use")
        text = shown(screen)
        for item in expected["items"][:6]:
            assert f"{item['top2_pct']:.0f}%  {item['mean']:.2f} n {item['n']}" in text


async def test_overview_sorts_by_top2_box(results) -> None:
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "overview:format")
        order = [
            line.split()[0]
            for line in shown(screen).splitlines()
            if re.match(r"^(format|speaker|grade)_?\w*\b", line)
        ]
        assert order == [
            "format_structure",
            "format_discussion",
            "speaker_clear",
            "speaker_examples",
            "grade",
        ]
        await pilot.press("s")
        text = shown(screen)
        assert "sorted by top-2-box" in text
        ids = [
            line.split()[0]
            for line in text.splitlines()
            if re.match(r"^(format|speaker|grade)_?\w*\b", line)
        ]
        tops = [screen.analysis.item(i)["top2_pct"] for i in ids]
        assert tops == sorted(tops, reverse=True) and sorted(ids) == sorted(order)


async def test_group_by_and_filter_show_what_analyze_shows(results, tmp_path) -> None:
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "item:relevant_work")
        await pilot.press("g")
        await pick(pilot, "seminar")
        await settled(pilot)
        expected = analyze_json(tmp_path, str(results), "--by", "seminar")
        assert json.loads(json.dumps(screen.analysis.to_dict())) == expected
        test = next(t for t in expected["groups"]["tests"] if t["target"] == "relevant_work")
        text = shown(screen)
        assert f"Kruskal-Wallis H = {test['statistic']:.2f}, p < 0.001" in text
        assert f"ε² = {test['effect']['value']:.3f} (6 groups compared)" in text
        for level in expected["groups"]["levels"]:
            block = level["items"]["relevant_work"]
            assert re.search(
                rf"^{level['value']}\s+{block['n']}\s+{block['mean']:.2f}\s+"
                rf"{block['sd']:.2f}",
                text,
                re.M,
            )

        await pilot.press("f")
        await pick(pilot, "seminar")
        assert isinstance(pilot.app.screen, ValuesDialog)
        await pilot.press("space", "enter")
        await settled(pilot)
        await pilot.press("g")
        await pick(pilot, "role")
        await settled(pilot)
        expected = analyze_json(tmp_path, str(results), "--by", "role", "--filter", "seminar=1")
        assert json.loads(json.dumps(screen.analysis.to_dict())) == expected
        status = str(screen.query_one("#review-status", Static).content)
        assert "by role" in status and "only seminar = 1" in status
        text = shown(screen)
        hidden = [lv["value"] for lv in expected["groups"]["levels"] if lv["suppressed"]]
        # manager, those who wrote their own role and those who gave none: fewer than 5 each
        assert [lv["hidden"] for lv in expected["groups"]["levels"] if lv["suppressed"]] == [
            "small"
        ] * 3
        assert hidden == ["manager", "other", None]
        assert re.search(r"^manager Manager\s+–\s+–", text, re.M)
        assert re.search(r"^other Other role\s+–\s+–", text, re.M)
        assert re.search(r"^\(no answer\)\s+–\s+–", text, re.M)
        flat = " ".join(text.split())
        assert "manager Manager: hidden because fewer than 5 answered" in flat
        assert "other Other role: hidden because fewer than 5 answered" in flat
        assert "(no answer): hidden because fewer than 5 answered" in flat

        await pilot.press("f")
        await pick(pilot, "role")
        await pilot.press("space", "enter")
        await settled(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ErrorDialog)  # the gate refuses, saying why
        assert "keeps 4 responses, fewer than 5" in str(dialog.error)
        assert screen.analysis.n_responses == 58  # and the view before stays
        await pilot.press("escape", "f")
        await pick(pilot, "")
        await pilot.press("g")
        await pick(pilot, "")
        await settled(pilot)
        assert screen.analysis.to_dict() == analyze([results]).to_dict()
        assert "By " not in shown(screen)


async def test_waves_of_a_tag_for_everyone_and_per_group(results, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "scale:usefulness")
        await pilot.press("w")
        await pick(pilot, "seminar")
        assert isinstance(pilot.app.screen, AskDialog)
        assert pilot.app.screen.value == "1, 2, 3, 4, 5, 6"
        await pilot.press("enter")
        await settled(pilot)
        expected = analyze_json(tmp_path, str(results), "--wave", "seminar")
        assert json.loads(json.dumps(screen.analysis.to_dict())) == expected
        text = shown(screen)
        assert "Over the waves of seminar" in text and "waves of seminar" in str(
            screen.query_one("#review-status", Static).content
        )
        for level in expected["waves"]["levels"]:
            cell = level["scales"]["usefulness"]
            assert re.search(
                rf"\s{level['value']}\s.*\s{cell['mean']:.2f}\s+{cell['n']}\b", text
            ), level["value"]
        await pilot.press("g")
        await pick(pilot, "role")
        await settled(pilot)
        dataset = load_dataset([results])
        assert screen.by_unit == waves_by_unit(dataset, "seminar", "role")
        assert re.search(r"^manager\s+1\s+–", shown(screen), re.M)
        await pilot.press("e")
        await pick(pilot, ("json", "view"))
        await pilot.press("ctrl+a", "ctrl+k", *"v.json", "enter")
        await pilot.pause()
    written = json.loads(Path("v.json").read_text())
    both = analyze([results], by="role", wave="seminar").select(["usefulness"]).to_dict()
    assert written == json.loads(json.dumps(both)) and list(
        written["waves"]["levels"][0]["scales"]
    ) == ["usefulness"]


async def test_waves_in_an_order_paired_by_respondent_code(tmp_path, monkeypatch) -> None:
    example = ROOT / "results" / "client-follow-up-v1-example.csv"
    monkeypatch.chdir(tmp_path)
    async with create_review_app([example], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "scale:wellbeing")
        await pilot.press("w")
        await pick(pilot, "wave")
        assert pilot.app.screen.value == "start, follow_up_6m"  # as first answered
        await pilot.press("ctrl+a", "ctrl+k", *"start,follow_up_6m", "enter")
        await settled(pilot)
        # typing the order offered is no order of one's own: analyze's default is the same
        expected = analyze_json(
            tmp_path, str(example), "--wave", "wave", "--pair-by", "client_code"
        )
        assert json.loads(json.dumps(screen.analysis.to_dict())) == expected
        text = shown(screen)
        row = next(
            t for t in expected["pairs"]["comparisons"][0]["targets"] if t["target"] == "wellbeing"
        )
        assert re.search(
            rf"start → follow_up_6m\s+{row['n']}\s+{row['mean_before']:.2f}\s+"
            rf"{row['mean_after']:.2f}\s+\+{row['mean_change']:.2f}",
            text,
        )
        codes = {line.split(",")[7] for line in example.read_text().splitlines()[1:]}
        status = str(screen.query_one("#review-status", Static).content)
        assert "paired by client_code" in status
        assert not any(code and code in text + status for code in codes)


async def test_free_text_search_and_the_respondents_other_answers(results) -> None:
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "item:best")
        listing = screen.query_one("#review-answers", OptionList)
        answers = screen.analysis.item("best")["answers"]
        assert listing.option_count == len(answers)
        await pilot.press("enter")
        assert pilot.app.focused is screen.query_one("#review-search")
        await pilot.press(*"indikatorer")
        await pilot.pause()
        matching = [a for a in answers if "indikatorer" in a.casefold()]
        assert 0 < len(matching) < len(answers)
        assert [str(o.prompt) for o in listing.options] == matching
        await pilot.press("enter", "enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, TextDialog)
        lines = dialog.lines
        assert f"best: {matching[0]}" in lines and any(
            line.startswith("seminar: ") for line in lines
        )
        uuid_like = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
        assert not any(uuid_like.search(line) or "response_id" in line for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"zqx")
        await pilot.pause()
        assert listing.option_count == 1 and listing.get_option_at_index(0).disabled


async def test_export_writes_this_view_and_everything(results, tmp_path, monkeypatch) -> None:
    """Markdown of the section on screen, the written report of it, and all of it as JSON."""
    monkeypatch.chdir(tmp_path)
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "overview:relevance_use")
        await pilot.press("e")
        await pick(pilot, ("markdown", "view"))
        assert isinstance(pilot.app.screen, AskDialog)
        await pilot.press("enter")
        await pilot.pause()
        written = tmp_path / "seminar-feedback-v1-example-relevance_use.md"
        section = screen.analysis.questionnaire.sections[0]
        assert written.read_text() == render(
            screen.analysis.select([q.id for q in section.questions]), "markdown", "en"
        )
        assert "relevant\\_work" in written.read_text()  # as markdown escapes it
        assert "learnt" not in written.read_text()
        assert stat.S_IMODE(written.stat().st_mode) == 0o600

        await pilot.press("e")
        await pick(pilot, ("html", "view"))
        await pilot.press("enter")
        await pilot.pause()
        report = (tmp_path / "seminar-feedback-v1-example-relevance_use.html").read_text()
        assert report.startswith("<!DOCTYPE html>") and "<svg" in report

        await pilot.press("e")
        await pick(pilot, ("json", "all"))
        await pilot.press("enter")
        await pilot.pause()
    everything = json.loads((tmp_path / "seminar-feedback-v1-example-all.json").read_text())
    assert everything == analyze_json(tmp_path, str(results))


async def test_the_footer_fits_80_columns_on_every_kind_of_view(results) -> None:
    rows = list(csv.reader(results.read_text().splitlines()))
    broken = {
        **dict(zip(rows[0], rows[1])),
        "response_id": str(uuid.uuid4()),
        "relevant_work": "9",
    }  # a problem while reading: the problems key applies
    with results.open("a", newline="") as file:
        csv.writer(file, lineterminator="\n").writerow(broken.values())
    async with create_review_app([results], lang="en").run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = review(pilot)
        assert screen.analysis.problems
        for key in ("overview:relevance_use", "item:relevant_work", "item:best", "scale:relevance"):
            await go_to(pilot, key)
            assert clipped_keys(screen) == [], key
        await pilot.press("f1")
        await pilot.pause()
        keys = "\n".join(pilot.app.screen.lines)
        for hidden in (
            "Overview in questionnaire order or by top-2-box",
            "What was wrong in the files while reading",
        ):
            assert hidden in keys


async def test_an_export_says_where_it_wrote_and_a_scale_has_no_empty_questions_part(
    results, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = create_review_app([results], lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        await go_to(pilot, "scale:relevance")
        await pilot.press("e")
        await pick(pilot, ("html", "view"))
        await pilot.press("ctrl+a", "ctrl+k", *"relevance.html", "enter")
        await pilot.pause()
        said = ""
        for _ in range(50):  # the message shows once the screen has been redrawn
            said = " ".join(str(toast.render()) for toast in app.screen.query(Toast))
            if said:
                break
            await pilot.pause()
    written = tmp_path / "relevance.html"
    assert str(written) in said
    report = written.read_text()
    assert "Scales and their reliability" in report and "The questions" not in report


async def test_an_export_that_cannot_be_written_is_a_message(
    results, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with create_review_app([results]).run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("e")
        await pick(pilot, ("csv", "all"))
        await pilot.press("ctrl+a", "ctrl+k", *"no/x.csv", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ErrorDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is review(pilot)


async def test_follows_a_file_a_kiosk_appends_to(results) -> None:
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "item:grade")
        questionnaire = load_questionnaire(
            results.with_name(results.name.replace(".csv", ".questionnaire.yaml"))
        )
        ResponseStore(results, questionnaire).append(
            {"grade": 10, "relevant_work": 5}, {"seminar": "7"}
        )
        screen.check_files()
        await settled(pilot)
        assert screen.analysis.n_responses == 277
        assert screen.analysis.to_dict() == analyze([results]).to_dict()
        assert "277 responses" in str(screen.query_one("#review-status", Static).content)
        assert screen.target.key == "item:grade"
        assert f"n {screen.analysis.item('grade')['n']} " in shown(screen)


async def test_problems_while_reading_are_on_screen(results) -> None:
    rows = list(csv.reader(results.read_text().splitlines()))
    broken = dict(zip(rows[0], rows[1]))
    broken.update(response_id=str(uuid.uuid4()), relevant_work="9")
    with results.open("a", newline="") as file:
        csv.writer(file, lineterminator="\n").writerow(broken.values())
    problems = analyze([results]).problems
    assert len(problems) == 1
    async with create_review_app([results]).run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        assert "⚠ 1 problems (p)" in str(screen.query_one("#review-status", Static).content)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextDialog)
        assert pilot.app.screen.lines == [str(problems[0])]
        assert f":{len(rows) + 1}:" in pilot.app.screen.lines[0]


async def test_a_missing_file_is_a_message_and_keys_do_nothing_harmful(tmp_path) -> None:
    app = create_review_app([tmp_path / "none.csv"])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "none.csv" in str(app.screen.error)
        await pilot.press("escape")
        await pilot.pause()
        screen = review(pilot)
        assert "Could not open" in str(screen.query_one("#review-status", Static).content)
        await pilot.press("g", "f", "e", "s", "slash", "p", "o", "l", "x", "enter", "down")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        await pilot.press("q")
    assert app.return_code == 0


async def test_keys_that_do_not_apply_leave_the_view_alone(results) -> None:
    async with create_review_app([results], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "item:role")
        before = shown(screen)
        await pilot.press("s", "slash", "p", "x", "7")
        await pilot.pause()
        assert pilot.app.screen is screen and shown(screen) == before
        await pilot.press("l")
        await pilot.pause()
        assert screen.lang == "sv" and "Chef" in shown(screen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextDialog)
        assert "    g  Compare groups side by side" in pilot.app.screen.lines
        await pilot.press("escape", "q")
        await pilot.pause()
        assert screen.leaving and not screen.check_action("export", ())


@pytest.mark.parametrize("given", [False, True], ids=["snapshot", "questionnaire"])
def test_review_of_a_missing_file_says_so_before_any_screen(
    results, tmp_path, capsys, monkeypatch, given
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(ReviewApp, "run", lambda self: pytest.fail("a screen was opened"))
    snapshot = results.with_name(results.name.replace(".csv", ".questionnaire.yaml"))
    extra = ["--questionnaire", str(snapshot)] if given else []
    assert main(["review", str(results), "nothere.csv", *extra]) == 2
    assert capsys.readouterr().err == "nothere.csv: no such file (check the path)\n"


def test_review_command_is_registered() -> None:
    args = build_parser().parse_args(["review", "a.csv", "b.csv", "--lang", "da"])
    assert args.handler is cmd_review
    assert args.results == [Path("a.csv"), Path("b.csv")] and args.lang == "da"


def _drives_a_terminal(svg: str) -> list[str]:
    """The control characters of a screenshot's text but line feed: what would reach the
    terminal as part of a sequence (clear the screen, set the title, make a link)."""
    return sorted({hex(ord(c)) for c in svg if (ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160})


async def test_answers_and_tags_cannot_drive_the_evaluators_terminal(tmp_path) -> None:
    """A participant's answer (a phone's browser sends any text) and a tag value, holding
    terminal sequences: the review shows them, defused, in the list, the respondent's
    answers, the groups and the filter."""
    path = tmp_path / "results" / "hostile.csv"
    store = ResponseStore(
        path, load_questionnaire(ROOT / "questionnaires" / "seminar-feedback.yaml")
    )
    for i in range(12):
        store.append(
            {"grade": i % 11, "relevant_work": 1 + i % 5, "best": f"ok\x1b[2J\x1b]0;owned\x07 {i}"},
            {"seminar": "1\x1b[5m" if i < 6 else "2\x9b31m"},
        )
    async with create_review_app([path], lang="en").run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await go_to(pilot, "item:best")
        shots = {"answers": pilot.app.export_screenshot()}
        assert "ok" in str(
            screen.query_one("#review-answers", OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("enter", "enter", "enter")  # the search, the list, an answer
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextDialog)
        shots["respondent"] = pilot.app.export_screenshot()
        await pilot.press("escape")
        screen.query_one("#review-nav", OptionList).focus()
        await go_to(pilot, "item:relevant_work")
        await pilot.press("g")
        await pick(pilot, "seminar")
        await settled(pilot)
        shots["groups"] = pilot.app.export_screenshot()
        await pilot.press("f")
        await pick(pilot, "seminar")
        assert isinstance(pilot.app.screen, ValuesDialog)
        shots["filter"] = pilot.app.export_screenshot()
    assert {name: _drives_a_terminal(svg) for name, svg in shots.items()} == {
        name: [] for name in shots
    }


async def test_at_80x24_a_long_status_wraps_and_the_screen_never_scrolls_it_away() -> None:
    """Before, the kiosk's style for its own `#review-body` made the review's body a line
    too tall: moving into the view scrolled the whole screen and hid the status line."""
    example = ROOT / "results" / "client-follow-up-v1-example.csv"
    async with create_review_app([example], lang="en").run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = review(pilot)
        await pilot.press("w")
        await pick(pilot, "wave")
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("down", "tab", "end")
        await pilot.pause()
        status = screen.query_one("#review-status", Static)
        assert "paired by client_code" in str(status.content) and status.size.height == 2
        assert screen.max_scroll_y == 0 and screen.scroll_y == 0
        assert screen.region.contains_region(status.region)
