"""Makefiles: recipe lines after make's expansions, judged and fixed at their place."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from composelint.make import MAX_EXPANSION, read_makefile, scan, screen
from composelint.run.engine import run
from composelint.run.fixing import fix_run, write_changes
from composelint.source import Source
from tests.conftest import copy_beyond

STACK = """\
DB_PORTS = 5432:5432
PORT ?= 8080

.PHONY: up
up:
\t@docker network create app || true
\t-docker run -d --name db --network app -p $(DB_PORTS) postgres:16
\tdocker run -d --name web --network app -p $(PORT):80 \\
\t\t-e DATABASE_URL=postgres://db:5432/app -v ./conf:/etc/nginx/conf.d shop:1.4
\t@echo docker run -p 1:1 never
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(text: str, name: str = "Makefile"):  # noqa: ANN201
    return read_makefile(Source.from_text(name, text))


def commands(text: str) -> list[str]:
    found = read(text)
    return [" ".join(w.text for w in c.words) for c in found.commands]


def codes(path: Path) -> list[tuple[str, int]]:
    return [(d.code, d.span.start.line + 1) for d in run([str(path)], environ={}).diagnostics]


# -- the structure: which lines run ----------------------------------------------------


def test_recipe_lines_prefixes_continuations_and_what_is_not_a_recipe() -> None:
    text = (
        "IMAGE := shop\n"
        "CMD = docker run -p 1:1 defined-never-run\n"
        "ifeq ($(OS),Linux)\n"
        "\tARGS := --pull\n"  # a tab, but no rule yet: a definition
        "endif\n"
        "all: build ; docker ps\n"
        "build:\n"
        "\t@docker build -t $(IMAGE) .\n"
        "# a make comment does not end the rule\n"
        "\n"
        "\t-+docker run \\\n"
        "\t\t--rm $(IMAGE)\n"
        "VAR = 1\n"
        "\tdocker run not-a-recipe\n"
    )
    structure = scan(text)
    assert [[p.text for p in r.lines] for r in structure.recipes] == [
        [" docker ps"],
        ["@docker build -t $(IMAGE) ."],
        ["-+docker run \\", "\t--rm $(IMAGE)"],
    ]
    assert [d.name for d in structure.definitions] == ["IMAGE", "CMD", "ARGS", "VAR"]
    assert commands(text) == ["docker ps", "docker build -t shop .", "docker run --rm shop"]
    (launch,) = read(text).launches
    assert launch.image is not None and launch.image.text == "shop"


def test_dollar_escapes_and_unknown_variables() -> None:
    found = read('run:\n\tdocker run -e HOME=$$HOME -p $(PORT):80 "$(IMG)" sh -c "echo $$$$"\n')
    (launch,) = found.launches
    words = [w.text for w in found.commands[0].words]
    assert words[3] == "HOME=$HOME"
    assert words[5] == "${PORT}:80"  # unknown until make runs
    (port,) = launch.service.ports
    assert port.published == "${PORT}"


def test_a_define_block_used_as_a_recipe_is_a_recipe_line_per_line() -> None:
    text = (
        "define RUN\n"
        "@docker volume create data > /dev/null\n"
        "@docker run -d -p 8888:8888 -v data:/work nb\n"
        "endef\n"
        "up:\n"
        "\t$(RUN)\n"
    )
    found = read(text)
    assert [launch.form for launch in found.launches] == ["docker run"]
    assert found.launches[0].service.ports[0].published == "8888"


def test_variable_definitions_and_echo_are_not_launches(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Makefile",
        "RUN = docker run -p 80:80 nginx\nhelp:\n\t@echo docker run -p 5432:5432 postgres\n",
    )
    assert read(path.read_text()).launches == ()
    assert codes(path) == []


# -- judged and fixed ------------------------------------------------------------------


def test_a_makefile_is_judged_as_a_project_with_values_of_its_variables(tmp_path: Path) -> None:
    path = write(tmp_path, "Makefile", STACK)
    assert codes(path) == [("CL101", 1), ("CL102", 2), ("CL301", 9)]


def test_fixes_edit_recipes_and_once_used_definitions_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, "Makefile", STACK)
    outcome = fix_run([str(path)], unsafe=True, environ={})
    assert outcome.changed[str(path)] == (
        STACK.replace("PORT ?= 8080", "PORT ?= 127.0.0.1:8080")
        .replace("-p $(DB_PORTS)", "--expose 5432")
        .replace("./conf:/etc/nginx/conf.d", "./conf:/etc/nginx/conf.d:ro")
    )
    assert write_changes(outcome) == []
    fixed = path.read_text(encoding="utf-8")
    assert fixed.count("\t") == STACK.count("\t")  # recipe tabs kept
    assert read(fixed).note is None  # still reads cleanly
    assert fix_run([str(path)], unsafe=True, environ={}).changed == {}  # idempotent


def test_a_variable_other_lines_use_is_judged_but_its_definition_is_not_edited(
    tmp_path: Path,
) -> None:
    text = (
        "PORTS = 5432:5432\ndb:\n\tdocker run -d -p $(PORTS) postgres:16\nother:\n\techo $(PORTS)\n"
    )
    path = write(tmp_path, "Makefile", text)
    assert codes(path) == [("CL102", 3)]  # where the value is used
    fixed = fix_run([str(path)], unsafe=True, environ={}).changed[str(path)]
    # inserted before the reference: this line only
    assert fixed == text.replace("-p $(PORTS)", "-p 127.0.0.1:$(PORTS)")


def test_part_of_a_shared_value_is_never_edited(tmp_path: Path) -> None:
    text = (
        "ARGS = -p 5432:5432 -v ./conf:/etc/conf\n"
        "a:\n\tdocker run -d $(ARGS) postgres:16\n"
        "b:\n\tdocker run -d $(ARGS) postgres:15\n"
    )
    path = write(tmp_path, "Makefile", text)
    assert {code for code, _line in codes(path)} >= {"CL102"}
    assert fix_run([str(path)], unsafe=True, environ={}).changed == {}


def test_a_make_comment_suppresses_the_next_command(tmp_path: Path) -> None:
    text = (
        "db:\n"
        "# composelint: ignore CL102 -- the LAN reaches it on purpose\n"
        "\tdocker run -d -p 5432:5432 postgres:16\n"
        "cache:\n"
        "\tdocker run -d -p 6379:6379 redis:7  # composelint: ignore CL102 -- same\n"
    )
    path = write(tmp_path, "Makefile", text)
    assert codes(path) == []


def test_names_and_the_screen(tmp_path: Path) -> None:
    write(tmp_path, "GNUmakefile", "up:\n\tdocker run -p 5432:5432 postgres\n")
    write(tmp_path, "rules.mk", "up:\n\tpodman run -p 6379:6379 redis\n")
    write(tmp_path, "deploy.makefile", "up:\n\tnerdctl run -p 5432:5432 postgres\n")
    write(tmp_path, "sub/Makefile", "all:\n\tgo build ./...\n")  # names no runtime
    write(tmp_path, "justfile", "up:\n    docker run -p 5432:5432 postgres\n")  # not read
    result = run([str(tmp_path)], environ={})
    listed = sorted(Path(f.path).name for f in result.files)
    assert listed == ["GNUmakefile", "deploy.makefile", "rules.mk"]
    assert all(f.kind == "makefile" for f in result.files)
    assert screen("x:\n\tdocker run x\n") and not screen("x:\n\tmake -C sub\n")
    # a Makefile that names a runtime but starts nothing is not parsed (the launch screen)
    assert not screen("x:\n\tdocker ps\n\tdocker logs -f run\n\tdocker network create n\n")
    assert screen("D ?= podman\nx:\n\t$(D) \\\n\t  --log-level debug container create y\n")
    assert screen("C ?= docker\nx:\n\t$(C) -H tcp://h:2375 run y\n")
    assert screen("VERB := run\nx:\n\tdocker $(VERB) -p 1:1 y\n")
    assert not screen("x:\n\t$(CONTAINER_CLI) run y\n")  # no runtime named: as before


def test_kinds_makefile_enabled_false(tmp_path: Path) -> None:
    from composelint.config import Config, KindSettings

    write(tmp_path, "Makefile", "up:\n\tdocker run -p 5432:5432 postgres\n")
    config = Config(kinds={"makefile": KindSettings(enabled=False)})
    assert run([str(tmp_path)], environ={}, config=config).files == []


# -- what cannot be read ---------------------------------------------------------------


def test_a_recipe_the_grammar_cannot_read_gets_one_note(tmp_path: Path) -> None:
    recipe = '\tif then docker run -p 80:80 nginx ((( "\n'
    path = write(tmp_path, "Makefile", "up:\n" + recipe + "\tdocker ps\n" + recipe)
    result = run([str(path)], environ={})
    assert [(d.code, d.span.start.line) for d in result.diagnostics] == [("CL007", 1)]
    assert result.diagnostics[0].severity.label == "information"


def test_hostile_makefiles_stay_within_limits() -> None:
    # variables doubling at each level, and one defined by itself
    text = "A0 = xxxxxxxxxxxxxxxx\n" + "".join(
        f"A{i} = $(A{i - 1})$(A{i - 1})\n" for i in range(1, 40)
    )
    text += "SELF = $(SELF) x\nup:\n\tdocker run -p $(A39) $(SELF) img\n"
    began = time.monotonic()
    found = read(text)
    assert time.monotonic() - began < 5
    (launch,) = found.launches
    assert sum(len(w.text) for w in found.commands[0].words) <= MAX_EXPANSION + 100
    # many recipe lines, deep nesting of $(...)
    many = "up:\n" + "\tdocker run -p 1:1 x\n" * 5000 + "\t" + "$(" * 5000 + "\n"
    began = time.monotonic()
    assert len(read(many).launches) == 5000
    assert time.monotonic() - began < 20


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_offsets_map_to_the_file(line_end: str) -> None:
    text = f"X = é{line_end}up:{line_end}\tdocker run -p 8080:80 \\{line_end}\t\t-v ./a:/b shop{line_end}"
    found = read(text)
    (launch,) = found.launches
    (port,) = launch.service.ports
    node = port.origin.node
    assert text[node.start : node.end] == "8080:80"


# -- the corpus ---------------------------------------------------------------------------


def test_fixing_the_corpus_makefiles_changes_only_edit_spans_and_then_nothing(
    tmp_path: Path,
) -> None:
    copies = copy_beyond("makefile", tmp_path / "tree")
    assert len(copies) == 6
    outcome = fix_run([str(tmp_path / "tree")], unsafe=True, environ={})
    assert len(outcome.result.files) == 6
    assert not [d for d in outcome.result.diagnostics if d.code in ("CL000", "CL001")]
    assert len(outcome.changed) >= 2
    for path, text in outcome.changed.items():
        old = Path(path).read_text(encoding="utf-8").splitlines()
        new = text.splitlines()
        assert len(old) == len(new)
        # recipe lines stay recipe lines (their tab), the rest of the file stays put
        assert [line[:1] == "\t" for line in old] == [line[:1] == "\t" for line in new]
        for a, b in zip(old, new, strict=True):
            if a != b:
                assert "docker" in a or "-p" in a or "-v" in a, (path, a, b)
                assert a[: len(a) - len(a.lstrip())] == b[: len(b) - len(b.lstrip())]
                assert a.split("#", 1)[1:] == b.split("#", 1)[1:]
        assert read_makefile(Source.from_text(path, text)).note is None
    assert write_changes(outcome) == []
    assert fix_run([str(tmp_path / "tree")], unsafe=True, environ={}).changed == {}
