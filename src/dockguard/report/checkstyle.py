"""Checkstyle XML, read by many CI plugins and code-review bots."""

from __future__ import annotations

from itertools import groupby

from xml.sax.saxutils import quoteattr

from dockguard import __version__
from dockguard.model.finding import Severity
from dockguard.report import Report

_SEVERITY = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "info",
    Severity.INFO: "info",
}


def render(report: Report) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<checkstyle version="{__version__}">']
    findings = report.sorted_findings()
    for path, group in groupby(findings, key=lambda f: f.location.path):
        out.append(f"  <file name={quoteattr(path)}>")
        for f in group:
            line = f.location.line or 0
            col = f' column="{f.location.column}"' if f.location.column else ""
            message = f.message if not f.location.object else f"{f.location.object}: {f.message}"
            out.append(
                f'    <error line="{line}"{col} severity="{_SEVERITY[f.severity]}" '
                f"message={quoteattr(message)} source={quoteattr('dockguard.' + f.rule_id)}/>"
            )
        out.append("  </file>")
    for path, message in report.errors:
        out.append(f"  <file name={quoteattr(path)}>")
        out.append(f'    <error line="0" severity="error" message={quoteattr(message)} source="dockguard.input-error"/>')
        out.append("  </file>")
    out.append("</checkstyle>")
    return "\n".join(out) + "\n"
