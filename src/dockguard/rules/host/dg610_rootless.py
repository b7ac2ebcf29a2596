from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import info, na

RULE = Rule(
    id="DG610",
    title="The daemon runs as root (not rootless)",
    severity=Severity.INFO,
    kind="host",
    practices=("P40",),
    peers={"docker-bench": ("2.1",)},
    cis=("2.1",),
    rationale="A rootless daemon (and its containers) runs as an unprivileged user: a container escape lands in that user, not root.",
    remediation="Where the workload allows it, run Docker in rootless mode (dockerd-rootless-setuptool.sh install) or at least enable userns-remap.",
    examples=(
        bad('{}\n$ info {"SecurityOptions": ["name=seccomp,profile=builtin"]}', lang="daemon-json"),
        good('{}\n$ info {"SecurityOptions": ["name=seccomp,profile=builtin", "name=rootless"]}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    rootless = host.rootless
    if rootless is None:
        yield na("offline: rootless mode is read from docker info")
    elif not rootless:
        yield info("the daemon runs as root (rootless mode not used)", evidence=", ".join(host.security_options) or None)
