from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG182",
    title="COPY of several sources to a destination without a trailing /",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3021",), "trivy": ("DS-0011",)},
    tags=("structure",),
    rationale="With more than one source the destination must be a directory, written with a trailing `/`; otherwise the build fails.",
    remediation="End the destination with `/`: `COPY a.txt b.txt /app/`.",
    examples=(
        bad("FROM alpine:3.20\nCOPY package.json yarn.lock /app\n"),
        good('FROM alpine:3.20\nCOPY package.json yarn.lock /app/\nCOPY ["a", "b", "/dir/"]\n'),
    ),
)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("COPY", "ADD"):
        if ins.heredocs:
            continue
        sources = u.source_args(ins)
        dest = u.dest_arg(ins)
        if len(sources) < 2 or not dest or u.has_var(dest):
            continue
        if not dest.endswith(("/", "\\")) and dest not in (".", ".."):
            yield Hit(f"{ins.keyword} of {len(sources)} sources to {dest}: the destination must end with /", line=ins.line)
