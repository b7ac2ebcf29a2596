"""JSON: every finding with its rule, severity, location, remediation and fix."""

from __future__ import annotations

import json

from dockguard import __version__
from dockguard.report import Report


def render(report: Report) -> str:
    doc = {
        "tool": {"name": "dockguard", "version": __version__},
        "command": report.command,
        "scanned": report.scanned,
        "errors": [{"input": path, "message": msg} for path, msg in report.errors],
        "findings": [f.to_dict() for f in report.sorted_findings()],
    }
    doc.update(report.extra)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
