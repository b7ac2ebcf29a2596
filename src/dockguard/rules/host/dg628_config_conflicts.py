from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import error, warn

RULE = Rule(
    id="DG628",
    title="A daemon setting is given both as a flag and in daemon.json",
    severity=Severity.HIGH,
    kind="host",
    practices=("P44",),
    peers={},
    rationale=(
        "dockerd refuses to start when a directive is set both on its command line and in its "
        "configuration file, even to the same value: the next restart (an upgrade, a reboot) fails."
    ),
    remediation="Keep each setting in one place: remove it from the unit's ExecStart (or DOCKER_OPTS) or from daemon.json.",
    examples=(
        bad('{"icc": true}\n$ dockerd --icc=false', lang="daemon-json"),
        bad('{"hosts": ["unix:///var/run/docker.sock"]}\n$ dockerd -H fd://', lang="daemon-json"),
        good('{"icc": false}\n$ dockerd --log-level=info', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    for conflict in host.daemon.conflicts:
        key = conflict.split(":", 1)[0]
        yield warn(f"set both as a flag and in daemon.json (dockerd will not start): {conflict}", evidence=conflict, obj=key)
    for err in host.daemon.errors:
        yield error(f"daemon configuration not read: {err}", evidence=err)
