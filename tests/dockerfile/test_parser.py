"""The Dockerfile parser: instructions, spans, continuations, heredocs, CL001 errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composelint.dockerfile import Dockerfile, Instruction, parse_dockerfile, parser
from composelint.dockerfile.parser import MAX_LINES, MAX_WORDS
from composelint.source import Source, Span

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"


def parse(text: str) -> Dockerfile:
    return parse_dockerfile(Source.from_text("Dockerfile", text))


def raw(df: Dockerfile, span: Span) -> str:
    return df.source.text[span.start.offset : span.end.offset]


def only(df: Dockerfile, keyword: str) -> Instruction:
    found = [i for i in df.instructions if i.keyword == keyword]
    assert len(found) == 1, found
    return found[0]


def errors(df: Dockerfile) -> list[tuple[str, int, int]]:
    return [
        (d.message, d.span.start.line, d.span.start.column)
        for d in df.diagnostics
        if d.code == "CL001"
    ]


# -- basics -------------------------------------------------------------------
def test_simple_file_has_instructions_with_exact_spans() -> None:
    df = parse('FROM alpine:3.19\nrun  apk add curl  \nCMD ["sh"]\n')
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN", "CMD"]
    assert [raw(df, i.span) for i in df.instructions] == [
        "FROM alpine:3.19",
        "run  apk add curl  ",
        'CMD ["sh"]',
    ]
    run = df.instructions[1]
    assert raw(df, run.keyword_span) == "run"
    assert run.args_text == "apk add curl"
    assert raw(df, run.args_span) == "apk add curl"
    assert [i.line for i in df.instructions] == [0, 1, 2]
    assert df.diagnostics == ()


def test_indented_instruction_span_starts_at_keyword() -> None:
    df = parse("FROM a\n   USER app\n")
    user = only(df, "USER")
    assert raw(df, user.span) == "USER app"
    assert (user.span.start.line, user.span.start.column) == (1, 3)


# -- continuations ------------------------------------------------------------
def test_backslash_continuation_is_joined() -> None:
    text = "FROM a\nRUN apt-get update \\\n    && apt-get install -y curl\nUSER app\n"
    df = parse(text)
    run = only(df, "RUN")
    assert run.args_text == "apt-get update     && apt-get install -y curl"
    assert raw(df, run.span) == "RUN apt-get update \\\n    && apt-get install -y curl"
    assert raw(df, run.args_span) == "apt-get update \\\n    && apt-get install -y curl"
    assert only(df, "USER").line == 3


def test_continuation_with_trailing_whitespace_after_escape() -> None:
    df = parse("FROM a\nRUN echo one \\  \t\n  two\n")
    assert only(df, "RUN").args_text == "echo one   two"


def test_comment_and_blank_lines_inside_continuation_are_dropped() -> None:
    text = "FROM a\nENV A=1 \\\n    # explains B\n\n    B=2\nUSER app\n"
    df = parse(text)
    env = only(df, "ENV")
    assert env.args_text == "A=1     B=2"
    assert raw(df, env.span) == "ENV A=1 \\\n    # explains B\n\n    B=2"
    assert [c.text for c in df.comments] == ["explains B"]
    assert raw(df, df.comments[0].span) == "# explains B"
    assert df.diagnostics == ()


def test_backtick_escape_directive_changes_continuation() -> None:
    text = (
        "# escape=`\n"
        "FROM mcr.microsoft.com/windows/servercore\n"
        "RUN dir C:\\ `\n"
        "    && echo done\n"
        "COPY app C:\\app\\\n"
        "WORKDIR C:\\app\n"
    )
    df = parse(text)
    assert df.escape == "`"
    assert df.directives == {"escape": "`"}
    assert only(df, "RUN").args_text == "dir C:\\     && echo done"
    # a trailing backslash is an ordinary character with the backtick escape
    assert only(df, "COPY").args_text == "app C:\\app\\"
    assert only(df, "WORKDIR").args_text == "C:\\app"
    assert df.diagnostics == ()


def test_backslash_is_literal_continuation_without_directive() -> None:
    df = parse("FROM a\nCOPY app C:\\app\\\nWORKDIR /x\n")
    # the COPY line continues into the WORKDIR line, as docker would read it
    assert [i.keyword for i in df.instructions] == ["FROM", "COPY"]
    assert only(df, "COPY").args_text == "app C:\\appWORKDIR /x"


def test_crlf_file() -> None:
    text = "FROM alpine\r\nRUN echo a \\\r\n    b\r\nUSER app\r\n"
    df = parse(text)
    run, user = only(df, "RUN"), only(df, "USER")
    assert run.args_text == "echo a     b"
    assert raw(df, run.span) == "RUN echo a \\\r\n    b"
    assert raw(df, user.span) == "USER app"
    assert user.args_text == "app"
    assert user.line == 3
    assert df.diagnostics == ()


# -- parser directives ----------------------------------------------------------
def test_directives_are_read_only_at_the_top() -> None:
    text = "# syntax=docker/dockerfile:1\n# Check=skip=all\n\n# escape=`\nFROM a\n"
    df = parse(text)
    assert df.directives == {"syntax": "docker/dockerfile:1", "check": "skip=all"}
    assert df.escape == "\\"
    assert [c.text for c in df.comments] == ["escape=`"]


def test_directive_after_a_comment_is_a_comment() -> None:
    df = parse("# hello\n# escape=`\nFROM a\n")
    assert df.directives == {}
    assert df.escape == "\\"
    assert [c.text for c in df.comments] == ["hello", "escape=`"]


def test_directive_key_is_case_insensitive_and_spaced() -> None:
    df = parse("#  ESCAPE = `\n# syntax = docker/dockerfile:1.4\nFROM a\n")
    assert df.directives == {"escape": "`", "syntax": "docker/dockerfile:1.4"}
    assert df.escape == "`"


def test_invalid_escape_directive_is_cl001() -> None:
    df = parse("# escape=x\nFROM a\n")
    assert df.escape == "\\"
    assert errors(df) == [("invalid escape character 'x': it must be \\ or `", 0, 0)]


# -- heredocs -------------------------------------------------------------------
def test_single_heredoc() -> None:
    text = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y git\nEOF\nUSER app\n"
    df = parse(text)
    run = only(df, "RUN")
    assert raw(df, run.span) == "RUN <<EOF\napt-get update\napt-get install -y git\nEOF"
    assert run.args_text == "<<EOF"
    (doc,) = run.heredocs
    assert doc.name == "EOF"
    assert doc.body == "apt-get update\napt-get install -y git\n"
    assert raw(df, doc.body_span) == "apt-get update\napt-get install -y git"
    assert raw(df, doc.marker_span) == "<<EOF"
    assert (doc.strip_tabs, doc.quoted) == (False, False)
    assert only(df, "USER").args_text == "app"
    assert df.diagnostics == ()


def test_heredoc_body_lines_that_look_like_instructions_are_body() -> None:
    df = parse("FROM a\nRUN <<EOF\nUSER root\nEOF\n")
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN"]
    assert df.instructions[1].heredocs[0].body == "USER root\n"


def test_multiple_heredocs_on_one_line() -> None:
    text = "FROM a\nCOPY <<a <<b /dst/\nfirst\na\nsecond\nb\nCMD x\n"
    df = parse(text)
    copy = only(df, "COPY")
    assert [(h.name, h.body) for h in copy.heredocs] == [("a", "first\n"), ("b", "second\n")]
    assert raw(df, copy.span) == "COPY <<a <<b /dst/\nfirst\na\nsecond\nb"
    assert only(df, "CMD").line == 6


def test_heredoc_with_dash_strips_tabs_before_delimiter() -> None:
    text = "FROM a\nRUN <<-EOT\n\techo hi\n\tEOT\nUSER app\n"
    df = parse(text)
    (doc,) = only(df, "RUN").heredocs
    assert doc.strip_tabs
    assert doc.body == "\techo hi\n"
    assert only(df, "USER").line == 4
    assert df.diagnostics == ()


def test_quoted_heredoc_delimiters() -> None:
    text = "FROM a\nCOPY <<'EOF' /etc/x.ini\nk=$v\nEOF\nRUN <<\"END\"\necho\nEND\n"
    df = parse(text)
    copy, run = only(df, "COPY"), only(df, "RUN")
    assert (copy.heredocs[0].name, copy.heredocs[0].quoted) == ("EOF", True)
    assert copy.heredocs[0].body == "k=$v\n"
    assert (run.heredocs[0].name, run.heredocs[0].quoted) == ("END", True)
    assert df.diagnostics == ()


def test_heredoc_after_continuation_and_with_command() -> None:
    text = "FROM a\nRUN --mount=type=cache,target=/c \\\n    python3 <<EOF > /out\nprint(1)\nEOF\n"
    df = parse(text)
    run = only(df, "RUN")
    assert run.args_text == "python3 <<EOF > /out"
    assert run.heredocs[0].body == "print(1)\n"
    assert raw(df, run.span).endswith("print(1)\nEOF")


def test_unterminated_heredoc_is_cl001_at_the_run_line() -> None:
    df = parse("FROM a\nRUN <<EOF\necho hi\nUSER app\n")
    assert errors(df) == [
        ("unterminated heredoc: no line 'EOF' ends it before the end of the file", 1, 4)
    ]
    run = only(df, "RUN")
    assert run.heredocs[0].body == "echo hi\nUSER app\n"


@pytest.mark.parametrize(
    "line",
    [
        'RUN echo "a <<b"',
        "RUN echo $((1 << 2))",
        "RUN cat <<< hello",
        'RUN ["cat", "<<EOF"]',
        "ENV X=<<EOF",
        "RUN cat <<- /x",
    ],
)
def test_not_a_heredoc(line: str) -> None:
    df = parse(f"FROM a\n{line}\nUSER app\n")
    assert all(not i.heredocs for i in df.instructions)
    assert only(df, "USER").args_text == "app"


# -- exec form and flags ------------------------------------------------------------
def test_exec_form() -> None:
    text = 'FROM a\nENTRYPOINT ["/bin/tini", "--"]\nCMD [ "run", \\\n  "--fast" ]\nRUN [oops]\n'
    df = parse(text)
    assert only(df, "ENTRYPOINT").exec_form == ("/bin/tini", "--")
    assert only(df, "CMD").exec_form == ("run", "--fast")
    assert only(df, "RUN").exec_form is None  # not JSON: shell form
    assert only(df, "FROM").exec_form is None


def test_flags_are_split_from_arguments() -> None:
    text = (
        "FROM --platform=linux/amd64 golang:1.22 AS build\n"
        "COPY --from=build --chown=1000:1000 --link /src /dst\n"
        "RUN --mount=type=cache,target=/root/.cache pip install x\n"
    )
    df = parse(text)
    frm, copy, run = df.instructions
    assert frm.flags == (("platform", "linux/amd64"),)
    assert frm.args_text == "golang:1.22 AS build"
    assert copy.flags == (("from", "build"), ("chown", "1000:1000"), ("link", ""))
    assert copy.flag("chown") == "1000:1000"
    assert copy.flag("missing") is None
    assert copy.args_text == "/src /dst"
    assert raw(df, copy.args_span) == "/src /dst"
    assert run.flags == (("mount", "type=cache,target=/root/.cache"),)
    assert run.args_text == "pip install x"


def test_flag_values_lose_their_quotes() -> None:
    df = parse('FROM a\nRUN --mount=type=secret,id="my id" cat /run/secrets/x\n')
    assert only(df, "RUN").flags == (("mount", "type=secret,id=my id"),)


# -- errors -----------------------------------------------------------------------
def test_unknown_instruction_is_cl001_and_parsing_goes_on() -> None:
    df = parse("FROM a\nRUN true\nFOO bar\nUSER app\n")
    assert errors(df) == [("unknown instruction: FOO", 2, 0)]
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN", "USER"]


def test_line_that_is_not_an_instruction_is_cl001() -> None:
    # the usual cause: a missing backslash on the line before
    df = parse("FROM a\nRUN apt-get install\n  -y curl\nUSER app\n")
    assert errors(df) == [("expected a Dockerfile instruction, found '-y'", 2, 2)]
    assert only(df, "USER").line == 3


def test_missing_argument_is_cl001() -> None:
    df = parse("FROM a\nUSER\nWORKDIR   \nCMD\n")
    assert errors(df) == [
        ("USER requires at least one argument", 1, 0),
        ("WORKDIR requires at least one argument", 2, 0),
    ]


def test_malformed_from_is_cl001() -> None:
    df = parse("FROM alpine builder\n")
    assert errors(df) == [("FROM takes an image, optionally followed by 'AS <name>'", 0, 5)]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "ARG X=1\n"])
def test_no_from_is_cl001_at_start(text: str) -> None:
    df = parse(text)
    assert errors(df) == [("no FROM instruction: a Dockerfile must start a stage with FROM", 0, 0)]
    assert df.stages == ()


def test_args_before_first_from_are_allowed_but_not_other_instructions() -> None:
    df = parse("ARG BASE=alpine\nFROM $BASE\n")
    assert df.diagnostics == ()
    df = parse("RUN true\nFROM alpine\n")
    assert errors(df) == [("RUN before the first FROM (only ARG may come before FROM)", 0, 0)]


def test_onbuild_trigger_is_checked() -> None:
    df = parse("FROM a\nONBUILD RUN make\nONBUILD FROM b\n")
    assert errors(df) == [("FROM is not allowed as an ONBUILD instruction", 2, 8)]


def test_errors_are_cl001_diagnostics_on_the_file() -> None:
    df = parse("FROM a\nBOGUS\n")
    (diagnostic,) = df.diagnostics
    assert diagnostic.code == "CL001"
    assert diagnostic.path == "Dockerfile"
    assert raw(df, diagnostic.span) == "BOGUS"


# -- size limit -------------------------------------------------------------------------
def test_file_past_the_line_limit_is_refused_with_one_error() -> None:
    text = "FROM debian:12\n" + "RUN echo step && true\n" * MAX_LINES  # one line too many
    df = parse(text)
    assert errors(df) == [
        (
            f"file too large to check: {MAX_LINES + 1:,} lines, more than the "
            f"{MAX_LINES:,} a Dockerfile may have",
            MAX_LINES,
            0,
        )
    ]
    assert raw(df, df.diagnostics[0].span) == "RUN echo step && true"  # the first line past it
    assert df.instructions == () and df.stages == () and df.comments == ()


def _assert_refused(df, refused: bool) -> None:  # noqa: ANN001
    """The file is refused as too large (and nothing of it parsed), or not at all."""
    found = [m for m, _line, _col in errors(df) if m.startswith("file too large")]
    assert bool(found) == refused, found
    assert bool(df.instructions) != refused


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("FROM a\nRUN 1\nRUN 2\nRUN 3\nUSER app\n", False),  # five lines: at the limit
        ("FROM a\nRUN 1\nRUN 2\nRUN 3\nUSER app", False),  # no final newline
        ("FROM a\r\nRUN 1\r\nRUN 2\r\nRUN 3\r\nUSER app\r\n", False),
        ("FROM a\nRUN 1\nRUN 2\nRUN 3\nUSER app\n\n", True),  # a blank sixth line counts
        ("FROM a\nRUN 1\nRUN 2\nRUN 3\nUSER app\nx", True),
        ("FROM a\nRUN <<EOF\n1\n2\n3\nEOF\n", True),  # heredoc lines count
        ("FROM a\nRUN 1 \\\n 2 \\\n 3 \\\n 4 \\\n 5\n", True),  # so do continuations
    ],
)
def test_line_limit_counts_every_line(
    monkeypatch: pytest.MonkeyPatch, text: str, refused: bool
) -> None:
    monkeypatch.setattr(parser, "MAX_LINES", 5)
    _assert_refused(parse(text), refused)


def test_file_past_the_word_limit_is_refused_with_one_error() -> None:
    pairs = " ".join(f"K{i}=v" for i in range(MAX_WORDS))  # one line: ENV, then the pairs
    df = parse(f"FROM debian:12\nENV {pairs}\n")
    assert errors(df) == [
        (
            f"file too large to check: more than the {MAX_WORDS:,} words a Dockerfile may have",
            1,
            f"ENV {pairs}".index(f" K{MAX_WORDS - 3}=v ") + 1,
        )
    ]
    assert raw(df, df.diagnostics[0].span) == f"K{MAX_WORDS - 3}=v"  # the first word past it
    assert df.instructions == () and df.stages == ()


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("FROM a\nENV A=1 B=2 C=3", False),  # six words
        ("FROM a\n# one two three\nENV A=1 B=2 C=3\n", True),  # comments count
        ("FROM a\nENV A=1 B=2 C=3 D=4\n", True),
        ("FROM   a\t\n\n\nENV A=1\t\tB=2   C=3\n\n", False),  # blanks do not
    ],
)
def test_word_limit_counts_words_between_blanks(
    monkeypatch: pytest.MonkeyPatch, text: str, refused: bool
) -> None:
    monkeypatch.setattr(parser, "MAX_WORDS", 6)
    _assert_refused(parse(text), refused)


def test_limits_leave_the_largest_real_dockerfile_a_wide_margin() -> None:
    texts = [Source.read(p).text for p in CORPUS_FILES]
    assert max(t.count("\n") + 1 for t in texts) * 20 <= MAX_LINES
    assert max(len(t.split()) for t in texts) * 20 <= MAX_WORDS


# -- spans slice back to the source ---------------------------------------------------
def _rejoin(df: Dockerfile, instruction: Instruction) -> str:
    """args_text rebuilt from the raw args span, independently of the parser."""
    lines = raw(df, instruction.args_span).replace("\r\n", "\n").split("\n")
    kept = [lines[0]] + [ln for ln in lines[1:] if ln.strip() and not ln.lstrip().startswith("#")]
    pieces = []
    for ln in kept:
        body = ln.rstrip(" \t")
        pieces.append(body[:-1] if body.endswith(df.escape) else ln)
    return "".join(pieces)


def check_spans(df: Dockerfile) -> None:
    text = df.source.text
    for ins in df.instructions:
        whole = raw(df, ins.span)
        assert raw(df, ins.keyword_span).upper() == ins.keyword
        assert whole.startswith(raw(df, ins.keyword_span))
        assert ins.span.start.line == ins.line
        assert ins.span.end.offset == len(text) or text[ins.span.end.offset] in "\r\n"
        assert ins.span.start.offset <= ins.args_span.start.offset
        assert ins.args_span.end.offset <= ins.span.end.offset
        if not ins.heredocs:
            assert _rejoin(df, ins) == ins.args_text
        for doc in ins.heredocs:
            assert raw(df, doc.body_span).replace("\r\n", "\n") == doc.body.removesuffix("\n")
    for comment in df.comments:
        assert raw(df, comment.span).startswith("#")


def check_every_line_is_accounted_for(df: Dockerfile) -> None:
    covered: set[int] = set()
    for ins in df.instructions:
        covered.update(range(ins.span.start.line, ins.span.end.line + 1))
    covered.update(c.span.start.line for c in df.comments)
    for number, line in enumerate(df.source.text.splitlines()):
        if number not in covered and line.strip():
            assert line.lstrip().startswith("#"), (number, line)  # a parser directive


def test_spans_of_a_mixed_file() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "ARG BASE=alpine\n"
        "FROM ${BASE} AS build\n"
        "  # indented comment\n"
        "RUN --mount=type=cache,target=/x \\\n"
        "    # inside\n"
        "    make \\\n"
        "\n"
        "    && make install\n"
        "COPY <<-EOF /etc/conf\n"
        "\tkey=value\n"
        "\tEOF\n"
        'CMD ["app"]\n'
    )
    df = parse(text)
    assert df.diagnostics == ()
    check_spans(df)
    check_every_line_is_accounted_for(df)
    assert [raw(df, i.span) for i in df.instructions] == [
        "ARG BASE=alpine",
        "FROM ${BASE} AS build",
        "RUN --mount=type=cache,target=/x \\\n    # inside\n    make \\\n\n    && make install",
        "COPY <<-EOF /etc/conf\n\tkey=value\n\tEOF",
        'CMD ["app"]',
    ]


_PIECES = st.sampled_from(
    [
        "FROM a",
        "FROM a AS b",
        "RUN x",
        "run y",
        "USER app",
        "COPY <<EOF /d",
        "RUN <<-E",
        "EOF",
        "\tE",
        "E",
        "\\",
        "`",
        "# c",
        "# escape=`",
        "#",
        "",
        " ",
        "\r",
        "BOGUS z",
        "-y",
        "[",
        '"',
        "'",
        "$",
        "${",
        "<<",
        "ARG X=${Y:-z}",
        'CMD ["a"]',
        "--m=1",
        "é",
        "\u00a0",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=4).map(" ".join), max_size=12))
def test_any_text_parses_without_exceptions(lines: list[str]) -> None:
    text = "\n".join(lines)
    df = parse(text)
    assert all(d.code == "CL001" for d in df.diagnostics)
    for ins in df.instructions:
        assert 0 <= ins.span.start.offset <= ins.span.end.offset <= len(text)
        assert raw(df, ins.keyword_span).upper() == ins.keyword
        assert ins.span.start.offset <= ins.args_span.start.offset
        assert ins.args_span.start.offset <= ins.args_span.end.offset <= ins.span.end.offset
        for doc in ins.heredocs:
            assert ins.span.start.offset <= doc.body_span.start.offset
            assert doc.body_span.end.offset <= ins.span.end.offset


# -- real-world corpus ----------------------------------------------------------------
CORPUS_FILES = (
    sorted(p for p in CORPUS.iterdir() if "Dockerfile" in p.name or "Containerfile" in p.name)
    if CORPUS.is_dir()
    else []
)


def test_corpus_dockerfiles_are_there() -> None:
    assert len(CORPUS_FILES) == 43  # the suite reads ../shared/corpus; it must be present


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_dockerfile_parses_cleanly(path: Path) -> None:
    df = parse_dockerfile(Source.read(path))
    assert [d.message for d in df.diagnostics] == []
    assert len(df.stages) >= 1
    check_spans(df)
    check_every_line_is_accounted_for(df)


def test_corpus_has_heredocs_and_directives() -> None:
    parsed = [parse_dockerfile(Source.read(p)) for p in CORPUS_FILES]
    assert any(i.heredocs for df in parsed for i in df.instructions)
    assert any("syntax" in df.directives for df in parsed)
