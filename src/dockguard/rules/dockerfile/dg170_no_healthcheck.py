from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG170",
    title="No HEALTHCHECK in the shipped image",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P54",),
    peers={"hadolint": ("DL3057",), "trivy": ("DS-0026",), "checkov": ("CKV_DOCKER_2",), "dockle": ("CIS-DI-0006",)},
    cis=("4.6",),
    tags=("runtime",),
    rationale=(
        "Docker and Swarm restart or replace a container only when they know it is unhealthy. "
        "Reported at info level (it does not fail a build by default): Kubernetes ignores "
        "HEALTHCHECK and uses its own probes, and many images (bases, tools, CI) have no service "
        "to probe. Only the shipped stage is checked; a HEALTHCHECK inherited from an earlier "
        "stage of the file counts, `HEALTHCHECK NONE` is an explicit choice."
    ),
    remediation="Add `HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app/healthcheck\"]` (or rely on orchestrator probes and set this rule's severity or ignore it).",
    examples=(
        bad("FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n"),
        good("FROM nginx:1.27\nHEALTHCHECK CMD curl -fs http://localhost/ || exit 1\n"),
    ),
)


def check(df: Dockerfile, ctx):
    stages = u.shipped_stages(df, ctx)
    if not stages:
        return
    if any(st.find("HEALTHCHECK") for st in stages):
        return
    final = stages[0]
    yield Hit(f"no HEALTHCHECK in the shipped {u.stage_label(final)} (FROM {final.base})", line=final.line)
