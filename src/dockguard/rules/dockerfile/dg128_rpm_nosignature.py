from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import SIG_RATIONALE

RULE = Rule(
    id="DG128",
    title="rpm installs packages without signature or digest checks",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_10",)},
    rationale=(
        "`rpm --nosignature`, `--nodigest`, `--nofiledigest` and `--noverify` install a package "
        "without checking its signature or integrity. " + SIG_RATIONALE
    ),
    remediation="Remove the options and import the vendor key first: `rpm --import key.asc && rpm -i pkg.rpm`.",
    examples=(
        bad("FROM fedora:40\nRUN rpm -i --nosignature /tmp/tool.rpm\n"),
        good("FROM fedora:40\nRUN rpm --import /tmp/vendor.asc && rpm -i /tmp/tool.rpm\n"),
    ),
)

_FLAGS = ("--nosignature", "--nodigest", "--nofiledigest", "--noverify")


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name == "rpm":
            found = [f for f in _FLAGS if cmd.has_flag(f)]
            if found:
                yield Hit(f"rpm {' '.join(found)}: the package is not verified", line=cmd.line)
