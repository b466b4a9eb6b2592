"""Response files: the codebook of cells, durable appends, reading with problems, drafts.

Other layers import only the names in `__all__`:

- Writing and reading one file: `ResponseStore` (`append`, `read` -> `ReadResult`,
  `check`, `summary`), `delete_responses`, `default_results_path`, `new_response_id`;
  drafts: `DraftJournal`, `Draft`, `new_draft_id`.
- The layout: `ResultsFiles(path)` names the results file and every file beside it.
- The cells: `column_specs` -> `ColumnSpec` per column, `CellError`, `AnswerError`.
- Reading files in bulk, as the analysis does, with the store's own rules so that both
  report the same problems: `read_bytes` (the bytes, or a SurveyError saying why not),
  `sniff_dialect` and `decode_bytes` (the dialect and text, `BOM` the UTF-8 byte order
  mark), `split_records` and `is_whole` (CSV records with their lines and offsets),
  `parse_file` -> `ParsedFile` of `Record`s (the header and the rows of its width, with
  problems), `missing_columns` and `unnamed_values` (the problems of a header),
  `MAX_COLUMNS`, the widest header read, and `respondent_codes` (the columns no reader
  shows, of the questionnaire read with and the snapshot beside the file), whose cells'
  problems are `code_cell_problem`.
- Private, durable files for other outputs: `write_atomic`, `make_dir`, `os_problem`;
  `encode_line` writes one CSV record in the store's dialect.
"""

from surveytui.results_files import ResultsFiles
from surveytui.store.codebook import (
    AnswerError,
    CellError,
    ColumnSpec,
    code_cell_problem,
    column_specs,
)
from surveytui.store.csvfile import (
    BOM,
    Record,
    decode_bytes,
    encode_line,
    is_whole,
    sniff_dialect,
    split_records,
)
from surveytui.store.drafts import Draft, DraftJournal, new_draft_id
from surveytui.store.files import make_dir, os_problem, write_atomic
from surveytui.store.responses import (
    MAX_COLUMNS,
    ParsedFile,
    ReadResult,
    ResponseStore,
    default_results_path,
    delete_responses,
    missing_columns,
    new_response_id,
    parse_file,
    read_bytes,
    respondent_codes,
    unnamed_values,
)

__all__ = [
    "BOM",
    "MAX_COLUMNS",
    "AnswerError",
    "CellError",
    "ColumnSpec",
    "Draft",
    "DraftJournal",
    "ParsedFile",
    "ReadResult",
    "Record",
    "ResponseStore",
    "ResultsFiles",
    "code_cell_problem",
    "column_specs",
    "decode_bytes",
    "default_results_path",
    "delete_responses",
    "encode_line",
    "is_whole",
    "make_dir",
    "missing_columns",
    "new_draft_id",
    "new_response_id",
    "os_problem",
    "parse_file",
    "read_bytes",
    "respondent_codes",
    "sniff_dialect",
    "split_records",
    "unnamed_values",
    "write_atomic",
]
