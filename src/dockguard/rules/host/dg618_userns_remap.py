from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn

RULE = Rule(
    id="DG618",
    title="User namespace remapping is off",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P40",),
    peers={"docker-bench": ("2.9",)},
    cis=("2.9",),
    rationale="Without userns-remap, root in a container is root on the host: any escape (runc CVE-2019-5736, CVE-2024-21626) gives full host root.",
    remediation='Set "userns-remap": "default" in daemon.json (Docker creates the dockremap user and /etc/subuid ranges), or run Docker rootless.',
    examples=(
        bad("{}", lang="daemon-json"),
        good('{"userns-remap": "default"}', lang="daemon-json"),
        good("{}\n$ dockerd --userns-remap=default", lang="daemon-json"),
        good('{}\n$ info {"SecurityOptions": ["name=rootless"]}', lang="daemon-json", note="rootless mode counts"),
    ),
)


def check(host: Host, ctx):
    if host.rootless:
        return
    if host.info is not None:
        if not host.userns:
            yield warn("user namespace remapping is off", evidence="docker info SecurityOptions: no name=userns")
        return
    value, why = config_value(host, "userns-remap", None)
    if why:
        yield na(why)
    elif not value:
        yield warn("user namespace remapping is off", evidence="userns-remap unset")
