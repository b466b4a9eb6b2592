"""The questionnaire builder: tree, editor, live preview and saving."""

from surveytui.tui.builder.app import BuildApp, create_build_app, run_build

__all__ = ["BuildApp", "create_build_app", "run_build"]
