"""Command line: argument parsing and exit codes; the work is done by the layers below.

The layers are imported inside the command that needs them, so that `--help` starts fast
and `validate` and `run --plain` do not pay for the statistics stack, textual or the web
stack: none of these function-level imports hides an import cycle.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import IntEnum
from pathlib import Path

from surveytui import __version__
from surveytui.disclosure import LOWEST_MIN_GROUP, MIN_GROUP, explain
from surveytui.errors import SurveyError
from surveytui.results_files import ResultsFiles


class Exit(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2


def _tag(value: str) -> tuple[str, str]:
    key, sep, tag_value = value.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"{value!r} is not key=value (for example seminar=3)")
    return key.strip(), tag_value.strip()


def _minutes(value: str) -> float:
    try:
        minutes = float(value.replace(",", "."))
    except ValueError:
        minutes = -1.0
    if not minutes >= 0 or minutes == float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of minutes (0 turns it off)")
    return minutes


def _exit_code(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("the exit code cannot be empty")
    return value.strip()


def _warn(problems: Iterable[object]) -> None:
    """Diagnostics to stderr, one `file:line: message` a line."""
    for problem in problems:
        print(problem, file=sys.stderr)


def _emit(text: str, output: Path | None) -> None:
    """Data to stdout, or to the --output file (created readable by its owner only)."""
    if output is None:
        sys.stdout.write(text)
    else:
        from surveytui.report import write_output

        write_output(output, text)


def cmd_validate(args: argparse.Namespace) -> int:
    from surveytui.model import validate_file
    from surveytui.model.indicators import is_indicator_file, validate_indicators

    failed = False
    for path in args.files:
        problems = validate_indicators(path) if is_indicator_file(path) else validate_file(path)
        _warn(problems)
        if problems:
            failed = True
        elif not args.quiet:
            print(f"{path}: ok")
    return Exit.USAGE if failed else Exit.OK


def cmd_home(args: argparse.Namespace) -> int:
    from surveytui.tui.app import run_home

    return run_home(Path.cwd())


def register_validate(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser(
        "validate",
        help="check questionnaire and indicator files; exit 2 if any has a problem",
        description="Check questionnaire files. Every problem is printed as "
        "file:line:col: message; the exit code is 0 when all are valid and 2 otherwise.",
    )
    validate.add_argument("files", nargs="+", metavar="Q.yaml")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.set_defaults(handler=cmd_validate)


def cmd_run(args: argparse.Namespace) -> int:
    options = dict(
        results=args.results,
        language=args.lang,
        tags=dict(args.tag),
        timestamp=args.timestamp,
        exit_code=args.exit_code,
    )
    if args.plain:
        from surveytui.plain import run_plain

        if args.idle_minutes is not None:
            _warn(["--idle-minutes: only the kiosk is reset when idle, not --plain"])
            return Exit.USAGE
        return run_plain(args.questionnaire, **options)
    from surveytui.tui.app import IDLE_MINUTES, run_kiosk

    idle = IDLE_MINUTES if args.idle_minutes is None else args.idle_minutes
    return run_kiosk(args.questionnaire, idle_minutes=idle, **options)


def add_collection_arguments(parser: argparse.ArgumentParser) -> None:
    """What the kiosk and `serve` both take: the questionnaire, where answers go, tags."""
    parser.add_argument("questionnaire", type=Path, metavar="Q.yaml")
    parser.add_argument(
        "--results",
        type=Path,
        metavar="FILE",
        help="response file (default: results/<id>-v<version>.csv)",
    )
    parser.add_argument(
        "--tag",
        type=_tag,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="stored with every response, e.g. seminar=3 (repeatable)",
    )


def register_run(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="administer a questionnaire: a kiosk, or simple prompts with --plain",
        description="Hand the terminal to one participant after another. The facilitator "
        "ends the session with Ctrl+X (and a confirmation); the participant's keys cannot "
        "leave the kiosk. Answers are appended to the results file as each is submitted.",
    )
    add_collection_arguments(run)
    run.add_argument(
        "--lang", metavar="CODE", help="answer in this language instead of asking the participant"
    )
    run.add_argument(
        "--plain",
        action="store_true",
        help="one typed prompt after another (screen readers, slow links)",
    )
    run.add_argument(
        "--timestamp", action="store_true", help="store the minute of submission, not only the date"
    )
    run.add_argument(
        "--idle-minutes",
        type=_minutes,
        metavar="MIN",
        help='after this long untouched, ask "Are you still there?" and then '
        "put the response aside as a draft (kiosk; default 3, 0 turns it off)",
    )
    run.add_argument(
        "--exit-code",
        type=_exit_code,
        metavar="CODE",
        help="the facilitator's code, asked after Ctrl+X (or Ctrl+C in --plain) "
        "before the session ends; never shown",
    )
    run.set_defaults(handler=cmd_run)


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (0-65535; 0 picks a free one)")
    return int(value)


def cmd_serve(args: argparse.Namespace) -> int:
    from surveytui.web.server import prepare, run_headless

    prepared = prepare(
        args.questionnaire,
        results=args.results,
        tags=dict(args.tag),
        host=args.host,
        port=args.port,
        invitations=args.invitations,
        close_after=args.close_after or None,
        certfile=args.certfile,
        keyfile=args.keyfile,
    )
    if args.headless:
        return run_headless(prepared)
    from surveytui.tui.screens.serve import run_dashboard

    return run_dashboard(prepared)


def register_serve(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="collect answers on phones: the questionnaire as a web page on this network",
        description="Serve the questionnaire as plain web pages that participants open on "
        "their own phones (a QR code on the facilitator's screen), one section per page. "
        "Answers go to the results file on this machine only, as in the kiosk. The URL "
        "carries a random key; without it the server answers 404. Ctrl+X then y stops.",
    )
    add_collection_arguments(serve)
    serve.add_argument(
        "--host",
        metavar="H",
        help="address to listen on (default: this machine's address on the local network; "
        "127.0.0.1 for this machine only)",
    )
    serve.add_argument(
        "--port", type=_port, default=8080, metavar="P", help="port (default 8080; 0: any free)"
    )
    serve.add_argument(
        "--invitations",
        type=Path,
        metavar="FILE.csv",
        help="one row per person (any columns): each gets a one-time link, written back "
        "into the file's link column",
    )
    serve.add_argument(
        "--close-after",
        type=_minutes,
        metavar="MINUTES",
        help="stop taking new respondents after this long (those answering may finish)",
    )
    serve.add_argument(
        "--headless",
        action="store_true",
        help="no dashboard: the URL as the first line of stdout, then a line per response",
    )
    serve.add_argument("--certfile", type=Path, metavar="F", help="TLS certificate (PEM)")
    serve.add_argument("--keyfile", type=Path, metavar="F", help="TLS private key (PEM)")
    serve.set_defaults(handler=cmd_serve)


def cmd_delete(args: argparse.Namespace) -> int:
    from surveytui.store import delete_responses

    removed = delete_responses(args.results, args.response_ids)
    print(f"{args.results}: removed {removed} response{'s' if removed != 1 else ''}")
    return Exit.OK


def register_delete(commands: argparse._SubParsersAction) -> None:
    delete = commands.add_parser(
        "delete",
        help="erase responses from a results file for good (right to erasure)",
        description="Remove responses by their response_id, for good: the file, and its "
        f"{ResultsFiles.INCOMPLETE} of rows cut off by a crash, are rewritten without them under the "
        "lock and renamed over the old ones. If any id is in neither, nothing is removed "
        "and the exit code is 2.",
    )
    delete.add_argument("results", metavar="RESULTS.csv", type=Path)
    delete.add_argument("response_ids", nargs="+", metavar="RESPONSE_ID")
    delete.set_defaults(handler=cmd_delete)


def cmd_analyze(args: argparse.Namespace) -> int:
    from surveytui.analysis import analyze
    from surveytui.report import render_analysis

    analysis = analyze(
        args.results,
        args.questionnaire,
        by=args.by,
        min_group=args.min_group,
        filters=_filters(args.filter),
        wave=args.wave,
        pair_by=args.pair_by,
        wave_order=args.wave_order,
    )
    _warn(analysis.problems)
    _emit(render_analysis(analysis, args.format, args.lang), args.output)
    return Exit.OK


def register_analyze(commands: argparse._SubParsersAction) -> None:
    analyze = commands.add_parser(
        "analyze",
        help="statistics of results files: items, scales, groups",
        description="Analyse one or more results files of one questionnaire: every "
        "question's distribution, the scales with Cronbach's alpha, and with --by the "
        "groups side by side with Mann-Whitney or Kruskal-Wallis tests. Problems found "
        "while reading go to stderr; the data to stdout or --output.",
    )
    analyze.add_argument("results", nargs="+", metavar="RESULTS.csv", type=Path)
    analyze.add_argument(
        "--questionnaire",
        metavar="Q.yaml",
        type=Path,
        help="default: the snapshot beside each results file",
    )
    analyze.add_argument(
        "--by",
        metavar="COLUMN",
        help="group by a tag, source (the file), or a single-choice question",
    )
    _min_group_option(analyze)
    analyze.add_argument(
        "--filter",
        type=_tag,
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="keep only these rows (repeatable)",
    )
    analyze.add_argument(
        "--wave",
        metavar="COLUMN",
        help="follow items and scales over the waves of a tag, or of "
        "submitted_at:month or submitted_at:quarter",
    )
    analyze.add_argument(
        "--wave-order",
        type=_names,
        metavar="A,B,...",
        help="the waves in their order (default: sorted)",
    )
    analyze.add_argument(
        "--pair-by",
        metavar="CODE",
        help="paired change between waves of the same respondent code "
        "(with --wave); codes are counted, never printed",
    )
    analyze.add_argument("--format", choices=("table", "markdown", "csv", "json"), default="table")
    analyze.add_argument("--lang", help="language of the question texts (table, markdown)")
    analyze.add_argument(
        "--output", "-o", metavar="FILE", type=Path, help="write here (mode 0600) instead of stdout"
    )
    analyze.set_defaults(handler=cmd_analyze)


def _min_group_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--min-group",
        type=int,
        default=MIN_GROUP,
        metavar="N",
        help=f"hide every number resting on fewer respondents (default "
        f"{MIN_GROUP}; may be raised, never set below {LOWEST_MIN_GROUP})",
    )


def _names(value: str) -> list[str]:
    """A comma-separated list of names, e.g. --wave-order start,follow_up_6m."""
    return [name.strip() for name in value.split(",") if name.strip()]


def cmd_indicators(args: argparse.Namespace) -> int:
    from surveytui.analysis.indicators import indicator_values
    from surveytui.model.indicators import load_indicators
    from surveytui.report.indicators import render_indicators

    values = indicator_values(load_indicators(args.file), args.results)
    _warn(values.problems)
    _emit(render_indicators(values, args.format, args.lang), args.output)
    return Exit.OK


def register_indicators(commands: argparse._SubParsersAction) -> None:
    indicators = commands.add_parser(
        "indicators",
        help="indicators per wave and unit, against their targets",
        description="Show every indicator of an indicator file (see indicators/*.yaml) per "
        "wave for the total and each unit: its value, n, the change since the first wave "
        "and whether the target is met. Groups below the file's min_group are never shown. "
        "--format csv gives one row per indicator x unit x wave for a management "
        "information system.",
    )
    indicators.add_argument("file", type=Path, metavar="INDICATORS.yaml")
    indicators.add_argument(
        "--results",
        nargs="+",
        type=Path,
        metavar="RESULTS.csv",
        help="read these files instead of the ones the file's sources name",
    )
    indicators.add_argument(
        "--format", choices=("table", "markdown", "csv", "json", "html"), default="table"
    )
    indicators.add_argument("--lang", help="language of the texts (default: the file's first)")
    indicators.add_argument(
        "--output", "-o", metavar="FILE", type=Path, help="write here (mode 0600) instead of stdout"
    )
    indicators.set_defaults(handler=cmd_indicators)


def _invited(value: str) -> int | Path:
    """--invited: a head count, or a CSV file of unit and count."""
    return int(value) if value.isdigit() else Path(value)


def _filters(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """--filter COLUMN=VALUE pairs as {column: [values]}."""
    filters: dict[str, list[str]] = {}
    for column, value in pairs:
        filters.setdefault(column, []).append(value)
    return filters


def cmd_report(args: argparse.Namespace) -> int:
    from surveytui.analysis import load_dataset
    from surveytui.errors import SurveyError
    from surveytui.report.written import (
        read_invitations,
        read_invited,
        render_report,
        unit_file_name,
        unit_reports,
    )

    dataset = load_dataset(args.results, args.questionnaire)
    _warn(dataset.problems)
    invited = args.invited
    if isinstance(invited, Path):
        invited = read_invitations(invited, args.results) or read_invited(invited)
    filters = _filters(args.filter)
    if args.per_unit:
        if args.output is None:
            raise SurveyError("--per-unit writes one file per unit: give a folder with --output")
        if not isinstance(invited, Mapping | None):
            raise SurveyError(
                "--per-unit needs the invited counts per unit as a CSV file "
                "(unit,number), not one number nor an invitations file (its rates per "
                "unit are in the report without --per-unit)"
            )
        from surveytui.store import make_dir

        make_dir(args.output)
        reports = unit_reports(
            dataset,
            args.per_unit,
            args.lang,
            args.format,
            min_group=args.min_group,
            filters=filters,
            invited=invited,
        )
        for value, report in reports.items():
            name = unit_file_name(dataset.questionnaire.id, args.per_unit, value, args.format)
            report.save(args.output / name)
            print(f"{args.output / name}: {args.per_unit} {value}", file=sys.stderr)
        for hidden, reason in reports.hidden.items():
            unit = "the responses without one" if hidden is None else hidden
            print(
                f"no report for {args.per_unit} {unit}: {explain(reason, args.min_group)}",
                file=sys.stderr,
            )
        return Exit.OK
    chart_dir = f"{args.output.stem}-charts" if args.output else "charts"
    report = render_report(
        dataset,
        args.lang,
        args.format,
        by=args.by,
        min_group=args.min_group,
        filters=filters,
        invited=invited,
        chart_dir=chart_dir,
        wave=args.wave,
        pair_by=args.pair_by,
        wave_order=args.wave_order,
    )
    if args.output is not None:
        report.save(args.output)
    else:
        if report.charts:
            print(
                "the charts are written only with --output (markdown keeps them in "
                "SVG files beside the report)",
                file=sys.stderr,
            )
        sys.stdout.write(report.text)
    return Exit.OK


def register_report(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report",
        help="the written report (HTML or markdown), or one per unit",
        description="Write the report a person reads: how many answered, the scales up "
        "front, a chart and a table per question, the scales' reliability, group "
        "comparisons, the free-text answers and a methods note, in the questionnaire's "
        "language. HTML is one self-contained file; markdown keeps its charts as SVG files "
        "in <name>-charts/ beside it. Groups below --min-group are never shown.",
    )
    report.add_argument("results", nargs="+", metavar="RESULTS.csv", type=Path)
    report.add_argument(
        "--questionnaire",
        metavar="Q.yaml",
        type=Path,
        help="default: the snapshot beside each results file",
    )
    report.add_argument(
        "--by", metavar="COLUMN", help="compare the groups of a tag or single-choice question"
    )
    report.add_argument(
        "--per-unit",
        metavar="COLUMN",
        help="one feedback report per level of this tag, in the --output folder",
    )
    _min_group_option(report)
    report.add_argument(
        "--filter",
        type=_tag,
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="keep only these rows (repeatable)",
    )
    report.add_argument(
        "--wave",
        metavar="COLUMN",
        help="add a section over time: the "
        "waves of a tag, or submitted_at:month or submitted_at:quarter",
    )
    report.add_argument(
        "--wave-order",
        type=_names,
        metavar="A,B,...",
        help="the waves in their order (default: sorted)",
    )
    report.add_argument(
        "--pair-by",
        metavar="CODE",
        help="with --wave: the paired change of the same respondent code between waves",
    )
    report.add_argument(
        "--invited",
        type=_invited,
        metavar="N|FILE.csv",
        help="how many were invited or present, or a CSV of unit,number "
        "(with --by or --per-unit) for a response rate; or serve's invitations file "
        "(--invitations): the exact rate per unit of its first column",
    )
    report.add_argument("--lang", help="sv, da or en (default: the questionnaire's first)")
    report.add_argument("--format", choices=("html", "markdown"), default="html")
    report.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="write here (mode 0600) instead of stdout; a folder with --per-unit",
    )
    report.set_defaults(handler=cmd_report)


def cmd_review(args: argparse.Namespace) -> int:
    from surveytui.tui.review import run_review

    return run_review(args.results, args.questionnaire, args.lang)


def register_review(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser(
        "review",
        help="look through results interactively: pictures, scales, groups",
        description="Open the review screen on one or more results files of one "
        "questionnaire: every question's distribution, each section's rated items at "
        "once, the scales, groups side by side, filters, the free-text answers, and "
        "export. The numbers are those of `analyze --format json`; a file that is still "
        "being written is followed and the screen updates as responses come in.",
    )
    review.add_argument("results", nargs="+", metavar="RESULTS.csv", type=Path)
    review.add_argument(
        "--questionnaire",
        metavar="Q.yaml",
        type=Path,
        help="default: the snapshot beside each results file",
    )
    review.add_argument("--lang", help="language of the question texts (l switches)")
    review.set_defaults(handler=cmd_review)


def cmd_export(args: argparse.Namespace) -> int:
    from surveytui.analysis import analyze_dataset, load_dataset
    from surveytui.report.export import export_rows, to_csv, to_sav, to_xlsx
    from surveytui.store import write_atomic

    if args.format != "csv" and args.output is None:
        raise SurveyError(f"{args.format} is a binary file: give the file to write with --output")
    if args.excel and args.format != "csv":
        raise SurveyError("--excel is for --format csv (xlsx and sav are read as they are)")
    if args.labels and args.format == "sav":
        raise SurveyError(
            "--labels is for csv and xlsx: a sav file keeps the codes and "
            "carries their texts as value labels"
        )
    dataset = load_dataset(args.results, args.questionnaire)
    _warn(dataset.problems)
    export = export_rows(dataset, args.lang, args.labels, args.respondent_codes)
    if args.format == "csv":
        text = to_csv(export, args.excel)
        if args.output is None:
            sys.stdout.write(text)
            return Exit.OK
        data = text.encode("utf-8")
    elif args.format == "xlsx":
        data, cut = to_xlsx(export, analyze_dataset(dataset), str(args.output))
        _warn(cut)
    else:
        data = to_sav(export)
    write_atomic(args.output, data)
    return Exit.OK


def register_export(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export",
        help="responses as xlsx, csv or SPSS sav for Excel, R and SPSS",
        description="Write the responses of one or more results files as a spreadsheet "
        "(sheets data, codebook and statistics), a CSV or an SPSS file with variable and "
        "value labels. Text that starts like a formula is kept as text. Respondent codes "
        "are left out unless --respondent-codes is given.",
    )
    export.add_argument("results", nargs="+", metavar="RESULTS.csv", type=Path)
    export.add_argument(
        "--questionnaire",
        metavar="Q.yaml",
        type=Path,
        help="default: the snapshot beside each results file",
    )
    export.add_argument("--format", choices=("xlsx", "csv", "sav"), default="csv")
    export.add_argument(
        "--labels", action="store_true", help="write choice and scale texts instead of the codes"
    )
    export.add_argument(
        "--excel",
        action="store_true",
        help="CSV for Excel in a Nordic locale: semicolons, decimal comma, BOM",
    )
    export.add_argument(
        "--respondent-codes",
        action="store_true",
        help="include respondent-code questions (pseudonymous links)",
    )
    export.add_argument(
        "--lang", help="language of the labels (default: the questionnaire's first)"
    )
    export.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="write here (mode 0600); csv goes to stdout without it",
    )
    export.set_defaults(handler=cmd_export)


def cmd_build(args: argparse.Namespace) -> int:
    from surveytui.tui.builder import run_build

    return run_build(args.file)


def register_build(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser(
        "build",
        help="make or change a questionnaire in the builder",
        description="Open the questionnaire builder on Q.yaml (a new questionnaire if the "
        "file does not exist; without Q.yaml, choose to start from scratch, from a bundled "
        "questionnaire or from a file). An invalid questionnaire is saved only as a draft, "
        "Q.draft.yaml, beside it.",
    )
    build.add_argument("file", nargs="?", type=Path, metavar="Q.yaml")
    build.set_defaults(handler=cmd_build)


def cmd_convert(args: argparse.Namespace) -> int:
    from surveytui.convert import convert

    _warn(convert(args.source, args.output, args.questionnaire, args.skip_unsupported))
    return Exit.OK


def register_convert(commands: argparse._SubParsersAction) -> None:
    convert = commands.add_parser(
        "convert",
        help="questionnaires to and from XLSForm (ODK, Kobo); their submissions to results",
        description="Convert a questionnaire between surveytui's YAML and XLSForm (.xlsx, "
        "and .xls read), the direction from the extensions, or turn the submissions that "
        "ODK Central or KoboToolbox export as CSV into a surveytui results file. What has "
        "no equivalent is listed as file:sheet:row and nothing is written (exit 2); "
        "--skip-unsupported leaves it out and lists it instead.",
    )
    convert.add_argument("source", type=Path, metavar="IN")
    convert.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        metavar="OUT",
        help="Q.yaml, FORM.xlsx, or results/NAME.csv (written mode 0600)",
    )
    convert.add_argument(
        "--questionnaire",
        type=Path,
        metavar="Q.yaml|FORM.xlsx",
        help="for submissions: the questionnaire or XLSForm they answer",
    )
    convert.add_argument(
        "--skip-unsupported",
        action="store_true",
        help="leave out what has no surveytui equivalent, and list it on stderr",
    )
    convert.set_defaults(handler=cmd_convert)


# Every command: a function that adds its subparser, in the order `--help` lists them.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    register_run,
    register_serve,
    register_build,
    register_validate,
    register_review,
    register_analyze,
    register_report,
    register_export,
    register_convert,
    register_indicators,
    register_delete,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="surveytui",
        description="Evaluation questionnaires in the terminal: build them, run them in "
        "kiosk mode, and analyse the answers. Without a command, opens the home screen "
        "on ./questionnaires and ./results.",
    )
    parser.add_argument("--version", action="version", version=f"surveytui {__version__}")
    parser.set_defaults(handler=cmd_home)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in COMMANDS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    try:
        return int(args.handler(args))
    except SurveyError as err:
        _warn(err.problems)
        return Exit.USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return Exit.OK
    except OSError as err:
        # A file the user named could not be read or written (permissions, a full disk).
        where = f"{err.filename}: " if err.filename else ""
        print(f"{where}{err.strerror or err}", file=sys.stderr)
        return Exit.USAGE
    except Exception as err:  # the last guard between a bug and the user
        if os.environ.get("SURVEYTUI_DEBUG"):
            raise
        print(
            f"surveytui: unexpected error: {type(err).__name__}: {err}\n"
            "This is a bug in surveytui. Run again with SURVEYTUI_DEBUG=1 to see the details "
            "for a bug report.",
            file=sys.stderr,
        )
        return Exit.FAILURE


if __name__ == "__main__":
    raise SystemExit(main())
