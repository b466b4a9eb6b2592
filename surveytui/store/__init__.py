"""Response files: the codebook of cells, durable appends, reading with problems, drafts."""

from surveytui.store.codebook import AnswerError, CellError, ColumnSpec, column_specs
from surveytui.store.csvfile import decode_bytes, sniff_dialect
from surveytui.store.drafts import Draft, DraftJournal, new_draft_id
from surveytui.store.responses import (
    ReadResult,
    ResponseStore,
    default_results_path,
    delete_responses,
    new_response_id,
)

__all__ = [
    "AnswerError",
    "CellError",
    "ColumnSpec",
    "Draft",
    "DraftJournal",
    "ReadResult",
    "ResponseStore",
    "column_specs",
    "decode_bytes",
    "default_results_path",
    "delete_responses",
    "new_draft_id",
    "new_response_id",
    "sniff_dialect",
]
