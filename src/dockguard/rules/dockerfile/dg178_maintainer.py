import json

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Fix, Severity, TextEdit
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG178",
    title="MAINTAINER is deprecated",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL4000",), "trivy": ("DS-0022",), "checkov": ("CKV_DOCKER_6",)},
    fixable=True,
    tags=("structure",),
    rationale="MAINTAINER has been deprecated since Docker 1.13; a label is what tools (and `docker inspect`) read.",
    remediation='Replace it with `LABEL maintainer="name <email>"` (or `org.opencontainers.image.authors`).',
    examples=(
        bad("FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n"),
        good('FROM alpine:3.20\nLABEL maintainer="Jane Doe <jane@example.com>"\n'),
    ),
)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("MAINTAINER"):
        fix = None
        if ins.line == ins.end_line:
            line = df.lines[ins.line - 1]
            indent = line[: len(line) - len(line.lstrip())]
            fix = Fix("replace MAINTAINER with LABEL maintainer=…",
                      (TextEdit(ins.line, ins.line, f"{indent}LABEL maintainer={json.dumps(ins.value.strip())}\n"),))
        yield Hit(f"MAINTAINER {ins.value.strip()[:60]}: use LABEL maintainer=…", line=ins.line, fix=fix)
