"""Findings: what a rule reports, where, how bad, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a file position, or an object (container, image, host setting)."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    object: str | None = None  # e.g. container name, image reference, "daemon.json:icc"

    def __str__(self) -> str:
        out = self.path
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        if self.object:
            out += f" ({self.object})"
        return out

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path}
        for key in ("line", "column", "end_line", "end_column", "object"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace physical lines start_line..end_line (1-based, inclusive) with `text`.

    An insertion before line N is TextEdit(N, N - 1, "new line\\n"); a deletion has text "".
    `text` holds whole lines, each ending in a newline.
    """

    start_line: int
    end_line: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    description: str
    edits: tuple[TextEdit, ...]
    safe: bool = True  # safe: behaviour kept; unsafe: the user should review


@dataclass(slots=True)
class Finding:
    rule_id: str
    title: str
    severity: Severity
    message: str
    location: Location
    practices: tuple[str, ...] = ()
    remediation: str = ""
    fix: Fix | None = None
    evidence: str | None = None  # the value read (redacted where secret)
    extra: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.object or "", loc.line or 0, loc.column or 0, self.rule_id)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule_id,
            "title": self.title,
            "severity": self.severity.label,
            "message": self.message,
            "location": self.location.to_dict(),
            "practices": list(self.practices),
            "remediation": self.remediation,
        }
        if self.evidence is not None:
            d["evidence"] = self.evidence
        if self.fix is not None:
            d["fix"] = {
                "description": self.fix.description,
                "safe": self.fix.safe,
                "edits": [
                    {"start_line": e.start_line, "end_line": e.end_line, "text": e.text}
                    for e in self.fix.edits
                ],
            }
        if self.extra:
            d["extra"] = self.extra
        return d
