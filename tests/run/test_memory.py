"""Pages a batch freed go back to the system before the next batch."""

from __future__ import annotations

import subprocess
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


# In a process of its own: a heap that already has free space gives large blocks from
# it whatever the threshold.
_AFTER_A_HUGE_BLOCK = """
import sys
from composelint.run.memory import keep_large_blocks_apart
def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
if sys.argv[1] == "apart":
    keep_large_blocks_apart()
huge = b"h" * (16 << 20)
del huge
blocks, pins = [], []
for _ in range(400):
    blocks.append(b"x" * (256 * 1024))
    pins.append(b"p" * 2000)
before = rss()
del blocks
print(before - rss())
"""


def _given_back_kib(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _AFTER_A_HUGE_BLOCK, mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_large_blocks_go_back_when_freed_even_after_a_huge_one() -> None:
    # glibc takes a freed huge block's size as its new threshold and cuts the 256 KB
    # blocks after it out of the heap, where the small ones between them pin the pages.
    assert _given_back_kib("apart") > 90_000  # the 100 MB go back at once, no trim
    assert _given_back_kib("glibc's own") < 50_000
