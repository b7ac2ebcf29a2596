from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG111",
    title="A remote-administration port is exposed",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P10", "P08"),
    peers={"trivy": ("DS-0004",), "checkov": ("CKV_DOCKER_1",)},
    rationale=(
        "`EXPOSE 22` means the image runs an SSH daemon: another service with its own keys and "
        "passwords to manage, and a way in. Containers are administered through the runtime "
        "(`docker exec`, `kubectl exec`), not SSH, Telnet, RDP or VNC. Exposing the Docker API "
        "port (2375/2376) suggests a daemon reachable from the network."
    ),
    remediation=(
        "Remove the EXPOSE and the daemon behind it; use `docker exec` / `kubectl exec` to get into "
        "a container, and ship logs and metrics instead of logging in."
    ),
    examples=(
        bad("FROM alpine:3.20\nEXPOSE 8080 22\n"),
        good("FROM alpine:3.20\nEXPOSE 8080\n"),
    ),
)

ADMIN_PORTS = {
    22: ("SSH", Severity.MEDIUM),
    23: ("Telnet", Severity.HIGH),
    2375: ("the Docker API without TLS", Severity.HIGH),
    2376: ("the Docker API", Severity.MEDIUM),
    3389: ("RDP", Severity.MEDIUM),
    5900: ("VNC", Severity.MEDIUM),
    5901: ("VNC", Severity.MEDIUM),
    5985: ("WinRM over HTTP", Severity.HIGH),
    5986: ("WinRM", Severity.MEDIUM),
}


def _ports(word: str) -> range | None:
    spec = word.split("/", 1)[0].strip().strip("'\"")
    lo, _, hi = spec.partition("-")
    if not lo.isdigit() or (hi and not hi.isdigit()):
        return None
    return range(int(lo), int(hi or lo) + 1)


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("EXPOSE"):
        for word in ins.args:
            ports = _ports(word)
            if ports is None or len(ports) > 10000:
                continue
            for port, (what, severity) in ADMIN_PORTS.items():
                if port in ports:
                    yield Hit(f"EXPOSE {word}: port {port} is {what}", line=ins.line, severity=severity)
