"""The command line's last guards: exit codes and messages when something goes wrong."""

from __future__ import annotations

import argparse

import pytest

from surveytui import cli


def _run_with_handler(monkeypatch, handler) -> int:
    original = cli.build_parser

    def parser_with_handler() -> argparse.ArgumentParser:
        parser = original()
        parser.set_defaults(handler=handler)
        return parser

    monkeypatch.setattr(cli, "build_parser", parser_with_handler)
    return cli.main([])


def test_a_bug_is_exit_1_with_a_sentence_not_a_traceback(monkeypatch, capsys):
    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("SURVEYTUI_DEBUG", raising=False)
    assert _run_with_handler(monkeypatch, broken) == 1
    err = capsys.readouterr().err
    assert "unexpected error: ZeroDivisionError: division by zero" in err
    assert "SURVEYTUI_DEBUG=1" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(monkeypatch):
    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setenv("SURVEYTUI_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        _run_with_handler(monkeypatch, broken)


def test_an_unwritable_file_is_exit_2_naming_it(monkeypatch, capsys, tmp_path):
    target = tmp_path / "missing-folder" / "out.json"

    def write(args):
        target.write_text("x")

    assert _run_with_handler(monkeypatch, write) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "No such file or directory" in err
