from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG184",
    title="COPY --from of a stage's whole filesystem",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P07",),
    peers={"hadolint": ("DL3067",)},
    tags=("structure",),
    rationale="`COPY --from=build / /` brings the compilers, caches and secrets of the build stage into the image and defeats the point of a multi-stage build.",
    remediation="Copy only the artifacts: `COPY --from=build /out/app /usr/local/bin/app`.",
    examples=(
        bad("FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build / /\n"),
        good("FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("COPY"):
        src = ins.flag("from")
        if src and any(s.strip() in ("/", "/.", "/*") for s in u.source_args(ins)):
            yield Hit(f"COPY --from={src} copies the whole filesystem of {src}", line=ins.line)
