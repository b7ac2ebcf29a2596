from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG167",
    title="Package index update without an install in the same RUN",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P09",),
    peers={"trivy": ("DS-0017",), "checkov": ("CKV_DOCKER_5",), "dockle": ("CIS-DI-0007",)},
    cis=("4.7",),
    tags=("hygiene",),
    rationale=(
        "The build cache keeps a `RUN apt-get update` layer forever: later RUNs that install "
        "packages then use a stale index, installing outdated (vulnerable) versions or failing "
        "when the mirror has moved on. The update must be in the same RUN as the install or "
        "upgrade that uses it."
    ),
    remediation="Combine them: `RUN apt-get update && apt-get install -y --no-install-recommends PKG && rm -rf /var/lib/apt/lists/*`.",
    examples=(
        bad("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n"),
        good("FROM debian:12\nRUN apt-get update; apt-get install -y --no-install-recommends curl\n"),
        good("FROM alpine:3.20\nRUN apk --update add --no-cache curl\n"),
    ),
)

_USE = frozenset({"install", "add", "upgrade", "dist-upgrade", "full-upgrade", "reinstall", "in", "localinstall",
                  "groupinstall", "build-dep", "dup", "patch", "distro-sync", "source"})


def _is_update(cmd) -> bool:
    name = cmd.name
    if name in ("apt-get", "apt", "aptitude"):
        return u.apt_sub(cmd)[0] == "update"
    if name == "apk":
        return u.apk_sub(cmd)[0] == "update"
    if name in ("yum", "dnf", "microdnf", "tdnf"):
        return u.rpm_sub(cmd)[0] in ("update", "check-update", "makecache")
    if name == "zypper":
        return u.zypper_sub(cmd)[0] in ("refresh", "ref", "update", "up")
    return False


def _is_use(cmd) -> bool:
    if cmd.name in ("apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf", "tdnf", "zypper"):
        return u.manager_sub(cmd)[0] in _USE
    return False


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("RUN", "ONBUILD"):
        cmds = u.run_commands(ins)
        for i, cmd in enumerate(cmds):
            if _is_update(cmd) and not u.later_in_run(cmds, i, _is_use):
                yield Hit(f"`{cmd.name} {u.manager_sub(cmd)[0]}` without an install or upgrade after it in the same RUN",
                          line=cmd.line)
