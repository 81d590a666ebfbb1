"""File text made safe to print on a terminal: escaped controls, a window on long lines.

A file may hold anything: escape sequences that recolour or clear the terminal, a
carriage return that hides the text before it, bidirectional overrides that show
text in an order it is not read in (U+202E, "Trojan Source"), a one-line file of
megabytes.  Human output shows such characters as escapes (``\\x1b``, ``\\u202e``)
and shows a window of a long line around the finding; the caret line keeps pointing
at the same characters.  Machine formats (JSON, SARIF) keep the exact text.
"""

from __future__ import annotations

MAX_COLUMNS = 200  # a source line is cut to a window this wide around the finding
ELLIPSIS = "…"
# Controls (C0, DEL, C1), format characters (bidi marks, embeddings, overrides and
# isolates, zero-width characters), lone surrogates, line and paragraph separators.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every control, format or separator character (tab aside) escaped."""
    if text.isprintable():
        return text
    from unicodedata import category  # only for the rare text that needs it

    return "".join(_escape(c) if c != "\t" and category(c) in _UNSAFE else c for c in text)


def _cells(text: str) -> list[tuple[str, int]]:
    """How each character is shown, and the terminal columns it takes."""
    from unicodedata import category, combining, east_asian_width

    cells: list[tuple[str, int]] = []
    for char in text:
        if " " <= char < "\x7f" or char == "\t":
            cells.append((char, 1))  # a tab is mirrored in the caret line: one is enough
        elif category(char) in _UNSAFE:
            shown = _escape(char)
            cells.append((shown, len(shown)))
        elif combining(char):
            cells.append((char, 0))
        else:
            cells.append((char, 2 if east_asian_width(char) in "WF" else 1))
    return cells


def source_line(
    line: str, start: int, width: int, limit: int = MAX_COLUMNS, marker: str = ELLIPSIS
) -> tuple[str, str]:
    """``line`` as shown under a finding that starts at its ``start`` and is ``width``
    characters wide, and the caret line beneath it (without the caller's indent).

    Controls and bidi characters are escaped; a line wider than ``limit`` columns is
    cut to a window around the start of the finding, ``marker`` standing for the text
    left out at either end.
    """
    start = min(max(start, 0), len(line))
    width = max(width, 1)
    if len(line) <= limit and line.isascii() and line.replace("\t", " ").isprintable():
        prefix = "".join(c if c == "\t" else " " for c in line[:start])
        return line, prefix + "^" * min(width, max(1, len(line) - start))
    # A character takes one column or more (combining marks aside): past ``limit``
    # characters on either side of the start, nothing can be shown.
    low = max(0, start - limit)
    segment = line[low : start + limit]
    at = start - low
    if segment.isascii() and segment.replace("\t", " ").isprintable():
        return _ascii_window(line, segment, low, at, width, limit, marker)
    cells = _cells(segment)
    whole = low == 0 and len(cells) == len(line)
    left, right = _window(cells, at, limit - 2 * len(marker), limit if whole else -1)
    lead = low + left > 0
    trail = low + right < len(line)
    shown = "".join(text for text, _cols in cells[left:right])
    prefix = "".join("\t" if text == "\t" else " " * cols for text, cols in cells[left:at])
    carets = sum(cols for _text, cols in cells[at : min(at + width, right)])
    return (
        f"{marker if lead else ''}{shown}{marker if trail else ''}",
        f"{' ' * len(marker) if lead else ''}{prefix}{'^' * max(carets, 1)}",
    )


def _ascii_window(
    line: str, segment: str, low: int, at: int, width: int, limit: int, marker: str
) -> tuple[str, str]:
    """:func:`source_line` for a window of printable ASCII (one column a character):
    the same cut, worked out by arithmetic (a line of 60,000 findings is common in a
    long flow list, and each of them shows it)."""
    budget = limit - 2 * len(marker)
    left = max(0, at - budget // 4)
    right = min(len(segment), left + budget)
    left = max(0, min(left, right - budget))  # the line ended early: more before
    lead = low + left > 0
    trail = low + right < len(line)
    prefix = "".join("\t" if c == "\t" else " " for c in segment[left:at])
    carets = max(min(at + width, right) - at, 1)
    return (
        f"{marker if lead else ''}{segment[left:right]}{marker if trail else ''}",
        f"{' ' * len(marker) if lead else ''}{prefix}{'^' * carets}",
    )


def _window(cells: list[tuple[str, int]], at: int, budget: int, whole: int) -> tuple[int, int]:
    """``cells[left:right]``: all of them when they fit in ``whole`` columns (they are
    the whole line), else as many as fit in ``budget`` columns, from about a quarter of
    it before ``at``."""
    if sum(cols for _text, cols in cells) <= whole:
        return 0, len(cells)
    left, used = at, 0
    while left > 0 and used + cells[left - 1][1] <= budget // 4:
        left -= 1
        used += cells[left][1]
    right = at
    while right < len(cells) and used + cells[right][1] <= budget:
        used += cells[right][1]
        right += 1
    while left > 0 and used + cells[left - 1][1] <= budget:  # the line ended early
        left -= 1
        used += cells[left][1]
    return left, right


def cut_marker(encoding: str | None) -> str:
    """The marker of a cut line written in ``encoding``: "…", or "..." when the encoding
    has no such character (a traceback would be worse than three dots)."""
    try:
        ELLIPSIS.encode(encoding or "utf-8")
    except (UnicodeError, LookupError):
        return "..."
    return ELLIPSIS
