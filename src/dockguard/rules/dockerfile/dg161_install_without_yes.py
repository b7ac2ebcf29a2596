from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG161",
    title="Package install without -y (waits for a confirmation)",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3014", "DL3030", "DL3034", "DL3038"), "trivy": ("DS-0021",)},
    fixable=True,
    tags=("hygiene",),
    rationale=(
        "A build has no terminal: without `-y` apt-get, yum, dnf and zypper ask for confirmation, "
        "read end-of-file and abort (or, with some versions, proceed unpredictably). "
        "`-qq`, `--assume-yes`, `-o APT::Get::Assume-Yes=true` and zypper's global `-n` count."
    ),
    remediation="Add `-y` (`apt-get install -y …`, `dnf install -y …`, `zypper install -y …` or `zypper -n install …`).",
    examples=(
        bad("FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl\n"),
        bad("FROM fedora:40\nRUN dnf install nginx && dnf clean all\n"),
        good("FROM debian:12\nRUN apt-get update && apt-get install -qy --no-install-recommends curl\n"),
        good("FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean\n"),
    ),
)

_APT_SUBS = frozenset({"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep"})
_RPM_SUBS = frozenset({"install", "localinstall", "groupinstall", "reinstall", "update", "upgrade", "remove", "erase", "distro-sync"})
_ZYPPER_SUBS = frozenset({"install", "in", "update", "up", "patch", "remove", "rm", "dist-upgrade", "dup"})


def _sub(cmd) -> str | None:
    if cmd.name in ("apt-get", "apt"):
        sub = u.apt_sub(cmd)[0]
        return sub if sub in _APT_SUBS else None
    if cmd.name in ("yum", "dnf", "tdnf"):
        sub = u.rpm_sub(cmd)[0]
        return sub if sub in _RPM_SUBS else None
    if cmd.name == "zypper":
        sub = u.zypper_sub(cmd)[0]
        return sub if sub in _ZYPPER_SUBS else None
    return None


def _answered(cmd) -> bool:
    if cmd.has_flag("-y", "--yes", "--assume-yes", "--assumeyes", "--no-confirm", "-n", "--non-interactive"):
        if cmd.name != "zypper" and cmd.has_flag("-n") and not cmd.has_flag("-y", "--yes", "--assume-yes", "--assumeyes"):
            return False  # -n is "no" / dry run outside zypper
        return True
    if cmd.name in ("apt-get", "apt"):
        if any(w in ("-qq", "-q=2", "--quiet=2") for w in cmd.args):
            return True
        value = cmd.flag_value("-o", "--option") or ""
        if "assume-yes" in value.lower() and value.lower().endswith(("=true", "=1", "=yes")):
            return True
    return False


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        sub = _sub(cmd)
        if sub is None or _answered(cmd):
            continue
        same = lambda c, s=sub, n=cmd.name: c.name == n and _sub(c) == s  # noqa: E731
        fix = u.command_fix(df, ins, cmd, same, u.sub_pattern((cmd.name,), (sub,)), " -y", "add -y")
        yield Hit(f"{cmd.name} {sub} without -y", line=cmd.line, fix=fix, evidence=cmd.text or None)
