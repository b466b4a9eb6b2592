"""Editing questionnaire files: the builder's core, without any user interface."""

from surveytui.edit.document import Document, bump_version

__all__ = ["Document", "bump_version"]
