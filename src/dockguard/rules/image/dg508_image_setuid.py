from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.image._common import files, obj

RULE = Rule(
    id="DG508",
    title="A setuid or setgid binary is in the image",
    severity=Severity.MEDIUM,
    kind="image",
    practices=("P08",),
    peers={"dockle": ("CIS-DI-0008",)},
    cis=("4.8",),
    rationale=(
        "A setuid/setgid file runs with its owner's rights whoever starts it: each one is a privilege "
        "escalation path for a compromised process, and few containers need any."
    ),
    remediation=(
        "Drop the bits in the Dockerfile (`RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`), or remove "
        "the binaries; run containers with `--security-opt no-new-privileges`. Allow-list the needed ones in the "
        "rule's `allow` option."
    ),
    options=(Option("allow", [], "Paths (without leading slash) whose setuid/setgid bit is accepted."),),
    examples=(
        bad("files:\n  usr/bin/su: {mode: '4755', content: x}\n", lang="image"),
        good("files:\n  usr/bin/env: {mode: '0755', content: x}\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    allow = {str(p).lstrip("/") for p in ctx.option("allow")}
    for e in files(image):
        if e.type == "file" and e.mode & 0o6000 and e.path not in allow:
            bits = " and ".join(b for b, m in (("setuid", 0o4000), ("setgid", 0o2000)) if e.mode & m)
            yield Hit(f"/{e.path} is {bits} (mode {e.mode:04o}, owner {e.uid}:{e.gid})",
                      object=obj(e.path, image, e.layer))
