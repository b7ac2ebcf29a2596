from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG501",
    title="The image runs as root",
    severity=Severity.HIGH,
    kind="image",
    practices=("P04",),
    peers={"dockle": ("CIS-DI-0001",), "trivy": ("DS-0002",)},
    cis=("4.1",),
    rationale=(
        "A container whose image sets no user (or root) runs as root unless every runtime overrides it; a "
        "process escape then starts with root's rights on the kernel and any mounted path."
    ),
    remediation="Create a user in the image and end the Dockerfile with `USER 10001` (a numeric, non-zero UID).",
    examples=(
        bad("config: {User: ''}\nfiles: {etc/passwd: 'root:x:0:0::/root:/bin/sh\\n'}\n", lang="image"),
        bad("config: {User: 'root:root'}\nfiles: {}\n", lang="image"),
        good("config: {User: '10001'}\nfiles: {}\n", lang="image"),
    ),
)

_ROOT = {"", "root", "0"}


def check(image: Image, ctx):
    user = (image.user or "").strip()
    name = user.split(":", 1)[0]
    if name in _ROOT:
        what = "no user is set (runs as root)" if not user else f"the user is {user!r} (root)"
        yield Hit(f"Config.User: {what}", object=image.reference, evidence=user or None)
