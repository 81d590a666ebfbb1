"""What every format's writer does: take file reports one at a time, then finish."""

from __future__ import annotations

from typing import Protocol

from composelint.diagnostics.report import FileReport, Tally


class Writer(Protocol):
    def file(self, report: FileReport) -> None: ...

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None: ...


def write_all(writer: Writer, reports: list[FileReport], errors: list[tuple[str, str]]) -> None:
    tally = Tally()
    for report in reports:
        tally.add(report)
        writer.file(report)
    writer.finish(errors, tally)
