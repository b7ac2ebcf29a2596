from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, shown, warn, where

RULE = Rule(
    id="DG611",
    title="Containers on the default bridge can talk to each other (icc)",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P41",),
    peers={"docker-bench": ("2.2",)},
    cis=("2.2",),
    rationale="With inter-container communication on, every container on the default bridge reaches every other one's ports: one compromised container can attack all.",
    remediation='Set "icc": false in daemon.json (or --icc=false) and connect containers that must talk through user-defined networks.',
    examples=(
        bad("{}", lang="daemon-json"),
        bad('{"icc": true}', lang="daemon-json"),
        good('{"icc": false}', lang="daemon-json"),
        good("{}\n$ dockerd --icc=false", lang="daemon-json"),
    ),
)


def _bridge_icc(host):
    for net in host.networks or []:
        if net.get("Name") == "bridge" and net.get("Driver") == "bridge":
            value = (net.get("Options") or {}).get("com.docker.network.bridge.enable_icc")
            if value is not None:
                return str(value).lower() == "true"
    return None


def check(host: Host, ctx):
    value, why = config_value(host, "icc", True)
    if why:
        value = _bridge_icc(host)
        if value is None:
            yield na(why)
            return
    if value is not False:
        yield warn("inter-container communication is on (icc defaults to true)", evidence=f"icc={shown(value)} ({where(host, 'icc')})")
