from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, shown, warn, where

RULE = Rule(
    id="DG625",
    title="The userland proxy is on",
    severity=Severity.LOW,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.16",)},
    cis=("2.16",),
    rationale="docker-proxy runs a process per published port and widens the attack surface; hairpin NAT through iptables does the same job.",
    remediation='Set "userland-proxy": false in daemon.json (or --userland-proxy=false).',
    examples=(
        bad("{}", lang="daemon-json", note="on by default"),
        good('{"userland-proxy": false}', lang="daemon-json"),
        good("{}\n$ dockerd --userland-proxy=false", lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    value, why = config_value(host, "userland-proxy", True)
    if why:
        yield na(why)
    elif value is not False:
        yield warn("the userland proxy is on", evidence=f"userland-proxy={shown(value)} ({where(host, 'userland-proxy')})")
