"""Build stages: names, bases, parents and the effective USER of each stage."""

from __future__ import annotations

import pytest

from composelint.dockerfile import Dockerfile, Stage, parse_dockerfile
from composelint.dockerfile.lexer import MAX_NESTING, MAX_REFERENCE
from composelint.source import Source


def parse(text: str) -> Dockerfile:
    return parse_dockerfile(Source.from_text("Dockerfile", text))


def final(text: str) -> Stage:
    stage = parse(text).final_stage
    assert stage is not None
    return stage


# -- stages ---------------------------------------------------------------------
def test_stage_names_bases_and_parents() -> None:
    df = parse(
        "FROM golang:1.22 AS Build\n"
        "RUN go build\n"
        "FROM build as test\n"
        "FROM BUILD\n"
        "FROM alpine:3.19\n"
        "COPY --from=build /app /app\n"
    )
    assert [(s.index, s.name, s.base, s.parent) for s in df.stages] == [
        (0, "build", "golang:1.22", None),
        (1, "test", "build", 0),
        (2, None, "BUILD", 0),
        (3, None, "alpine:3.19", None),
    ]
    assert [i.keyword for i in df.stages[0].instructions] == ["RUN"]
    assert df.stages[1].instructions == ()
    assert df.stages[3].from_instruction.line == 4
    assert df.final_stage is df.stages[3]


def test_a_later_stage_name_is_not_a_parent() -> None:
    df = parse("FROM app\nFROM alpine AS app\n")
    assert df.stages[0].parent is None


def test_final_stage_of_file_without_from_is_none() -> None:
    assert parse("").final_stage is None


def test_global_args_resolve_the_base_image() -> None:
    df = parse(
        "ARG BASE=alpine:3.19\n"
        "ARG VERSION\n"
        "ARG REGISTRY=docker.io\n"
        "ARG IMAGE=${REGISTRY}/library/python\n"
        "FROM $BASE\n"
        "FROM ${MISSING:-debian:12}\n"
        "FROM ${IMAGE}:${VERSION}\n"
    )
    assert [s.base_resolved for s in df.stages] == [
        "alpine:3.19",
        "debian:12",
        "docker.io/library/python:${VERSION}",  # no default: left as written
    ]
    assert df.stages[0].base == "$BASE"


def test_base_resolved_through_an_arg_names_an_earlier_stage() -> None:
    df = parse("ARG FROM_STAGE=builder\nFROM golang AS builder\nFROM ${FROM_STAGE}\n")
    assert df.stages[1].parent == 0


def test_args_inside_a_stage_do_not_resolve_from() -> None:
    df = parse("FROM alpine\nARG B=debian\nFROM ${B:-scratch}\n")
    assert df.stages[1].base_resolved == "scratch"


# -- users ------------------------------------------------------------------------
def test_no_user_means_unknown() -> None:
    assert final("FROM python:3.12\nRUN pip install x\n").user is None


def test_last_user_of_the_stage_wins() -> None:
    stage = final("FROM a\nUSER root\nRUN apt-get update\nUSER app\n")
    assert stage.user is not None
    assert (stage.user.raw, stage.user.is_root) == ("app", False)
    assert stage.user.instruction.line == 3


def test_user_only_in_an_earlier_unrelated_stage_is_not_inherited() -> None:
    df = parse("FROM node AS build\nUSER node\nRUN npm ci\nFROM nginx\nCOPY --from=build /a /b\n")
    assert df.stages[0].user is not None
    assert df.stages[0].user.resolved == "node"
    assert df.stages[1].user is None


def test_user_is_inherited_from_the_parent_stage() -> None:
    df = parse("FROM node AS base\nUSER node\nFROM base AS dev\nRUN npm test\n")
    assert df.stages[1].user is df.stages[0].user


def test_user_in_child_overrides_parent() -> None:
    df = parse("FROM node AS base\nUSER node\nFROM base\nUSER root\n")
    user = df.stages[1].user
    assert user is not None
    assert user.is_root is True


@pytest.mark.parametrize(
    ("value", "user", "group", "is_root"),
    [
        ("root", "root", None, True),
        ("0", "0", None, True),
        ("0:0", "0", "0", True),
        ("root:root", "root", "root", True),
        ("root:staff", "root", "staff", True),
        ("0:1000", "0", "1000", True),
        ("app", "app", None, False),
        ("1000:1000", "1000", "1000", False),
        ("1000:0", "1000", "0", False),
        ("nobody:nogroup", "nobody", "nogroup", False),
    ],
)
def test_user_forms(value: str, user: str, group: str | None, is_root: bool) -> None:
    setting = final(f"FROM a\nUSER {value}\n").user
    assert setting is not None
    assert (setting.raw, setting.user, setting.group, setting.is_root) == (
        value,
        user,
        group,
        is_root,
    )


def test_user_default_expansion_resolves_to_default() -> None:
    setting = final("FROM a\nUSER ${APP_USER:-app}\n").user
    assert setting is not None
    assert (setting.raw, setting.resolved, setting.is_root) == ("${APP_USER:-app}", "app", False)


def test_user_from_arg_default_root() -> None:
    setting = final("FROM a\nARG U=root\nUSER ${U}\n").user
    assert setting is not None
    assert (setting.resolved, setting.is_root) == ("root", True)


def test_global_arg_needs_redeclaring_inside_the_stage() -> None:
    hidden = final("ARG U=root\nFROM a\nUSER $U\n").user
    assert hidden is not None
    assert (hidden.resolved, hidden.is_root) == ("$U", None)
    seen = final("ARG U=root\nFROM a\nARG U\nUSER $U\n").user
    assert seen is not None
    assert (seen.resolved, seen.is_root) == ("root", True)


def test_arg_without_default_is_unresolved() -> None:
    setting = final("FROM a\nARG UID\nUSER ${UID}:${GID:-1000}\n").user
    assert setting is not None
    assert setting.resolved == "${UID}:1000"
    assert setting.is_root is None


def test_env_values_resolve_user_and_override_args() -> None:
    setting = final("FROM a\nARG NAME=root\nENV NAME=svc HOME=/home/svc\nUSER $NAME\n").user
    assert setting is not None
    assert (setting.resolved, setting.is_root) == ("svc", False)


def test_legacy_env_form_and_quotes() -> None:
    setting = final('FROM a\nENV WHO "app user"\nUSER "${WHO}"\n').user
    assert setting is not None
    assert setting.resolved == "app user"


def test_env_is_inherited_by_a_child_stage_but_args_are_not() -> None:
    df = parse(
        "FROM alpine AS base\nENV APP_USER=app\nARG OTHER=root\n"
        "FROM base\nUSER $APP_USER\nFROM base\nUSER $OTHER\n"
    )
    first, second = df.stages[1].user, df.stages[2].user
    assert first is not None and second is not None
    assert (first.resolved, first.is_root) == ("app", False)
    assert second.is_root is None


def test_nested_defaults_resolve() -> None:
    setting = final("FROM a\nUSER ${A:-${B:-${C:-root}}}\n").user
    assert setting is not None
    assert (setting.resolved, setting.is_root) == ("root", True)


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 1_500])  # 1,500 overflowed the stack
def test_defaults_nested_past_the_limit_are_left_unresolved(depth: int) -> None:
    user = "${A-" * depth + "root" + "}" * depth
    assert len(user) < MAX_REFERENCE
    setting = final(f"FROM a\nUSER {user}\n").user
    assert setting is not None
    assert setting.is_root is None  # unknown, as for a variable without a value
    inner = depth - MAX_NESTING
    assert setting.resolved == "${A-" * inner + "root" + "}" * inner  # the levels taken


@pytest.mark.parametrize(
    "user",
    [
        "${A:-" * 100_000 + "root" + "}" * 100_000,  # overflowed the stack: a traceback
        "${A:-" + "r" * MAX_REFERENCE + "}",
        "x${A:-" + "r" * MAX_REFERENCE,  # never closed
    ],
    ids=["deep", "long", "unclosed"],
)
def test_references_longer_than_the_limit_are_left_as_written(user: str) -> None:
    setting = final(f"FROM a\nARG A=app\nUSER {user}\n").user
    assert setting is not None
    assert (setting.resolved, setting.is_root) == (user, None)


def test_alternative_value_expansion() -> None:
    df = parse("FROM a\nARG ROOTLESS=1\nUSER ${ROOTLESS:+app}\nFROM a\nUSER x${NOPE:+y}\n")
    users = [s.user for s in df.stages]
    assert users[0] is not None and users[1] is not None
    assert (users[0].resolved, users[0].is_root) == ("app", False)
    assert users[1].resolved == "x"


def test_env_chain_and_same_line_semantics() -> None:
    # values on one ENV line see the variables from before that line
    setting = final("FROM a\nENV A=root\nENV A=app B=$A\nUSER $B\n").user
    assert setting is not None
    assert (setting.resolved, setting.is_root) == ("root", True)


def test_user_with_backtick_escape() -> None:
    setting = final("# escape=`\nFROM a\nARG U=app\nUSER `$U:${U}\n").user
    assert setting is not None
    assert setting.resolved == "$U:app"
