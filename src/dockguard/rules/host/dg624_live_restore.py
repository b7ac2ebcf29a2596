from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, shown, warn, where

RULE = Rule(
    id="DG624",
    title="Live restore is off",
    severity=Severity.LOW,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.15",)},
    cis=("2.15",),
    rationale="With live-restore, containers keep running while dockerd restarts or is upgraded: patching the daemon does not mean downtime, so it is not put off.",
    remediation='Set "live-restore": true in daemon.json (or --live-restore). Not available in swarm mode.',
    examples=(
        bad("{}", lang="daemon-json"),
        good('{"live-restore": true}', lang="daemon-json"),
        good('{}\n$ info {"LiveRestoreEnabled": true}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.swarm_active:
        yield na("swarm mode is active: live-restore is incompatible with swarm", evidence="Swarm: active")
        return
    if host.info is not None and "LiveRestoreEnabled" in host.info:
        if not host.info["LiveRestoreEnabled"]:
            yield warn("live restore is off", evidence="docker info: Live Restore Enabled: false")
        return
    value, why = config_value(host, "live-restore", False)
    if why:
        yield na(why)
    elif value is not True:
        yield warn("live restore is off", evidence=f"live-restore={shown(value)} ({where(host, 'live-restore')})")
