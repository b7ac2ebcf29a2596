from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, warn

RULE = Rule(
    id="DG600",
    title="Docker's data root is not on its own partition",
    severity=Severity.LOW,
    kind="host",
    practices=("P48",),
    peers={"docker-bench": ("1.1.1",)},
    cis=("1.1.1",),
    rationale=(
        "Images, containers and volumes live in the data root. On the root filesystem, a container "
        "that fills its writable layer or a volume fills the host's / and takes the host down with it."
    ),
    remediation=(
        "Mount a dedicated filesystem (LVM volume, disk) at the data root (`data-root` in daemon.json, "
        "default /var/lib/docker) before starting dockerd."
    ),
    examples=(
        bad('{}\n$ host {"mounts": ["/", "/proc", "/var/lib/docker/overlay2/abc/merged"]}', lang="daemon-json"),
        good('{}\n$ host {"mounts": ["/", "/proc", "/var/lib/docker"]}', lang="daemon-json"),
        good('{"data-root": "/srv/docker"}\n$ host {"mounts": ["/", "/srv"]}', lang="daemon-json", note="a parent partition counts"),
    ),
)


def data_root(host: Host) -> str:
    root = (host.info or {}).get("DockerRootDir") or host.setting("data-root") or "/var/lib/docker"
    root = root.rstrip("/") or "/"
    # with userns-remap the daemon reports <data-root>/<uid>.<gid>
    last = root.rsplit("/", 1)[-1]
    if host.userns and "." in last and last.replace(".", "").isdigit():
        root = root.rsplit("/", 1)[0] or "/"
    return root


def check(host: Host, ctx):
    if host.mounts is None:
        yield na(host.skipped.get("mounts", "mount points not readable"))
        return
    root = data_root(host)
    holder = "/"
    for mp in host.mounts:
        mp = mp.rstrip("/") or "/"
        if (root == mp or root.startswith(mp + "/")) and len(mp) > len(holder):
            holder = mp
    if holder == "/":
        yield warn(f"data root {root} is on the root filesystem", evidence=f"data root {root}, mounted under /", obj=root)
