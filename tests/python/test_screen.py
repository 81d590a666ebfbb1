"""The screen finds exactly the files a case-blind search for a runtime word finds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composelint.python.screen import RUNTIME_WORD, screen


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("import docker\n", True),
        ("from testcontainers.core.container import DockerContainer\n", True),
        ("# run it under PODMAN or Nerdctl\n", True),
        ("client = DockerClient()\n", True),
        ("TESTCONTA\u0130NERS = 1\n", True),  # dotted capital I: a case-blind "i"
        ("te\u017ftcontainers = 1\n", True),  # long s: a case-blind "s"
        ("testcontainers_\u0131s = 'test' + 'conta\u0131ners'\n", True),
        ("import toolctl\nprint('dock' 'er')\n", False),
        ("d\u00f6cker = 'p\u00f6dman'\n", False),
        ("", False),
    ],
)
def test_screen(text: str, names: bool) -> None:
    assert screen(text) is names
    assert screen(text) is (RUNTIME_WORD.search(text) is not None)


_PIECES = st.sampled_from(
    [
        "docker",
        "DOCKER",
        "Podman",
        "nerdCTL",
        "testcontainers",
        "dock",
        "er",
        "\u0130",
        "\u0131",
        "\u017f",
        "tes",
        "tcontainers",
        "K",
        " ",
        "\n",
        "\u00e9",
        "\U0001f600",
    ]
)


@given(st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=12).map("".join))
def test_screen_agrees_with_a_case_blind_search(text: str) -> None:
    assert screen(text) is (RUNTIME_WORD.search(text) is not None)
