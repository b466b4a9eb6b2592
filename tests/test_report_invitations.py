"""`report --invited invitations.csv`: the exact response rate per unit of `serve`'s
invitation links, from the invitations file and `<results>.answered.csv` beside the
results, through the disclosure gate; and, as an attacker, that the answered file never
lets a token (a person) be matched with a row of answers.
"""

from __future__ import annotations

import csv
import io

import pytest
from serve_helpers import Browser, Servers, answer_all

from kiosk_helpers import write_questionnaire
from surveytui.cli import main
from surveytui.results_files import ResultsFiles
from surveytui.store import ResponseStore

# unit -> (invited, answered through their link)
UNITS = {"north": (6, 4), "south": (7, 7), "tiny": (2, 1), "east": (5, 0)}


@pytest.fixture
def collected(tmp_path):
    """Invitation links per unit, some answered through the real server, in an order that
    is not the tokens' order."""
    invited = tmp_path / "invited.csv"
    lines = ["unit,role"] + [
        f"{unit},{'lead' if i == 0 else 'staff'}"
        for unit, (n, _) in UNITS.items()
        for i in range(n)
    ]
    invited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    servers = Servers(tmp_path)
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "all"}, invitations=invited)
    links = served.collection.invitations.rows
    order = []
    for unit, (_, answered) in UNITS.items():
        order += [row for row in links if row["unit"] == unit][:answered]
    order.sort(key=lambda row: row["token"], reverse=True)  # answered against token order
    for useful, row in enumerate(order):
        answer_all(Browser(row["link"]), served.questionnaire, "en")
        row["useful"] = useful
    servers.stop()
    return served, invited, order


def report(capsys, *args: str) -> str:
    assert main(["report", *args, "--format", "markdown", "--lang", "en"]) == 0
    return capsys.readouterr().out


def table_row(text: str, first: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| {first} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_rate_per_unit_counts_the_invited_and_the_answered_links(collected, capsys):
    served, invited, _ = collected
    text = report(capsys, str(served.session.results), "--invited", str(invited))
    assert "Response rate per unit" in text
    # independently: 4 of 6, 7 of 7, 0 of 5 (a 0 shows no one)
    assert table_row(text, "north") == ["north", "6", "4", "67%"]
    assert table_row(text, "south") == ["south", "7", "7", "100%"]
    # 2 invited is under 5: hidden; and east too, the next smallest, or the total less the
    # units shown would give tiny's
    tiny, east = table_row(text, "tiny"), table_row(text, "east")
    assert tiny[:2] == ["tiny", "2"] and tiny[2] == tiny[3] == "hidden (fewer than 5 invited)"
    assert east[:2] == ["east", "5"]
    assert east[2] == east[3] == "hidden (so that a smaller group cannot be worked out)"
    assert table_row(text, "Everyone") == ["Everyone", "20", "12", "60%"]


def test_a_new_unit_is_counted_from_the_invitations_file(collected, capsys):
    served, invited, _ = collected
    # with a unit of 5 that nobody answered too, its rate shows: 0 of 5 reveals no one
    lines = invited.read_text(encoding="utf-8").splitlines()
    invited.write_text("\n".join([*lines, *["west,staff"] * 5]) + "\n", encoding="utf-8")
    text = report(capsys, str(served.session.results), "--invited", str(invited))
    assert "hidden" in table_row(text, "tiny")[2] and "hidden" in table_row(text, "east")[3]
    assert table_row(text, "west") == ["west", "5", "0", "0%"]
    assert table_row(text, "Everyone") == ["Everyone", "25", "12", "48%"]


def test_an_invitations_file_needs_its_answered_file_beside_the_results(collected, capsys):
    served, invited, _ = collected
    ResultsFiles(served.session.results).answered.unlink()
    text = report(capsys, str(served.session.results), "--invited", str(invited))
    assert table_row(text, "north") == ["north", "6", "0", "0%"]


def test_the_answered_file_never_links_a_token_to_a_row(collected):
    served, invited, order = collected
    answered = ResultsFiles(served.session.results).answered.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(answered)))
    # who answered, in token order, never in the order they answered
    assert [row["token"] for row in rows] == sorted(row["token"] for row in order)
    assert [row["token"] for row in rows] != [row["token"] for row in order]
    # nothing in it that a row of answers also has, nor anything of when
    assert list(rows[0]) == ["unit", "role", "token"]
    results = served.session.results.read_text(encoding="utf-8")
    stored = ResponseStore(served.session.results, served.questionnaire).read().rows
    for row in stored:
        assert row["response_id"] not in answered
    for row in order:
        assert row["token"] not in results
    # and no file beside the results keeps a token (a draft, a log)
    folder = served.session.results.parent
    for path in folder.rglob("*"):
        if path.is_file() and path not in (invited, ResultsFiles(served.session.results).answered):
            data = path.read_bytes()
            assert not any(row["token"].encode() in data for row in order), path


def test_the_unit_and_number_file_still_works(collected, tmp_path, capsys):
    served, _, _ = collected
    counts = tmp_path / "counts.csv"
    counts.write_text("all,20\n", encoding="utf-8")
    text = report(capsys, str(served.session.results), "--by", "unit", "--invited", str(counts))
    assert table_row(text, "all")[1:] == ["12", "20", "60%"]
