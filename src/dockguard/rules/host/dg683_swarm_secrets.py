from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import info, na, swarm_na

RULE = Rule(
    id="DG683",
    title="Swarm secrets are not used",
    severity=Severity.INFO,
    kind="host",
    practices=("P43",),
    peers={"docker-bench": ("7.4",)},
    cis=("7.4",),
    rationale="Services that get credentials from environment variables or images expose them in inspect output and layers; swarm secrets are encrypted at rest and mounted in memory.",
    remediation="Store credentials with `docker secret create` and give them to services with `--secret`.",
    examples=(
        bad('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5}}\n$ host {"secrets_count": 0}', lang="daemon-json"),
        good('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5}}\n$ host {"secrets_count": 3}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    why = swarm_na(host)
    if why:
        yield na(why)
        return
    if host.secrets_count is None:
        yield na("secrets are listed only on a manager node")
    elif host.secrets_count == 0:
        yield info("no swarm secret exists: check how services get their credentials", evidence="secrets=0")
