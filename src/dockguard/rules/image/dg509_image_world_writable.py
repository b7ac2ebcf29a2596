from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import files, obj

RULE = Rule(
    id="DG509",
    title="A world-writable file or directory without the sticky bit",
    severity=Severity.MEDIUM,
    kind="image",
    practices=("P08",),
    rationale=(
        "Any user in the container can replace a world-writable file, or files in a world-writable directory "
        "without the sticky bit: a way to plant code that another user (often root) runs."
    ),
    remediation="`chmod o-w` the path in the Dockerfile; shared scratch directories need the sticky bit (`chmod 1777`).",
    examples=(
        bad("files:\n  app/run.sh: {mode: '0777', content: x}\n", lang="image"),
        bad("files:\n  data: {type: dir, mode: '0777'}\n", lang="image"),
        good("files:\n  tmp: {type: dir, mode: '1777'}\n  app/run.sh: {mode: '0755', content: x}\n", lang="image"),
    ),
)

_SKIP = ("proc/", "sys/", "dev/")


def check(image: Image, ctx):
    count = 0
    for e in files(image):
        if e.type not in ("file", "dir") or not e.mode & 0o002 or e.path.startswith(_SKIP):
            continue
        if e.type == "dir" and e.mode & 0o1000:
            continue
        count += 1
        if count <= 50:
            what = "directory without the sticky bit" if e.type == "dir" else "file"
            yield Hit(f"/{e.path} is a world-writable {what} (mode {e.mode:04o})", object=obj(e.path, image, e.layer))
    if count > 50:
        yield Hit(f"{count - 50} more world-writable paths", object=image.reference)
