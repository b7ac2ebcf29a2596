from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import base_image, effective_user, final_stage, known_nonroot_base, shipped_stages

RULE = Rule(
    id="DG100",
    title="The final stage never sets a USER",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P04",),
    peers={"trivy": ("DS-0002",), "checkov": ("CKV_DOCKER_3",), "dockle": ("CIS-DI-0001",)},
    cis=("4.1",),
    rationale=(
        "Without a USER instruction in the shipped stage (or the stages it is built FROM), the "
        "container runs as the base image's user, which is root for almost every base image. "
        "A process running as root in a container is root on the host if it escapes, and can "
        "change anything in the container's filesystem."
    ),
    remediation=(
        "Create an unprivileged user and switch to it at the end of the final stage, by numeric "
        "UID so Kubernetes `runAsNonRoot` can verify it: `RUN useradd -r -u 10001 app` (or "
        "`adduser -S -u 10001 app` on Alpine) then `USER 10001`. Build steps that need root can "
        "stay before the USER line or in a builder stage."
    ),
    examples=(
        bad("FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n"),
        good("FROM python:3.12-slim\nCOPY app.py /app/\nUSER 10001\nCMD [\"python\", \"/app/app.py\"]\n"),
        good(
            "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
            "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n",
            note="a distroless :nonroot base already runs as a non-root user",
        ),
    ),
)


def check(df: Dockerfile, ctx):
    final = final_stage(df, ctx)
    if final is None:
        return
    ins, _stage = effective_user(df, ctx)
    if ins is not None:
        return
    root = shipped_stages(df, ctx)[-1]
    base = base_image(df, root)
    if known_nonroot_base(base.ref):
        return
    if base.is_scratch:
        what = "FROM scratch runs as UID 0"
    elif base.ref is None:
        what = f"it runs as the user of {base.text!r} (root unless that image sets another)"
    else:
        what = f"it runs as the user of {base.text} (root unless that image sets another)"
    yield Hit(f"no USER in the final {('stage ' + repr(final.name)) if final.name else 'stage'}: {what}", line=final.line)
