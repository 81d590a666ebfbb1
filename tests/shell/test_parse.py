"""The bash parser gives back what its binding keeps of each parse."""

from __future__ import annotations

import sys
import tracemalloc

from composelint.shell.parse import parse, parses_cleanly


def test_a_parse_keeps_no_reference_to_the_script() -> None:
    # A fresh object of its own (not a constant shared with the test's code).
    data = b"".join([b"docker run -p 80:80 nginx:1.27\n", b"echo done\n"])
    before = sys.getrefcount(data)
    for _ in range(3):
        tree = parse(data)
        assert not tree.root_node.has_error
        del tree
    assert sys.getrefcount(data) == before


def test_long_scripts_read_in_chunks_leave_nothing_behind() -> None:
    def script(n: int) -> bytes:  # over one 64 KiB read, a new object each time
        return b"".join([b"echo line %d %d\n" % (n, i) for i in range(10_000)])

    parse(script(-1))  # the parser's own first allocations
    tracemalloc.start()
    try:
        for n in range(10):
            tree = parse(script(n))
            assert tree.root_node.child_count == 10_000
            del tree
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 100_000  # each script is 180 KB: none of them is kept


def test_parsing_after_giving_back_still_reads_scripts() -> None:
    assert parses_cleanly("docker run --rm -p 127.0.0.1:80:80 nginx:1.27\n")
    assert not parses_cleanly("docker run $(\n")
