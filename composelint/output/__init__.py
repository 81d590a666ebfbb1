"""Formatters: each turns a run's results into text; none knows about rules.

Each format has a writer that takes file reports one at a time (``file``) and
ends with the errors and the summary (``finish``), so a big tree is printed as
it is checked; ``render`` gives the same text for an in-memory result.
"""

from __future__ import annotations

from typing import IO, Protocol

from composelint.diagnostics.report import FileReport, Tally


class Writer(Protocol):
    def file(self, report: FileReport) -> None: ...

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None: ...


def make_writer(output_format: str, out: IO[str], docs_url: str | None) -> Writer:
    """The writer of ``output_format`` (text, json, sarif or github) printing to ``out``."""
    if output_format == "json":
        from composelint.output.json_format import JsonWriter

        return JsonWriter(out, docs_url)
    if output_format == "sarif":
        from composelint.output.sarif import SarifWriter

        return SarifWriter(out, docs_url)
    if output_format == "github":
        from composelint.output.github import GithubWriter

        return GithubWriter(out)
    from composelint.output.text import TextWriter

    return TextWriter(out)


def write_all(writer: Writer, reports: list[FileReport], errors: list[tuple[str, str]]) -> None:
    tally = Tally()
    for report in reports:
        tally.add(report)
        writer.file(report)
    writer.finish(errors, tally)
