from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG172",
    title="More than one CMD in a stage",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P10",),
    peers={"hadolint": ("DL4003",), "trivy": ("DS-0016",)},
    tags=("runtime",),
    rationale="Only the last CMD of a stage takes effect; an earlier one is dead code, often a sign that two processes were meant to run (one application per container).",
    remediation="Keep one CMD per stage; run several processes through a small init or split them into containers.",
    examples=(
        bad('FROM alpine:3.20\nCMD ["/app/a"]\nCMD ["/app/b"]\n'),
        good('FROM alpine:3.20 AS build\nCMD ["/app/a"]\nFROM alpine:3.20\nCMD ["/app/b"]\n'),
    ),
)


def check(df: Dockerfile, ctx):
    for stage in df.stages:
        found = stage.find("CMD")
        for ins in found[1:]:
            yield Hit(f"CMD repeated in the stage (first at line {found[0].line}); only the last one applies", line=ins.line)
