from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import obj, read

RULE = Rule(
    id="DG515",
    title="An account has an empty password",
    severity=Severity.HIGH,
    kind="image",
    practices=("P04", "P08"),
    peers={"dockle": ("DKL-LI-0001",)},
    rationale="An account with an empty password hash logs in without a password (su, login, an SSH server that allows it).",
    remediation="Lock the account (`passwd -l NAME` or `*`/`!` in /etc/shadow) in the Dockerfile.",
    examples=(
        bad("files:\n  etc/shadow: 'root::19000:0:99999:7:::\\n'\n", lang="image"),
        good("files:\n  etc/shadow: 'root:*:19000:0:99999:7:::\\nnobody:!:19000::::::\\n'\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    data = read(image, ["etc/shadow", "etc/passwd"])
    shadow = data.get("etc/shadow")
    if shadow is not None:
        for n, line in enumerate(shadow.decode("utf-8", "replace").splitlines(), 1):
            parts = line.split(":")
            if len(parts) >= 2 and parts[0] and not line.startswith("#") and parts[1] == "":
                yield Hit(f"user {parts[0]} has an empty password in /etc/shadow", object=obj("etc/shadow", image, line=n))
    passwd = data.get("etc/passwd")
    if passwd is not None:
        for n, line in enumerate(passwd.decode("utf-8", "replace").splitlines(), 1):
            parts = line.split(":")
            if len(parts) >= 7 and parts[0] and parts[1] == "":
                yield Hit(f"user {parts[0]} has an empty password field in /etc/passwd",
                          object=obj("etc/passwd", image, line=n))
