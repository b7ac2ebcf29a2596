"""Meta rules: findings about the input itself rather than a practice."""

from __future__ import annotations

from dockguard.model.finding import Severity
from dockguard.rules.base import Rule, bad, good

PARSE_ERROR = Rule(
    id="DG001",
    title="The input could not be fully parsed",
    severity=Severity.HIGH,
    kind="meta",
    practices=("P53",),
    rationale=(
        "A part of the file that cannot be parsed is a part no rule has checked, and a part the "
        "build tool may read differently from what its author meant."
    ),
    remediation="Fix the syntax at the line shown; the rest of the file is still checked.",
    examples=(bad("FROM alpine:3.20\nFOO bar\n"), good("FROM alpine:3.20\n")),
)

RULE_ERROR = Rule(
    id="DG002",
    title="A rule failed on this input",
    severity=Severity.LOW,
    kind="meta",
    practices=("P53",),
    rationale="A rule that fails checks nothing; this is a bug in dockguard, reported so it is seen.",
    remediation="Report the message to the dockguard maintainers; the other rules still ran.",
    examples=(),
)

META_RULES = (PARSE_ERROR, RULE_ERROR)
