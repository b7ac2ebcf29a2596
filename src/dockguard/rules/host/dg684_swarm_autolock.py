from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, swarm_na, warn

RULE = Rule(
    id="DG684",
    title="Swarm manager auto-lock is off",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P43",),
    peers={"docker-bench": ("7.5",)},
    cis=("7.5",),
    rationale="Without auto-lock, the keys that decrypt the Raft log (with every secret) sit on the manager's disk: a stolen disk or backup gives all secrets.",
    remediation="`docker swarm update --autolock=true` and keep the unlock key in a password manager; managers then need `docker swarm unlock` after a restart.",
    examples=(
        bad('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5, "Cluster": {"Spec": {"EncryptionConfig": {"AutoLockManagers": false}}}}}', lang="daemon-json"),
        good('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5, "Cluster": {"Spec": {"EncryptionConfig": {"AutoLockManagers": true}}}}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    why = swarm_na(host)
    if why:
        yield na(why)
        return
    swarm = host.info.get("Swarm") or {}
    if not swarm.get("ControlAvailable"):
        yield na("not a manager node")
        return
    spec = (swarm.get("Cluster") or {}).get("Spec") or {}
    if not (spec.get("EncryptionConfig") or {}).get("AutoLockManagers"):
        yield warn("manager auto-lock is off", evidence="EncryptionConfig.AutoLockManagers=false")
