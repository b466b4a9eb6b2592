"""The questionnaire model: types, YAML loading with validation, show_if expressions."""

from surveytui.model.expr import evaluate
from surveytui.model.load import load_questionnaire, load_questionnaire_text, validate_file
from surveytui.model.qtypes import NA_CODE, QUESTION_TYPES, TYPES, Answer, QuestionType
from surveytui.model.types import (
    METADATA_COLUMNS,
    Choice,
    Item,
    MatrixRow,
    Question,
    Questionnaire,
    Scale,
    Section,
    Texts,
    tr,
)

__all__ = [
    "METADATA_COLUMNS",
    "NA_CODE",
    "QUESTION_TYPES",
    "TYPES",
    "Answer",
    "Choice",
    "Item",
    "MatrixRow",
    "Question",
    "QuestionType",
    "Questionnaire",
    "Scale",
    "Section",
    "Texts",
    "evaluate",
    "load_questionnaire",
    "load_questionnaire_text",
    "tr",
    "validate_file",
]
