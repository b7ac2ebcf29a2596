import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import SIG_RATIONALE
from dockguard.rules.dockerfile._util import written_config

RULE = Rule(
    id="DG127",
    title="yum/dnf/zypper install packages without GPG checks",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_9",)},
    rationale=(
        "`--nogpgcheck`, `--setopt=gpgcheck=0`, `gpgcheck=0` in a .repo file and zypper's "
        "`--no-gpg-checks` install packages without verifying their signatures. " + SIG_RATIONALE
    ),
    remediation="Remove the option; import the repository key (`rpm --import key.asc`) and keep `gpgcheck=1`.",
    examples=(
        bad("FROM fedora:40\nRUN dnf install -y --nogpgcheck python3\n"),
        good("FROM fedora:40\nRUN dnf install -y python3 && dnf clean all\n"),
    ),
)

_TOOLS = frozenset({"yum", "dnf", "tdnf", "microdnf", "yum-config-manager", "dnf-config-manager", "zypper"})
_GPGOFF = re.compile(r"^(?:[\w\-.*\\]+\.)?(?:repo_)?gpgcheck=['\"]?(0|false|no|off)", re.I)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name in _TOOLS:
            if cmd.has_flag("--nogpgcheck", "--no-gpg-checks", "--no-gpgcheck"):
                yield Hit(f"{cmd.name} without GPG checks: {cmd.text}", line=cmd.line)
                continue
            for word in cmd.args:
                if word.startswith("--setopt=") and _GPGOFF.match(word.split("=", 1)[1].replace('"', "").replace("'", "")):
                    yield Hit(f"{cmd.name} {word}: packages are not verified", line=cmd.line)
                    break
        written = written_config(cmd)
        if written:
            text, target = written
            if target.endswith((".repo", "yum.conf", "dnf.conf", "zypp.conf")) and re.search(r"(?:^|\s)(?:repo_)?gpgcheck\s*=\s*(0|false|no)", text, re.I):
                yield Hit(f"gpgcheck=0 written to {target}: packages are not verified", line=cmd.line)
