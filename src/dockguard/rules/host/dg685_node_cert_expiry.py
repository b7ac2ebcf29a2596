from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import info, na, swarm_na

RULE = Rule(
    id="DG685",
    title="Swarm node certificates are rotated only every 90 days (the default)",
    severity=Severity.INFO,
    kind="host",
    practices=("P43",),
    peers={"docker-bench": ("7.7",)},
    cis=("7.7",),
    rationale="A stolen node certificate stays valid until it expires; a shorter expiry limits how long it can be used.",
    remediation="`docker swarm update --cert-expiry 720h` (or shorter, to your rotation policy).",
    examples=(
        bad('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5, "Cluster": {"Spec": {"CAConfig": {"NodeCertExpiry": 7776000000000000}}}}}', lang="daemon-json"),
        good('{}\n$ info {"Swarm": {"LocalNodeState": "active", "ControlAvailable": true, "Managers": 3, "Nodes": 5, "Cluster": {"Spec": {"CAConfig": {"NodeCertExpiry": 2592000000000000}}}}}', lang="daemon-json"),
    ),
)

DEFAULT_NS = 90 * 24 * 3600 * 10**9


def check(host: Host, ctx):
    why = swarm_na(host)
    if why:
        yield na(why)
        return
    spec = ((host.info.get("Swarm") or {}).get("Cluster") or {}).get("Spec") or {}
    expiry = (spec.get("CAConfig") or {}).get("NodeCertExpiry")
    if expiry is None:
        yield na("certificate expiry not reported (not a manager node)")
    elif expiry >= DEFAULT_NS:
        days = expiry // (24 * 3600 * 10**9)
        yield info(f"node certificates expire after {days} days (the default): consider a shorter rotation", evidence=f"NodeCertExpiry={days}d")
