from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG620",
    title="The devicemapper base device size is changed",
    severity=Severity.LOW,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.11",)},
    cis=("2.11",),
    rationale="A larger dm.basesize lets every container's root filesystem grow larger and can exhaust the thin pool.",
    remediation='Remove "dm.basesize" from "storage-opts" (and --storage-opt dm.basesize=…) unless needed.',
    examples=(
        bad('{"storage-driver": "devicemapper", "storage-opts": ["dm.basesize=50G"]}', lang="daemon-json"),
        good('{"storage-driver": "devicemapper"}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    opts, why = config_value(host, "storage-opts", [])
    if why:
        yield na(why)
        return
    driver = (host.info or {}).get("Driver") or host.daemon.get("storage-driver")
    sized = [o for o in opts or [] if str(o).replace(" ", "").lower().startswith("dm.basesize=")]
    if sized:
        yield warn(f"base device size changed: {', '.join(sized)}", evidence=f"storage-opts {', '.join(sized)} ({where(host, 'storage-opts')})")
    elif driver and driver != "devicemapper":
        yield na(f"storage driver {driver} is not devicemapper", evidence=driver)
