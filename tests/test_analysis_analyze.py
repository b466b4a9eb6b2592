"""Item, scale and group statistics against numpy, scipy and hand computation."""

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from analysis_helpers import assert_close, write_results
from surveytui.analysis import analyze, analyze_dataset, load_dataset, scale_scores
from surveytui.errors import SurveyError
from surveytui.report import render

ROWS = [
    {
        "unit": "north",
        "use_a": "5",
        "use_b": "4",
        "use_c": "1",
        "agree2": "2",
        "grade": "8",
        "grid_x": "4",
        "grid_y": "1",
        "role": "staff",
        "topics__a": "1",
        "topics__b": "0",
        "again": "1",
        "hours": "2.5",
        "comment": "Good, thanks",
        "code": "AB12",
    },
    {
        "unit": "north",
        "use_a": "4",
        "use_b": "4",
        "use_c": "2",
        "agree2": "1",
        "grade": "7",
        "grid_x": "3",
        "grid_y": "2",
        "role": "lead",
        "topics__a": "1",
        "topics__b": "1",
        "again": "1",
        "hours": "4",
    },
    {
        "unit": "north",
        "use_a": "na",
        "use_b": "3",
        "use_c": "3",
        "agree2": "2",
        "grade": "5",
        "grid_x": "2",
        "grid_y": "2",
        "role": "staff",
        "topics__a": "na",
        "topics__b": "na",
        "again": "0",
        "hours": "1",
    },
    {
        "unit": "north",
        "use_a": "3",
        "use_b": "",
        "use_c": "",
        "grade": "6",
        "grid_x": "3",
        "grid_y": "3",
        "role": "staff",
        "topics__a": "0",
        "topics__b": "0",
        "topics__other": "Budget",
        "again": "1",
    },
    {
        "unit": "north",
        "use_a": "2",
        "use_b": "2",
        "use_c": "4",
        "agree2": "1",
        "grade": "3",
        "grid_x": "1",
        "grid_y": "4",
        "role": "other",
        "again": "0",
        "hours": "10",
    },
    {
        "unit": "south",
        "use_a": "1",
        "use_b": "2",
        "use_c": "5",
        "agree2": "1",
        "grade": "2",
        "grid_x": "1",
        "grid_y": "3",
        "role": "staff",
        "topics__a": "0",
        "topics__b": "1",
        "again": "0",
        "hours": "0",
        "comment": "Too long",
    },
    {
        "unit": "south",
        "use_a": "2",
        "use_b": "1",
        "use_c": "4",
        "agree2": "2",
        "grade": "4",
        "grid_x": "2",
        "grid_y": "4",
        "role": "lead",
        "topics__a": "1",
        "topics__b": "1",
        "again": "1",
        "hours": "3",
    },
    {
        "unit": "south",
        "use_a": "3",
        "use_b": "3",
        "use_c": "3",
        "agree2": "2",
        "grade": "10",
        "grid_x": "4",
        "grid_y": "2",
        "role": "staff",
        "again": "",
        "hours": "6",
    },
    {
        "unit": "south",
        "use_a": "5",
        "use_b": "5",
        "use_c": "1",
        "agree2": "2",
        "grade": "9",
        "grid_x": "3",
        "grid_y": "1",
        "role": "staff",
        "topics__a": "1",
        "topics__b": "0",
        "again": "1",
        "hours": "5",
    },
    {
        "unit": "south",
        "use_a": "4",
        "use_b": "5",
        "use_c": "2",
        "agree2": "1",
        "grade": "9",
        "grid_x": "4",
        "grid_y": "2",
        "again": "1",
        "hours": "7.5",
    },
    {
        "unit": "east",
        "use_a": "1",
        "use_b": "1",
        "use_c": "5",
        "grade": "1",
        "grid_x": "1",
        "grid_y": "4",
        "role": "lead",
        "again": "0",
    },
]


@pytest.fixture
def results(tmp_path):
    return write_results(tmp_path / "r.csv", ROWS)


def column(name):
    """The codes of one column as floats, NaN for blank and na."""
    return np.array([float(r[name]) if r.get(name, "") not in ("", "na") else np.nan for r in ROWS])


def test_ordinal_item_against_numpy_and_scipy(results):
    item = analyze([results]).item("use_a")
    values = column("use_a")
    answered = values[~np.isnan(values)]
    n = len(answered)
    assert (item["n"], item["na"], item["missing"]) == (10, 1, 0)
    assert item["mean"] == pytest.approx(answered.mean())
    assert item["sd"] == pytest.approx(answered.std(ddof=1))
    assert item["median"] == np.median(answered)
    low, high = sps.t.interval(0.95, n - 1, loc=answered.mean(), scale=sps.sem(answered))
    assert item["ci95"] == pytest.approx([low, high])
    assert item["counts"] == {"1": 2, "2": 2, "3": 2, "4": 2, "5": 2}
    assert item["top2_pct"] == pytest.approx(40.0)
    assert item["bottom2_pct"] == pytest.approx(40.0)
    assert item["type"] == "likert" and item["matrix"] is None


def test_reverse_keyed_item_is_reported_as_answered(results):
    item = analyze([results]).item("use_c")
    values = column("use_c")
    assert item["mean"] == pytest.approx(np.nanmean(values))
    assert item["missing"] == 1


def test_matrix_rows_are_items_with_their_matrix(results):
    item = analyze([results]).item("grid_y")
    assert item["type"] == "matrix" and item["matrix"] == "grid"
    assert list(item["counts"]) == ["1", "2", "3", "4"]


def test_two_point_scale_and_unanswered_item(results):
    analysis = analyze([results])
    two = analysis.item("agree2")
    assert two["top2_pct"] is None and two["bottom2_pct"] is None
    assert two["counts"] == {"1": 4, "2": 5}
    nobody = analysis.item("nobody")
    assert nobody["n"] == 0 and nobody["missing"] == len(ROWS)
    assert nobody["mean"] is None and nobody["sd"] is None and nobody["ci95"] is None
    assert nobody["median"] is None and nobody["top2_pct"] is None
    assert nobody["counts"] == {str(c): 0 for c in range(1, 6)}


def test_single_multi_yes_no_number_text(results):
    analysis = analyze([results])
    role = analysis.item("role")
    assert role["counts"] == {"staff": 6, "lead": 3, "other": 1}
    assert role["n"] == 10 and role["missing"] == 1
    assert role["pct"]["staff"] == pytest.approx(60.0)
    topics = analysis.item("topics")
    # answered: rows 1, 2, 4, 6, 7, 9 (row 4 ticked nothing); row 3 is "don't know"
    assert (topics["n"], topics["na"], topics["missing"]) == (6, 1, 4)
    assert topics["counts"] == {"a": 4, "b": 3, "other": 1}  # row 4's "Budget"
    assert topics["pct"]["a"] == pytest.approx(100 * 4 / 6)
    assert topics["other"] == ["Budget"]
    again = analysis.item("again")
    assert again["n"] == 10 and again["yes_pct"] == pytest.approx(60.0)
    z = sps.norm.ppf(0.975)
    p, n = 0.6, 10
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert again["ci95"] == pytest.approx([100 * (centre - half), 100 * (centre + half)])
    hours = analysis.item("hours")
    values = column("hours")
    values = values[~np.isnan(values)]
    assert hours["n"] == 9 and hours["missing"] == 2
    assert hours["mean"] == pytest.approx(values.mean())
    assert [hours["q1"], hours["median"], hours["q3"]] == pytest.approx(
        list(np.percentile(values, [25, 50, 75]))
    )
    assert (hours["min"], hours["max"]) == (0.0, 10.0)
    assert analysis.item("comment")["answers"] == ["Good, thanks", "Too long"]
    code = analysis.item("code")
    assert code["n"] == 1 and code["answers"] == []
    assert analysis.item("info") is None


def test_scale_score_alpha_and_reliability_by_hand(results):
    analysis = analyze([results])
    scale = analysis.scale("useful")
    a, b, c = column("use_a"), column("use_b"), 6 - column("use_c")
    matrix = np.column_stack([a, b, c])
    enough = (~np.isnan(matrix)).sum(axis=1) >= 2
    scores = np.nanmean(matrix, axis=1)[enough]
    assert scale["n"] == len(scores) == 10
    assert scale["mean"] == pytest.approx(scores.mean())
    assert scale["sd"] == pytest.approx(scores.std(ddof=1))
    cov = np.empty((3, 3))
    for i in range(3):
        for j in range(3):
            both = ~np.isnan(matrix[:, i]) & ~np.isnan(matrix[:, j])
            cov[i, j] = np.cov(matrix[both, i], matrix[both, j])[0, 1]
    alpha = 1.5 * (1 - np.trace(cov) / cov.sum())
    assert scale["alpha"] == pytest.approx(alpha, abs=1e-12)
    n = len(ROWS)
    low = 1 - (1 - alpha) * sps.f.ppf(0.975, n - 1, (n - 1) * 2)
    high = 1 - (1 - alpha) * sps.f.ppf(0.025, n - 1, (n - 1) * 2)
    assert scale["alpha_ci95"] == pytest.approx([low, high])
    rest = [
        (cov[:, i].sum() - cov[i, i])
        / math.sqrt(cov[i, i] * np.delete(np.delete(cov, i, 0), i, 1).sum())
        for i in range(3)
    ]
    assert list(scale["item_rest_r"].values()) == pytest.approx(rest)
    assert list(scale["item_rest_r"]) == ["use_a", "use_b", "use_c"]
    two = analysis.scale("pair")
    assert two["alpha"] is not None and two["alpha_if_deleted"] is None
    assert set(two["item_rest_r"]) == {"grid_x", "grid_y"}


def test_scale_scores_follow_min_items(results):
    dataset = load_dataset([results])
    scores = scale_scores(dataset, dataset.questionnaire.scale("useful"))
    assert math.isnan(scores.iloc[3])  # use_a alone: below min_items 2
    assert scores.iloc[0] == pytest.approx((5 + 4 + (6 - 1)) / 3)
    one_item = load_dataset(
        [
            write_results(
                results.with_name("one.csv"), [{"use_a": "4"}, {"use_a": "2", "use_b": "4"}]
            )
        ]
    )
    values = scale_scores(one_item, one_item.questionnaire.scale("useful")).tolist()
    assert math.isnan(values[0]) and values[1] == pytest.approx(3.0)


def test_groups_against_scipy(results):
    everyone = analyze([results], by="unit", min_group=5).groups
    hidden = {lv["value"]: lv for lv in everyone["levels"] if lv["suppressed"]}
    assert list(hidden) == ["east", "north"]  # east alone would show through the total
    assert hidden["east"]["n"] is None
    assert hidden["east"]["items"]["use_a"] == {
        "n": None,
        "mean": None,
        "sd": None,
        "hidden": "small",
    }
    assert hidden["north"]["hidden"] == "complement"
    assert everyone["tests"] == []
    five_times = write_results(results.with_name("five.csv"), ROWS * 5)
    analysis = analyze([five_times], by="unit", min_group=5, filters={"unit": ["north", "south"]})
    groups = analysis.groups
    assert groups["by"] == "unit" and groups["min_group"] == 5
    levels = {lv["value"]: lv for lv in groups["levels"]}
    assert list(levels) == ["north", "south"]
    assert levels["north"]["n"] == 25 and not levels["north"]["suppressed"]
    units = np.array([r["unit"] for r in ROWS * 5])
    grade = np.tile(column("grade"), 5)
    north, south = grade[units == "north"], grade[units == "south"]
    assert levels["north"]["items"]["grade"]["mean"] == pytest.approx(north.mean())
    test = next(t for t in groups["tests"] if t["target"] == "grade")
    expected = sps.mannwhitneyu(north, south)
    assert test["test"] == "mann-whitney" and test["levels"] == ["north", "south"]
    assert test["statistic"] == pytest.approx(expected.statistic)
    assert test["p"] == pytest.approx(expected.pvalue)
    assert test["effect"]["value"] == pytest.approx(2 * expected.statistic / 625 - 1)
    assert test["left_out"] == []
    scale_test = next(t for t in groups["tests"] if t["target"] == "useful")
    scores = scale_scores(
        load_dataset([five_times]), analysis.questionnaire.scale("useful")
    ).to_numpy()
    scored = ~np.isnan(scores)
    expected = sps.mannwhitneyu(
        scores[(units == "north") & scored], scores[(units == "south") & scored]
    )
    assert scale_test["p"] == pytest.approx(expected.pvalue)


def test_three_groups_kruskal_against_scipy(results):
    analysis = analyze([write_results(results.with_name("five.csv"), ROWS * 5)], by="role")
    test = next(t for t in analysis.groups["tests"] if t["target"] == "use_b")
    roles = np.array([r.get("role", "") for r in ROWS * 5])
    values = np.tile(column("use_b"), 5)
    vectors = [values[(roles == code) & ~np.isnan(values)] for code in ("staff", "lead", "other")]
    h, p = sps.kruskal(*vectors)
    n = sum(len(v) for v in vectors)
    assert test["levels"] == ["staff", "lead", "other"]
    assert test["test"] == "kruskal-wallis"
    assert test["statistic"] == pytest.approx(h) and test["p"] == pytest.approx(p)
    assert test["effect"]["value"] == pytest.approx(h * (n + 1) / (n * n - 1))


def test_one_small_group_takes_the_next_smallest_with_it(results):
    groups = analyze([results], by="role", min_group=3).groups
    hidden = {lv["value"]: lv["hidden"] for lv in groups["levels"] if lv["suppressed"]}
    # staff 6, lead 3, other 1 and one without a role: other and the unanswered one are
    # under 3, and together still under 3, so lead goes with them
    assert hidden == {"other": "small", None: "small", "lead": "complement"}
    assert groups["tests"] == []


def test_filters_keep_rows(results):
    dataset = load_dataset([results])
    assert analyze_dataset(dataset).scale("useful")["n"] == 10  # fills the score cache
    south = analyze_dataset(dataset, filters={"unit": "south"})
    assert south.n_responses == 5
    assert south.scale("useful")["n"] == 5  # scores of the filtered rows, not the cache
    assert south.item("grade")["mean"] == pytest.approx(np.mean([2, 4, 10, 9, 9]))
    with pytest.raises(SurveyError, match="not a tag"):
        analyze_dataset(dataset, filters={"grade": "3"})
    with pytest.raises(SurveyError, match="use one of"):
        analyze_dataset(dataset, by="nosuch")


def test_several_files_and_versions(tmp_path):
    old_yaml = tmp_path / "old.yaml"
    text = (write_results.__globals__["SURVEY"]).read_text(encoding="utf-8")
    old_yaml.write_text(
        text.replace('version: "2"', 'version: "1"')
        .replace("{id: agree2, type: likert, points: 2,", "{id: agree2, type: likert, points: 3,")
        .replace(
            "      - {id: grade, type: rating, scale: {min: 0, max: 10}, "
            "text: {en: Grade, sv: Betyg}}\n",
            "",
        ),
        encoding="utf-8",
    )
    first = write_results(tmp_path / "v1.csv", [{"use_a": "5", "agree2": "3"}] * 3, old_yaml)
    second = write_results(tmp_path / "v2.csv", ROWS)
    analysis = analyze([first, second], by="source", min_group=3)
    assert analysis.versions == ["1", "2"]
    assert analysis.n_responses == 3 + len(ROWS)
    assert analysis.item("use_a")["n"] == 13 and analysis.item("use_a")["versions"] == ["1", "2"]
    grade = analysis.item("grade")
    assert grade["versions"] == ["2"] and grade["n"] == 11 and grade["missing"] == 0
    agree2 = analysis.item("agree2")
    assert agree2["versions"] == ["2"] and agree2["n"] == 9 and agree2["missing"] == 2
    assert any("agree2 is not asked the same way" in str(p) for p in analysis.problems)
    assert [lv["value"] for lv in analysis.groups["levels"]] == ["v1.csv", "v2.csv"]
    assert "Asked only in some versions: agree2 (2), grade (2)." in render(analysis, "table")


def test_user_mistakes_are_survey_errors(tmp_path):
    with pytest.raises(SurveyError, match="no such file"):
        load_dataset([tmp_path / "none.csv"], write_results.__globals__["SURVEY"])
    lonely = tmp_path / "lonely.csv"
    lonely.write_text("response_id\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="--questionnaire"):
        load_dataset([lonely])
    for too_low in (0, 1, 2):
        with pytest.raises(SurveyError, match=r"--min-group .*never set below 3"):
            analyze_dataset(
                load_dataset([write_results(tmp_path / "a.csv", ROWS)]), min_group=too_low
            )


def _without_ci_and_missing(document):
    document = json.loads(json.dumps(document))
    document.pop("n_responses")
    for item in document["items"]:
        item.pop("missing")
    for scale in document["scales"]:
        scale.pop("alpha_ci95")
    return document


cell = st.sampled_from(["", "1", "2", "3", "4", "5"])
row = st.fixed_dictionaries(
    {
        "use_a": cell,
        "use_b": cell,
        "use_c": cell,
        "unit": st.sampled_from(["a", "b"]),
        "again": st.sampled_from(["", "0", "1"]),
    }
)


@settings(max_examples=25, deadline=None)
@given(st.lists(row, min_size=5, max_size=14), st.randoms(use_true_random=False))
def test_properties_permutation_and_empty_row(tmp_path_factory, rows, rnd):
    folder = tmp_path_factory.mktemp("prop")
    base = analyze([write_results(folder / "a.csv", rows)], by="unit", min_group=3).to_dict()
    json.dumps(base, allow_nan=False)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    again = analyze([write_results(folder / "b.csv", shuffled)], by="unit", min_group=3)
    assert_close(again.to_dict(), base)
    padded = analyze([write_results(folder / "c.csv", rows + [{}])], min_group=3).to_dict()
    plain = dict(base)
    plain.pop("groups")
    assert_close(_without_ci_and_missing(padded), _without_ci_and_missing(plain))
    for before, after in zip(plain["items"], padded["items"]):
        assert after["missing"] == before["missing"] + 1


def test_a_file_without_responses_gives_nulls_and_no_warnings(tmp_path, recwarn):
    analysis = analyze([write_results(tmp_path / "empty.csv", [])], by="unit")
    document = json.loads(json.dumps(analysis.to_dict(), allow_nan=False))
    assert document["n_responses"] == 0 and document["groups"]["levels"] == []
    assert document["items"][0]["mean"] is None
    assert all(s["alpha"] is None and s["n"] == 0 for s in document["scales"])
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_ordinal_pct_and_labels_of_the_example_against_the_csv_and_yaml():
    root = Path(__file__).resolve().parent.parent
    csv_path = root / "results" / "seminar-feedback-v1-example.csv"
    yaml_path = root / "questionnaires" / "seminar-feedback.yaml"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    questionnaire = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    items = analyze(csv_path, questionnaire=yaml_path).to_dict()["items"]
    by_id = {item["id"]: item for item in items}
    checked = 0
    for section in questionnaire["sections"]:
        for question in section["questions"]:
            if question["type"] not in ("likert", "rating", "matrix"):
                continue
            scale = question.get("scale") or {"min": 1, "max": question["points"]}
            codes = [str(code) for code in range(scale["min"], scale["max"] + 1)]
            labels = {str(code): texts for code, texts in question.get("labels", {}).items()}
            ids = [row["id"] for row in question.get("rows", [])] or [question["id"]]
            for item_id in ids:
                answers = [row[item_id] for row in rows if row[item_id] not in ("", "na")]
                expected = {code: 100 * answers.count(code) / len(answers) for code in codes}
                assert by_id[item_id]["pct"] == pytest.approx(expected)
                assert by_id[item_id]["labels"] == labels
                checked += 1
    assert checked >= 10
