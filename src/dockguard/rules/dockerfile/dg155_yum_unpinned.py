from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG155",
    title="yum packages installed without a pinned version",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3033",)},
    enabled_by_default=False,
    options=(
        Option("level", "version", "version: `name-1.2`, `name=1.2`, `name>=1.2`; exact: no ranges or wildcards"),
        Option("exempt", [], "package names that may stay unpinned"),
    ),
    tags=("pinning", "yum"),
    rationale=(
        "Without a version each rebuild may install a different package. Off by default: "
        "distribution repositories drop superseded builds, so exact pins break builds after "
        "updates; a digest-pinned base image and a repository snapshot are the durable controls. "
        "Local `.rpm` files, URLs and `@group`s are not reported."
    ),
    remediation="Pin each package: `yum install -y httpd-2.4.57 ./app.rpm`.",
    examples=(
        bad("FROM centos:7\nRUN yum install -y httpd\n"),
        good("FROM centos:7\nRUN yum install -y httpd-2.4.57 ./app.rpm\n"),
    ),
)


def _words(cmd):
    if not (cmd.name == "yum"):
        return None
    sub, pos = u.rpm_sub(cmd)
    return pos if sub in u.RPM_INSTALL else None


def check(df: Dockerfile, ctx):
    yield from u.pin_hits(df, ctx, _words, u.rpm_pin, "yum install", lambda w: w)
