"""The written report's building blocks, and their rendering as markdown.

A `ReportDocument` is a title, a language and a list of blocks (`Heading`, `Paragraph`,
`Bullets`, `Table`, `Chart`); `document.py` builds one from an Analysis, `indicators.py`
from indicator values, `html.py` renders one as HTML and `to_markdown` here as GitHub
markdown with its charts as SVG files. `md_escape` makes any text one safe markdown line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from surveytui.errors import printable


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    """A table whose first column is text and the others numbers (right-aligned)."""

    headers: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    """An SVG chart; `name` is unique in the document and names its file beside markdown."""

    name: str
    svg: str
    alt: str


Block = Heading | Paragraph | Bullets | Table | Chart


@dataclass
class ReportDocument:
    title: str
    lang: str
    blocks: list[Block] = field(default_factory=list)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def html_escape(text: str) -> str:
    """Text for HTML (and SVG): escaped, with control characters replaced (`printable`), so
    that an answer cannot drive the terminal of someone who prints the file."""
    return escape(printable(text))


def md_escape(text: str) -> str:
    """One line of text with markdown's special characters escaped, so answers cannot inject
    markup or break a table, and control characters replaced (see `printable`)."""
    return _MD_SPECIAL.sub(r"\\\1", printable(_LINE_BREAKS.sub(" ", text)))


def to_markdown(document: ReportDocument, chart_dir: str = "charts") -> tuple[str, dict[str, str]]:
    """The document as GitHub markdown and its charts as SVG files (name -> text) in chart_dir."""
    out = [f"# {md_escape(document.title)}", ""]
    files: dict[str, str] = {}
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {md_escape(block.text)}")
        elif isinstance(block, Paragraph):
            out.append(md_escape(block.text))
        elif isinstance(block, Bullets):
            out += [f"- {md_escape(item)}" for item in block.items]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(md_escape(h) for h in block.headers) + " |")
            out.append("|" + "|".join(["---", *["---:"] * (len(block.headers) - 1)]) + "|")
            out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in block.rows]
        else:
            name = f"{block.name}.svg"
            files[name] = block.svg + "\n"
            out.append(f"![{md_escape(block.alt)}]({chart_dir}/{name})")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n", files
