"""The written report: HTML structure and accessibility, numbers from the Analysis, privacy,
the report command, and the example report opened in headless Chromium (skipped without it)."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import os
import re
import stat
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from browser_helpers import CHROMIUM, needs_chromium

from report_helpers import EXAMPLE, SECRET, UNITS, answers, write_results
from surveytui.analysis import analyze_dataset, load_dataset
from surveytui.cli import main
from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire
from surveytui.report.blocks import md_escape
from surveytui.report.charts import MARGIN, diverging_chart, dot_chart, palette
from surveytui.report.locale import Locale
from surveytui.report.written import read_invited, render_report, unit_reports
from surveytui.store import ResponseStore

DAY = dt.date(2026, 3, 1)
CHARTED = ("likert", "rating", "matrix", "single", "multi", "yes_no", "number")


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: tags, svgs with their title and desc."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.svgs: list[dict] = []
        self.ids: set[str] = set()
        self.tables: list[list[list[str]]] = []
        self._open: list[str] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._open.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "svg":
            self.svgs.append({"attrs": attrs, "title": "", "desc": ""})
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        while self._open and self._open.pop() != tag:
            pass
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._open and self._open[-1] in ("title", "desc") and "svg" in self._open:
            self.svgs[-1][self._open[-1]] += data


@pytest.fixture(scope="module")
def example():
    return load_dataset(EXAMPLE)


@pytest.fixture(scope="module")
def example_html(example):
    return render_report(example, "sv", "html", by="seminar", min_group=40, day=DAY).text


def test_every_chart_has_a_text_alternative_and_a_table(example, example_html):
    page = Page(example_html)
    charted = [q for q in example.questionnaire.questions if q.type in CHARTED and not q.is_ordinal]
    # rated questions: one overview per section and answer scale (relevance_use, knowledge,
    # and format twice: its matrix on 1-5 and its 0-10 grade)
    overviews = 4
    scales = example.questionnaire.scales  # one chart of the group means each
    assert len(page.svgs) == len(charted) + overviews + len(scales) == 4 + 4 + 3
    for svg in page.svgs:
        attrs = svg["attrs"]
        assert attrs["role"] == "img"
        assert set(attrs["aria-labelledby"].split()) <= page.ids
        assert svg["title"].strip() and svg["desc"].strip()
    kinds = [tag for tag, _ in page.tags if tag in ("figure", "table", "h2", "h3", "h4")]
    for i, kind in enumerate(kinds):  # every chart's numbers follow it, under its heading
        if kind == "figure":
            assert next(k for k in kinds[i:] if k not in ("figure",)) == "table"
    assert len(page.tables) >= len(page.svgs)


def empty_sections(markdown: str) -> list[str]:
    """The headings followed by no text before the next heading of their level or above."""
    lines = [line for line in markdown.splitlines() if line.strip()] + ["#"]

    def level(line: str) -> int:
        return len(line) - len(line.lstrip("#"))

    return [
        line
        for line, following in itertools.pairwise(lines)
        if level(line) and 0 < level(following) <= level(line)
    ]


@pytest.mark.parametrize("by", [None, "seminar"])
def test_a_report_of_any_view_the_review_exports_has_no_empty_section(example, by):
    analysis = analyze_dataset(example, by, 40)
    q = analysis.questionnaire
    views = [
        [],
        [s["id"] for s in analysis.scales],
        *([s["id"]] for s in analysis.scales),
        *([question.id for question in s.questions] for s in q.sections),
        *([question.id] for question in q.questions),
    ]
    for ids in views:
        chosen = analysis.select(ids) if ids else analysis
        markdown = render_report(chosen, "en", "markdown", day=DAY).text
        assert empty_sections(markdown) == [], ids


def shares_by_csv(column: str, codes: list[int], mark: str) -> list[str]:
    """Each answer's count and share of those who answered it on the scale, counted with
    the csv module from the example file and written as the report should write them."""
    with EXAMPLE.open(newline="", encoding="utf-8") as file:
        answers = [row[column] for row in csv.DictReader(file)]
    counts = [answers.count(str(code)) for code in codes]
    answered = sum(counts)
    return [
        f"{count} ({round(100 * count / answered, 1):.1f}\u00a0%)".replace(".", mark)
        for count in counts
    ]


@pytest.mark.parametrize("lang,mark", [("sv", ","), ("da", ","), ("en", ".")])
def test_each_answer_of_a_rated_question_shows_its_share(example, lang, mark):
    html = Page(render_report(example, lang, "html", day=DAY).text).tables
    markdown = render_report(example, lang, "markdown", day=DAY).text.splitlines()
    for column, codes in (
        ("relevant_work", [1, 2, 3, 4, 5]),  # likert, matrix row, rating
        ("speaker_clear", [1, 2, 3, 4, 5]),
        ("grade", list(range(11))),
    ):
        expected = shares_by_csv(column, codes, mark)
        if lang == "en":
            expected = [cell.replace("\u00a0", "") for cell in expected]
        rows = [row for table in html for row in table if row[1 : 1 + len(codes)] == expected]
        assert len(rows) == 1, (column, expected)
        lines = [line for line in markdown if f"| {' | '.join(expected)} |" in line]
        assert len(lines) == 1, (column, expected)


def test_the_page_is_self_contained(example_html):
    page = Page(example_html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object"}
    assert not re.search(
        r"(src|href)=|url\(|@import|https?://(?!www\.w3\.org/2000/svg)", example_html
    )
    assert ("html", {"lang": "sv"}) in page.tags
    assert any(tag == "meta" and a.get("name") == "viewport" for tag, a in page.tags)
    assert "@page { size: A4" in example_html


def test_numbers_are_the_analysis_numbers_in_swedish_form(example, example_html):
    analysis = analyze_dataset(example, "seminar", 40).to_dict()
    page = Page(example_html)
    item = next(i for i in analysis["items"] if i["id"] == "relevant_work")
    row = next(
        t for t in page.tables if t[0][:6] == ["Antal (andel) per svar", "1", "2", "3", "4", "5"]
    )[1]
    assert row[1:6] == [
        f"{item['counts'][str(c)]} ({item['pct'][str(c)]:.1f}\u00a0%)".replace(".", ",")
        for c in range(1, 6)
    ]
    assert row[6] == str(item["n"])
    assert row[7] == f"{item['mean']:.2f}".replace(".", ",")
    assert row[8] == "–".join(f"{v:.2f}".replace(".", ",") for v in item["ci95"])
    for scale in analysis["scales"]:
        assert f"alfa {scale['alpha']:.2f}".replace(".", ",") in example_html
    role = next(i for i in analysis["items"] if i["id"] == "role")
    assert (
        f"{role['counts']['caseworker']} ({role['pct']['caseworker']:.0f}\u00a0%)" in example_html
    )


def test_suppressed_groups_are_named_but_never_shown(example, example_html):
    groups = analyze_dataset(example, "seminar", 40).groups
    hidden = [lv["value"] for lv in groups["levels"] if lv["suppressed"]]
    assert hidden == ["4", "6"]  # 39 and 36 respondents
    means = next(t for t in Page(example_html).tables if t[0][0] == "Medelvärde")
    assert means[0][1:] == ["1", "2", "3", "5"]
    assert (
        "Inte redovisade: 4 (färre än 40 svarande), 6 (färre än 40 svarande), så att "
        "ingen kan pekas ut."
    ) in example_html


def test_a_filter_down_to_a_small_group_writes_no_report(tmp_path):
    dataset = load_dataset(write_results(tmp_path))
    with pytest.raises(SurveyError, match="unit=tiny keeps 2 responses, fewer than 5"):
        render_report(dataset, filters={"unit": "tiny"})
    with pytest.raises(SurveyError, match="unit=tiny keeps 2 responses, fewer than 5"):
        render_report(analyze_dataset(dataset, filters={"unit": ["tiny"]}))  # as the review
    with pytest.raises(SurveyError, match="unit=west cannot be shown: grouped this way"):
        render_report(dataset, filters={"unit": "west"})  # else tiny = all - the others
    assert "13 personer" in render_report(dataset, filters={"unit": ["north", "south"]}).text


def test_one_unit_report_per_shown_level_with_everyone_beside_it(example):
    reports = unit_reports(example, "seminar", "en", "html", min_group=40, day=DAY)
    assert list(reports) == ["1", "2", "3", "5"]
    unit = analyze_dataset(example, filters={"seminar": "3"}).scale("relevance")
    total = analyze_dataset(example).scale("relevance")
    text = reports["3"].text
    assert "This feedback is for seminar 3 (52 answers)" in text
    row = next(t for t in Page(text).tables if t[0][0] == "Scale")[1]
    assert row == [
        "Relevance",
        str(unit["n"]),
        f"{unit['mean']:.2f}",
        str(total["n"]),
        f"{total['mean']:.2f}",
    ]
    assert (
        "Groups hidden in this report: 4 (fewer than 40 answered), 6 (fewer than 40 answered)."
    ) in text


def test_respondent_codes_and_markup_in_answers_never_reach_the_report(tmp_path):
    dataset = load_dataset(write_results(tmp_path))
    for fmt in ("html", "markdown"):
        text = render_report(dataset, "sv", fmt, by="unit", day=DAY).text
        assert SECRET.format(0)[:-2] not in text
        assert "<script>" not in text
    html = render_report(dataset, "sv", "html", day=DAY).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *fet* | rör" in html
    markdown = render_report(dataset, "sv", "markdown", day=DAY).text
    assert r"- \<script\>alert(1)\</script\> \*fet\* \| rör" in markdown


def test_markdown_escaping_keeps_a_text_on_one_table_line():
    assert md_escape("a |b\n  c\r\n95\u00a0% *x* <b>") == "a \\|b c 95\u00a0% \\*x\\* \\<b\\>"


def test_locale_formats():
    sv, da, en = Locale("sv"), Locale("da"), Locale("en")
    assert (sv.number(1234.5), da.number(1234.5), en.number(1234.5)) == (
        "1\u00a0234,50",
        "1.234,50",
        "1,234.50",
    )
    assert (sv.percent(51.3), en.percent(51.3), sv.percent(None)) == ("51\u00a0%", "51%", "–")
    assert sv.p_value(0.0004) == "<\u00a00,001" and en.p_value(0.0312) == "0.031"
    assert (sv.date(DAY), da.date(DAY), en.date(DAY)) == (
        "1 mars 2026",
        "1. marts 2026",
        "1 March 2026",
    )
    assert Locale("fi").w("yes") == "Yes"


def test_response_rates_overall_and_per_unit(tmp_path):
    dataset = load_dataset(write_results(tmp_path))
    text = render_report(dataset, "en", "html", invited=40, day=DAY).text
    assert "20 of the 40 invited answered: a response rate of 50%." in text
    invited = tmp_path / "invited.csv"
    invited.write_text("unit;invited\nnorth;14\nsouth;12\nwest;10\ntiny;4\n", encoding="utf-8")
    assert read_invited(invited) == {"north": 14, "south": 12, "west": 10, "tiny": 4}
    rates = Page(
        render_report(dataset, "en", "html", by="unit", invited=read_invited(invited), day=DAY).text
    )
    table = next(t for t in rates.tables if t[0][0] == "unit")
    assert table[1:] == [
        ["north", "7", "14", "50%"],
        ["south", "6", "12", "50%"],
        ["tiny", "hidden", "4", "hidden"],
        ["west", "hidden", "10", "hidden"],
    ]


def test_unit_reports_give_each_unit_its_response_rate(tmp_path):
    dataset = load_dataset(write_results(tmp_path))
    reports = unit_reports(
        dataset, "unit", "en", "html", invited={"north": 10, "south": 12}, day=DAY
    )
    assert "7 of the 10 invited answered: a response rate of 70%." in reports["north"].text
    assert "6 of the 12 invited answered: a response rate of 50%." in reports["south"].text
    with pytest.raises(SurveyError, match="6 invited for north is fewer than the 7"):
        unit_reports(dataset, "unit", invited={"north": 6})
    with pytest.raises(SurveyError, match="--invited 19 is fewer than the 20 who answered"):
        render_report(dataset, invited=19)


def test_report_command_writes_private_files(tmp_path, capsys):
    results = write_results(tmp_path)
    out = tmp_path / "report.md"
    assert (
        main(["report", str(results), "--format", "markdown", "--by", "unit", "-o", str(out)]) == 0
    )
    charts = sorted((tmp_path / "report-charts").iterdir())
    # use_a, use_b (labelled differently), mood and grid are on four answer scales
    assert [c.name for c in charts] == sorted(
        [
            *(f"chart-{q}.svg" for q in ("role", "topics", "again", "hours", "unit-useful")),
            "overview-main.svg",
            *(f"overview-main-{i}.svg" for i in (2, 3, 4)),
        ]
    )
    for path in [out, *charts]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    svg = "{http://www.w3.org/2000/svg}"
    for chart in charts:
        root = ElementTree.parse(chart).getroot()  # a standalone, well-formed SVG file
        assert root.tag == f"{svg}svg" and root.find(f"{svg}title").text
        assert root.find(f"{svg}desc").text.startswith(
            (
                "Antal svar per alternativ, frågorna ordnade efter andelen som valde något av "
                "de två högsta svaren: ",
                "Antal och andel som valde",
                "Medelvärde per grupp",
                "Andel som svarade ja, med 95\u00a0% konfidensintervall: ",
                "Antal svar per värde eller intervall: ",
            )
        )
    assert f"](report-charts/{charts[0].name})" in out.read_text(encoding="utf-8")
    units = tmp_path / "units"
    assert main(["report", str(results), "--per-unit", "unit", "-o", str(units)]) == 0
    assert sorted(p.name for p in units.iterdir()) == [
        "report-test-unit-north.html",
        "report-test-unit-south.html",
    ]
    north = (units / "report-test-unit-north.html").read_text(encoding="utf-8")
    assert f"unit north ({UNITS['north']} svar)" in north


def test_report_command_refuses_bad_input_with_file_and_line(tmp_path, capsys):
    results = write_results(tmp_path)
    invited = tmp_path / "invited.csv"
    invited.write_text("unit,number\nnorth,7\nsouth,many\n", encoding="utf-8")
    assert main(["report", str(results), "--by", "unit", "--invited", str(invited)]) == 2
    assert f"{invited}:3: 'many' is not a whole number of people" in capsys.readouterr().err
    invited.write_text("north\nsouth\n", encoding="utf-8")
    assert main(["report", str(results), "--by", "unit", "--invited", str(invited)]) == 2
    assert f"{invited}:1: expected two columns" in capsys.readouterr().err
    assert main(["report", str(results), "--by", "nowhere"]) == 2
    assert "cannot group by 'nowhere'" in capsys.readouterr().err
    assert main(["report", str(results), "--per-unit", "unit"]) == 2
    assert "--per-unit writes one file per unit" in capsys.readouterr().err
    assert main(["report", str(results), "--lang", "da"]) == 2
    assert "no texts in 'da' (use --lang sv or en)" in capsys.readouterr().err


# -- a real browser ------------------------------------------------------------------------


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        page.as_uri(),
    ]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@needs_chromium
def test_the_console_check_sees_errors(tmp_path):
    """Guards the next test: a page with a script error must show up as a console line."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>")
    result = chromium(tmp_path, page, "--dump-dom")
    assert any("undefinedFunction" in line for line in console_messages(result.stderr))


@needs_chromium
def test_example_report_in_headless_chromium(tmp_path, example_html):
    page = tmp_path / "report.html"
    page.write_text(example_html, encoding="utf-8")
    result = chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    assert "net::ERR" not in result.stderr
    dom = Page(result.stdout)
    # every chart of the page survives the browser's parse, each with its description
    assert len(dom.svgs) == len(Page(example_html).svgs) == 11
    assert all(s["desc"] for s in dom.svgs)
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, page, "--screenshot=" + str(shot), "--window-size=800,2400")
    assert result.returncode == 0 and console_messages(result.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (800, 2400)
    assert len(data) > 50_000  # text, tables and coloured charts, not a blank page


# -- charts ---------------------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009) simulation of full dichromacy, on linear RGB
DICHROMACY = {
    "protan": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deutan": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritan": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
    "normal": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
}


def lab_as_seen(colour: str, matrix) -> list[float]:
    """CIELAB (D65) of a colour as a viewer with this colour vision sees it."""
    srgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    seen = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, linear)))) for row in matrix]
    xyz = [
        sum(m * c for m, c in zip(row, seen)) / white
        for row, white in zip(
            [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]],
            (0.95047, 1.0, 1.08883),
        )
    ]
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return [116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])]


@pytest.mark.parametrize("points", [2, 3, 4, 5, 6, 7, 11])
def test_palette_neighbours_stay_apart_for_colour_blind_readers(points):
    colours = palette(points)
    assert len(set(colours)) == points
    least = 12 if points <= 7 else 6  # eleven steps of two hues cannot all be far apart
    for vision, matrix in DICHROMACY.items():
        seen = [lab_as_seen(c, matrix) for c in colours]
        for i in range(points - 1):
            assert math.dist(seen[i], seen[i + 1]) > least, (vision, colours[i : i + 2])
        for i in range(points // 2):  # the two ends of the scale are told apart too
            assert math.dist(seen[i], seen[-1 - i]) > 20, (vision, i)


def test_diverging_bars_centre_the_neutral_and_scale_by_count():
    svg = diverging_chart(
        "c", "t", "d", [("a", [1, 2, 2, 0, 3]), ("b", [0, 0, 4, 4, 0])], ["1", "2", "3", "4", "5"]
    )
    rects = [dict(re.findall(r'(\w+)="([^"]*)"', r)) for r in re.findall(r"<rect [^>]*/>", svg)]
    bars = [r for r in rects if r["height"] == "24"]
    centre = float(re.search(r'<line x1="([\d.]+)"', svg).group(1))
    neutral = [r for r in bars if r["fill"] == palette(5)[2]]
    assert len(neutral) == 2
    for r in neutral:
        assert float(r["x"]) + float(r["width"]) / 2 == pytest.approx(centre, abs=0.01)
    widths = [float(r["width"]) for r in bars]
    first = widths[:4]  # a: 1, 2, 2, 3 (the zero is not drawn)
    assert [w / first[0] for w in first] == pytest.approx([1, 2, 2, 3], abs=1e-3)
    assert sum(widths[4:]) / sum(first) == pytest.approx(1, abs=1e-3)  # each row is 100%
    lows = [r for r in bars if r["fill"] in palette(5)[:2]]
    assert all(float(r["x"]) + float(r["width"]) <= centre + 0.01 for r in lows)


def test_dot_chart_places_means_on_the_scale():
    svg = dot_chart(
        "d",
        "Scale per unit",
        "desc",
        [("a", 1.0, "1"), ("b", 3.0, "3"), ("c", None, "–"), ("d", 5.0, "5")],
        1,
        5,
        ("all", 4.0),
    )
    dots = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert len(dots) == 3  # no dot for an undefined mean
    step = (dots[2] - dots[0]) / 4
    assert dots[1] == pytest.approx(dots[0] + 2 * step)
    dashed = re.search(r'<line x1="([\d.]+)"[^>]*stroke-dasharray', svg)
    assert float(dashed.group(1)) == pytest.approx(dots[0] + 3 * step, abs=0.01)
    assert ">Scale per unit</tspan>" in svg  # the title is shown, not only a tooltip


def test_groups_of_a_single_choice_question_are_named_by_their_choice_text(tmp_path):
    dataset = load_dataset(write_results(tmp_path))
    page = Page(render_report(dataset, "en", "html", by="role", day=DAY).text)
    means = next(t for t in page.tables if t[0][0] == "Mean")
    assert means[0] == ["Mean", "Staff", "Manager"] and means[1] == ["Number", "10", "10"]


def svg_of(html: str, chart_id: str) -> str:
    return re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S).group(0)


def bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect [^>]*? width="([\d.]+)"', svg)]


def test_yes_no_and_number_charts_show_the_analysis_numbers(tmp_path):
    dataset = load_dataset(write_results(tmp_path))
    items = {i["id"]: i for i in analyze_dataset(dataset).to_dict()["items"]}
    again, hours = items["again"], items["hours"]
    given = [answers(i) for i in range(sum(UNITS.values()))]
    assert again["yes_pct"] == pytest.approx(100 * sum(a["again"] for a in given) / len(given))
    numbers = [a["hours"] for a in given if a["hours"] != "na"]
    assert sum(hours["histogram"].values()) == len(numbers) == hours["n"]
    html = render_report(dataset, "sv", "html", day=DAY).text
    page = Page(html)
    svgs = {svg["attrs"]["id"]: svg for svg in page.svgs}

    low, high = again["ci95"]
    assert svgs["chart-again"]["title"] == "Igen?"
    assert svgs["chart-again"]["desc"] == (
        "Andel som svarade ja, med 95\u00a0% "
        f"konfidensintervall: Ja: {again['yes_pct']:.0f}"
        f"\u00a0% ({low:.0f}–{high:.0f})."
    )
    table = next(t for t in page.tables if t[0][2:3] == ["Andel som svarade ja"])
    assert table[1] == [
        "Alla",
        str(again["n"]),
        f"{again['yes_pct']:.0f}\u00a0%",
        f"{low:.0f}–{high:.0f}",
    ]
    bar = svg_of(html, "chart-again")
    plot = bar_widths(bar)[0] / again["yes_pct"] * 100  # the bar's length for 100 %
    whisker = re.search(r'd="M([\d.]+) [\d.]+V[\d.]+M[\d.]+ [\d.]+H([\d.]+)', bar)
    assert [(float(x) - MARGIN) / plot * 100 for x in whisker.groups()] == pytest.approx(
        [low, high], abs=0.01
    )

    bins = [[label.replace(".", ","), str(count)] for label, count in hours["histogram"].items()]
    assert len(bins) == 10 and "," in bins[1][0]  # answers with decimals: ten ranges
    assert svgs["chart-hours"]["title"] == "Timmar"
    assert svgs["chart-hours"]["desc"] == (
        "Antal svar per värde eller intervall: " + "; ".join(f"{b}: {n}" for b, n in bins) + "."
    )
    assert next(t for t in page.tables if t[0] == ["Värde", "Antal"])[1:] == bins
    widths, counts = bar_widths(svg_of(html, "chart-hours")), list(hours["histogram"].values())
    assert [w / max(widths) for w in widths] == pytest.approx(
        [c / max(counts) for c in counts], abs=1e-3
    )

    markdown = render_report(dataset, "sv", "markdown", day=DAY)
    for name in ("chart-again", "chart-hours"):
        assert markdown.charts[f"{name}.svg"] == svg_of(html, name) + "\n"
        alt = md_escape(f"{svgs[name]['title']} {svgs[name]['desc']}")
        assert f"![{alt}](charts/{name}.svg)" in markdown.text

    north = analyze_dataset(dataset, filters={"unit": "north"}).item("again")
    unit = Page(unit_reports(dataset, "unit", "en", "html", day=DAY)["north"].text)
    shown = [f"{s['yes_pct']:.0f}% ({s['ci95'][0]:.0f}–{s['ci95'][1]:.0f})" for s in (north, again)]
    assert (
        next(s for s in unit.svgs if s["attrs"]["id"] == "chart-again")["desc"]
        == f"Share answering yes, with the 95% confidence interval: unit north: {shown[0]}; "
        f"Everyone: {shown[1]}."
    )


def test_a_whole_number_question_gets_a_bar_per_value(tmp_path):
    questionnaire = load_questionnaire(
        Path(__file__).parent.parent / "questionnaires" / "workshop-meeting.yaml"
    )
    path = tmp_path / "workshop-meeting-v1.csv"
    store = ResponseStore(path, questionnaire)
    given = [0, 2, 2, 5, "na", 3]
    for hours in given:
        store.append({"hours": hours}, {"meeting": "1"})
    dataset = load_dataset(path)
    histogram = next(
        i["histogram"] for i in analyze_dataset(dataset).to_dict()["items"] if i["id"] == "hours"
    )
    assert histogram == {str(v): given.count(v) for v in range(6)}
    page = Page(render_report(dataset, "en", "html", day=DAY).text)
    assert next(t for t in page.tables if t[0] == ["Value", "Number"])[1:] == [
        [value, str(count)] for value, count in histogram.items()
    ]
    chart = next(s for s in page.svgs if s["attrs"]["id"] == "chart-hours")
    assert (
        chart["desc"] == "Number of answers per value or range: 0: 1; 1: 0; 2: 2; 3: 1; 4: 0; 5: 1."
    )


@pytest.mark.parametrize(
    "lang,answered,share",
    [
        ("sv", "Antal som svarade", "Andel som svarade ja"),
        ("da", "Antal, der svarede", "Andel, der svarede ja"),
        ("en", "Number who answered", "Share answering yes"),
    ],
)
def test_the_yes_no_table_says_which_number_is_who_answered(example, lang, answered, share):
    """ "Ja | 265 | 53 %" read as 265 yeses: the columns say the count is of those who
    answered and the share of them who said yes, and no row is named "yes"."""
    with EXAMPLE.open(newline="", encoding="utf-8") as file:
        cells = [row["attended_before"] for row in csv.DictReader(file)]
    n = sum(cell in ("0", "1") for cell in cells)
    pct = 100 * cells.count("1") / n
    assert cells.count("1") != n  # else the misreading would be right
    loc = Locale(lang)
    page = Page(render_report(example, lang, "html", day=DAY).text)
    table = next(
        t
        for t in page.tables
        if len(t) == 2 and t[1][1] == loc.integer(n) and t[1][2] == loc.percent(pct)
    )
    assert table[0][1:3] == [answered, share]
    assert table[1][0] == loc.w("col_all")
    assert table[1][0] != loc.w("yes")


def bar_rows(svg: str) -> list[list[float]]:
    """The widths of a diverging chart's segments, one list per bar, top to bottom."""
    rows: dict[float, list[float]] = {}
    for y, width in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="([\d.]+)" height="24"', svg):
        rows.setdefault(float(y), []).append(float(width))
    return [rows[y] for y in sorted(rows)]


def test_a_section_overview_chart_sorts_its_rated_items_by_agreement(example):
    """Like R's likert: one chart of every rated item of the section, the legend once,
    sorted by the share in the two highest answers, each bar cut in the shares counted here
    with the csv module; the items below repeat neither chart nor legend."""
    questionnaire = example.questionnaire
    section = next(s for s in questionnaire.sections if s.id == "relevance_use")
    with EXAMPLE.open(newline="", encoding="utf-8") as file:
        raw = list(csv.DictReader(file))
    counted = {}
    for question in section.questions:
        cells = [row[question.id] for row in raw]
        counted[question.id] = [cells.count(str(code)) for code in range(1, 6)]
    assert len(counted) == 6
    top2 = {qid: sum(c[3:]) / sum(c) for qid, c in counted.items()}
    order = sorted(counted, key=lambda qid: -top2[qid])  # stable: questionnaire order on ties
    assert order != list(counted)  # else sorting would go unchecked

    html = render_report(example, "sv", "html", day=DAY).text
    svg = svg_of(html, f"overview-{section.id}")
    rows = bar_rows(svg)
    assert len(rows) == 6
    for widths, qid in zip(rows, order):
        shares = [c / sum(counted[qid]) for c in counted[qid] if c]
        assert [w / sum(widths) for w in widths] == pytest.approx(shares, abs=1e-3), qid
    assert svg.count('width="13" height="13"') == 5  # the legend, once
    desc = next(s["desc"] for s in Page(html).svgs if s["attrs"]["id"] == f"overview-{section.id}")
    texts = [questionnaire.question(qid).text["sv"] for qid in order]
    assert [desc.index(text) for text in texts] == sorted(desc.index(text) for text in texts)
    for qid, text in zip(order, texts):
        label = questionnaire.question(qid).labels
        assert (
            f"{text}: "
            + ", ".join(
                f"{code} {label[code]['sv']}: {n}" for code, n in zip(range(1, 6), counted[qid])
            )
            in desc
        )
    for qid in counted:
        assert f'id="chart-{qid}"' not in html

    markdown = render_report(example, "sv", "markdown", day=DAY).text
    part = markdown.split(f"\n### {section.title['sv']}\n")[1].split("\n### ")[0]
    sentences = [
        line
        for line in part.splitlines()
        if "1 Instämmer inte alls" in line and not line.startswith("![")
    ]
    assert len(sentences) == 1
    assert part.index("![") < part.index("\n#### ")  # the overview before the items


def test_a_hidden_item_is_left_out_of_the_overview_with_the_reason(tmp_path):
    """Row Y answered by 3 (fewer than 5): its counts are hidden, so its bar is not drawn
    and the text says why; Row X, on the same scale, is charted."""
    questionnaire = load_questionnaire(Path(__file__).parent / "data" / "report" / "survey.yaml")
    path = tmp_path / "report-test-v1.csv"
    store = ResponseStore(path, questionnaire)
    for i in range(10):
        store.append(
            {"grid_x": 1 + i % 4, "grid_y": 1 + i % 4 if i < 3 else None, "use_a": 1 + i % 5},
            {"unit": "north"},
        )
    dataset = load_dataset(path)
    assert analyze_dataset(dataset).item("grid_y")["hidden"] == "small"
    html = render_report(dataset, "en", "html", day=DAY).text
    page = Page(html)
    overviews = [s for s in page.svgs if s["attrs"]["id"].startswith("overview-")]
    grid = next(s for s in overviews if "Row X" in s["desc"])
    assert "Row Y" not in grid["desc"]
    assert len(bar_rows(svg_of(html, grid["attrs"]["id"]))) == 1
    assert all("Row Y" not in s["desc"] for s in page.svgs)
    assert "Not in the chart: Row Y (fewer than 5 answered)." in html
