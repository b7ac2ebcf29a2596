from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import obj

RULE = Rule(
    id="DG511",
    title="An SSH daemon is installed in the image",
    severity=Severity.MEDIUM,
    kind="image",
    practices=("P08", "P10"),
    peers={"docker-bench": ("5.6",)},
    cis=("5.6",),
    rationale="An SSH server in a container is another login surface with its own keys and passwords to manage and audit.",
    remediation="Remove openssh-server/dropbear from the image; use `docker exec` for access.",
    examples=(
        bad("files:\n  usr/sbin/sshd: {mode: '0755', content: x}\n", lang="image"),
        good("files:\n  usr/bin/ssh-keygen: {mode: '0755', content: x}\n", lang="image"),
    ),
)

PATHS = ("usr/sbin/sshd", "sbin/sshd", "usr/bin/sshd", "usr/sbin/dropbear", "usr/bin/dropbear", "usr/local/sbin/sshd")


def check(image: Image, ctx):
    if image.files is None:
        return
    for p in PATHS:
        e = image.files.get(p)
        if e is not None and e.type in ("file", "symlink", "hardlink"):
            yield Hit(f"/{p} is installed", object=obj(p, image, e.layer))
