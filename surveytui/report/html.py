"""The written report as one self-contained HTML file: inline SVG and CSS, no script, no network.

`to_html(document)` renders a `ReportDocument` (document.py). The page reads on a phone (one
column, tables scroll sideways, charts scale down) and prints on A4 (page margins, no
chart or table split across pages).
"""

from __future__ import annotations

from surveytui.report.blocks import (
    Bullets,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
    html_escape,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'"  # nothing loads, nothing runs
STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  line-height: 1.5; color: #1a1a1a; background: #fff; max-width: 46rem; margin: 0 auto;
  padding: 1rem; }
h1 { font-size: 1.7rem; line-height: 1.25; }
p, li, h1, h2, h3, h4, th { overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.15rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; margin: 1.6rem 0 .4rem; }
figure { margin: .6rem 0; }
svg.chart { display: block; width: 100%; max-width: 440px; height: auto; }
.table { overflow-x: auto; margin: .4rem 0 1rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { padding: .25rem .55rem; border-bottom: 1px solid #ddd; text-align: right;
  vertical-align: top; font-variant-numeric: tabular-nums; }
td { white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #888; font-weight: 600; }
tbody th { font-weight: normal; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2, h3, h4 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  .table { overflow: visible; }
}
"""


def _block(block: object) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{html_escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{html_escape(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{html_escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{html_escape(h)}</th>' for h in block.headers)
        body = "".join(
            "<tr>"
            + "".join(
                (
                    f'<th scope="row">{html_escape(cell)}</th>'
                    if i == 0
                    else f"<td>{html_escape(cell)}</td>"
                )
                for i, cell in enumerate(row)
            )
            + "</tr>"
            for row in block.rows
        )
        return (
            f'<div class="table"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
        )
    assert isinstance(block, Chart)
    return f"<figure>{block.svg}</figure>"


def to_html(document: ReportDocument) -> str:
    """The document as a complete HTML page (UTF-8) in the document's language."""
    body = "\n".join(_block(block) for block in document.blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{html_escape(document.lang)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_escape(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n<h1>{html_escape(document.title)}</h1>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )
