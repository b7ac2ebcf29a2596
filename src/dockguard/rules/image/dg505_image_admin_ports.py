from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id="DG505",
    title="The image exposes a remote-administration port",
    severity=Severity.MEDIUM,
    kind="image",
    practices=("P10",),
    peers={"trivy": ("DS-0004",)},
    rationale=(
        "SSH, Telnet, RDP, VNC, WinRM or the Docker API inside a container is a second way in that bypasses "
        "`docker exec` and its audit trail, usually with its own passwords or keys."
    ),
    remediation="Remove the EXPOSE and the daemon behind it; use `docker exec` (or kubectl exec) for administration.",
    options=(Option("ports", [21, 22, 23, 512, 513, 514, 2375, 2376, 3389, 5900, 5901, 5985, 5986],
                    "Ports reported when exposed."),),
    examples=(
        bad("config: {ExposedPorts: ['22/tcp', '8080/tcp']}\nfiles: {}\n", lang="image"),
        good("config: {ExposedPorts: ['8080/tcp']}\nfiles: {}\n", lang="image"),
    ),
)

_NAMES = {21: "FTP", 22: "SSH", 23: "Telnet", 512: "rexec", 513: "rlogin", 514: "rsh", 2375: "Docker API",
          2376: "Docker API (TLS)", 3389: "RDP", 5900: "VNC", 5901: "VNC", 5985: "WinRM", 5986: "WinRM"}


def check(image: Image, ctx):
    ports = {int(p) for p in ctx.option("ports")}
    for spec in image.exposed_ports:
        num = spec.split("/", 1)[0]
        if num.isdigit() and int(num) in ports:
            label = _NAMES.get(int(num), "remote administration")
            yield Hit(f"EXPOSE {spec} ({label})", object=f"{image.reference} Config.ExposedPorts")
