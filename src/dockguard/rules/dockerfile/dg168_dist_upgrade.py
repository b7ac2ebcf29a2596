from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG168",
    title="dist-upgrade in a Dockerfile",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P02",),
    peers={"hadolint": ("DL3035",), "trivy": ("DS-0024",), "dockle": ("DKL-DI-0003",)},
    options=(Option("include_upgrade", False, "also report plain `upgrade` (apt, apk, yum, dnf, zypper update)"),),
    tags=("hygiene",),
    rationale=(
        "`dist-upgrade` / `full-upgrade` / `zypper dup` may add and remove packages and move the "
        "image across distribution releases behind the base image's back; rebuild on a newer base "
        "image instead. A plain `upgrade` (security updates on top of the base) is a reasonable "
        "practice and is reported only with `include_upgrade: true`."
    ),
    remediation="Use a newer base image tag (or digest) instead; if you must update packages, `apt-get upgrade -y` only applies updates within the release.",
    examples=(
        bad("FROM debian:12\nRUN apt-get update && apt-get -y dist-upgrade\n"),
        good("FROM debian:12\nRUN apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*\n"),
    ),
)

_DIST = frozenset({"dist-upgrade", "full-upgrade", "dup"})
_PLAIN = {"apt-get": {"upgrade"}, "apt": {"upgrade"}, "apk": {"upgrade"}, "yum": {"update", "upgrade"},
          "dnf": {"update", "upgrade"}, "microdnf": {"update", "upgrade"}, "zypper": {"update", "up"}}


def check(df: Dockerfile, ctx):
    plain = bool(ctx.options.get("include_upgrade"))
    for _ins, cmd in df.iter_commands():
        if cmd.name not in ("apt-get", "apt", "aptitude", "zypper", "apk", "yum", "dnf", "microdnf"):
            continue
        sub = u.manager_sub(cmd)[0]
        if sub in _DIST and cmd.name != "apk":
            yield Hit(f"`{cmd.name} {sub}` upgrades the distribution inside the image", line=cmd.line)
        elif plain and sub in _PLAIN.get(cmd.name, ()):
            if cmd.name in ("yum", "dnf", "microdnf") and u.rpm_sub(cmd)[1]:
                continue  # `yum update PKG` updates named packages only
            yield Hit(f"`{cmd.name} {sub}` upgrades every package of the base image", line=cmd.line)
