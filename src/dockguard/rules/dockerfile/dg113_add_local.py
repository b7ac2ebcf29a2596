import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import is_git_url, is_url, source_args

RULE = Rule(
    id="DG113",
    title="ADD used for local files instead of COPY",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P11",),
    peers={"hadolint": ("DL3020",), "trivy": ("DS-0005",), "checkov": ("CKV_DOCKER_4",), "dockle": ("CIS-DI-0009",)},
    cis=("4.9",),
    rationale=(
        "ADD does more than copy: it fetches URLs and unpacks local tar archives. Used for plain "
        "files it hides that behaviour (a file renamed to `.tar.gz` is suddenly extracted) and "
        "makes reviews harder. COPY does exactly one thing. Local tar archives that you mean to "
        "unpack are exempt; remote sources are checked by DG114. (Checkov's CKV_DOCKER_4 "
        "reports every ADD; dockguard reports ADD of local non-archives here and remote ADD in "
        "DG114.)"
    ),
    remediation="Replace `ADD` with `COPY` for local files and directories.",
    fixable=False,
    examples=(
        bad("FROM alpine:3.20\nADD app.jar /app/app.jar\n"),
        good("FROM alpine:3.20\nCOPY app.jar /app/app.jar\nADD rootfs.tar.gz /\n"),
    ),
)

ARCHIVE = re.compile(r"\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma|tlz|gz|bz2|xz)$", re.I)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("ADD"):
        target = ins
        if ins.heredocs:
            continue
        locals_ = [s for s in source_args(target) if not is_url(s) and not is_git_url(s) and not ARCHIVE.search(s) and "$" not in s]
        if locals_:
            yield Hit(f"ADD of local {'file' if len(locals_) == 1 else 'files'} {', '.join(locals_)}: use COPY", line=ins.line)
