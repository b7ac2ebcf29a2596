from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import info, na

RULE = Rule(
    id="DG670",
    title="Image sprawl: many images are not used by any container",
    severity=Severity.INFO,
    kind="host",
    practices=("P48",),
    peers={"docker-bench": ("6.1",)},
    cis=("6.1",),
    rationale="Unused images keep old, vulnerable software on the host, ready to be started, and fill the data root.",
    remediation="Remove unused images regularly: `docker image prune -a` (review first with `docker images`).",
    examples=(
        bad('{}\n$ info {"Images": 10, "Containers": 1}\n$ host {"unused_images": 8}', lang="daemon-json"),
        good('{}\n$ info {"Images": 2, "Containers": 2}\n$ host {"unused_images": 0}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.info is None:
        yield na("offline: needs a running daemon")
        return
    total = host.info.get("Images") or 0
    unused = host.unused_images or 0
    if total and unused:
        used = total - unused
        yield info(f"{used} of {total} images are used by a container; {unused} unused", evidence=f"images={total}, unused={unused}")
