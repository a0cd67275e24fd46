"""Markdown written by the organisation, rendered to HTML that is safe to show anywhere."""

import markdown
import nh3


def markdown_html(source: str) -> str:
    """Markdown to HTML that is safe to show: only harmless tags and attributes stay."""
    return nh3.clean(markdown.markdown(source, extensions=["sane_lists"]))
