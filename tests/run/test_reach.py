"""Which directories are checked first: those whose files may name an earlier file."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.run.reach import dotenv_reaches_back, reaches_back


def _reaches(tmp_path: Path, text: str, env: str | None = None) -> bool:
    if env is not None:
        (tmp_path / ".env").write_text(env)
    return reaches_back(text.encode()) or dotenv_reaches_back(str(tmp_path))


@pytest.mark.parametrize(
    "text",
    [
        "services:\n  web:\n    image: x\n    env_file: .env\n",
        "services:\n  web:\n    image: x\n    env_file:\n      - ./config/app.env\n",
        "include:\n  - db/compose.yml\nservices: {}\n",
        "services:\n  web:\n    extends:\n      file: common.yml\n      service: base\n"
        "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n"
        "    environment:\n      HOME: ${HOME}\n",
        "services:\n  web:\n    image: x\n    volumes: ['../data:/data']\n",
    ],
)
def test_references_down_the_tree_do_not_reach_back(tmp_path: Path, text: str) -> None:
    assert not _reaches(tmp_path, text)


@pytest.mark.parametrize(
    "text",
    [
        "include:\n  - ../shared/compose.yml\n",
        "include:\n  - path: ${STACK}/compose.yml\n",
        "services:\n  web:\n    extends:\n      file: ../common.yml\n      service: base\n",
        "services:\n  web:\n    env_file:\n    - ~/app.env\n",  # a sequence at the key's indent
        "services:\n  web:\n    env_file: /etc/app/app.env\n",
        'services: {web: {image: x, env_file: "../a.env"}}\n',  # flow style: cannot tell
    ],
)
def test_references_that_climb_or_depend_on_variables_reach_back(tmp_path: Path, text: str) -> None:
    assert _reaches(tmp_path, text)


def test_compose_file_in_dotenv_reaches_back(tmp_path: Path) -> None:
    text = "services:\n  web:\n    image: x\n"
    assert _reaches(tmp_path, text, env="COMPOSE_FILE=../base.yml:compose.yml\n")
    assert not _reaches(tmp_path, text, env="TAG=1\n")


def test_utf16_text_counts_as_reaching() -> None:
    assert reaches_back("services: {}\n".encode("utf-16"))


@pytest.mark.parametrize(
    "text",
    [
        # a URL in a comment inside the block
        "services:\n  web:\n    env_file:\n      - db.env\n\n"
        "  # see https://hub.docker.com/_/redis\n  redis:\n    image: redis\n",
        # a commented-out key
        "services:\n  web:\n    image: x\n    #  env_file:\n    #    - ${HOME}/app.env\n",
        "services:\n  web:\n    env_file: app.env  # not ../app.env\n",
    ],
)
def test_comments_name_nothing(tmp_path: Path, text: str) -> None:
    assert not _reaches(tmp_path, text)


def test_a_hash_that_may_be_quoted_keeps_the_line(tmp_path: Path) -> None:
    assert _reaches(tmp_path, 'include: ["a #", "../b/compose.yml"]\n')
