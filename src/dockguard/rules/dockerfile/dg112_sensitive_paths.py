from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import split_words

RULE = Rule(
    id="DG112",
    title="VOLUME or WORKDIR on a system directory",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P24",),
    peers={"trivy": ("DS-0030",), "dockle": ("DKL-DI-0002",)},
    rationale=(
        "`VOLUME /proc`, `/sys` or `/dev` declares a mount over the kernel's interfaces, and a "
        "VOLUME over `/etc`, `/usr`, `/lib` or `/boot` hides the image's own files behind a volume "
        "(and invites binding host directories there). A WORKDIR under `/proc`, `/sys`, `/dev` or "
        "`/boot` makes the application write into kernel or boot interfaces."
    ),
    remediation="Use an application directory such as `/app` or `/data` for WORKDIR and VOLUME.",
    examples=(
        bad("FROM alpine:3.20\nVOLUME /proc\n"),
        bad("FROM alpine:3.20\nWORKDIR /proc/self/fd/1\n"),
        good("FROM alpine:3.20\nWORKDIR /development\nVOLUME /data\n"),
    ),
)

_KERNEL = ("/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found")
_SYSTEM = ("/etc", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/var/lib/docker", "/run/docker.sock", "/var/run/docker.sock")


def _under(path: str, roots: tuple[str, ...]) -> str | None:
    norm = "/" + "/".join(p for p in path.split("/") if p and p != ".")
    for root in roots:
        if norm == root or norm.startswith(root + "/"):
            return root
    return None


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("VOLUME", "WORKDIR"):
        paths = list(ins.args) if ins.args else split_words(ins.value)
        if ins.keyword == "WORKDIR":
            paths = paths[:1]
        for path in paths:
            path = path.strip().strip("'\"")
            if not path.startswith("/") or "$" in path:
                continue
            root = _under(path, _KERNEL)
            if root:
                yield Hit(f"{ins.keyword} {path}: {root} is a kernel/system interface", line=ins.line)
            elif ins.keyword == "VOLUME":
                root = _under(path, _SYSTEM) or ("/" if path.rstrip("/") == "" else None)
                if root:
                    yield Hit(f"VOLUME {path}: a volume over the system directory {root}", line=ins.line, severity=Severity.LOW)
