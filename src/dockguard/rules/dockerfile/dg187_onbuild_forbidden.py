from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG187",
    title="ONBUILD wrapping FROM, MAINTAINER or ONBUILD",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3043",)},
    tags=("structure",),
    rationale="Docker refuses `ONBUILD FROM`, `ONBUILD ONBUILD` and `ONBUILD MAINTAINER`: the build of every child image fails.",
    remediation="Remove the ONBUILD trigger or use an allowed instruction.",
    examples=(
        bad("FROM alpine:3.20\nONBUILD FROM debian:12\n"),
        good("FROM alpine:3.20\nONBUILD COPY . /app/\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("ONBUILD"):
        inner = ins.onbuild.keyword if ins.onbuild is not None else (ins.args[0].upper() if ins.args else "")
        if inner in ("FROM", "ONBUILD", "MAINTAINER"):
            yield Hit(f"ONBUILD {inner} is not allowed", line=ins.line)
