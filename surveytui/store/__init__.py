"""Response files: the codebook of cells, durable appends, reading with problems, drafts.

Other layers import only the names in `__all__`:

- Writing and reading one file: `ResponseStore` (`append`, `read` -> `ReadResult`,
  `check`, `summary`), `delete_responses`, `default_results_path`, `new_response_id`;
  drafts: `DraftJournal`, `Draft`, `new_draft_id`.
- The layout: `ResultsFiles(path)` names the results file and every file beside it.
- The cells: `column_specs` -> `ColumnSpec` per column, whose `kind` is the question's
  kind of answer or `OTHER` ("other, please specify"; `TEXT_KINDS` are the kinds kept
  exactly as written), `CellError`, `AnswerError`; `TRUE_CELL`/`FALSE_CELL` the cells of
  yes and of a ticked choice; `encode_answers`, the checks `append` makes on a response,
  for a caller that checks many before writing any.
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
  `encode_line` writes one CSV record in the store's dialect; `saved_response_ids`, the
  ids already in a file (an import adds each response once); `read_table`, a small CSV
  (invitations, who answered) read with the same encodings and separators.
"""

from surveytui.results_files import ResultsFiles
from surveytui.store.codebook import (
    FALSE_CELL,
    OTHER,
    TEXT_KINDS,
    TRUE_CELL,
    AnswerError,
    CellError,
    ColumnSpec,
    code_cell_problem,
    column_specs,
    encode_answers,
)
from surveytui.store.csvfile import (
    BOM,
    Record,
    decode_bytes,
    encode_line,
    is_whole,
    read_table,
    sniff_dialect,
    split_records,
)
from surveytui.store.drafts import Draft, DraftJournal, new_draft_id
from surveytui.store.erase import delete_responses
from surveytui.store.files import make_dir, os_problem, write_atomic
from surveytui.store.responses import (
    MAX_COLUMNS,
    ParsedFile,
    ReadResult,
    ResponseStore,
    default_results_path,
    missing_columns,
    new_response_id,
    parse_file,
    read_bytes,
    respondent_codes,
    saved_response_ids,
    unnamed_values,
)

__all__ = [
    "BOM",
    "FALSE_CELL",
    "MAX_COLUMNS",
    "OTHER",
    "TEXT_KINDS",
    "TRUE_CELL",
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
    "encode_answers",
    "encode_line",
    "is_whole",
    "make_dir",
    "missing_columns",
    "new_draft_id",
    "new_response_id",
    "os_problem",
    "parse_file",
    "read_bytes",
    "read_table",
    "respondent_codes",
    "saved_response_ids",
    "sniff_dialect",
    "split_records",
    "unnamed_values",
    "write_atomic",
]
