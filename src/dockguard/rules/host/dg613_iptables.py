from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG613",
    title="Docker may not manage iptables",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P41",),
    peers={"docker-bench": ("2.4",)},
    cis=("2.4",),
    rationale="With iptables off, Docker cannot isolate networks or apply icc=false: the firewall must then be kept in step with every container by hand.",
    remediation='Remove "iptables": false from daemon.json (or --iptables=false from dockerd\'s command line).',
    examples=(
        bad('{"iptables": false}', lang="daemon-json"),
        bad("{}\n$ dockerd --iptables=false", lang="daemon-json"),
        good("{}", lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    value, why = config_value(host, "iptables", True)
    if why:
        yield na(why)
    elif value is False:
        yield warn("iptables management is off", evidence=f"iptables=false ({where(host, 'iptables')})")
