import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG176",
    title="Relative WORKDIR",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3000",), "trivy": ("DS-0009",), "checkov": ("CKV_DOCKER_10",)},
    tags=("structure",),
    rationale=(
        "A relative WORKDIR resolves against whatever directory the base image (or an earlier "
        "WORKDIR) set: the path the app runs in changes when the base image does. Paths starting "
        "with a variable are not reported (their value is unknown); Windows drive paths are absolute."
    ),
    remediation="Use an absolute path: `WORKDIR /app`.",
    examples=(
        bad("FROM alpine:3.20\nWORKDIR app\n"),
        good("FROM alpine:3.20\nWORKDIR /app\nWORKDIR $HOME/src\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("WORKDIR"):
        path = (ins.args[0] if ins.args else ins.value).strip().strip("'\"")
        if not path or path.startswith(("/", "$", "\\")) or re.match(r"^[A-Za-z]:[\\/]", path):
            continue
        yield Hit(f"WORKDIR {path} is relative", line=ins.line)
