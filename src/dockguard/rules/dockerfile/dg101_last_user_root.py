from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import effective_user, is_root_user, user_value

RULE = Rule(
    id="DG101",
    title="The image runs as root",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P04",),
    peers={
        "hadolint": ("DL3002",),
        "trivy": ("DS-0002",),
        "checkov": ("CKV_DOCKER_8",),
        "dockle": ("CIS-DI-0001",),
    },
    cis=("4.1",),
    rationale=(
        "The last USER in force in the shipped stage is root (`root`, `0`, `root:group`, `0:0`), "
        "so the container's main process runs as root. Builder stages may use root freely: only "
        "the final stage (the `target`) and the stages it is built FROM end up in the image."
    ),
    remediation=(
        "End the final stage with a non-root numeric user: `USER 10001` (create it with "
        "`useradd -r -u 10001 app`). Switch back to root only for the steps that need it, and "
        "switch away again before the stage ends."
    ),
    examples=(
        bad("FROM alpine:3.20\nUSER root\nCMD [\"/app\"]\n"),
        bad("FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER app\nRUN apk add --no-cache curl\nUSER 0:0\n"),
        good("FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER 10001\n"),
        good(
            "FROM golang:1.22 AS build\nUSER root\nRUN go build -o /app .\n"
            "FROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\n",
            note="root in a builder stage is not in the shipped image",
        ),
    ),
)


def check(df: Dockerfile, ctx):
    ins, stage = effective_user(df, ctx)
    if ins is None:
        return
    value = user_value(ins)
    if not value:
        yield Hit("USER has no value: the build fails or the image keeps running as root", line=ins.line)
    elif is_root_user(value):
        where = f" (inherited from stage {stage.name!r})" if stage is not None and stage.name and stage is not df.stages[-1] else ""
        yield Hit(f"the last USER of the final stage is {value!r}{where}: the container runs as root", line=ins.line)
