from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, swarm_na, warn

RULE = Rule(
    id="DG680",
    title="The swarm has an even or excessive number of managers",
    severity=Severity.LOW,
    kind="host",
    practices=("P48",),
    peers={"docker-bench": ("7.1",)},
    cis=("7.1",),
    rationale="Raft needs a majority of managers: an even count adds no fault tolerance (4 tolerate 1 failure, like 3), and more than 7 slows consensus; every manager holds the cluster's secrets.",
    remediation="Run 3 or 5 managers (7 at most): `docker node demote <node>` to reduce, `docker node promote` to add.",
    examples=(
        bad('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 2, "Nodes": 4}}', lang="daemon-json"),
        good('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    why = swarm_na(host)
    if why:
        yield na(why)
        return
    managers = (host.info.get("Swarm") or {}).get("Managers")
    if managers is None:
        yield na("manager count not reported (not a manager node)")
    elif managers > 7:
        yield warn(f"{managers} managers: more than 7 slows Raft without adding useful fault tolerance", evidence=f"managers={managers}")
    elif managers > 1 and managers % 2 == 0:
        yield warn(f"{managers} managers: an even count tolerates no more failures than {managers - 1}", evidence=f"managers={managers}")
