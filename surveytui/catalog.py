"""What is in a project folder: its questionnaires (valid, invalid or drafts) and its response
files.

The home screen lists these; nothing here imports a UI or the statistics stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from surveytui.edit.save import DRAFT_SUFFIX
from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire, tr
from surveytui.store import ResponseStore, ResultsFiles


@dataclass(frozen=True)
class QuestionnaireEntry:
    """A questionnaire file; `problem` is its first validation error, if any, and `draft`
    says it is the builder's `NAME.draft.yaml` of an unfinished `NAME.yaml`."""

    path: Path
    id: str = ""
    version: str = ""
    title: str = ""
    languages: tuple[str, ...] = ()
    problem: str | None = None
    draft: bool = False


@dataclass(frozen=True)
class ResultsEntry:
    """A response file with its number of responses and its last `submitted_at`."""

    path: Path
    responses: int | None = None
    last_submitted: str | None = None
    problem: str | None = None


def list_questionnaires(folder: Path) -> list[QuestionnaireEntry]:
    """Every *.yaml / *.yml in `folder`, sorted by name; invalid ones carry their first error."""
    entries = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        draft = path.name.endswith(DRAFT_SUFFIX)
        try:
            q = load_questionnaire(path)
        except SurveyError as err:
            entries.append(QuestionnaireEntry(path, problem=str(err.first), draft=draft))
            continue
        entries.append(
            QuestionnaireEntry(
                path, q.id, q.version, tr(q.title, "en"), tuple(q.languages), draft=draft
            )
        )
    return entries


def list_results(folder: Path) -> list[ResultsEntry]:
    """Every response file in `folder` (not the side files of cut-off rows), sorted by name."""
    entries = []
    for path in ResultsFiles.in_folder(folder):
        try:
            questionnaire = load_questionnaire(ResultsFiles(path).snapshot)
            count, last = ResponseStore(path, questionnaire).summary()
        except SurveyError as err:
            entries.append(ResultsEntry(path, problem=str(err.first)))
            continue
        entries.append(ResultsEntry(path, count, last))
    return entries
