from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG156",
    title="zypper packages installed without a pinned version",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3037",)},
    enabled_by_default=False,
    options=(
        Option("level", "version", "version: `name-1.2`, `name=1.2`, `name>=1.2`; exact: no ranges or wildcards"),
        Option("exempt", [], "package names that may stay unpinned"),
    ),
    tags=("pinning", "zypper"),
    rationale=(
        "Without a version each rebuild may install a different package. Off by default: "
        "distribution repositories drop superseded builds, so exact pins break builds after "
        "updates; a digest-pinned base image and a repository snapshot are the durable controls. "
        "Local `.rpm` files, URLs and `@group`s are not reported."
    ),
    remediation="Pin each package: `zypper install -y curl=8.0.1 'git>=2.40'`.",
    examples=(
        bad("FROM opensuse/leap:15.6\nRUN zypper install -y curl\n"),
        good("FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.0.1 'git>=2.40'\n"),
    ),
)


def _words(cmd):
    if not (cmd.name == "zypper"):
        return None
    sub, pos = u.zypper_sub(cmd)
    return pos if sub in u.ZYPPER_INSTALL else None


def check(df: Dockerfile, ctx):
    yield from u.pin_hits(df, ctx, _words, u.rpm_pin, "zypper install", lambda w: w)
