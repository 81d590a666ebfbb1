"""Formatters: each turns a run's results into text.  They import only the core: what
they say about a rule comes as plain data (``diagnostics.rule_info.RuleInfo``).

Each format has a writer that takes file reports one at a time (``file``) and
ends with the errors and the summary (``finish``), so a big tree is printed as
it is checked; ``render`` gives the same text for an in-memory result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from composelint.diagnostics.rule_info import RuleInfo
from composelint.output.style import PLAIN, Style
from composelint.output.writer import Writer, write_all

__all__ = ["Writer", "make_writer", "write_all"]


def make_writer(
    output_format: str,
    out: IO[str],
    docs_url: str | None,
    rules: Mapping[str, RuleInfo] | None = None,
    *,
    style: Style | None = None,
    summary: bool = True,
    statistics: bool = False,
) -> Writer:
    """The writer of ``output_format`` (text, json, sarif, github, junit, gitlab or
    checkstyle) printing to ``out``; ``rules`` describes the codes (their links, and for
    SARIF their text); ``style`` and ``summary`` are the text format's colour and
    summary line; ``statistics`` adds a count per code (text: instead of the findings)."""
    if output_format == "json":
        from composelint.output.json_format import JsonWriter

        return JsonWriter(out, docs_url, rules, statistics=statistics)
    if output_format == "sarif":
        from composelint.output.sarif import SarifWriter

        return SarifWriter(out, docs_url, rules or {})
    if output_format == "github":
        from composelint.output.github import GithubWriter

        return GithubWriter(out)
    if output_format == "junit":
        from composelint.output.junit import JunitWriter

        return JunitWriter(out)
    if output_format == "gitlab":
        from composelint.output.gitlab import GitlabWriter

        return GitlabWriter(out)
    if output_format == "checkstyle":
        from composelint.output.checkstyle import CheckstyleWriter

        return CheckstyleWriter(out)
    from composelint.output.text import TextWriter

    return TextWriter(
        out,
        style=style or PLAIN,
        summary=summary,
        statistics=(rules or {}) if statistics else None,
    )
