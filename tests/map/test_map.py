"""composelint map: the bundled example's map in every format, before and after the
fixes (golden files), accepted by Mermaid's parser and by Graphviz, over the corpus too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from composelint.map.build import build_map
from composelint.map.render import render
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "insecure-stack"
GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = {"text": "txt", "mermaid": "mmd", "dot": "dot", "json": "json"}
SCHEMA = json.loads((ROOT / "composelint" / "map" / "schema.json").read_text(encoding="utf-8"))


def _map(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)}
    return subprocess.run(
        [sys.executable, "-m", "composelint", "map", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**env, "NO_COLOR": "1"},
        timeout=120,
    )


@pytest.mark.parametrize("after", [False, True], ids=["before", "after-fix"])
@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_the_example_map_is_exactly_its_golden_file(output_format: str, after: bool) -> None:
    argv = ["--output-format", output_format, "."]
    if after:
        argv = ["--after-fix", "--unsafe-fixes", *argv]
    done = _map(EXAMPLE, *argv)
    assert done.returncode == 0, done.stderr
    name = f"insecure-stack{'.after-fix' if after else ''}.{FORMATS[output_format]}"
    assert done.stdout == (GOLDEN / name).read_text(encoding="utf-8")


def test_the_map_tells_the_story_of_the_findings() -> None:
    graph = build_map([str(EXAMPLE)])
    [project] = graph.projects
    public = {(p.service, p.host_port) for p in project.publishes if p.reachable_from_network}
    assert public == {
        ("proxy", "80"),
        ("proxy", "443"),
        ("web", "8000"),
        ("db", "5432"),
        ("cache", "6379"),
        ("adminer", "8081"),
    }
    assert {(p.service, p.host_port) for p in project.publishes if p.intended} == {
        ("proxy", "80"),
        ("proxy", "443"),
    }
    assert {(r.source, r.target, r.port) for r in project.reaches} == {
        ("proxy", "web", 8000),
        ("web", "db", 5432),
        ("web", "cache", 6379),
    }
    marks = {s.name: {m.code for m in s.marks} for s in project.services}
    assert marks["cache"] == {"CL202", "CL203"} and "CL302" in marks["proxy"]
    backing = {s.name for s in project.services if s.backing and s.egress}
    assert backing == {"db", "cache"}


def test_public_services_and_proxy_host_ports_are_drawn_as_intended(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  vpn:\n    image: ghcr.io/wg-easy/wg-easy:15\n"
        "    ports: ['51820:51820/udp', '51821:51821/tcp']\n"
        "  dns:\n    image: pihole/pihole:2025.03.0\n    ports: ['53:53/udp', '8053:80']\n"
        "  proxy:\n    image: nginx:1.27\n    ports: ['443:443', '8080:80']\n",
        encoding="utf-8",
    )
    [project] = build_map([str(tmp_path)]).projects
    intended = {(p.service, p.host_port) for p in project.publishes if p.intended}
    # The UI ports and a proxy's 8080 are ordinary publishes: CL102 reports them.
    assert intended == {("vpn", "51820"), ("dns", "53"), ("proxy", "443")}


def test_after_fix_draws_what_the_fixes_remove_and_writes_nothing() -> None:
    before = {p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file()}
    graph = build_map([str(EXAMPLE)], after_fix=True, unsafe=True)
    assert {p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file()} == before
    [project] = graph.projects
    removed = {(p.service, p.removed_by) for p in project.publishes if p.removed_by}
    assert removed == {
        ("web", "Move to expose:"),
        ("db", "Move to expose:"),
        ("cache", "Move to expose:"),
        ("adminer", "Bind to 127.0.0.1"),
    }
    loopback = [p for p in project.publishes if p.host == "127.0.0.1"]
    assert [(p.service, p.removed_by) for p in loopback] == [("adminer", None)]
    safe_only = build_map([str(EXAMPLE)], after_fix=True)
    assert {p.service for p in safe_only.projects[0].publishes if p.removed_by} < {
        "web",
        "db",
        "cache",
        "adminer",
    }


def test_json_matches_its_schema() -> None:
    for after in (False, True):
        document = json.loads(render(build_map([str(EXAMPLE)], after_fix=after), "json"))
        assert sorted(Draft202012Validator(SCHEMA).iter_errors(document), key=str) == []


def _corpus_projects() -> list[Path]:
    tree = SHARED / "corpus" / "tree"
    names = ("compose.yml", "compose.yaml", "docker-compose.yml", "docker-compose.yaml")
    return sorted({p.parent for name in names for p in tree.rglob(name)})


def test_every_corpus_project_draws_in_mermaid_and_dot(
    mermaid_parse: Callable[[dict[str, str]], list[str]],
    dot_svg: Callable[[str], subprocess.CompletedProcess[str]],
) -> None:
    folders = _corpus_projects()
    assert len(folders) > 50
    mermaids: dict[str, str] = {}
    for folder in folders:
        graph = build_map([str(folder)])
        name = str(folder.relative_to(SHARED))
        mermaids[name] = render(graph, "mermaid")
        drawn = dot_svg(render(graph, "dot"))
        assert drawn.returncode == 0 and "<svg" in drawn.stdout, (name, drawn.stderr)
    assert mermaid_parse(mermaids) == []


NAMES = ("9lives", "a.b", "x-y_z", "_under", "UPPER", "web2", "dots...end", "a--b")


def test_any_service_name_compose_allows_draws(
    tmp_path: Path,
    mermaid_parse: Callable[[dict[str, str]], list[str]],
    dot_svg: Callable[[str], subprocess.CompletedProcess[str]],
) -> None:
    services = "".join(
        f"  {name}:\n    image: example/app:1.2\n    ports: ['{8000 + n}:80']\n"
        f"    environment:\n      PEER: http://{NAMES[(n + 1) % len(NAMES)]}:80\n"
        for n, name in enumerate(NAMES)
    )
    (tmp_path / "compose.yml").write_text(
        f'name: "project é #1"\nservices:\n{services}', encoding="utf-8"
    )
    graph = build_map([str(tmp_path)])
    assert {s.name for s in graph.projects[0].services} == set(NAMES)
    assert len(graph.projects[0].reaches) == len(NAMES)
    assert mermaid_parse({"names": render(graph, "mermaid")}) == []
    drawn = dot_svg(render(graph, "dot"))
    assert drawn.returncode == 0, drawn.stderr


def test_exit_codes(tmp_path: Path) -> None:
    assert _map(tmp_path, ".").returncode == 0  # nothing to map is still a map
    missing = _map(tmp_path, "nope")
    assert missing.returncode == 2 and "nope: error: No such file or directory" in missing.stderr
    unsafe = _map(tmp_path, "--unsafe-fixes", ".")
    assert unsafe.returncode == 2 and "--after-fix" in unsafe.stderr
    bad = _map(tmp_path, "--output-format", "svg", ".")
    assert bad.returncode == 2
