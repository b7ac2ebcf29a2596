from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, shown, warn, where

RULE = Rule(
    id="DG623",
    title="Containers may gain new privileges by default (no-new-privileges off)",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.14",)},
    cis=("2.14",),
    rationale="Without no-new-privileges, a process in a container can gain privileges through setuid/setgid binaries or file capabilities.",
    remediation='Set "no-new-privileges": true in daemon.json (or --no-new-privileges); containers that need setuid opt out explicitly.',
    examples=(
        bad("{}", lang="daemon-json"),
        good('{"no-new-privileges": true}', lang="daemon-json"),
        good("{}\n$ dockerd --no-new-privileges", lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    value, why = config_value(host, "no-new-privileges", False)
    if why:
        yield na(why)
    elif value is not True:
        yield warn("no-new-privileges is not the daemon default", evidence=f"no-new-privileges={shown(value)} ({where(host, 'no-new-privileges')})")
