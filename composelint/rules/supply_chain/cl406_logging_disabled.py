"""CL406 logging-disabled: a container whose output is thrown away (``logging.driver: none``)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        driver = service.logging_driver
        if driver is None or str(driver.value).strip().lower() != "none":
            continue
        found = at_value(
            "CL406",
            f"{container(service)} sets the logging driver to none: nothing it writes is "
            "kept, so an intrusion or a crash leaves no trace; keep the default driver with "
            "a size limit (max-size, max-file) or ship the logs elsewhere",
            driver.origin,
        )
        if found:
            yield found


RULE = Rule(
    "CL406",
    "logging-disabled",
    "logging driver none",
    check_project=check,
    docs="CL406.md",
)
