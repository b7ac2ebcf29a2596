"""Text for people: findings grouped by file, the source line shown, a summary at the end."""

from __future__ import annotations

import os
from collections import Counter
from itertools import groupby

from dockguard.model.finding import Severity
from dockguard.redact import scrub
from dockguard.report import Report

_COLORS = {
    Severity.CRITICAL: "\033[1;35m",
    Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"


class _Lines:
    """Reads source lines on demand, once per file."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str] | None] = {}

    def get(self, path: str, line: int) -> str | None:
        if path not in self._cache:
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    self._cache[path] = fh.read().splitlines()
            except OSError:
                self._cache[path] = None
        lines = self._cache[path]
        if lines is None or not 0 < line <= len(lines):
            return None
        return lines[line - 1]


def render(report: Report) -> str:
    color = report.color
    paint = (lambda code, s: f"{code}{s}{_RESET}") if color else (lambda code, s: s)
    out: list[str] = []
    lines = _Lines()
    findings = report.sorted_findings()
    for path, group in groupby(findings, key=lambda f: f.location.path):
        out.append(paint(_BOLD, path))
        for f in group:
            loc = f.location
            where = f"{loc.line}" if loc.line is not None else "-"
            if loc.object:
                where = f"{where} {loc.object}" if loc.line is not None else loc.object
            sev = paint(_COLORS[f.severity], f"{f.severity.label:<8}")
            out.append(f"  {where:>5}  {sev} {f.rule_id}  {f.message}")
            if loc.line is not None and os.path.isfile(path):
                src = scrub(lines.get(path, loc.line))
                if src is not None and src.strip():
                    out.append(paint(_DIM, f"         | {src.strip()[:160]}"))
            if f.fix is not None:
                kind = "fix" if f.fix.safe else "fix (unsafe)"
                out.append(paint(_DIM, f"         {kind}: {f.fix.description}"))
        out.append("")
    for path, message in report.errors:
        out.append(paint(_COLORS[Severity.HIGH], f"error: {path}: {message}"))
    counts = Counter(f.severity for f in findings)
    if findings:
        parts = [f"{counts[s]} {s.label}" for s in sorted(counts, reverse=True)]
        summary = f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)})"
    else:
        summary = "no findings"
    checked = len(report.scanned)
    summary += f" in {checked} input{'s' if checked != 1 else ''}"
    if report.errors:
        summary += f", {len(report.errors)} not checked (errors)"
    out.append(summary)
    return "\n".join(out) + "\n"
