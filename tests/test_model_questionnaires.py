"""The bundled questionnaires load to the structure their YAML says, in all three languages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from surveytui.model import load_questionnaire

QUESTIONNAIRES = Path(__file__).parent.parent / "questionnaires"
NAMES = ["seminar-feedback", "workshop-meeting", "collaboration-indicators", "client-follow-up"]


def load(name: str):
    return load_questionnaire(QUESTIONNAIRES / f"{name}.yaml")


def raw(name: str) -> dict:
    """The same file read by plain PyYAML, as an independent view of what is written."""
    return yaml.safe_load((QUESTIONNAIRES / f"{name}.yaml").read_text(encoding="utf-8"))


def test_exactly_the_four_bundled_questionnaires():
    assert sorted(p.stem for p in QUESTIONNAIRES.glob("*.yaml")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_loads_to_what_the_yaml_says(name):
    q, data = load(name), raw(name)
    assert (q.id, q.version, q.languages) == (name, data["version"], ["sv", "da", "en"])
    assert q.title == data["title"] and q.intro == data["intro"] and q.outro == data["outro"]
    assert q.tags == data.get("tags", [])
    assert [s.id for s in q.sections] == [s["id"] for s in data["sections"]]
    written = [question for s in data["sections"] for question in s["questions"]]
    assert [x.id for x in q.questions] == [x["id"] for x in written]
    for question, spec in zip(q.questions, written):
        assert question.type == spec["type"]
        assert question.text == spec["text"]
        assert question.required == spec.get("required", False)
        assert question.show_if == spec.get("show_if")
        assert (question.condition is not None) == ("show_if" in spec)
        assert question.na == spec.get("na")
        assert question.other == spec.get("other")
        assert question.reverse == spec.get("reverse", False)
        assert question.respondent_code == spec.get("respondent_code", False)
        assert question.labels == spec.get("labels", {})
        assert [(c.code, c.text) for c in question.choices] == [
            (str(c["code"]), c["text"]) for c in spec.get("choices", [])
        ]
        assert [(r.id, r.text, r.reverse) for r in question.rows] == [
            (r["id"], r["text"], r.get("reverse", False)) for r in spec.get("rows", [])
        ]
        if "points" in spec:
            assert question.codes == list(range(1, spec["points"] + 1))
        if "scale" in spec:
            assert question.codes == list(range(spec["scale"]["min"], spec["scale"]["max"] + 1))
    assert [(s.id, s.items, s.min_items, s.text) for s in q.scales] == [
        (sid, spec["items"], spec.get("min_items"), spec["text"])
        for sid, spec in data.get("scales", {}).items()
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_text_is_in_swedish_danish_and_english(name):
    q = load(name)
    texts = [q.title, q.intro, q.outro]
    for question in q.questions:
        texts += [question.text, question.na, question.other, question.help]
        texts += [c.text for c in question.choices] + [r.text for r in question.rows]
        texts += list(question.labels.values())
    texts += [s.text for s in q.scales]
    for text in filter(None, texts):
        assert set(text) == {"sv", "da", "en"}
        assert all(value.strip() for value in text.values())
        assert len(set(text.values())) > 1 or len(next(iter(text.values()))) < 25, text


@pytest.mark.parametrize("name", NAMES)
def test_scales_hold_items_on_one_response_scale(name):
    q = load(name)
    for scale in q.scales:
        items = [q.item(item_id) for item_id in scale.items]
        assert None not in items
        assert len({(item.min, item.max) for item in items}) == 1


def test_seminar_feedback_measures_relevance_usefulness_and_new_knowledge():
    q = load("seminar-feedback")
    assert {s.id: len(s.items) for s in q.scales} == {
        "relevance": 3,
        "usefulness": 3,
        "new_knowledge": 3,
    }
    assert {"relevant_work", "relevant_goals"} <= set(q.scale("relevance").items)
    assert {"use_can", "use_will"} <= set(q.scale("usefulness").items)
    assert "learnt_new" in q.scale("new_knowledge").items
    assert q.tags == ["seminar"]
    assert q.question("grade").required and q.question("grade").codes == list(range(11))
    assert q.question("role").type == "single" and q.question("role").other is not None
    assert [x.type for x in (q.question("best"), q.question("improve"))] == ["text", "text"]
    assert q.question("relevant_goals").na["sv"] == "Vet ej"
    assert "anonym" in q.intro["sv"] and "anonym" in q.intro["da"]
    assert "anonymous" in q.intro["en"]
    assert q.item("learnt_known").reverse
    assert {x.type for x in q.questions} == {
        "likert",
        "rating",
        "single",
        "multi",
        "text",
        "yes_no",
        "matrix",
        "note",
    }


def test_workshop_meeting_expects_a_meeting_tag_and_asks_about_progress_and_support():
    q = load("workshop-meeting")
    assert q.tags == ["meeting"]
    assert q.question("progress").type == "likert"
    assert q.question("hours").type == "number" and q.question("hours").min == 0
    assert q.question("bring_next").type == "text"
    assert q.scale("support").items[-1] == "support_unclear"
    assert q.item("support_unclear").reverse


def test_collaboration_indicators_has_one_scale_per_area_for_units_and_waves():
    q = load("collaboration-indicators")
    assert q.tags == ["unit", "wave"]
    assert [s.id for s in q.scales] == [
        "shared_goals",
        "clear_roles",
        "information_flow",
        "mutual_trust",
        "joint_follow_up",
    ]
    assert all(len(s.items) == 3 for s in q.scales)
    assert q.item("info_stuck").reverse


def test_client_follow_up_links_waves_by_a_pseudonymous_code():
    q = load("client-follow-up")
    assert q.respondent_code_ids == ["client_code"]
    assert q.question("client_code").required
    assert q.tags == ["unit", "wave"]
    situation = q.question("situation")
    assert situation.type == "matrix" and len(situation.rows) == 7
    assert q.visible({"first_time": True}) == [
        x for x in q.questions if x.id not in ("change", "support_helped")
    ]
    assert q.question("change") in q.visible({"first_time": False})
