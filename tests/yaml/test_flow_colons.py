"""Valid YAML that libyaml refuses and docker compose reads: a ``:`` inside a flow plain
scalar.  Such a file is read with ruamel's pure-Python parser, with the same spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from composelint.diagnostics import Applicability
from composelint.run.engine import run
from composelint.run.fixing import fix_run
from composelint.source import Source
from composelint.yaml import composer
from composelint.yaml.composer import MAX_FALLBACK_CHARS, compose_text
from composelint.yaml.nodes import MappingNode, ScalarNode, SequenceNode, iter_nodes
from tests.strategies.compose_docs import ComposeFile, compose_files


def _scalars(text: str) -> list[tuple[str, str]]:
    stream = compose_text(text)
    assert stream.problems == [] and not stream.fatal
    return [
        (node.value, text[node.start : node.end])
        for node in iter_nodes(stream.documents)
        if isinstance(node, ScalarNode)
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("security_opt: [no-new-privileges:true]\n", "no-new-privileges:true"),
        ("security_opt: [seccomp:unconfined]\n", "seccomp:unconfined"),
        ("ports: [8080:80]\n", "8080:80"),
        ("x: [a:b, c]\n", "a:b"),
        ("x: {k: a:b}\n", "a:b"),
        ("x: [a:]\n", "a:"),  # yaml.v3 ends a flow plain scalar only at ", [ ] { }" or ": "
        ("x: [http://db:5432/app]\n", "http://db:5432/app"),
        ("é: [x:1]  # é\n", "x:1"),  # offsets count code points
    ],
)
def test_a_colon_inside_a_flow_plain_scalar_is_read_with_exact_spans(text: str, value: str) -> None:
    scalars = _scalars(text)
    assert (value, value) in scalars
    assert all(raw == found for found, raw in scalars)  # plain scalars: the span is the value


def test_a_folded_scalar_and_an_empty_value_read_as_the_c_parser_reads_them() -> None:
    text = "a: [x:1]\nb:\n\nc: >\n  one\n  two\n\nd:\n  - e:\n"
    stream = compose_text(text)
    values = {k.value: v for k, v in stream.documents[0].pairs}
    assert values["c"].value == "one two\n"
    assert (values["b"].start, values["b"].end) == (len("a: [x:1]\nb:"),) * 2
    item = values["d"].items[0]
    assert isinstance(item, MappingNode) and item.pairs[0][1].value == ""


@settings(max_examples=100)
@given(compose_files())
def test_both_parsers_give_the_same_nodes_on_valid_compose_files(doc: ComposeFile) -> None:
    text = Source.from_bytes("compose.yaml", doc.data).text

    def nodes(parser: type) -> list[tuple]:
        stream = composer._compose_with(parser, text)
        return [
            (
                type(n).__name__,
                n.start,
                n.end,
                n.line,
                n.column,
                n.value if isinstance(n, ScalarNode) else None,
                getattr(n, "style", None),
                n.tag if isinstance(n, ScalarNode | MappingNode | SequenceNode) else None,
            )
            for n in iter_nodes(stream.documents)
        ]

    assert nodes(composer._PurePythonParser) == nodes(composer._parser_class())


def test_the_other_findings_of_such_a_file_are_reported_and_fixed(tmp_path: Path) -> None:
    path = tmp_path / "compose.yml"
    path.write_text(
        "services:\n  db:\n    image: postgres:16\n"
        "    security_opt: [seccomp:unconfined]\n    ports: [5432:5432]\n"
    )
    found = run([str(path)], environ={}).diagnostics
    assert {d.code for d in found} == {"CL102", "CL206"}
    [publish] = [d for d in found if d.code == "CL102"]
    assert publish.fix is not None and publish.fix.applicability == Applicability.SAFE
    outcome = fix_run([str(path)], unsafe=False, environ={})
    assert outcome.changed[str(path)].endswith("    ports: [127.0.0.1:5432:5432]\n")


def test_a_huge_file_keeps_the_c_parser_verdict() -> None:
    text = "x: [a:b]\n#" + "#" * MAX_FALLBACK_CHARS
    stream = compose_text(text)
    assert stream.fatal
    assert [p.message for p in stream.problems] == [
        "while scanning a plain scalar: found unexpected ':'"
    ]
