from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, warn

RULE = Rule(
    id="DG650",
    title="Docker Content Trust is not enabled",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P43",),
    peers={"docker-bench": ("4.5",)},
    cis=("4.5",),
    rationale="Without content trust (or another signature check), docker pull accepts any image a registry or a man in the middle serves under the tag.",
    remediation="export DOCKER_CONTENT_TRUST=1 for the users and CI jobs that pull, or enforce signatures at admission (cosign/notation policy, dockguard enforce).",
    examples=(
        bad('{}\n$ host {"content_trust": false}', lang="daemon-json"),
        good('{}\n$ host {"content_trust": true}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.content_trust is None:
        yield na("the environment was not read")
    elif not host.content_trust:
        yield warn("DOCKER_CONTENT_TRUST is not 1 in this environment", evidence=f"DOCKER_CONTENT_TRUST={host.env.get('DOCKER_CONTENT_TRUST', 'unset')}")
