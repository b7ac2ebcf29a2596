"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps)."""

from __future__ import annotations

import json
import os

from dockguard import __version__
from dockguard.model.finding import Severity
from dockguard.report import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub reads `security-severity` (0.0–10.0) to rank security findings.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.5",
}


def _uri(path: str) -> str:
    if "://" in path:
        return path
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:
            pass
    return path.replace(os.sep, "/")


def _descriptor(rule) -> dict:
    desc = {
        "id": rule.id,
        "name": "".join(w.capitalize() for w in rule.title.replace("-", " ").split() if w.isalnum())
        or rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {
            "text": rule.remediation or rule.title,
            "markdown": f"**{rule.title}**\n\n{rule.rationale}\n\n**Fix:** {rule.remediation}",
        },
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", *rule.practices],
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "precision": "high",
        },
    }
    peers = rule.peer_ids()
    if peers:
        desc["properties"]["peers"] = peers
    return desc


def render(report: Report) -> str:
    findings = report.sorted_findings()
    used = sorted({f.rule_id for f in findings})
    rules = []
    index: dict[str, int] = {}
    for rid in used:
        rule = report.rules.get(rid) if report.rules is not None else None
        if rule is None:
            continue
        index[rid] = len(rules)
        rules.append(_descriptor(rule))
    results = []
    for f in findings:
        loc = f.location
        physical: dict = {"artifactLocation": {"uri": _uri(loc.path)}}
        if loc.line is not None:
            region = {"startLine": loc.line}
            if loc.column is not None:
                region["startColumn"] = loc.column
            if loc.end_line is not None and loc.end_line >= loc.line:
                region["endLine"] = loc.end_line
            physical["region"] = region
        location: dict = {"physicalLocation": physical}
        if loc.object:
            location["logicalLocations"] = [{"name": loc.object}]
        result = {
            "ruleId": f.rule_id,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [location],
            "properties": {"severity": f.severity.label},
        }
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        if f.fix is not None and f.fix.edits:
            result["fixes"] = [
                {
                    "description": {"text": f.fix.description},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(loc.path)},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": e.start_line,
                                        "endLine": max(e.end_line, e.start_line),
                                    }
                                    if e.end_line >= e.start_line
                                    else {"startLine": e.start_line, "startColumn": 1, "endColumn": 1},
                                    "insertedContent": {"text": e.text},
                                }
                                for e in f.fix.edits
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{path}: {message}"},
            "descriptor": {"id": "input-error"},
        }
        for path, message in report.errors
    ]
    run = {
        "tool": {
            "driver": {
                "name": "dockguard",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://github.com/dockguard/dockguard",
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
