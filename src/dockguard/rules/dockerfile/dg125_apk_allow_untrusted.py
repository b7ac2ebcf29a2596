from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import SIG_RATIONALE

RULE = Rule(
    id="DG125",
    title="apk installs packages without signature checks",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_7",)},
    rationale="`apk --allow-untrusted` installs packages whose signature is missing or unknown. " + SIG_RATIONALE,
    remediation=(
        "Remove `--allow-untrusted`. For your own repository, add its public key to "
        "/etc/apk/keys (COPY it in) so its packages verify."
    ),
    examples=(
        bad("FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted /tmp/tool.apk\n"),
        good("FROM alpine:3.20\nCOPY repo.rsa.pub /etc/apk/keys/\nRUN apk add --no-cache tool\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name == "apk" and cmd.has_flag("--allow-untrusted"):
            yield Hit(f"apk --allow-untrusted: {cmd.text}", line=cmd.line)
