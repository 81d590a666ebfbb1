"""Tests for composelint.fix.edits: applying edits, choosing fixes, diffs, line ranges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composelint.diagnostics import Edit, Fix
from composelint.fix.edits import (
    OverlapError,
    apply_edits,
    edited_line_ranges,
    edits_by_path,
    edits_conflict,
    select_fixes,
    unified_diff,
)

P = "compose.yaml"


def ed(start: int, end: int, new_text: str = "", path: str = P) -> Edit:
    return Edit(path, start, end, new_text)


def fx(title: str, *edits: Edit, applicability: str = "safe") -> Fix:
    return Fix(title, applicability, tuple(edits))


# -- apply_edits -------------------------------------------------------------


def test_no_edits_returns_text() -> None:
    assert apply_edits("abc", []) == "abc"


def test_insertion() -> None:
    assert apply_edits("abc", [ed(1, 1, "X")]) == "aXbc"
    assert apply_edits("abc", [ed(0, 0, "X")]) == "Xabc"
    assert apply_edits("abc", [ed(3, 3, "X")]) == "abcX"


def test_replacement_and_deletion() -> None:
    assert apply_edits("hello world", [ed(6, 11, "there")]) == "hello there"
    assert apply_edits("hello world", [ed(5, 11)]) == "hello"
    assert apply_edits("abc", [ed(0, 3, "")]) == ""


def test_multiple_edits_any_order() -> None:
    text = "a: 1\nb: 2\nc: 3\n"
    edits = [ed(13, 14, "30"), ed(0, 1, "aa"), ed(8, 9, "20")]
    assert apply_edits(text, edits) == "aa: 1\nb: 20\nc: 30\n"
    assert apply_edits(text, list(reversed(edits))) == "aa: 1\nb: 20\nc: 30\n"


def test_touching_edits_are_fine() -> None:
    assert apply_edits("abcdef", [ed(0, 3, "X"), ed(3, 6, "Y")]) == "XY"
    assert apply_edits("abcdef", [ed(3, 6, "Y"), ed(3, 3, "I")]) == "abcYI"
    assert apply_edits("abcdef", [ed(3, 3, "I"), ed(0, 3, "X")]) == "XIdef"


def test_same_offset_insertions_keep_given_order() -> None:
    assert apply_edits("ab", [ed(1, 1, "1"), ed(1, 1, "2"), ed(1, 1, "3")]) == "a123b"
    assert apply_edits("ab", [ed(1, 1, "3"), ed(1, 1, "2"), ed(1, 1, "1")]) == "a321b"
    # Mixed with an edit elsewhere given in between: the order among ties holds.
    assert apply_edits("ab", [ed(1, 1, "1"), ed(0, 0, "<"), ed(1, 1, "2")]) == "<a12b"


def test_insertion_and_replacement_at_same_start_follow_given_order() -> None:
    assert apply_edits("abc", [ed(1, 1, "I"), ed(1, 2, "R")]) == "aIRc"
    assert apply_edits("abc", [ed(1, 2, "R"), ed(1, 1, "I")]) == "aRIc"
    # An insertion where a replacement ends comes after its new text.
    assert apply_edits("abc", [ed(2, 2, "I"), ed(1, 2, "R")]) == "aRIc"


@pytest.mark.parametrize(
    "edits",
    [
        [ed(0, 3, "X"), ed(2, 5, "Y")],  # partial overlap
        [ed(2, 5, "Y"), ed(0, 3, "X")],  # same, other order
        [ed(0, 6, "X"), ed(2, 3, "Y")],  # containment
        [ed(1, 4, "X"), ed(1, 2, "Y")],  # same start, both replace
        [ed(1, 3, "X"), ed(1, 3, "X")],  # identical replacements
        [ed(0, 4, "X"), ed(2, 2, "I")],  # insertion strictly inside a replacement
    ],
)
def test_overlap_raises(edits: list[Edit]) -> None:
    with pytest.raises(OverlapError):
        apply_edits("abcdef", edits)


def test_overlap_error_names_the_edits() -> None:
    with pytest.raises(OverlapError) as info:
        apply_edits("abcdef", [ed(0, 3, "X"), ed(2, 5, "Y")])
    assert "[2, 5)" in str(info.value) and "[0, 3)" in str(info.value)
    assert {info.value.first, info.value.second} == {ed(0, 3, "X"), ed(2, 5, "Y")}


@pytest.mark.parametrize("edit", [ed(-1, 0), ed(0, 7), ed(3, 2)])
def test_out_of_range_edit_raises(edit: Edit) -> None:
    with pytest.raises(OverlapError):
        apply_edits("abcdef", [edit])


def test_non_ascii_offsets_are_code_points() -> None:
    text = "name: 日本語 # 🐳 whale\nimage: é\n"
    start = text.index("🐳")
    assert apply_edits(text, [ed(start, start + 1, "🐋")]) == text.replace("🐳", "🐋")
    e = text.index("é")
    assert apply_edits(text, [ed(e, e + 1, "e"), ed(6, 9, "nihongo")]) == (
        "name: nihongo # 🐳 whale\nimage: e\n"
    )
    # Insert right after an astral character: one code point, not two UTF-16 units.
    assert apply_edits("🐳x", [ed(1, 1, "|")]) == "🐳|x"


def test_apply_edits_with_crlf_keeps_other_bytes() -> None:
    text = "a: 1\r\nb: 2\r\n"
    assert apply_edits(text, [ed(9, 10, "3")]) == "a: 1\r\nb: 3\r\n"


# -- select_fixes -----------------------------------------------------------


def test_applicability_filter() -> None:
    safe = fx("safe", ed(0, 1, "a"))
    unsafe = fx("unsafe", ed(2, 3, "b"), applicability="unsafe")
    display = fx("display", ed(4, 5, "c"), applicability="display-only")
    assert select_fixes([safe, unsafe, display], unsafe=False) == ([safe], [])
    assert select_fixes([safe, unsafe, display], unsafe=True) == ([safe, unsafe], [])
    assert select_fixes([display], unsafe=True) == ([], [])


def test_overlapping_fix_is_deferred_whole() -> None:
    first = fx("first", ed(0, 5, "x"))
    second = fx("second", ed(10, 12, "y"), ed(4, 6, "z"))  # second edit overlaps first
    third = fx("third", ed(20, 21, "w"))
    chosen, deferred = select_fixes([first, second, third], unsafe=False)
    assert chosen == [first, third]
    assert deferred == [second]
    # Deferred fixes keep nothing: the chosen fixes' edits alone apply cleanly.
    text = "0123456789abcdefghijklmnop"
    result = apply_edits(text, [e for f in chosen for e in f.edits])
    assert result == "x56789abcdefghijwlmnop"


def test_given_order_decides_which_fix_wins() -> None:
    a = fx("a", ed(0, 3, "A"))
    b = fx("b", ed(2, 4, "B"))
    assert select_fixes([a, b], unsafe=False) == ([a], [b])
    assert select_fixes([b, a], unsafe=False) == ([b], [a])


def test_unsafe_fix_not_chosen_does_not_block_safe_one() -> None:
    unsafe = fx("unsafe", ed(0, 3, "U"), applicability="unsafe")
    safe = fx("safe", ed(1, 2, "S"))
    assert select_fixes([unsafe, safe], unsafe=False) == ([safe], [])
    assert select_fixes([unsafe, safe], unsafe=True) == ([unsafe], [safe])


def test_same_point_insertions_from_different_fixes_conflict() -> None:
    a = fx("a", ed(5, 5, "read_only: true\n"))
    b = fx("b", ed(5, 5, "cap_drop: [ALL]\n"))
    assert select_fixes([a, b], unsafe=False) == ([a], [b])


def test_touching_fixes_both_chosen() -> None:
    a = fx("a", ed(0, 5, "A"))
    b = fx("b", ed(5, 9, "B"))
    c = fx("c", ed(9, 9, "C"))  # insertion where b ends
    assert select_fixes([a, b, c], unsafe=False) == ([a, b, c], [])


def test_edits_in_different_files_do_not_conflict() -> None:
    a = fx("a", ed(0, 5, "A"))
    b = fx("b", ed(0, 5, "B", path="Dockerfile"))
    assert select_fixes([a, b], unsafe=False) == ([a, b], [])


def test_duplicate_fixes_count_once() -> None:
    a = fx("no-new-privileges", ed(3, 3, "x"), ed(7, 8, "y"))
    dup = fx("no-new-privileges", ed(3, 3, "x"), ed(7, 8, "y"))
    same_edits_other_title = fx("other title", ed(3, 3, "x"), ed(7, 8, "y"))
    assert select_fixes([a, dup, same_edits_other_title], unsafe=False) == ([a], [])


def test_duplicate_of_deferred_fix_deferred_once() -> None:
    a = fx("a", ed(0, 4, "A"))
    b = fx("b", ed(2, 6, "B"))
    assert select_fixes([a, b, b], unsafe=False) == ([a], [b])


def test_fix_with_insertion_and_replacement_at_same_point() -> None:
    own = fx("own", ed(4, 4, "I"), ed(4, 6, "R"))
    other = fx("other", ed(6, 8, "O"))
    inside = fx("inside", ed(5, 5, "X"))
    chosen, deferred = select_fixes([own, other, inside], unsafe=False)
    assert chosen == [own, other] and deferred == [inside]
    assert apply_edits("abcdefghij", [e for f in chosen for e in f.edits]) == "abcdIROij"


def test_fix_with_overlapping_own_edits_raises() -> None:
    with pytest.raises(OverlapError, match="broken"):
        select_fixes([fx("broken", ed(0, 3, "a"), ed(2, 4, "b"))], unsafe=False)


def test_many_fixes_selection_is_consistent() -> None:
    # Interleaved chains: every chosen set must apply without overlap.
    fixes = [fx(f"f{i}", ed(i * 3, i * 3 + 5, str(i))) for i in range(200)]
    chosen, deferred = select_fixes(fixes, unsafe=False)
    assert len(chosen) + len(deferred) == 200
    apply_edits("x" * 700, [e for f in chosen for e in f.edits])
    for f in deferred:
        assert any(edits_conflict(e, c) for e in f.edits for g in chosen for c in g.edits)


def test_edits_conflict_rules() -> None:
    assert edits_conflict(ed(0, 3), ed(2, 5))
    assert not edits_conflict(ed(0, 3), ed(3, 5))
    assert edits_conflict(ed(3, 3), ed(3, 5))
    assert edits_conflict(ed(3, 3, "a"), ed(3, 3, "b"))
    assert not edits_conflict(ed(3, 3), ed(0, 3))
    assert edits_conflict(ed(1, 1), ed(0, 3))
    assert not edits_conflict(ed(0, 3), ed(0, 3, path="other"))


def test_edits_by_path() -> None:
    a, b, c = ed(0, 1, "a"), ed(0, 1, "b", path="Dockerfile"), ed(2, 3, "c")
    assert edits_by_path([a, b, c]) == {P: [a, c], "Dockerfile": [b]}


# -- unified_diff -----------------------------------------------------------


def test_unified_diff_lf() -> None:
    before = "services:\n  web:\n    image: nginx\n"
    after = "services:\n  web:\n    image: nginx:1.27\n"
    diff = unified_diff("compose.yaml", before, after)
    assert diff.splitlines()[:2] == ["--- a/compose.yaml", "+++ b/compose.yaml"]
    assert "-    image: nginx\n" in diff
    assert "+    image: nginx:1.27\n" in diff


def test_unified_diff_crlf_has_no_carriage_returns() -> None:
    before = "services:\r\n  web:\r\n    image: nginx\r\n    ports:\r\n      - 80:80\r\n"
    after = before.replace("- 80:80", "- 127.0.0.1:80:80")
    diff = unified_diff("compose.yaml", before, after)
    assert "\r" not in diff
    assert diff == (
        "--- a/compose.yaml\n"
        "+++ b/compose.yaml\n"
        "@@ -2,4 +2,4 @@\n"
        "   web:\n"
        "     image: nginx\n"
        "     ports:\n"
        "-      - 80:80\n"
        "+      - 127.0.0.1:80:80\n"
    )


def test_unified_diff_identical_is_empty() -> None:
    assert unified_diff("x", "a\r\nb\r\n", "a\r\nb\r\n") == ""


def test_unified_diff_missing_final_newline_marked() -> None:
    diff = unified_diff("Dockerfile", "FROM a\nUSER root", "FROM a\nUSER app")
    assert diff.endswith(
        "-USER root\n\\ No newline at end of file\n+USER app\n\\ No newline at end of file\n"
    )
    for line in diff.splitlines():
        assert line[:1] in ("-", "+", " ", "@", "\\")


def test_unified_diff_splits_only_on_newline() -> None:
    # U+2028 and form feed are not line breaks in the diff.
    before = "a: x\u2028y\fz\nb: 1\n"
    after = "a: x\u2028y\fz\nb: 2\n"
    diff = unified_diff("f", before, after)
    assert " a: x\u2028y\fz\n" in diff
    assert diff.count("\n") == 6


# -- edited_line_ranges -----------------------------------------------------


def test_edited_line_ranges() -> None:
    text = "l0\nl1\nl2\nl3\nl4"
    edits = [
        ed(3, 5, "L1"),  # inside line 1
        ed(6, 12, ""),  # delete whole lines 2 and 3 (ends right after line 3's \n)
        ed(12, 12, "new\n"),  # insertion at the start of line 4
        ed(14, 14, "!"),  # insertion at end of text
    ]
    assert edited_line_ranges(text, edits) == [(1, 1), (2, 3), (4, 4), (4, 4)]
    assert edited_line_ranges(text, [ed(1, 4, "xx")]) == [(0, 1)]  # across line 0's newline
    assert edited_line_ranges(text, []) == []


def test_edited_line_ranges_count_joined_line() -> None:
    text = "ab\ncd\nef\n"
    # Removing line 0's newline joins line 1 onto it.
    assert edited_line_ranges(text, [ed(1, 3, "")]) == [(0, 1)]
    assert edited_line_ranges(text, [ed(1, 3, "X")]) == [(0, 1)]
    # Replacing it with another newline keeps line 1 whole.
    assert edited_line_ranges(text, [ed(1, 3, "X\n")]) == [(0, 0)]
    # Deleting whole lines keeps the next line whole.
    assert edited_line_ranges(text, [ed(3, 6, "")]) == [(1, 1)]
    assert edited_line_ranges(text, [ed(0, 3, "")]) == [(0, 0)]
    # ...unless an edit just before removes the preceding newline as well.
    assert edited_line_ranges(text, [ed(2, 3, ""), ed(3, 6, "")]) == [(0, 1), (1, 2)]
    # An insertion at the same point ending in a newline restores the break.
    assert edited_line_ranges(text, [ed(1, 3, "Y"), ed(1, 1, "\n")]) == [(0, 0), (0, 0)]
    assert edited_line_ranges(text, [ed(1, 1, "\n"), ed(1, 3, "Y")]) == [(0, 0), (0, 1)]
    assert edited_line_ranges(text, [ed(1, 1, "Y"), ed(1, 3, "\n")]) == [(0, 0), (0, 0)]


def test_edited_line_ranges_rejects_overlap() -> None:
    with pytest.raises(OverlapError):
        edited_line_ranges("abcdef", [ed(0, 3), ed(2, 4)])


def test_unedited_lines_are_byte_identical() -> None:
    text = "a: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\ne: 5\r\n"
    b = text.index("2")
    d = text.index("d")
    edits = [ed(b, b + 1, "20"), ed(d, d, "x: 0\r\n")]
    ranges = edited_line_ranges(text, edits)
    assert ranges == [(1, 1), (3, 3)]
    after = apply_edits(text, edits).split("\n")
    touched = {n for first, last in ranges for n in range(first, last + 1)}
    for n, line in enumerate(text.split("\n")):
        if n not in touched:
            assert line in after


# -- properties -------------------------------------------------------------

TEXT = st.text(alphabet="ab\n\r日🐳", max_size=40)


@st.composite
def text_and_disjoint_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = [
        ed(a, b if draw(st.booleans()) else a, draw(st.text(alphabet="xy🐋\n", max_size=3)))
        for a, b in zip(cuts[::2], cuts[1::2], strict=False)
    ]
    return text, draw(st.permutations(edits))


@given(text_and_disjoint_edits())
def test_apply_matches_right_to_left_splicing(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    expected, cursor = "", 0
    for edit in sorted(edits, key=lambda e: e.start):  # ties: given order
        expected += text[cursor : edit.start] + edit.new_text
        cursor = max(cursor, edit.end)
    expected += text[cursor:]
    assert apply_edits(text, edits) == expected
    # Lines outside the reported ranges survive unchanged, in order.
    touched = {n for a, b in edited_line_ranges(text, edits) for n in range(a, b + 1)}
    after = apply_edits(text, edits).split("\n")
    kept = [line for n, line in enumerate(text.split("\n")) if n not in touched]
    it = iter(after)
    assert all(any(line == other for other in it) for line in kept)


@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 5), st.sampled_from(["safe", "unsafe"])),
        max_size=25,
    ),
    st.booleans(),
)
def test_chosen_fixes_always_apply_together(
    specs: list[tuple[int, int, str]], unsafe: bool
) -> None:
    fixes = [fx(f"f{i}", ed(s, s + n, "z"), applicability=a) for i, (s, n, a) in enumerate(specs)]
    chosen, deferred = select_fixes(fixes, unsafe=unsafe)
    apply_edits("q" * 40, [e for f in chosen for e in f.edits])  # never raises
    for f in chosen + deferred:
        assert unsafe or f.applicability == "safe"
    for f in deferred:
        assert f not in chosen
