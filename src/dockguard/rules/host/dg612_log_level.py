from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG612",
    title="The daemon's log level is not info",
    severity=Severity.LOW,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.3",)},
    cis=("2.3",),
    rationale="'debug' logs request bodies and floods the logs; 'warn', 'error' or 'fatal' drop the events an investigation needs.",
    remediation='Set "log-level": "info" in daemon.json (or remove --log-level / -l from dockerd\'s command line).',
    examples=(
        bad('{"log-level": "debug"}', lang="daemon-json"),
        bad("{}\n$ dockerd --log-level=debug", lang="daemon-json", note="the flag counts even without daemon.json"),
        good("{}", lang="daemon-json"),
        good('{"log-level": "info"}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    value, why = config_value(host, "log-level", "info")
    if why:
        if host.info is not None and host.info.get("Debug"):
            yield warn("the daemon runs in debug mode", evidence="docker info: Debug Mode: true")
        else:
            yield na(why)
        return
    if host.daemon.get("debug") is True:
        yield warn("the daemon runs in debug mode (debug: true / -D)", evidence=f"debug=true ({where(host, 'debug')})")
    elif str(value).lower() != "info":
        yield warn(f"log level is {value}", evidence=f"log-level={value} ({where(host, 'log-level')})")
