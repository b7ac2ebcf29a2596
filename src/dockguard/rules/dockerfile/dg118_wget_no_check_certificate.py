from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import written_config

RULE = Rule(
    id="DG118",
    title="wget with TLS verification disabled",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_3",)},
    rationale="`wget --no-check-certificate` accepts any certificate. " + TLS_RATIONALE,
    remediation="Remove `--no-check-certificate`. " + TLS_FIX_CA,
    examples=(
        bad("FROM alpine:3.20\nRUN wget --no-check-certificate https://example.com/a\n"),
        good("FROM alpine:3.20\nRUN wget https://example.com/a\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name == "wget" and cmd.has_flag("--no-check-certificate"):
            yield Hit(f"wget without certificate verification: {cmd.text}", line=cmd.line)
        else:
            written = written_config(cmd)
            if written and written[1].endswith(".wgetrc") and "check_certificate" in written[0].replace(" ", "") and "off" in written[0]:
                yield Hit(f"check_certificate=off written to {written[1]}: every wget skips certificate checks", line=cmd.line)
