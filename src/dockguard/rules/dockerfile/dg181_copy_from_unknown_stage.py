from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG181",
    title="COPY --from names no earlier stage",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P01",),
    peers={"hadolint": ("DL3022",)},
    tags=("structure",),
    rationale=(
        "A `--from` name that is no stage of the file is pulled as an image: a typo such as "
        "`--from=biuld` copies from `docker.io/library/biuld`, whoever publishes it. Image "
        "references (with a tag, digest, registry or path) and variables are not reported."
    ),
    remediation="Use the name of an earlier stage, or write the image reference in full with a tag or digest (`--from=nginx:1.27`).",
    examples=(
        bad("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=biuld /app /app\n"),
        good("FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /app /app\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=0 /x /x\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for stage in df.stages:
        earlier = {s.name for s in df.stages[: stage.index] if s.name}
        later = {s.name for s in df.stages[stage.index + 1 :] if s.name}
        for ins in stage.find("COPY", "ADD"):
            src = ins.flag("from")
            if not src or any(ch in src for ch in ":/@$."):
                continue
            low = src.lower()
            if low in earlier or low == stage.name:
                continue
            if src.isdigit():
                if int(src) >= stage.index:
                    yield Hit(f"COPY --from={src}: stage {src} is not an earlier stage", line=ins.line)
                continue
            where = "a later stage" if low in later else "no stage of this file; it is pulled as an image"
            yield Hit(f"COPY --from={src} names {where}", line=ins.line)
