from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG179",
    title="Two stages with the same name",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3024",), "trivy": ("DS-0012",), "checkov": ("CKV_DOCKER_11",)},
    tags=("structure",),
    rationale="Stage names are case-insensitive; with a duplicate, `COPY --from` and `--target` silently pick one of them and BuildKit rejects the file.",
    remediation="Give every stage a unique `AS name`.",
    examples=(
        bad("FROM golang:1.22 AS build\nRUN go build ./...\nFROM node:20 AS Build\nRUN npm ci\n"),
        good("FROM --platform=linux/amd64 golang:1.22 AS build\nFROM --platform=linux/amd64 node:20 AS web\n"),
    ),
)


def check(df: Dockerfile, ctx):
    seen: dict[str, int] = {}
    for stage in df.stages:
        if not stage.name:
            continue
        if stage.name in seen:
            yield Hit(f"stage name {stage.name!r} already used at line {seen[stage.name]}", line=stage.line)
        else:
            seen[stage.name] = stage.line
