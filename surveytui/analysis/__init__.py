"""Statistics of response files: pure functions on pandas and scipy, no UI.

The public API (see each module's docstring):

- `load_dataset(paths, questionnaire=None) -> Dataset` (dataset.py): read once.
- `analyze(paths, questionnaire=None, by=None, min_group=5, filters=None) -> Analysis` and
  `analyze_dataset(dataset, by=None, min_group=5, filters=None) -> Analysis` (analyze.py);
  `Analysis.to_dict()` is exactly what `surveytui analyze --format json` prints.
- the results an Analysis holds, read by attribute, each with its `to_dict()`
  (results.py); `Settings` and `analyze_with` (settings.py): an analysis asked for as one
  value, as the review screen keeps it.
- `filter_dataset` (analyze.py), `scale_scores`, `item_matrix`, `group_columns`,
  `levels_of` (columns.py) and the small statistics functions in `surveytui.analysis.stats`.
"""

from surveytui.analysis.analyze import Analysis, analyze, analyze_dataset, filter_dataset
from surveytui.analysis.columns import group_columns, item_matrix, levels_of, scale_scores
from surveytui.analysis.dataset import Dataset, SourceFile, load_dataset

__all__ = [
    "Analysis",
    "Dataset",
    "SourceFile",
    "analyze",
    "analyze_dataset",
    "filter_dataset",
    "group_columns",
    "item_matrix",
    "levels_of",
    "load_dataset",
    "scale_scores",
]
