from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, info, na

RULE = Rule(
    id="DG617",
    title="No default ulimits for containers",
    severity=Severity.LOW,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.8",)},
    cis=("2.8",),
    rationale="Daemon-wide default ulimits (nofile, nproc) cap what a container gets when its run command sets none.",
    remediation='Set "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 64000, "Hard": 64000}} in daemon.json (or --default-ulimit nofile=64000:64000).',
    examples=(
        bad("{}", lang="daemon-json"),
        good('{"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}}', lang="daemon-json"),
        good("{}\n$ dockerd --default-ulimit nofile=1024:2048", lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    value, why = config_value(host, "default-ulimits", None)
    if why:
        yield na(why)
    elif not value:
        yield info("no default-ulimits: containers inherit dockerd's limits unless they set their own", evidence="default-ulimits unset")
