from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG615",
    title="The aufs storage driver is used",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P45",),
    peers={"docker-bench": ("2.6",)},
    cis=("2.6",),
    rationale="aufs is unmaintained, not in mainline kernels, and has known crashes and leaks; Docker removed it in 24.0.",
    remediation='Use overlay2: "storage-driver": "overlay2" (migrate images: save, switch, load).',
    examples=(
        bad('{"storage-driver": "aufs"}', lang="daemon-json"),
        good('{"storage-driver": "overlay2"}', lang="daemon-json"),
        good('{}\n$ info {"Driver": "overlay2"}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.info is not None and host.info.get("Driver"):
        driver, source = host.info["Driver"], "docker info"
    else:
        driver, why = config_value(host, "storage-driver", None)
        source = where(host, "storage-driver")
        if why:
            yield na(why)
            return
    if driver == "aufs":
        yield warn("storage driver is aufs", evidence=f"{driver} ({source})")
