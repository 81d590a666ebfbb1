from __future__ import annotations

from pathlib import Path

from composelint.compose.dotenv import DotEnv, parse_dotenv, read_compose_file_var, read_dotenv


def test_simple_values_and_lines() -> None:
    env = parse_dotenv("A=1\n\nB=two\n")
    assert env.values == {"A": "1", "B": "two"}
    assert env.lines == {"A": 0, "B": 2}
    assert env.problems == ()


def test_comments_and_blank_lines_are_skipped() -> None:
    env = parse_dotenv("# a comment\n   \n  # indented comment\nA=1\n#B=2\n")
    assert env.values == {"A": "1"}
    assert env.lines == {"A": 3}
    assert env.problems == ()


def test_export_prefix() -> None:
    env = parse_dotenv("export A=1\nexport\tB=2\n")
    assert env.values == {"A": "1", "B": "2"}
    assert env.problems == ()


def test_unquoted_value_trims_space_and_trailing_comment() -> None:
    env = parse_dotenv("A =   hello world   # comment\nB=x#not-a-comment\nC=#kept\n")
    assert env.values == {"A": "hello world", "B": "x#not-a-comment", "C": "#kept"}


def test_empty_value() -> None:
    env = parse_dotenv("A=\nB=2\n")
    assert env.values == {"A": "", "B": "2"}


def test_value_with_equals_sign() -> None:
    assert parse_dotenv("URL=postgres://u:p@h/db?x=1\n").values == {
        "URL": "postgres://u:p@h/db?x=1"
    }


def test_single_quoted_is_literal() -> None:
    env = parse_dotenv("A=1\nB='${A} \\n $$ # not comment'\n")
    assert env.values["B"] == "${A} \\n $$ # not comment"


def test_single_quoted_unescapes_only_its_quote() -> None:
    assert parse_dotenv("A='it\\'s'\n").values == {"A": "it's"}


def test_double_quoted_escapes() -> None:
    env = parse_dotenv('A="line1\\nline2\\ttab \\"q\\" back\\\\slash \\$HOME \\0101 \\x"\n')
    assert env.values["A"] == 'line1\nline2\ttab "q" back\\slash $HOME A \\x'


def test_double_quoted_value_spans_lines() -> None:
    env = parse_dotenv('KEY="first\nsecond"\nNEXT=1\n')
    assert env.values == {"KEY": "first\nsecond", "NEXT": "1"}
    assert env.lines == {"KEY": 0, "NEXT": 2}
    assert env.problems == ()


def test_single_quoted_value_spans_lines() -> None:
    assert parse_dotenv("K='a\nb'\n").values == {"K": "a\nb"}


def test_comment_after_quoted_value() -> None:
    env = parse_dotenv('A="x y" # comment\nB=2\n')
    assert env.values == {"A": "x y", "B": "2"}
    assert env.problems == ()


def test_interpolation_from_earlier_values() -> None:
    env = parse_dotenv('HOST=db\nURL=http://${HOST}:${PORT:-5432}\nQ="$HOST"\n')
    assert env.values["URL"] == "http://db:5432"
    assert env.values["Q"] == "db"


def test_interpolation_prefers_the_environment_like_compose() -> None:
    env = parse_dotenv("A=file\nB=${A}\n", {"A": "environment"}.get)
    assert env.values == {"A": "file", "B": "environment"}


def test_interpolation_of_unknown_variable_is_empty() -> None:
    assert parse_dotenv("A=x${NOPE}y\n").values == {"A": "xy"}


def test_escaped_dollar_in_unquoted_value() -> None:
    assert parse_dotenv("A=$$HOME\n").values == {"A": "$HOME"}


def test_bare_key_takes_the_environment() -> None:
    env = parse_dotenv("FROM_ENV\nNOT_SET\nB=1\n", {"FROM_ENV": "v"}.get)
    assert env.values == {"FROM_ENV": "v", "B": "1"}
    assert env.lines == {"FROM_ENV": 0, "B": 2}
    assert env.problems == ()


def test_bare_key_without_lookup_is_not_set() -> None:
    assert parse_dotenv("ONLY_KEY").values == {}


def test_yaml_style_separator_is_reported_but_read_like_compose() -> None:
    env = parse_dotenv("A=1\nKEY: value\n")
    assert env.values == {"A": "1", "KEY": "value"}
    assert len(env.problems) == 1
    line, message = env.problems[0]
    assert line == 1
    assert "YAML-style" in message


def test_crlf_line_endings() -> None:
    env = parse_dotenv('A=1\r\nB="two"\r\n# c\r\nC\r\nD=x # c\r\n', {"C": "env"}.get)
    assert env.values == {"A": "1", "B": "two", "C": "env", "D": "x"}
    assert env.lines == {"A": 0, "B": 1, "C": 3, "D": 4}
    assert env.problems == ()


def test_byte_order_mark_is_ignored() -> None:
    assert parse_dotenv("\ufeffA=1\n").values == {"A": "1"}


def test_unterminated_quote_is_a_problem() -> None:
    env = parse_dotenv('A=1\nB="never closed\n')
    assert env.values == {"A": "1"}
    assert env.problems == ((1, 'unterminated quoted value "never closed'),)


def test_key_with_space_is_a_problem_and_parsing_goes_on() -> None:
    env = parse_dotenv("MY KEY=1\nOK=2\n")
    assert env.values == {"OK": "2"}
    assert env.problems == ((0, "variable name 'MY KEY' cannot contain white space"),)


def test_bad_character_in_key_is_a_problem() -> None:
    env = parse_dotenv("A=1\nB$C=2\nD=3\n")
    assert env.values == {"A": "1", "D": "3"}
    assert env.problems == ((1, "unexpected character '$' in variable name 'B$C=2'"),)


def test_missing_key_is_a_problem() -> None:
    env = parse_dotenv("=value\n")
    assert env.values == {}
    assert env.problems == ((0, "missing variable name in '=value'"),)


def test_text_after_closing_quote_is_reported_and_parsed_like_compose() -> None:
    env = parse_dotenv('A="x" B=2\n')
    assert env.values == {"A": "x", "B": "2"}
    assert len(env.problems) == 1
    assert env.problems[0][0] == 0


def test_invalid_interpolation_is_a_problem() -> None:
    env = parse_dotenv("A=${BROKEN\n")
    assert env.values == {"A": "${BROKEN"}
    assert env.problems == ((0, "invalid interpolation format for '${BROKEN'"),)


def test_required_variable_missing_is_a_problem() -> None:
    env = parse_dotenv("A=${NEEDED:?set it}\n")
    assert env.values == {"A": ""}
    assert env.problems == ((0, "required variable NEEDED is missing a value: set it"),)


def test_later_definition_wins_and_keeps_its_line() -> None:
    env = parse_dotenv("A=1\nA=2\n")
    assert env.values == {"A": "2"}
    assert env.lines == {"A": 1}


def test_keys_may_use_dots_dashes_and_brackets() -> None:
    assert parse_dotenv("a.b-c[0]=1\n").values == {"a.b-c[0]": "1"}


def test_read_dotenv_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\r\nB=\xff\n")
    env = read_dotenv(path)
    assert env.values == {"A": "1", "B": "\ufffd"}
    assert env.problems == ((1, "file is not valid UTF-8"),)


def test_compose_file_variable_default_separator() -> None:
    env = parse_dotenv("COMPOSE_FILE=a.yml:b.yml\n")
    assert read_compose_file_var(env, ":") == ["a.yml", "b.yml"]


def test_compose_file_variable_custom_separator() -> None:
    env = parse_dotenv("COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=a.yml;dir/b.yml;\n")
    assert read_compose_file_var(env) == ["a.yml", "dir/b.yml"]


def test_compose_file_variable_absent() -> None:
    assert read_compose_file_var(DotEnv()) == []
    assert read_compose_file_var({"COMPOSE_FILE": "x.yml"}) == ["x.yml"]


def test_refusals_are_the_problems_docker_compose_fails_on() -> None:
    text = (
        "GOOD=1\n"
        "MY KEY=1\n"  # compose-go: key cannot contain a space
        "B$C=2\n"  # unexpected character in variable name
        "X=${BROKEN\n"  # invalid interpolation format
        'Q="never closed\n'  # unterminated quoted value
    )
    env = parse_dotenv(text)
    assert [line for line, _message in env.refusals] == [1, 2, 3, 4]
    assert env.refusals == env.problems


def test_odd_lines_that_docker_compose_accepts_are_no_refusals() -> None:
    text = (
        "KEY: value\n"  # YAML-style separator
        "=value\n"  # a variable with an empty name
        'A="x" B=2\n'  # the text after the quote is the next entry
        "R=${NEEDED:?set it}\n"  # fails only where NEEDED is unset
        "T\tAB=1\n"  # a tab in a name: compose-go keeps it
    )
    env = parse_dotenv(text)
    assert len(env.problems) == 5
    assert env.refusals == ()


def test_text_after_a_quote_that_is_a_refused_entry_is_refused() -> None:
    env = parse_dotenv('A="x" two words=1\n')
    assert env.values == {"A": "x"}
    assert env.refusals == ((0, "variable name 'two words' cannot contain white space"),)


def test_bytes_that_are_not_utf8_are_no_refusal(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=\xff\n")
    env = read_dotenv(path)
    assert env.problems == ((0, "file is not valid UTF-8"),)
    assert env.refusals == ()
