"""Saving a questionnaire being edited: atomically, as a draft while it is invalid, and with
a new version when answers were already collected with the current one.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from surveytui.edit.document import QuestionnaireDocument, bump_version
from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire
from surveytui.store import ResultsFiles, default_results_path, make_dir, os_problem, write_atomic

DRAFT_SUFFIX = ".draft.yaml"


def draft_path(path: Path) -> Path:
    """Where an invalid questionnaire is saved: `name.yaml` -> `name.draft.yaml`."""
    if path.name.endswith(DRAFT_SUFFIX):
        return path
    return path.with_name(f"{path.name.removesuffix('.yaml').removesuffix('.yml')}{DRAFT_SUFFIX}")


def final_path(path: Path) -> Path:
    """The questionnaire a draft belongs to: `name.draft.yaml` -> `name.yaml`."""
    if path.name.endswith(DRAFT_SUFFIX):
        return path.with_name(path.name.removesuffix(DRAFT_SUFFIX) + ".yaml")
    return path


def open_document(path: Path) -> QuestionnaireDocument:
    """Open a questionnaire, or its draft: a draft is compared with the file it belongs to,
    so that saving it counts as a change of that file."""
    if not path.name.endswith(DRAFT_SUFFIX):
        return QuestionnaireDocument.load(path)
    document = QuestionnaireDocument.load(path)
    document.draft_text = document.saved_text
    final = final_path(path)
    document.saved_text = final.read_text(encoding="utf-8-sig") if final.exists() else None
    document.path = final
    return document


def results_files(qid: str, version: str, results_dir: Path) -> list[Path]:
    """Results files written with this questionnaire id and version: the default file and
    any whose questionnaire snapshot has this id and version."""
    found: list[Path] = []
    for snapshot in ResultsFiles.snapshots_in(results_dir):
        try:
            written_with = load_questionnaire(snapshot)
        except SurveyError:
            continue
        if (written_with.id, written_with.version) == (qid, version):
            found.append(ResultsFiles.of_snapshot(snapshot).path)
    return found


@dataclass(frozen=True)
class VersionBump:
    """Saving must raise the version from `old` to `new`, because of `results`."""

    old: str
    new: str
    results: list[Path]


def needed_bump(document: QuestionnaireDocument, results_dir: Path) -> VersionBump | None:
    """The version change a save needs so that existing results stay consistent, if any."""
    questionnaire = document.questionnaire()
    if questionnaire is None or not document.changed:
        return None
    results = results_files(questionnaire.id, questionnaire.version, results_dir)
    default = default_results_path(questionnaire, base=results_dir)
    if default.exists() and default not in results:
        results.insert(0, default)
    if not results:
        return None
    new = bump_version(questionnaire.version)
    while results_files(questionnaire.id, new, results_dir):
        new = bump_version(new)
    return VersionBump(questionnaire.version, new, results)


def save(document: QuestionnaireDocument, path: Path) -> Path:
    """Write the document: to `path` when valid (removing its draft), else to its draft.

    Returns the file written. Raises SurveyError when the disk refuses.
    """
    target = final_path(path)
    valid = not document.problems()
    written = target if valid else draft_path(target)
    text = document.text()
    # A questionnaire is no personal data: keep who may read it as it was.
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    make_dir(target.parent)
    write_atomic(written, text.encode("utf-8"))
    if mode is not None:
        try:
            os.chmod(written, mode)
        except OSError as err:
            raise os_problem(written, err, "keep the file's permissions") from None
    if valid:
        draft_path(target).unlink(missing_ok=True)
        document.saved_text = text
        document.draft_text = None
    else:
        document.draft_text = text
    document.path = target
    return written
