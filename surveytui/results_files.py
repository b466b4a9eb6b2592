"""The layout of a results file: `<name>.csv` and the files surveytui keeps beside it.

Every side file's name is spelled here and nowhere else (docs/results-file.md lists them).
It is pure Python on paths, below the model, because the model's indicator files pick
results files out of a folder too; everyone else takes it from `surveytui.store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar


@dataclass(frozen=True)
class ResultsFiles:
    """A results file and everything beside it, named after it: `results/x-v1.csv` has
    its snapshot in `results/x-v1.questionnaire.yaml`, and so on."""

    path: Path

    SUFFIX: ClassVar[str] = ".csv"
    SNAPSHOT: ClassVar[str] = ".questionnaire.yaml"
    LOCK: ClassVar[str] = ".lock"
    INCOMPLETE: ClassVar[str] = ".incomplete.csv"
    DRAFTS: ClassVar[str] = ".drafts"
    REPORT: ClassVar[str] = ".report.html"
    ANSWERED: ClassVar[str] = ".answered.csv"
    EXAMPLE: ClassVar[str] = "-example.csv"

    def __init__(self, path: str | Path):
        object.__setattr__(self, "path", Path(path))

    def _beside(self, suffix: str) -> Path:
        return self.path.with_name(self.path.stem + suffix)

    @property
    def snapshot(self) -> Path:
        """The exact text of the questionnaire the file was started with."""
        return self._beside(self.SNAPSHOT)

    @property
    def lock(self) -> Path:
        """The lock every writer takes, so that writers append one at a time."""
        return self._beside(self.LOCK)

    @property
    def incomplete(self) -> Path:
        """Where the next append moves a last row cut off by a crash, header first."""
        return self._beside(self.INCOMPLETE)

    @property
    def drafts(self) -> Path:
        """The folder of responses in progress, one JSON file each."""
        return self._beside(self.DRAFTS)

    @property
    def report(self) -> Path:
        """The written HTML report of the file."""
        return self._beside(self.REPORT)

    @property
    def answered(self) -> Path:
        """Which invitation links of `serve` have answered: never with the answers."""
        return self._beside(self.ANSWERED)

    @property
    def example(self) -> Path:
        """The made-up example file of the same name, which no analysis reads unasked."""
        return self._beside(self.EXAMPLE)

    @classmethod
    def is_example(cls, path: Path) -> bool:
        """Whether a path names a made-up example file."""
        return path.name.endswith(cls.EXAMPLE)

    @classmethod
    def of_snapshot(cls, snapshot: Path) -> ResultsFiles:
        """The results file a questionnaire snapshot was kept beside."""
        return cls(snapshot.with_name(snapshot.name.removesuffix(cls.SNAPSHOT) + cls.SUFFIX))

    @classmethod
    def snapshots_in(cls, folder: Path) -> list[Path]:
        """Every questionnaire snapshot in a folder, sorted by name."""
        return sorted(folder.glob("*" + cls.SNAPSHOT))

    @classmethod
    def is_results_file(cls, path: Path) -> bool:
        """Whether a path names a results file, not a side file such as cut-off rows."""
        return path.suffix == cls.SUFFIX and not path.name.endswith((cls.INCOMPLETE, cls.ANSWERED))

    @classmethod
    def in_folder(cls, folder: Path) -> list[Path]:
        """Every results file in a folder (no side files), sorted by name."""
        return [p for p in sorted(folder.glob("*" + cls.SUFFIX)) if cls.is_results_file(p)]
