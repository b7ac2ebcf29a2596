from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG150",
    title="apt packages installed without a pinned version",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3008",)},
    enabled_by_default=False,
    options=(
        Option("level", "version", "version: any `pkg=VERSION` (wildcards allowed); exact: no `*` in the version"),
        Option("exempt", [], "package names that may stay unpinned"),
    ),
    tags=("pinning", "apt"),
    rationale=(
        "Without `pkg=VERSION` each rebuild may install a different version, so builds are not "
        "reproducible. Off by default: Debian and Ubuntu archives drop superseded versions, so exact "
        "pins break builds after every security update; pinning the base image by digest is the "
        "reproducibility control that lasts. Enable it where you mirror or snapshot the archive."
    ),
    remediation="Pin each package: `apt-get install -y curl=7.88.1-10+deb12u5` (or `curl=7.88.*` at level version).",
    examples=(
        bad("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"),
        good("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 ./local.deb\n"),
        good("FROM debian:12\nRUN apt-get install -y -t bookworm-backports $PKGS\n", note="packages in a variable are unknown"),
    ),
)


def _words(cmd):
    if not u.is_apt_install(cmd):
        return None
    return u.apt_sub(cmd)[1]


def check(df: Dockerfile, ctx):
    yield from u.pin_hits(df, ctx, _words, u.apt_pin, "apt-get install", lambda w: w.split("=", 1)[0])
