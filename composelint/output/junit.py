"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).

One test suite; each checked file is a test case, and each finding is a test case of its
own that fails (``<failure type="CL102">``), named ``CODE path:line:col`` so that a
report lists them one per line.  A file without findings is a passing case, so the
report counts what was checked.  Counts come before the cases in XML, so the cases are
kept until ``finish``.
"""

from __future__ import annotations

from typing import IO

from composelint.diagnostics.report import FileReport, Tally
from composelint.output.xml_text import attr, body


class JunitWriter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.cases: list[str] = []
        self.failures = 0

    def file(self, report: FileReport) -> None:
        path = report.path
        if not report.diagnostics:
            self.cases.append(f"    <testcase name={attr(path)} classname={attr(path)}/>")
            return
        for d in report.diagnostics:
            start = d.span.start
            where = f"{path}:{start.line + 1}:{start.column + 1}"
            self.failures += 1
            self.cases.append(
                f"    <testcase name={attr(f'{d.code} {where}')} classname={attr(path)} "
                f'file={attr(path)} line="{start.line + 1}">\n'
                f"      <failure type={attr(d.code)} message={attr(d.message)}>"
                f"{body(f'{where}: {d.code} [{d.severity.label}] {d.message}')}</failure>\n"
                "    </testcase>"
            )

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None:
        for path, message in errors:
            self.cases.append(
                f"    <testcase name={attr(path)} classname={attr(path)}>\n"
                f"      <error message={attr(message)}/>\n    </testcase>"
            )
        tests, failures, failed = len(self.cases), self.failures, len(errors)
        counts = f'tests="{tests}" failures="{failures}" errors="{failed}"'
        self.out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="composelint" {counts}>\n'
            f'  <testsuite name="composelint" {counts}>\n'
        )
        if self.cases:
            self.out.write("\n".join(self.cases) + "\n")
        self.out.write("  </testsuite>\n</testsuites>\n")
