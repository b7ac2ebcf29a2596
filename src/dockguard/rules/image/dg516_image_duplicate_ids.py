from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import obj, read

RULE = Rule(
    id="DG516",
    title="Two users or groups share an ID",
    severity=Severity.MEDIUM,
    kind="image",
    practices=("P04",),
    peers={"dockle": ("DKL-LI-0002",)},
    rationale="Accounts that share a UID (or groups a GID) are the same identity to the kernel: a second name for root is a hidden root account.",
    remediation="Give every user and group its own ID (edit the useradd/groupadd lines of the Dockerfile).",
    examples=(
        bad('files:\n  etc/passwd: "root:x:0:0::/root:/bin/sh\\ntoor:x:0:0::/root:/bin/sh\\n"\n', lang="image"),
        good('files:\n  etc/passwd: "root:x:0:0::/root:/bin/sh\\napp:x:10001:10001::/app:/bin/false\\n"\n', lang="image"),
    ),
)


def check(image: Image, ctx):
    data = read(image, ["etc/passwd", "etc/group"])
    for path, what in (("etc/passwd", "UID"), ("etc/group", "GID")):
        raw = data.get(path)
        if raw is None:
            continue
        seen: dict[str, tuple[str, int]] = {}
        for n, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
            parts = line.split(":")
            if len(parts) < 3 or line.startswith(("#", "+", "-")) or not parts[2].isdigit():
                continue
            name, ident = parts[0], parts[2]
            if ident in seen and seen[ident][0] != name:
                yield Hit(f"{what} {ident} is shared by {seen[ident][0]} and {name} in /{path}",
                          object=obj(path, image, line=n))
            else:
                seen.setdefault(ident, (name, n))
