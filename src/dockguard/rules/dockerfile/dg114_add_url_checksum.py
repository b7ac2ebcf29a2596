import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import is_git_url, is_url, source_args

RULE = Rule(
    id="DG114",
    title="ADD of a remote URL without --checksum",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P09", "P11"),
    peers={"checkov": ("CKV_DOCKER_4",)},
    rationale=(
        "`ADD https://…` puts whatever the server returns today into the image: a compromised "
        "server, a moved tag or a man in the middle (for http://) changes your image without a "
        "trace. `ADD --checksum=sha256:…` (Dockerfile 1.6+) makes the build fail when the content "
        "differs. A git source should name a commit, not a branch or tag."
    ),
    remediation=(
        "Add the expected digest: `ADD --checksum=sha256:<hex> https://example.com/tool.tar.gz /tmp/` "
        "(compute it once with `sha256sum`), use https, and for git sources pin a commit: "
        "`ADD https://github.com/org/repo.git#<commit-sha> /src`."
    ),
    examples=(
        bad("FROM alpine:3.20\nADD https://example.com/tool.tar.gz /tmp/\n"),
        good(
            "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
            "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d "
            "https://example.com/tool.tar.gz /tmp/\n"
        ),
    ),
)

_COMMIT = re.compile(r"#[0-9a-f]{40}(?::|$)", re.I)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("ADD"):
        checksum = ins.flag("checksum")
        for src in source_args(ins):
            if is_git_url(src):
                if not _COMMIT.search(src) and not checksum:
                    yield Hit(f"ADD {src}: git source not pinned to a commit", line=ins.line, severity=Severity.LOW)
            elif is_url(src):
                plain = src.lower().startswith(("http://", "ftp://"))
                if not checksum:
                    sev = Severity.HIGH if plain else None
                    extra = " over plain HTTP" if plain else ""
                    yield Hit(f"ADD {src}{extra} without --checksum: the content is not verified", line=ins.line, severity=sev)
