"""Text for a terminal: controls and bidi characters escaped, long lines cut to a window,
the caret still under the characters it marks."""

from __future__ import annotations

import unicodedata

import pytest

from composelint.output.terminal import ELLIPSIS, MAX_COLUMNS, cut_marker, printable, source_line

UNSAFE = ["\x00", "\x07", "\x08", "\x1b", "\r", "\n", "\x7f", "\x85", "\x9b", "\u2028"]
UNSAFE += [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F]]


def _raw_controls(text: str) -> list[str]:
    """Characters a terminal would act on (tab aside) or reorder text by."""
    return [c for c in text if c != "\t" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def _marked(shown: str, carets: str) -> str:
    """The part of ``shown`` above the carets (ASCII lines without tabs)."""
    start = carets.index("^")
    return shown[start : start + carets.count("^")]


@pytest.mark.parametrize("char", UNSAFE)
def test_each_control_or_bidi_character_is_shown_as_an_escape(char: str) -> None:
    text = printable(f"a{char}b")
    assert not _raw_controls(text)
    escape = f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"
    assert text == f"a{escape}b"


def test_printable_text_is_unchanged() -> None:
    for text in ["service 'web' runs privileged", "café 😀 日本", "a\tb", ""]:
        assert printable(text) == text
    assert printable("\U000e0001x") == "\\U000e0001x"  # a format character past the BMP


def test_plain_line_is_shown_as_before() -> None:
    assert source_line('      - "8080:80"', 8, 9) == ('      - "8080:80"', "        ^^^^^^^^^")
    assert source_line("\t\tUSER root", 2, 9) == ("\t\tUSER root", "\t\t^^^^^^^^^")
    assert source_line("FROM a", 6, 1) == ("FROM a", "      ^")  # at the end of the line
    assert source_line("FROM a", 0, 50) == ("FROM a", "^^^^^^")  # a span past the line


def test_caret_stays_under_its_text_after_escapes() -> None:
    line = "image: x\x1b[2J\u202e  # evil\rtitle"
    start = line.index("# evil")
    shown, carets = source_line(line, start, 6)
    assert shown == "image: x\\x1b[2J\\u202e  # evil\\x0dtitle"
    assert _marked(shown, carets) == "# evil"
    shown, carets = source_line(line, line.index("\x1b"), 1)
    assert _marked(shown, carets) == "\\x1b"  # an escaped character is marked whole


def test_wide_characters_take_two_columns_and_tabs_are_mirrored() -> None:
    shown, carets = source_line("\tname: 日本 # x", 10, 3)
    assert shown == "\tname: 日本 # x"
    assert carets == "\t" + " " * 11 + "^^^"  # "name: " and two wide characters, " "


def test_long_line_is_cut_to_a_window_around_the_finding() -> None:
    line = "a" * 500_000 + "privileged: true" + "b" * 500_000
    start = line.index("true")
    shown, carets = source_line(line, start, 4)
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert len(shown) <= MAX_COLUMNS
    assert "privileged: true" in shown
    assert _marked(shown, carets) == "true"


@pytest.mark.parametrize("where", ["start", "end"])
def test_long_line_window_at_either_end_has_one_marker(where: str) -> None:
    line = "x" * 10_000
    start = 3 if where == "start" else 9_998
    shown, carets = source_line(line, start, 10)
    assert len(shown) == MAX_COLUMNS - 1  # the text and one marker
    if where == "start":
        assert shown.endswith(ELLIPSIS) and not shown.startswith(ELLIPSIS)
        assert carets == "   " + "^" * 10
    else:
        assert shown.startswith(ELLIPSIS) and not shown.endswith(ELLIPSIS)
        assert len(carets) == len(shown)  # the two characters left are marked
        assert carets.endswith(" ^^")


def test_a_span_longer_than_the_window_is_marked_to_its_edge() -> None:
    line = "y" * 1_000
    shown, carets = source_line(line, 100, 900)
    assert shown.endswith(ELLIPSIS)
    assert len(carets) == len(shown) - 1  # up to the marker


def test_long_line_of_controls_fits_the_width_after_escaping() -> None:
    line = "\x1b" * 100_000
    shown, carets = source_line(line, 50_000, 1)
    assert len(shown) <= MAX_COLUMNS and not _raw_controls(shown)
    assert _marked(shown, carets) == "\\x1b"


def test_line_just_at_the_limit_is_not_cut() -> None:
    line = "z" * MAX_COLUMNS
    assert source_line(line, 10, 1)[0] == line
    assert source_line(line + "z", 10, 1)[0].endswith(ELLIPSIS)


def test_marker_is_three_dots_where_the_output_cannot_encode_an_ellipsis() -> None:
    assert cut_marker("utf-8") == ELLIPSIS
    assert cut_marker("cp1252") == ELLIPSIS
    assert cut_marker("latin-1") == "..."
    assert cut_marker("ascii") == "..."
    line = "a" * 500 + "privileged: true" + "b" * 500
    shown, carets = source_line(line, line.index("true"), 4, marker="...")
    assert shown.startswith("...") and shown.endswith("...")
    assert len(shown) <= MAX_COLUMNS
    assert _marked(shown, carets) == "true"
