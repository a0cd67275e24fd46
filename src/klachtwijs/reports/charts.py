"""One bar chart per figure table, this year beside last year (matplotlib, Agg backend).

SVG goes into the HTML preview and the PDF, PNG into the DOCX (Word does not read SVG well).
"""

from __future__ import annotations

import base64
import io
import textwrap
from typing import TYPE_CHECKING

from klachtwijs.reports.content import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# The organisation has no colour setting: the site's primary colour (site.css --accent) and a
# light tint of it for last year.
CURRENT, PREVIOUS = "#0b5394", "#a9c3de"
MAX_BARS = 15
LABEL_WIDTH = 28  # characters per line of a category or location label


def _label(text: str) -> str:
    """A long label wrapped over at most three lines instead of cut off."""
    return "\n".join(textwrap.wrap(text, LABEL_WIDTH, max_lines=3, placeholder="…")) or text


def _figure(table: Table, year: int) -> Figure:
    # matplotlib is imported on first use only: it is heavy and only reports draw charts.
    import matplotlib

    matplotlib.use("Agg")  # no display: render to files only
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    rcParams["svg.fonttype"] = "none"  # keep text as text: smaller files, searchable PDF
    rows = table.rows[:MAX_BARS]
    labels = [_label(str(r[0])) for r in rows]
    # Enough height per bar for its wrapped label (0.18 inch a line, at least 0.4 a bar).
    height = max(1.6, sum(max(0.4, 0.18 * label.count("\n") + 0.3) for label in labels) + 0.9)
    figure = Figure(figsize=(6.5, height))
    axes = figure.add_subplot()
    positions = range(len(rows))
    axes.barh(
        [p - 0.2 for p in positions], [r[1] for r in rows], 0.4, label=str(year), color=CURRENT
    )
    axes.barh(
        [p + 0.2 for p in positions], [r[2] for r in rows], 0.4, label=str(year - 1), color=PREVIOUS
    )
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.invert_yaxis()
    axes.tick_params(axis="x", labelsize=8)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    if rows:
        # Below the chart, where it can cover no bar (bbox_inches="tight" keeps it in).
        axes.legend(
            fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2
        )
    else:
        axes.text(0.5, 0.5, "Geen gegevens", ha="center", va="center", transform=axes.transAxes)
    figure.tight_layout()
    return figure


def chart_svg(table: Table, year: int) -> str:
    """The chart as a data URI (SVG), for <img> in HTML and WeasyPrint."""
    buffer = io.BytesIO()
    _figure(table, year).savefig(buffer, format="svg", bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def chart_png(table: Table, year: int) -> bytes:
    """The chart as PNG bytes, for python-docx."""
    buffer = io.BytesIO()
    _figure(table, year).savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()
