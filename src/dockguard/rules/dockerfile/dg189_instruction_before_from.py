from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG189",
    title="Instruction before the first FROM",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3061",)},
    tags=("structure",),
    rationale="Only ARG (and parser directives and comments) may come before the first FROM; anything else fails the build.",
    remediation="Move the instruction after FROM.",
    examples=(
        bad("LABEL a=b\nFROM alpine:3.20\n"),
        good("ARG TAG=3.20\nFROM alpine:${TAG}\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins in df.instructions:
        if ins.keyword == "FROM":
            break
        if ins.keyword != "ARG":
            yield Hit(f"{ins.keyword} before the first FROM", line=ins.line)
