from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import stage_commands

RULE = Rule(
    id="DG129",
    title="Both curl and wget are used in one stage",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P08",),
    peers={"hadolint": ("DL4001",), "trivy": ("DS-0014",)},
    rationale=(
        "Two download tools where one would do: twice the packages to patch, twice the network "
        "tools left for an attacker, and two sets of TLS and proxy settings to get right."
    ),
    remediation="Use one of them throughout the stage (curl or wget, or ADD --checksum for plain downloads).",
    examples=(
        bad("FROM debian:12-slim\nRUN wget https://example.com/a\nRUN curl -fsSLO https://example.com/b\n"),
        good("FROM debian:12-slim\nRUN curl -fsSLO https://example.com/a\nRUN curl -fsSLO https://example.com/b\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for stage in df.stages:
        first: dict[str, int] = {}
        for ins, cmd in stage_commands(stage):
            if cmd.name in ("curl", "wget") and cmd.name not in first:
                first[cmd.name] = cmd.line
        if len(first) == 2:
            line = max(first.values())
            yield Hit(f"curl (line {first['curl']}) and wget (line {first['wget']}) are both used in this stage", line=line)
