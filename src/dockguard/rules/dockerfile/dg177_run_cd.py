from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG177",
    title="cd in RUN instead of WORKDIR",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3003",), "trivy": ("DS-0013",)},
    tags=("structure",),
    rationale="`cd` lasts only until the end of the RUN; WORKDIR states the directory for every later instruction and for the container, and fails loudly when wrong.",
    remediation="Use `WORKDIR /path` before the RUN (a subshell `(cd dir && make)` is fine for a one-off step).",
    examples=(
        bad("FROM debian:12\nRUN cd /usr/src/app && make\n"),
        good("FROM debian:12\nWORKDIR /usr/src/app\nRUN make\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name == "cd" and not cmd.nested:
            yield Hit(f"`{cmd.text or 'cd'}` in RUN: use WORKDIR", line=cmd.line)
