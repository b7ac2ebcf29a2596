from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG180",
    title="COPY --from names its own stage",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3023",), "trivy": ("DS-0006",)},
    tags=("structure",),
    rationale="A stage cannot copy from itself: the build fails (or, with an image of that name, copies from an unrelated image).",
    remediation="Name the stage that built the files: `COPY --from=build …`.",
    examples=(
        bad("FROM golang:1.22 AS build\nCOPY --from=build /out/app /app\n"),
        good("FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for stage in df.stages:
        for ins in stage.find("COPY", "ADD"):
            src = ins.flag("from")
            if not src:
                continue
            if (stage.name and src.lower() == stage.name) or src == str(stage.index):
                yield Hit(f"COPY --from={src} copies from the stage it is in", line=ins.line)
