from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, swarm_na, warn

RULE = Rule(
    id="DG681",
    title="The swarm management port listens on every interface",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P42",),
    peers={"docker-bench": ("7.2",)},
    cis=("7.2",),
    rationale="Port 2377 (cluster management) on all interfaces exposes the Raft and join API to every network the host is on.",
    remediation="Re-initialise or re-join with `--listen-addr <management-ip>:2377` (and `--advertise-addr`) on a dedicated interface.",
    examples=(
        bad('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5}}\n$ host {"swarm_listen": ["0.0.0.0:2377"]}', lang="daemon-json"),
        good('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5}}\n$ host {"swarm_listen": ["10.0.0.1:2377"]}', lang="daemon-json"),
    ),
)

WILDCARDS = ("0.0.0.0:", "[::]:", "*:")


def check(host: Host, ctx):
    why = swarm_na(host)
    if why:
        yield na(why)
        return
    if host.swarm_listen is None:
        yield na(host.skipped.get("host files", "local listeners not readable (remote daemon)"))
        return
    wild = [a for a in host.swarm_listen if a.startswith(WILDCARDS)]
    if wild:
        yield warn(f"swarm port listens on all interfaces: {', '.join(wild)}", evidence=", ".join(host.swarm_listen))
