"""Dashboard charts drawn on the server with matplotlib, as inline SVG (no JavaScript).

Styles are turned into SVG presentation attributes, so the charts still draw under a strict
Content-Security-Policy that forbids inline `style`. Every chart has its numbers in a table
beside it; the SVG itself is `aria-hidden` decoration with a text title.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ["#0b5394", "#e69138", "#38761d", "#741b47", "#444444"]
MONTHS_NL = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_SIZE = re.compile(r'\s(?:width|height)="[\d.]+pt"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
_FONT = re.compile(
    r"(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|\d00)\s+)?"
    r"(?P<size>[\d.]+px)\s+(?P<family>.+)"
)


def _pyplot():
    """matplotlib is imported on first use only: it is heavy and most requests draw nothing."""
    import matplotlib

    matplotlib.use("Agg")  # no display: draw to files only
    from matplotlib import pyplot

    return pyplot


def month_label(d: date) -> str:
    return f"{MONTHS_NL[d.month - 1]} {d:%y}"


def _attributes(match: re.Match) -> str:
    """`style="a: b; font: 10px 'DejaVu Sans'"` -> ` a="b" font-size="10px" font-family="…"`."""
    parts = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (p.strip() for p in declaration.split(":", 1))
        if name == "font" and (font := _FONT.match(value)):
            parts.append(f'font-size="{font["size"]}"')
            parts.append(f'font-family="{font["family"].replace(chr(34), chr(39))}"')
            if font["weight"]:
                parts.append(f'font-weight="{font["weight"]}"')
            continue
        parts.append(f'{name}="{value.replace(chr(34), chr(39))}"')
    return (" " + " ".join(parts)) if parts else ""


def _svg(figure: Figure) -> str:
    """The figure as an SVG element for inline use: no XML prolog, no inline styles."""
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight")
    _pyplot().close(figure)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTR.sub(_attributes, svg)
    # Scale with the page (small screens): full width, height from the viewBox.
    svg = _SIZE.sub("", svg, count=2)
    return svg.replace("<svg ", '<svg width="100%" aria-hidden="true" focusable="false" ', 1)


def _figure(height: float = 3.2) -> tuple[Figure, object]:
    figure, axes = _pyplot().subplots(figsize=(7.5, height))
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _month_axis(axes, months: Sequence[date]) -> list[int]:
    """Months as numbered positions with Dutch labels (strings would be parsed as dates)."""
    x = list(range(len(months)))
    axes.set_xticks(x, [month_label(m) for m in months], rotation=45, ha="right")
    return x


def stacked_months(months: Sequence[date], series: dict[str, Sequence[int]]) -> str:
    """Received per month, one stacked colour per kind."""
    figure, axes = _figure()
    x = _month_axis(axes, months)
    bottom = [0] * len(months)
    for colour, (name, values) in zip(COLOURS, series.items(), strict=False):
        axes.bar(x, values, bottom=bottom, label=name, color=colour)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.legend(frameon=False, ncols=4, loc="upper left", bbox_to_anchor=(0, 1.15))
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def horizontal(items: Sequence[tuple[str, int]]) -> str:
    """A horizontal bar per item (category or location), largest on top."""
    figure, axes = _figure(height=max(1.5, 0.35 * len(items) + 0.8))
    names = [name for name, _ in items][::-1]
    values = [value for _, value in items][::-1]
    axes.barh(names, values, color=COLOURS[0])
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def line_months(months: Sequence[date], values: Sequence[int | None], unit: str) -> str:
    """One value per month (a percentage or days); months without data are left open."""
    figure, axes = _figure(height=2.8)
    x = _month_axis(axes, months)
    axes.bar(x, [v or 0 for v in values], color=COLOURS[0])
    for i, value in zip(x, values, strict=True):
        if value is not None:
            axes.annotate(f"{value}{unit}", (i, value), ha="center", va="bottom", fontsize=8)
    return _svg(figure)
