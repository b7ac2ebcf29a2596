from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import clean, env_settings

RULE = Rule(
    id="DG121",
    title="NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks in Node.js",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_6",)},
    rationale="`NODE_TLS_REJECT_UNAUTHORIZED=0` makes every TLS connection of Node.js accept any certificate. " + TLS_RATIONALE,
    remediation="Remove the variable; for a private CA set `NODE_EXTRA_CA_CERTS=/path/ca.pem`. " + TLS_FIX_CA,
    examples=(
        bad("FROM node:20-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n"),
        good("FROM node:20-slim\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp.pem\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for s in env_settings(df):
        if s.name == "NODE_TLS_REJECT_UNAUTHORIZED" and clean(s.value) == "0":
            yield Hit(f"{s.where} NODE_TLS_REJECT_UNAUTHORIZED=0: Node.js accepts any certificate", line=s.line)
