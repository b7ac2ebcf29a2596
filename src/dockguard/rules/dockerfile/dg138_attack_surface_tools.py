import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import base_image, final_packages, shipped_stages

RULE = Rule(
    id="DG138",
    title="Remote-access or network tools are installed in the shipped image",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P08",),
    peers={},
    cis=("4.3",),
    rationale=(
        "An SSH or Telnet daemon is a way in; netcat, socat, nmap and tcpdump are what an "
        "intruder brings to move on from a container, and sudo lets the app user become root. "
        "None is needed to run an application. On a minimal base (alpine, slim, distroless) even "
        "curl and wget are worth leaving out (info). Packages removed later in the stage are not "
        "reported."
    ),
    remediation=(
        "Do not install them in the final stage (use a builder stage for anything the build "
        "needs); debug with `docker debug` / `kubectl debug` ephemeral containers instead. For "
        "health checks, use the application's own binary or a tiny static probe."
    ),
    examples=(
        bad("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\n"),
        good("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\n"),
    ),
)

PACKAGES = {
    "openssh-server": ("an SSH daemon", Severity.MEDIUM), "openssh": ("SSH (client and daemon)", Severity.MEDIUM),
    "dropbear": ("an SSH daemon", Severity.MEDIUM), "telnetd": ("a Telnet daemon", Severity.MEDIUM),
    "inetutils-telnetd": ("a Telnet daemon", Severity.MEDIUM), "telnet": ("a Telnet client", None),
    "netcat": ("netcat", None), "netcat-openbsd": ("netcat", None), "netcat-traditional": ("netcat", None),
    "nmap-ncat": ("ncat", None), "ncat": ("ncat", None), "nmap": ("nmap", None), "socat": ("socat", None),
    "tcpdump": ("tcpdump", None), "sudo": ("sudo", None), "x11vnc": ("a VNC server", Severity.MEDIUM),
    "tigervnc-server": ("a VNC server", Severity.MEDIUM), "xrdp": ("an RDP server", Severity.MEDIUM),
}
_MINIMAL = re.compile(r"alpine|slim|distroless|minimal|micro|chiseled|wolfi|busybox", re.I)


def check(df: Dockerfile, ctx):
    packages = final_packages(df, ctx)
    reported = set()
    for pkg, line in packages:
        if pkg in PACKAGES and pkg not in reported:
            reported.add(pkg)
            what, sev = PACKAGES[pkg]
            yield Hit(f"{pkg} ({what}) is installed in the shipped image", line=line, severity=sev)
    chain = shipped_stages(df, ctx)
    if not chain:
        return
    base = base_image(df, chain[-1])
    if base.ref is not None and _MINIMAL.search(base.ref.raw):
        for pkg, line in packages:
            if pkg in ("curl", "wget") and pkg not in reported:
                reported.add(pkg)
                yield Hit(f"{pkg} is added to a minimal base image ({base.text})", line=line, severity=Severity.INFO)
