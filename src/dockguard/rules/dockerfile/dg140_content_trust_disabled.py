from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import clean, env_settings, truthy_off

RULE = Rule(
    id="DG140",
    title="Docker Content Trust is switched off",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P13", "P43"),
    peers={"dockle": ("CIS-DI-0005",)},
    cis=("4.5",),
    rationale=(
        "`DOCKER_CONTENT_TRUST=0` (or `false`) set in the image or a build step makes every "
        "docker pull and push made from it skip signature verification."
    ),
    remediation="Remove the setting; set `DOCKER_CONTENT_TRUST=1` where images are pulled, and pull by digest.",
    examples=(
        bad("FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=0\n"),
        good("FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=1\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for s in env_settings(df):
        if s.name == "DOCKER_CONTENT_TRUST" and truthy_off(s.value):
            yield Hit(f"{s.where} DOCKER_CONTENT_TRUST={clean(s.value)}: image signatures are not verified", line=s.line)
        if s.name == "DOCKER_CONTENT_TRUST_SERVER" and clean(s.value).lower().startswith("http://"):
            yield Hit(f"{s.where} DOCKER_CONTENT_TRUST_SERVER over plain HTTP", line=s.line)
