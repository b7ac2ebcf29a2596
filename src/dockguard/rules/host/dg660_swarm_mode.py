from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, warn

RULE = Rule(
    id="DG660",
    title="Swarm mode is enabled",
    severity=Severity.LOW,
    kind="host",
    practices=("P48",),
    peers={"docker-bench": ("5.1",)},
    cis=("5.1",),
    rationale="Swarm mode opens the cluster ports (2377, 7946, 4789) and makes the node accept tasks from the managers; a host that does not need it should not have it.",
    remediation="If this host needs no swarm: `docker swarm leave` (`--force` on the last manager).",
    examples=(
        bad('{}\n$ info {"Swarm": {"LocalNodeState": "active"}}', lang="daemon-json"),
        good('{}\n$ info {"Swarm": {"LocalNodeState": "inactive"}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    state = host.swarm_state
    if state is None:
        yield na("offline: swarm state is read from docker info")
    elif host.swarm_active:
        yield warn(f"swarm mode is {state} (disable it if this host does not need it)", evidence=f"Swarm: {state}")
