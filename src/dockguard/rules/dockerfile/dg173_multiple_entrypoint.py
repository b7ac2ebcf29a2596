from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG173",
    title="More than one ENTRYPOINT in a stage",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P10",),
    peers={"hadolint": ("DL4004",), "trivy": ("DS-0007",)},
    tags=("runtime",),
    rationale="Only the last ENTRYPOINT of a stage takes effect; an earlier one is dead code, often a sign that two processes were meant to run (one application per container).",
    remediation="Keep one ENTRYPOINT per stage; run several processes through a small init or split them into containers.",
    examples=(
        bad('FROM alpine:3.20\nENTRYPOINT ["/app/a"]\nENTRYPOINT ["/app/b"]\n'),
        good('FROM alpine:3.20 AS build\nENTRYPOINT ["/app/a"]\nFROM alpine:3.20\nENTRYPOINT ["/app/b"]\n'),
    ),
)


def check(df: Dockerfile, ctx):
    for stage in df.stages:
        found = stage.find("ENTRYPOINT")
        for ins in found[1:]:
            yield Hit(f"ENTRYPOINT repeated in the stage (first at line {found[0].line}); only the last one applies", line=ins.line)
