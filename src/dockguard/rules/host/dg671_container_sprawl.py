from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import info, na

RULE = Rule(
    id="DG671",
    title="Container sprawl: many stopped containers",
    severity=Severity.INFO,
    kind="host",
    practices=("P48",),
    peers={"docker-bench": ("6.2",)},
    cis=("6.2",),
    rationale="Stopped containers keep their writable layers (with whatever secrets or logs they hold) and can be restarted unnoticed.",
    remediation="Remove containers that are not needed: `docker container prune`; run short-lived ones with --rm.",
    options=(),
    examples=(
        bad('{}\n$ info {"Containers": 40, "ContainersRunning": 5, "ContainersStopped": 35}', lang="daemon-json"),
        good('{}\n$ info {"Containers": 5, "ContainersRunning": 5, "ContainersStopped": 0}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.info is None:
        yield na("offline: needs a running daemon")
        return
    total = host.info.get("Containers") or 0
    running = host.info.get("ContainersRunning") or 0
    idle = total - running
    if idle > 0:
        yield info(f"{running} of {total} containers are running; {idle} are not", evidence=f"containers={total}, running={running}")
