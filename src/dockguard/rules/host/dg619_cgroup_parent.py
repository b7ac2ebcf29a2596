from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG619",
    title="The daemon's default cgroup parent is changed",
    severity=Severity.LOW,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.10",)},
    cis=("2.10",),
    rationale="Containers are put under the default cgroup (docker/ or system.slice) unless told otherwise; a changed parent may place them under limits (or none) that were not meant for them.",
    remediation='Remove "cgroup-parent" from daemon.json (and --cgroup-parent) unless a reviewed cgroup is intended.',
    examples=(
        bad('{"cgroup-parent": "/foo"}', lang="daemon-json", note="docker-bench misses the daemon.json key"),
        bad("{}\n$ dockerd --cgroup-parent=/foo", lang="daemon-json"),
        good("{}", lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    value, why = config_value(host, "cgroup-parent", None)
    if why:
        yield na(why)
    elif value:
        yield warn(f"default cgroup parent set to {value}", evidence=f"cgroup-parent={value} ({where(host, 'cgroup-parent')})")
