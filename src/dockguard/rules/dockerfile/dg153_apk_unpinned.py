from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG153",
    title="apk packages installed without a pinned version",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3018",)},
    enabled_by_default=False,
    options=(
        Option("level", "version", "version: `pkg=1.2.3-r0`, `pkg~1.2`, `pkg>1.2`; exact: `pkg=VERSION` only"),
        Option("exempt", [], "package names that may stay unpinned"),
    ),
    tags=("pinning", "apk"),
    rationale=(
        "Without a version each rebuild may install a different package. Off by default: Alpine "
        "repositories keep only the latest build of a branch, so exact pins break builds after an "
        "update; `pkg~MAJOR.MINOR` plus a digest-pinned base image is the durable middle ground. "
        "Repository options (`-X URL`), virtual names (`-t .build-deps`) and local `.apk` files are understood."
    ),
    remediation="Pin with `apk add --no-cache curl=8.9.1-r0` or `curl~8.9`.",
    examples=(
        bad("FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
        good("FROM alpine:3.20\nRUN apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing -t .deps curl=8.9.1-r0 ./pkg.apk\n"),
    ),
)


def _words(cmd):
    if not u.is_apk_add(cmd):
        return None
    return u.apk_sub(cmd)[1]


def _name(word: str) -> str:
    import re

    return re.split(r"[=~<>]", word, maxsplit=1)[0]


def check(df: Dockerfile, ctx):
    yield from u.pin_hits(df, ctx, _words, u.apk_pin, "apk add", _name)
