from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG107",
    title="FROM --platform is hard-coded",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P03",),
    peers={"hadolint": ("DL3029",)},
    rationale=(
        "`FROM --platform=linux/amd64` pins the stage to one architecture: on an arm64 builder or "
        "host it runs under emulation (slow, and a different binary than you tested), and a "
        "multi-platform build silently ships amd64 everywhere. The build's own platform "
        "variables (`$BUILDPLATFORM`, `$TARGETPLATFORM`) are the intended use of the flag."
    ),
    remediation=(
        "Drop the flag, or use `--platform=$BUILDPLATFORM` for cross-compiling builder stages and "
        "choose the target with `docker buildx build --platform`."
    ),
    examples=(
        bad("FROM --platform=linux/amd64 alpine:3.20\n"),
        good("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM alpine:3.20\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for stage in df.stages:
        platform = stage.platform or stage.from_instruction.flag("platform")
        if platform and "$" not in platform:
            yield Hit(f"FROM --platform={platform}: hard-coded platform", line=stage.line)
