"""Checkstyle XML: ``<checkstyle><file name><error line column severity message source>``,
the shape Jenkins' warnings plugin, reviewdog and many CI tools read."""

from __future__ import annotations

from typing import IO

from composelint.diagnostics import Severity
from composelint.diagnostics.report import FileReport, Tally
from composelint.output.xml_text import attr

_SEVERITIES = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "info",
    Severity.HINT: "info",
}


class CheckstyleWriter:
    """Writes each file's element as it comes (a file without findings is left out)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n')

    def file(self, report: FileReport) -> None:
        if not report.diagnostics:
            return
        lines = [f"  <file name={attr(report.path)}>"]
        for d in report.diagnostics:
            start = d.span.start
            lines.append(
                f'    <error line="{start.line + 1}" column="{start.column + 1}" '
                f'severity="{_SEVERITIES[d.severity]}" message={attr(d.message)} '
                f"source={attr(f'composelint.{d.code}')}/>"
            )
        lines.append("  </file>")
        self.out.write("\n".join(lines) + "\n")

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None:
        # A path that could not be read is an error on that file.
        for path, message in errors:
            self.out.write(
                f"  <file name={attr(path)}>\n"
                f'    <error severity="error" message={attr(message)} '
                f'source="composelint"/>\n  </file>\n'
            )
        self.out.write("</checkstyle>\n")
