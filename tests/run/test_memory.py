"""Pages a batch freed go back to the system before the next batch."""

from __future__ import annotations

import sys

import pytest

from composelint.run.memory import give_back_freed


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_freed_pages_go_back() -> None:
    # Blocks of a few KB (a batch's texts) freed around ones kept alive (its reports):
    # the allocator keeps the freed pages between them resident.
    blocks = [bytes(4000) for _ in range(20_000)]
    kept = blocks[::50]
    del blocks
    before = _rss_kib()
    give_back_freed()
    assert _rss_kib() < before - 40_000  # most of the 80 MB freed is given back
    assert len(kept) == 400
