"""Output formats: one module per format, each with `render(report: Report) -> str`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from dockguard.model.finding import Finding

FORMATS = ("text", "json", "sarif", "junit", "gitlab", "checkstyle")


@dataclass
class Report:
    command: str  # lint | audit | scan | bench | …
    findings: list[Finding]
    rules: Any = None  # the RuleSet, for rule descriptions (SARIF, JUnit)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (input, message) not checked
    scanned: list[str] = field(default_factory=list)  # the inputs that were checked
    color: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # per-command data (bench scores, …)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: f.sort_key())


def render(fmt: str, report: Report) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"dockguard.report.{fmt}")
    return module.render(scrubbed(report))


def scrubbed(report: Report) -> Report:
    """A copy of the report with every secret the detectors recognise redacted, in every field
    that is printed: messages, evidence, fix texts, input errors."""
    import dataclasses

    from dockguard.model.finding import Fix
    from dockguard.redact import scrub

    def fix_of(fix: Fix | None) -> Fix | None:
        if fix is None:
            return None
        edits = tuple(dataclasses.replace(e, text=scrub(e.text)) for e in fix.edits)
        return dataclasses.replace(fix, description=scrub(fix.description), edits=edits)

    findings = [
        dataclasses.replace(f, message=scrub(f.message), evidence=scrub(f.evidence), fix=fix_of(f.fix))
        for f in report.findings
    ]
    errors = [(path, scrub(msg)) for path, msg in report.errors]
    return dataclasses.replace(report, findings=findings, errors=errors)
