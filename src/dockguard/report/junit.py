"""JUnit XML, for CI systems: one test suite per input, one failed test case per finding."""

from __future__ import annotations

from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from dockguard.report import Report


def render(report: Report) -> str:
    findings = report.sorted_findings()
    by_path = {p: list(g) for p, g in groupby(findings, key=lambda f: f.location.path)}
    inputs = list(dict.fromkeys([*report.scanned, *by_path]))
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    total = len(findings) + len(report.errors)
    out.append(f'<testsuites name="dockguard {report.command}" tests="{max(total, len(inputs))}" failures="{len(findings)}" errors="{len(report.errors)}">')
    for path in inputs:
        group = by_path.get(path, [])
        out.append(f'  <testsuite name={quoteattr(path)} tests="{max(len(group), 1)}" failures="{len(group)}" errors="0">')
        if not group:
            out.append(f'    <testcase classname={quoteattr(path)} name="no findings"/>')
        for f in group:
            loc = f.location
            where = f"{loc.path}:{loc.line}" if loc.line is not None else loc.path
            if loc.object:
                where += f" ({loc.object})"
            name = f"{f.rule_id} {where}"
            body = f"{where}: {f.message}\nRemediation: {f.remediation}"
            out.append(f"    <testcase classname={quoteattr(f.rule_id)} name={quoteattr(name)}>")
            out.append(f"      <failure type={quoteattr(f.severity.label)} message={quoteattr(f.message)}>{escape(body)}</failure>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    for path, message in report.errors:
        out.append(f'  <testsuite name={quoteattr(path)} tests="1" failures="0" errors="1">')
        out.append(f'    <testcase classname="dockguard" name={quoteattr(path)}>')
        out.append(f"      <error message={quoteattr(message)}>{escape(message)}</error>")
        out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
