from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import written_config

RULE = Rule(
    id="DG117",
    title="curl with TLS verification disabled",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_2",)},
    rationale="`curl -k` / `--insecure` accepts any certificate. " + TLS_RATIONALE,
    remediation="Remove `-k`/`--insecure`. " + TLS_FIX_CA,
    examples=(
        bad("FROM alpine:3.20\nRUN curl -fsSLk https://example.com/a -o /tmp/a\n"),
        good("FROM alpine:3.20\nRUN curl -fsSL https://example.com/a -o /tmp/a\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name == "curl" and cmd.has_flag("-k", "--insecure", "--proxy-insecure"):
            yield Hit(f"curl without certificate verification: {cmd.text}", line=cmd.line)
        else:
            written = written_config(cmd)
            if written and written[1].endswith(".curlrc") and "insecure" in written[0].split():
                yield Hit(f"'insecure' written to {written[1]}: every curl skips certificate checks", line=cmd.line)
