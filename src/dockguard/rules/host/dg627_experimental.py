from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG627",
    title="Experimental features are enabled",
    severity=Severity.LOW,
    kind="host",
    practices=("P45",),
    peers={"docker-bench": ("2.18",)},
    cis=("2.18",),
    rationale="Experimental features are not covered by Docker's stability and security guarantees.",
    remediation='Remove "experimental": true from daemon.json (and --experimental) on production hosts.',
    examples=(
        bad('{"experimental": true}', lang="daemon-json"),
        good("{}", lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.info is not None and "ExperimentalBuild" in host.info:
        if host.info["ExperimentalBuild"]:
            yield warn("experimental features are enabled", evidence="docker info: Experimental: true")
        return
    value, why = config_value(host, "experimental", False)
    if why:
        yield na(why)
    elif value is True:
        yield warn("experimental features are enabled", evidence=f"experimental=true ({where(host, 'experimental')})")
