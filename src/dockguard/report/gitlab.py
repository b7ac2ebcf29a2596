"""GitLab Code Quality (a Code Climate subset): a JSON list of issues with fingerprints."""

from __future__ import annotations

import hashlib
import json

from dockguard.model.finding import Severity
from dockguard.report import Report

_SEVERITY = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}


def render(report: Report) -> str:
    issues = []
    for f in report.sorted_findings():
        loc = f.location
        key = f"{f.rule_id}|{loc.path}|{loc.line}|{loc.object}|{f.message}"
        issues.append(
            {
                "type": "issue",
                "check_name": f.rule_id,
                "description": f"{f.rule_id}: {f.message}",
                "content": {"body": f.remediation},
                "categories": ["Security"],
                "severity": _SEVERITY[f.severity],
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                "location": {"path": loc.path, "lines": {"begin": loc.line or 1}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
