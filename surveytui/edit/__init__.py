"""Editing questionnaire files: the builder's core, without any user interface."""

from surveytui.edit.document import QuestionnaireDocument, bump_version

__all__ = ["QuestionnaireDocument", "bump_version"]
