from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG171",
    title="More than one HEALTHCHECK in a stage",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P54",),
    peers={"hadolint": ("DL3012",), "trivy": ("DS-0023",)},
    tags=("runtime",),
    rationale="Only the last HEALTHCHECK of a stage takes effect; the earlier ones are dead code that misleads readers.",
    remediation="Keep a single HEALTHCHECK per stage.",
    examples=(
        bad("FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD wget -qO- http://localhost/\n"),
        good("FROM nginx:1.27 AS a\nHEALTHCHECK CMD curl -f http://localhost/\nFROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for stage in df.stages:
        found = stage.find("HEALTHCHECK")
        for ins in found[1:]:
            yield Hit(f"HEALTHCHECK repeated in the stage (first at line {found[0].line}); only the last one applies", line=ins.line)
