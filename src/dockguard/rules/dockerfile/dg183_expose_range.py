import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG183",
    title="EXPOSE of an invalid port",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P10",),
    peers={"hadolint": ("DL3011",), "trivy": ("DS-0008",)},
    tags=("structure",),
    rationale="Ports are 0–65535 and the protocol tcp, udp or sctp; anything else fails the build or documents a port that cannot exist. Ranges (`8000-8010/udp`) and variables are understood.",
    remediation="Fix the port number or protocol: `EXPOSE 8080/tcp`.",
    examples=(
        bad("FROM alpine:3.20\nEXPOSE 80 70000\n"),
        good("FROM alpine:3.20\nEXPOSE 80/tcp 53/udp 8000-8010 ${PORT}\n"),
    ),
)

_SPEC = re.compile(r"^(\d+)(?:-(\d+))?(?:/(\w+))?$")


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("EXPOSE"):
        for word in ins.args:
            if "$" in word:
                continue
            m = _SPEC.match(word)
            if not m:
                yield Hit(f"EXPOSE {word}: not a port", line=ins.line)
                continue
            low, high, proto = int(m.group(1)), int(m.group(2) or m.group(1)), (m.group(3) or "tcp").lower()
            if low > 65535 or high > 65535:
                yield Hit(f"EXPOSE {word}: ports range from 0 to 65535", line=ins.line)
            elif high < low:
                yield Hit(f"EXPOSE {word}: the range ends before it starts", line=ins.line)
            elif proto not in ("tcp", "udp", "sctp"):
                yield Hit(f"EXPOSE {word}: unknown protocol {proto!r}", line=ins.line)
