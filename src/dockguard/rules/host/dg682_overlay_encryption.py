from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, swarm_na, warn

RULE = Rule(
    id="DG682",
    title="Swarm overlay networks are not encrypted",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P41",),
    peers={"docker-bench": ("7.3",)},
    cis=("7.3",),
    rationale="Overlay traffic between nodes is plain VXLAN unless encrypted: anyone on the underlay network reads container traffic.",
    remediation="Create overlay networks with `--opt encrypted` (IPsec between nodes); recreate existing ones, including ingress if it carries sensitive traffic.",
    examples=(
        bad('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5}}\n$ host {"networks": [{"Name": "app", "Driver": "overlay", "Options": {}}]}', lang="daemon-json"),
        good('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5}}\n$ host {"networks": [{"Name": "app", "Driver": "overlay", "Options": {"encrypted": ""}}]}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    why = swarm_na(host)
    if why:
        yield na(why)
        return
    if host.networks is None:
        yield na("networks not listed")
        return
    plain = [n.get("Name") for n in host.networks if n.get("Driver") == "overlay" and "encrypted" not in (n.get("Options") or {})]
    if plain:
        yield warn(f"unencrypted overlay networks: {', '.join(plain)}", evidence=", ".join(plain))
