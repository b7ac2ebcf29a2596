from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG164",
    title="yum / dnf / microdnf / zypper cache left in the image",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P07",),
    peers={
        "hadolint": ("DL3032", "DL3040", "DL3036"),
        "trivy": ("DS-0015", "DS-0019", "DS-0027", "DS-0020"),
    },
    tags=("hygiene", "rpm"),
    rationale=(
        "yum, dnf and microdnf keep repository metadata (and zypper its package cache) under "
        "/var/cache; unless the same RUN cleans it after the last install, it ships in the layer. "
        "A clean before the install does not help."
    ),
    remediation="End the RUN with `&& yum clean all` / `dnf clean all` / `microdnf clean all` / `zypper clean --all` (or `rm -rf /var/cache/dnf`), or use a `--mount=type=cache` for the cache directory.",
    examples=(
        bad("FROM rockylinux:9\nRUN dnf install -y nginx\n"),
        bad("FROM opensuse/leap:15.6\nRUN zypper -n install curl\n"),
        good("FROM rockylinux:9\nRUN dnf install -y nginx && dnf clean all\n"),
        good("FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper cc -a\n"),
    ),
)

_CACHES = {
    "yum": ("/var/cache/yum",),
    "dnf": ("/var/cache/dnf", "/var/cache/libdnf5"),
    "microdnf": ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"),
    "tdnf": ("/var/cache/tdnf",),
    "zypper": ("/var/cache/zypp",),
}
_RPM_WRITE = frozenset({"install", "localinstall", "groupinstall", "reinstall", "update", "upgrade", "distro-sync", "in"})
_ZYPPER_WRITE = frozenset({"install", "in", "patch", "remove", "rm", "update", "up", "dist-upgrade", "dup"})


def _writes(cmd) -> bool:
    if cmd.name in ("yum", "dnf", "microdnf", "tdnf"):
        return u.rpm_sub(cmd)[0] in _RPM_WRITE
    if cmd.name == "zypper":
        return u.zypper_sub(cmd)[0] in _ZYPPER_WRITE
    return False


def _cleans(name: str):
    paths = _CACHES[name]

    def pred(cmd) -> bool:
        if cmd.name == name or (name in ("yum", "dnf") and cmd.name in ("yum", "dnf")):
            sub, pos = u.zypper_sub(cmd) if cmd.name == "zypper" else u.rpm_sub(cmd)
            if cmd.name == "zypper":
                return sub in ("clean", "cc")
            return sub == "clean" and ("all" in pos or (cmd.name == "microdnf" and not pos))
        if cmd.name == "rm":
            return any(a.rstrip("/*").startswith(p) or p.startswith(a.rstrip("/*") + "/") and a.rstrip("/*") not in ("", "/")
                       for a in cmd.args for p in paths)
        return False

    return pred


def check(df: Dockerfile, ctx):
    for stage in u.shipped_stages(df, ctx):
        for ins in stage.instructions:
            if ins.keyword != "RUN":
                continue
            cmds = u.run_commands(ins)
            reported: set[str] = set()
            for i, cmd in enumerate(cmds):
                if not _writes(cmd) or cmd.name in reported:
                    continue
                if u.has_cache_mount(ins, *_CACHES[cmd.name]):
                    continue
                if u.later_in_run(cmds, i, _cleans(cmd.name)):
                    continue
                reported.add(cmd.name)
                clean = "zypper clean --all" if cmd.name == "zypper" else f"{cmd.name} clean all"
                yield Hit(f"{cmd.name} {u.manager_sub(cmd)[0]} without `{clean}` after it in the same RUN", line=cmd.line)
