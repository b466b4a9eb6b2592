"""A small questionnaire with every question type, and a kiosk built on it, for kiosk tests."""

from __future__ import annotations

from pathlib import Path

from surveytui.tui.app import KioskApp, create_kiosk_app

ROOT = Path(__file__).resolve().parent.parent
SEMINAR = ROOT / "questionnaires" / "seminar-feedback.yaml"

ALL_TYPES = """\
id: all-types
version: "1"
languages: [sv, en]
title: {sv: Alla typer, en: All types}
intro: {sv: Hej, en: Hello}
outro: {sv: Tack!, en: Thanks a lot!}
tags: [unit]
sections:
  - id: first
    title: {sv: Först, en: First}
    questions:
      - id: useful
        type: likert
        points: 5
        labels: {1: {sv: Inte alls, en: Not at all}, 5: {sv: Helt, en: Fully}}
        na: {sv: Vet ej, en: Don't know}
        required: true
        text: {sv: Användbart?, en: Useful?}
      - id: again
        type: yes_no
        text: {sv: Igen?, en: Again?}
      - id: why_again
        type: text
        multiline: false
        show_if: "again == true"
        text: {sv: Varför?, en: Why?}
  - id: second
    title: {sv: Andra, en: Second}
    questions:
      - id: role
        type: single
        choices:
          - {code: a, text: {sv: A-roll, en: Role A}}
          - {code: b, text: {sv: B-roll, en: Role B}}
        other: {sv: Annan, en: Other}
        text: {sv: Roll?, en: Role?}
      - id: topics
        type: multi
        choices:
          - {code: x, text: {sv: X, en: X}}
          - {code: y, text: {sv: Y, en: Y}}
        other: {sv: Annat, en: Something else}
        na: {sv: Vet ej, en: Don't know}
        text: {sv: Teman?, en: Topics?}
      - id: years
        type: number
        min: 0
        max: 50
        text: {sv: År?, en: Years?}
      - id: grid
        type: matrix
        points: 3
        rows:
          - {id: grid_a, text: {sv: Rad A, en: Row A}}
          - {id: grid_b, text: {sv: Rad B, en: Row B}}
        text: {sv: Rutnät, en: Grid}
  - id: third
    title: {sv: Sist, en: Last}
    questions:
      - id: note
        type: note
        text: {sv: Skriv inga namn., en: Write no names.}
      - id: comment
        type: text
        text: {sv: Kommentar?, en: Comment?}
"""


def write_questionnaire(folder: Path, text: str = ALL_TYPES, name: str = "all-types.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def kiosk(tmp_path: Path, questionnaire: Path | None = None, **options) -> KioskApp:
    """A kiosk writing to tmp_path/results.csv; tags default to unit=north."""
    options.setdefault("tags", {"unit": "north"})
    return create_kiosk_app(
        questionnaire or write_questionnaire(tmp_path), results=tmp_path / "results.csv", **options
    )


def freeze_cursors(app) -> None:
    """Stop text cursors blinking, so that a snapshot is the same every time."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


def fail(path: Path | None) -> int:
    """An area that refuses to start, for the home loop's test."""
    from surveytui.errors import SurveyError

    raise SurveyError("broken on purpose")
