from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG506",
    title="The image has no HEALTHCHECK",
    severity=Severity.LOW,
    kind="image",
    practices=("P54",),
    peers={"dockle": ("CIS-DI-0006",), "checkov": ("CKV_DOCKER_2",)},
    cis=("4.6",),
    rationale="Without a health check the engine and orchestrators cannot tell a hung service from a healthy one.",
    remediation="Add `HEALTHCHECK CMD <probe>` to the Dockerfile (or define the probe in the orchestrator).",
    examples=(
        bad("config: {Cmd: ['/app']}\nfiles: {}\n", lang="image"),
        good("config: {Healthcheck: {Test: ['CMD', '/app', '--health']}}\nfiles: {}\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    hc = image.healthcheck
    if not hc:
        yield Hit("no HEALTHCHECK in the image config", object=image.reference)
    elif hc == ["NONE"]:
        yield Hit("HEALTHCHECK NONE disables the health check", object=image.reference)
