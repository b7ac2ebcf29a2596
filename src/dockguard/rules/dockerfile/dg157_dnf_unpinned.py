from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG157",
    title="dnf, microdnf packages installed without a pinned version",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3041",)},
    enabled_by_default=False,
    options=(
        Option("level", "version", "version: `name-1.2`, `name=1.2`, `name>=1.2`; exact: no ranges or wildcards"),
        Option("exempt", [], "package names that may stay unpinned"),
    ),
    tags=("pinning", "dnf"),
    rationale=(
        "Without a version each rebuild may install a different package. Off by default: "
        "distribution repositories drop superseded builds, so exact pins break builds after "
        "updates; a digest-pinned base image and a repository snapshot are the durable controls. "
        "Local `.rpm` files, URLs and `@group`s are not reported."
    ),
    remediation="Pin each package: `dnf install -y nginx-1.24.0 @development-tools`.",
    examples=(
        bad("FROM fedora:40\nRUN dnf install -y nginx\n"),
        good("FROM fedora:40\nRUN dnf install -y nginx-1.24.0 @development-tools\n"),
    ),
)


def _words(cmd):
    if not (cmd.name in ("dnf", "microdnf", "tdnf")):
        return None
    sub, pos = u.rpm_sub(cmd)
    return pos if sub in u.RPM_INSTALL else None


def check(df: Dockerfile, ctx):
    yield from u.pin_hits(df, ctx, _words, u.rpm_pin, "dnf install", lambda w: w)
