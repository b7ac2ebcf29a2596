from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG621",
    title="No authorization plugin controls the API",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P48",),
    peers={"docker-bench": ("2.12",)},
    cis=("2.12",),
    rationale="Without an authorization plugin, every client that reaches the socket may do anything (privileged containers, host mounts); a plugin (e.g. dockguard enforce) decides per request.",
    remediation='Install an authorization plugin and set "authorization-plugins": ["<name>"] in daemon.json (or --authorization-plugin).',
    examples=(
        bad("{}", lang="daemon-json"),
        good('{"authorization-plugins": ["dockguard"]}', lang="daemon-json"),
        good('{}\n$ info {"Plugins": {"Authorization": ["opa-docker-authz"]}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.info is not None and host.info.get("Plugins") is not None:
        plugins = (host.info.get("Plugins") or {}).get("Authorization") or []
        source = "docker info"
    else:
        plugins, why = config_value(host, "authorization-plugins", [])
        if why:
            yield na(why)
            return
        source = where(host, "authorization-plugins")
    if not plugins:
        yield warn("no authorization plugin", evidence=f"authorization-plugins empty ({source})")
