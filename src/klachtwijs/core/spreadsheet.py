"""Spreadsheet cells that stay text: every export to CSV or XLSX writes its text through
`defuse`, so a cell typed by a parent or an employee is never run as a formula (CSV/formula
injection, OWASP); the register import reads it back through `undefuse`."""

# What a spreadsheet reads as the start of a formula (or of a DDE command).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def defuse(value: object) -> object:
    """Text that a spreadsheet would run as a formula, with a quote in front; the rest as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return QUOTE + value
    return value


def undefuse(text: str) -> str:
    """The text `defuse` was given: the quote in front of a formula start taken off again."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
